/** Renders every helper's example against the reference's small data (docs/templates.md, its test). */
import path from 'node:path';
import type { Indicator } from '../../aggregate/types.js';
import { ROOT } from '../../paths.js';
import { createEngine, newState } from './engine.js';
import { templateSet } from './layers.js';
import { HELPER_REGISTRY } from './registry.js';
import { EXAMPLE_DATA, EXAMPLE_FILES, EXAMPLE_MODEL, type RenderedExample } from './reference.js';

/** The indicator table of the examples' data (2023). */
export async function exampleIndicators(): Promise<Indicator[]> {
  const [{ runValidate }, { aggregate }] = await Promise.all([import('../../pipeline.js'), import('../../aggregate/index.js')]);
  const v = await runValidate(EXAMPLE_FILES.map((f) => path.join(ROOT, EXAMPLE_DATA, f)));
  return aggregate(v, 2023).indicators;
}

export function renderExamples(indicators: readonly Indicator[]): RenderedExample[] {
  return HELPER_REGISTRY.map((helper) => {
    // A fresh state each: numbering (图1-1) does not depend on the examples before.
    const state = newState();
    if (helper.name !== 'part') state.part = 1; // as inside 第一编
    const engine = createEngine(templateSet('/nonexistent/annual'), { year: 2023, region: '全国', indicators, sample: false }, state);
    const output = engine.renderText(`示例（${helper.name}）`, helper.example, EXAMPLE_MODEL);
    return { helper, output };
  });
}

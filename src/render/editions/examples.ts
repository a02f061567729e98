/** Renders every helper's example against the reference's small data (docs/templates.md, its test). */
import path from 'node:path';
import type { Indicator } from '../../aggregate/types.js';
import { ROOT } from '../../paths.js';
import { createEngine, newState } from './engine.js';
import { templateSet } from './layers.js';
import { HELPER_REGISTRY } from './registry.js';
import { EXAMPLE_CASE, EXAMPLE_DATA, EXAMPLE_FILES, EXAMPLE_MODEL, type RenderedExample } from './reference.js';
import type { CaseRow } from '../../types.js';

/** The examples' data (2023): its indicator table and its one case. */
export async function exampleData(): Promise<{ indicators: Indicator[]; cases: CaseRow[] }> {
  const [{ runValidate }, { aggregate }] = await Promise.all([import('../../pipeline.js'), import('../../aggregate/index.js')]);
  const v = await runValidate([...EXAMPLE_FILES.map((f) => path.join(ROOT, EXAMPLE_DATA, f)), path.join(ROOT, EXAMPLE_CASE)]);
  return { indicators: aggregate(v, 2023).indicators, cases: v.cases };
}

export function renderExamples({ indicators, cases }: { indicators: readonly Indicator[]; cases: readonly CaseRow[] }): RenderedExample[] {
  return HELPER_REGISTRY.map((helper) => {
    // A fresh state each: numbering (图1-1) does not depend on the examples before.
    const state = newState();
    if (helper.name !== 'part') state.part = 1; // as inside 第一编
    const engine = createEngine(templateSet('/nonexistent/annual'), { year: 2023, region: '全国', indicators, sample: false, cases }, state);
    const output = engine.renderText(`示例（${helper.name}）`, helper.example, EXAMPLE_MODEL);
    return { helper, output };
  });
}

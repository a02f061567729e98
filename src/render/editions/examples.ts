/** Renders every helper's example against the reference's small data (docs/templates.md, its test). */
import { createEngine, newState } from './engine.js';
import { templateSet } from './layers.js';
import { HELPER_REGISTRY } from './registry.js';
import { EXAMPLE_INDICATORS, EXAMPLE_MODEL, type RenderedExample } from './reference.js';

export function renderExamples(): RenderedExample[] {
  return HELPER_REGISTRY.map((helper) => {
    // A fresh state each: numbering (图1-1) does not depend on the examples before.
    const state = newState();
    if (helper.name !== 'part') state.part = 1; // as inside 第一编
    const engine = createEngine(templateSet('/nonexistent/annual'), { year: 2023, region: '全国', indicators: EXAMPLE_INDICATORS, sample: false }, state);
    const output = engine.renderText(`示例（${helper.name}）`, helper.example, EXAMPLE_MODEL);
    return { helper, output };
  });
}

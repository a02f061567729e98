// The value axis of a chart of counts steps by whole numbers: three provinces with 3, 1 and 1
// projects get ticks 0, 1, 2, 3, not 0.2 steps; values that are not all whole keep fine ticks.

import type { TopLevelSpec } from 'vega-lite';
import { describe, expect, it } from 'vitest';
import { renderChartSvg } from '../../src/render/charts.js';

const bars = (values: number[]): TopLevelSpec =>
  ({
    width: 380,
    data: { values: values.map((value, k) => ({ name: `省份${k + 1}`, value })) },
    mark: 'bar',
    encoding: { y: { field: 'name', type: 'nominal', sort: null }, x: { field: 'value', type: 'quantitative', title: null } },
  }) as TopLevelSpec;

describe('the value axis', () => {
  it('of counts has whole-number ticks only', async () => {
    const { texts } = await renderChartSvg(bars([3, 1, 1]), { idPrefix: 'n' });
    const ticks = texts.filter((t) => /^\d+(\.\d+)?$/.test(t));
    expect(ticks).toEqual(['0', '1', '2', '3']);
  });

  it('of shares keeps its decimal ticks', async () => {
    const { texts } = await renderChartSvg(bars([0.3, 0.1, 0.25]), { idPrefix: 'd' });
    expect(texts.some((t) => /^0\.\d+$/.test(t))).toBe(true);
  });
});

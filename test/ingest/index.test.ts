/** Row classification below the header: data, blank, 合计/总计 totals, notes. */
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/ingest/index.js';

describe('classify', () => {
  it.each([
    [[null, '', '  '], 'blank'],
    [['3737000001', '示例职业技术学院', 1200], 'data'],
    [['合计', null, 2000], 'total'],
    [[' 总 计 ', 2000], 'total'],
    [[null, '合计', 2000], 'total'],
    [['小计', 100], 'subtotal'],
    [['注：在校生数以万人为单位。'], 'note'],
    [['说明：', '2021年起不含技工学校'], 'note'],
    [['填表说明'], 'note'],
    [['备注'], 'note'],
    [['注册中心职业学校', '山东', '中职', 2023], 'data'],
  ] as const)('%j → %s', (cells, kind) => {
    expect(classify([...cells])).toBe(kind);
  });
});

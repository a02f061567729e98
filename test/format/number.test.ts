import { describe, expect, it } from 'vitest';
import {
  MISSING,
  UNITS,
  change,
  count,
  fixed,
  growth,
  isUnit,
  percent,
  pp,
  ppChange,
  ratioPercent,
  wan,
  wanRen,
  wanYuan,
  withUnit,
  yiYuan,
  yuan,
  type Unit,
} from '../../src/format/index.js';

const missing = [null, undefined, NaN, Infinity, -Infinity];

it('MISSING is the em dash U+2014', () => {
  expect(MISSING).toBe('\u2014');
  expect(MISSING).toBe('—');
});

describe('seed examples', () => {
  it.each<[string, string]>([
    [withUnit(11133, '所'), '11,133所'],
    [withUnit(1547, '所'), '1,547所'],
    [withUnit(9553, '所'), '9,553所'],
    [withUnit(1349, '个'), '1,349个'],
    [wanRen(34782800), '3,478.28万人'],
    [wanRen(17379600), '1,737.96万人'],
    [wanRen(17403200), '1,740.32万人'],
    [withUnit(253700, '万人'), '25.37万人'],
    [ratioPercent(557 / 1244), '44.77%'],
    [percent(44.77491961414791), '44.77%'],
    [change(0.094), '增加9.40%'],
    [change(0.0824, 2, ['增加', '减少']), '增加8.24%'],
    [change(0.1113, 2, ['增长', '下降']), '增长11.13%'],
    [yuan(4082.2), '4,082.20元'],
    [withUnit(4082.2, '元'), '4,082.20元'],
    [yiYuan(363000000000), '3,630亿元'],
    [withUnit(363000000000, '亿元'), '3,630亿元'],
    [withUnit(10626000000, '亿元', 2), '106.26亿元'],
    [withUnit(540000000, '亿元', 2), '5.40亿元'],
    [percent(72.17), '72.17%'],
    [percent(94.7), '94.70%'],
    [percent(0), '0.00%'],
    [wan(1450200), '145.02'],
    [wan(1304400), '130.44'],
    [wan(5370000, 0), '537'],
    [wan(14376200), '1,437.62'],
    [withUnit(92000, '万人次', 1), '9.2万人次'],
  ])('%s', (got, want) => expect(got).toBe(want));
});

describe('count', () => {
  it.each<[number, string]>([
    [0, '0'],
    [-0, '0'],
    [7, '7'],
    [999, '999'],
    [1000, '1,000'],
    [11133, '11,133'],
    [1234567, '1,234,567'],
    [-1234, '-1,234'],
    [1094.5, '1,095'],
    [-0.4, '0'],
    [1e21, '1,000,000,000,000,000,000,000'],
  ])('count(%s) = %s', (n, want) => expect(count(n)).toBe(want));
});

describe('wan / wanRen', () => {
  it.each<[number, number | undefined, string]>([
    [34782800, undefined, '3,478.28'],
    [34782850, undefined, '3,478.29'],
    [34782849, undefined, '3,478.28'],
    [50, undefined, '0.01'],
    [49, undefined, '0.00'],
    [0, undefined, '0.00'],
    [10940000, 0, '1,094'],
    [5365000, 0, '537'],
    [10000, 1, '1.0'],
    [-253700, undefined, '-25.37'],
  ])('wan(%s, %s) = %s', (n, places, want) => expect(wan(n, places)).toBe(want));

  it('wanRen', () => {
    expect(wanRen(34782800)).toBe('3,478.28万人');
    expect(wanRen(10940000, 0)).toBe('1,094万人');
  });
});

describe('percent / ratioPercent', () => {
  it.each<[number, number | undefined, string]>([
    [44.7749, undefined, '44.77%'],
    [94.4, undefined, '94.40%'],
    [94.705, undefined, '94.71%'],
    [99.995, undefined, '100.00%'],
    [100, undefined, '100.00%'],
    [44.7749, 1, '44.8%'],
    [50, 0, '50%'],
    [-2.005, undefined, '-2.01%'],
    [1e-7, undefined, '0.00%'],
  ])('percent(%s, %s) = %s', (p, places, want) => expect(percent(p, places)).toBe(want));

  it.each<[number, number | undefined, string]>([
    [0.447749, undefined, '44.77%'],
    [0.4477, undefined, '44.77%'],
    [0.94705, undefined, '94.71%'],
    [0.01005, undefined, '1.01%'],
    [1, undefined, '100.00%'],
    [0.5, 0, '50%'],
    [-0.02, undefined, '-2.00%'],
    [0.0000005, 4, '0.0001%'],
    [12.3456, undefined, '1,234.56%'],
  ])('ratioPercent(%s, %s) = %s', (r, places, want) => expect(ratioPercent(r, places)).toBe(want));
});

describe('pp / ppChange', () => {
  it.each<[number, string]>([
    [0.25, '0.25个百分点'],
    [-0.26, '-0.26个百分点'],
    [3.725, '3.73个百分点'],
    [0, '0.00个百分点'],
  ])('pp(%s) = %s', (d, want) => expect(pp(d)).toBe(want));

  it.each<[number, string]>([
    [0.25, '提高0.25个百分点'],
    [-0.26, '下降0.26个百分点'],
    [0, '持平'],
    [-0, '持平'],
    [0.004, '持平'],
    [-0.004, '持平'],
    [0.005, '提高0.01个百分点'],
    [-0.005, '下降0.01个百分点'],
    [12.5, '提高12.50个百分点'],
  ])('ppChange(%s) = %s', (d, want) => expect(ppChange(d)).toBe(want));

  it('places and words', () => {
    expect(ppChange(0.25, 1)).toBe('提高0.3个百分点');
    expect(ppChange(-1.5, 1, ['上升', '降低'])).toBe('降低1.5个百分点');
  });
});

describe('change / growth', () => {
  it.each<[number, string]>([
    [0.094, '增加9.40%'],
    [-0.02, '减少2.00%'],
    [0, '持平'],
    [-0, '持平'],
    [0.00004, '持平'],
    [0.00005, '增加0.01%'],
    [-0.00005, '减少0.01%'],
    [1.5, '增加150.00%'],
    [12.3456, '增加1,234.56%'],
  ])('change(%s) = %s', (rel, want) => expect(change(rel)).toBe(want));

  it.each<[number | null | undefined, number | null | undefined, number | null]>([
    [110, 100, 0.1],
    [90, 100, -0.1],
    [100, 100, 0],
    [5, 0, null],
    [0, 0, null],
    [null, 100, null],
    [100, null, null],
    [undefined, 1, null],
    [NaN, 1, null],
    [1, Infinity, null],
    [0, 4, -1],
  ])('growth(%s, %s) = %s', (a, b, want) => {
    const g = growth(a, b);
    if (want === null) expect(g).toBeNull();
    else expect(g).toBeCloseTo(want, 12);
  });

  it('growth from unrounded values feeds change', () => {
    // 253700 against 231900 → 0.094005… → 9.40%.
    expect(change(growth(253700, 231900))).toBe('增加9.40%');
    expect(change(growth(100, 0))).toBe(MISSING);
  });
});

describe('money', () => {
  it.each<[string, string]>([
    [yuan(4082.2), '4,082.20元'],
    [yuan(4082.205), '4,082.21元'],
    [yuan(0), '0.00元'],
    [yuan(12, 0), '12元'],
    [wanYuan(12345678), '1,234.57万元'],
    [wanYuan(50), '0.01万元'],
    [yiYuan(363000000000), '3,630亿元'],
    [yiYuan(202300000000), '2,023亿元'],
    [yiYuan(9150000000), '92亿元'],
    [yiYuan(9149999999), '91亿元'],
    [yiYuan(10626000000, 2), '106.26亿元'],
    [yiYuan(63891000000, 2), '638.91亿元'],
  ])('%s', (got, want) => expect(got).toBe(want));
});

describe('withUnit', () => {
  it.each<[number, Unit, string]>([
    [11133, '所', '11,133所'],
    [1349, '个', '1,349个'],
    [1094, '人', '1,094人'],
    [24000000, '人次', '24,000,000人次'],
    [34782800, '万人', '3,478.28万人'],
    [24000000, '万人次', '2,400.00万人次'],
    [44.7749, '%', '44.77%'],
    [4082.2, '元', '4,082.20元'],
    [12345678, '万元', '1,234.57万元'],
    [363000000000, '亿元', '3,630亿元'],
    [1133.6, '所', '1,134所'],
  ])('withUnit(%s, %s) = %s', (n, unit, want) => expect(withUnit(n, unit)).toBe(want));

  it('places override', () => {
    expect(withUnit(34782800, '万人', 0)).toBe('3,478万人');
    expect(withUnit(44.7749, '%', 1)).toBe('44.8%');
  });

  it('unknown units are rejected', () => {
    expect(isUnit('万人')).toBe(true);
    expect(isUnit('公里')).toBe(false);
    expect(() => withUnit(1, '公里' as Unit)).toThrow(RangeError);
    expect(UNITS).toHaveLength(10);
  });
});

describe('missing values print MISSING without unit', () => {
  const forms: [string, (n: number | null | undefined) => string][] = [
    ['count', count],
    ['wan', (n) => wan(n)],
    ['wanRen', (n) => wanRen(n)],
    ['percent', (n) => percent(n)],
    ['ratioPercent', (n) => ratioPercent(n)],
    ['pp', (n) => pp(n)],
    ['ppChange', (n) => ppChange(n)],
    ['change', (n) => change(n)],
    ['yuan', (n) => yuan(n)],
    ['wanYuan', (n) => wanYuan(n)],
    ['yiYuan', (n) => yiYuan(n)],
    ['fixed', (n) => fixed(n)],
    ...UNITS.map((u): [string, (n: number | null | undefined) => string] => [`withUnit ${u}`, (n) => withUnit(n, u)]),
  ];
  it.each(forms)('%s', (_name, f) => {
    for (const m of missing) expect(f(m)).toBe('—');
  });
});

describe('fixed', () => {
  it.each<[number, number | undefined, string]>([
    [1450200, undefined, '1,450,200.00'],
    [1.005, undefined, '1.01'],
    [1234.5, 0, '1,235'],
    [-0.001, 2, '0.00'],
  ])('fixed(%s, %s) = %s', (n, places, want) => expect(fixed(n, places)).toBe(want));
  it('scale', () => expect(fixed(1450200, 2, -4)).toBe('145.02'));
});

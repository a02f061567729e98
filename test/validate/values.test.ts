import { afterAll, describe, expect, it } from 'vitest';
import type { DateValue } from '../../src/types.js';
import type { Unit } from '../../src/validate/units.js';
import { type RawCell, cleanText, compareDate, dateAfter, isMissing, parseDate, parseInteger, parseNumber, parseYear } from '../../src/validate/values.js';

describe('cleanText', () => {
  it.each<[RawCell, string]>([
    [null, ''],
    [undefined, ''],
    ['', ''],
    ['  学校  ', '学校'],
    ['\u00a0学校\u3000', '学校'],
    ['\t1547\r\n', '1547'],
    ['\ufeff学校标识码', '学校标识码'],
    ['１５４７', '1547'],
    ['９１．８０％', '91.80%'],
    ['１，５４７', '1,547'],
    ['ＡＢＣ', 'ABC'],
    ['学 校', '学 校'], // only the ends
    [1547, '1547'],
    [91.8, '91.8'],
    [true, 'true'],
    [new Date(Date.UTC(2023, 3, 19)), '2023-04-19'],
    [new Date(Date.UTC(2023, 3, 19, 8, 30)), '2023-04-19 08:30:00'],
  ])('%j → %j', (raw, want) => expect(cleanText(raw)).toBe(want));
});

describe('isMissing', () => {
  it.each<RawCell>([null, undefined, '', '   ', '\u3000', '-', '—', '–', '/', '无', 'N/A', 'NA', 'n/a', '－', '——', ' - ', '／'])('%j is missing', (raw) =>
    expect(isMissing(raw)).toBe(true),
  );
  it.each<RawCell>([0, '0', '无锡', '-5', 'NaN', 'NAB', false, new Date(Date.UTC(2023, 0, 1))])('%j is not missing', (raw) =>
    expect(isMissing(raw)).toBe(false),
  );
});

describe('parseNumber: accepted forms', () => {
  it.each<[RawCell, { unit?: Unit | null; percent?: boolean } | undefined, number]>([
    [1547, undefined, 1547],
    [91.8, undefined, 91.8],
    [-12, undefined, -12],
    ['1547', undefined, 1547],
    ['  1547  ', undefined, 1547],
    ['\u30001547\u3000', undefined, 1547],
    ['1,547', undefined, 1547],
    ['1，547', undefined, 1547],
    ['1,234,567.5', undefined, 1234567.5],
    ['１５４７', undefined, 1547],
    ['１，５４７', undefined, 1547],
    ['-3.5', undefined, -3.5],
    ['+3', undefined, 3],
    ['.5', undefined, 0.5],
    ['1.23457E+11', undefined, 123457000000],
    // a trailing unit when the header has none
    ['1547所', undefined, 1547],
    ['1547 所', undefined, 1547],
    ['12个', undefined, 12],
    ['3478.28万人', undefined, 34782800],
    ['1737.96万人', undefined, 17379600],
    ['2.1万人次', undefined, 21000],
    ['5亿元', undefined, 500000000],
    ['25.37万', undefined, 253700],
    ['1.005万', undefined, 10050],
    // percentages
    ['91.80%', undefined, 91.8],
    ['91.80 %', undefined, 91.8],
    ['９１．８０％', undefined, 91.8],
    ['91.8', { percent: true }, 91.8],
    [91.8, { unit: '%' }, 91.8],
    ['91.8%', { unit: '%' }, 91.8],
    // the header unit scales the column
    [1737.96, { unit: '万人' }, 17379600],
    ['1737.96', { unit: '万人' }, 17379600],
    ['3478.28', { unit: '万人' }, 34782800],
    [537, { unit: '万人' }, 5370000],
    [1.005, { unit: '万人' }, 10050],
    [0.3, { unit: '万元' }, 3000],
    ['1.23', { unit: '亿元' }, 123000000],
    ['1,547', { unit: '人' }, 1547],
    [1547, { unit: null }, 1547],
    // the cell's own unit wins when it is of the same kind
    ['3.2万人', { unit: '人' }, 32000],
    ['17379600人', { unit: '万人' }, 17379600],
    ['1737.96万人', { unit: '万人' }, 17379600],
    ['25.37万', { unit: '人' }, 253700],
    ['25.37万', { unit: '万人' }, 253700],
    ['3万元', { unit: '亿元' }, 30000],
  ])('%j %j → %s', (raw, opts, want) => expect(parseNumber(raw, opts)).toEqual({ ok: true, value: want }));
});

describe('parseNumber: rejects', () => {
  it.each<[RawCell, { unit?: Unit | null; percent?: boolean } | undefined, string]>([
    ['12abc', undefined, 'not_number'],
    ['abc', undefined, 'not_number'],
    ['1,54,7', undefined, 'not_number'],
    ['1,5470', undefined, 'not_number'],
    [',547', undefined, 'not_number'],
    ['1,547,', undefined, 'not_number'],
    ['1 547', undefined, 'not_number'],
    ['1.2.3', undefined, 'not_number'],
    ['', undefined, 'not_number'],
    ['-', undefined, 'not_number'],
    ['万人', undefined, 'not_number'],
    ['1547所所', undefined, 'not_number'],
    [true, undefined, 'not_number'],
    [null, undefined, 'not_number'],
    [new Date(Date.UTC(2023, 0, 1)), undefined, 'not_number'],
    [Number.NaN, undefined, 'not_number'],
    [Infinity, undefined, 'not_number'],
    ['1e999', undefined, 'not_number'],
    ['500元', { unit: '人' }, 'unit_conflict'],
    ['3.2万人', { unit: '万元' }, 'unit_conflict'],
    ['12人次', { unit: '人' }, 'unit_conflict'],
    ['91.8%', { unit: '人' }, 'unit_conflict'],
    ['12人', { percent: true }, 'unit_conflict'],
    ['3万', { percent: true }, 'unit_conflict'],
  ])('%j %j → %s', (raw, opts, reason) => expect(parseNumber(raw, opts)).toEqual({ ok: false, reason }));
});

describe('parseInteger', () => {
  it.each<[RawCell, Unit | undefined, number]>([
    [1547, undefined, 1547],
    ['1,547', undefined, 1547],
    ['1547.0', undefined, 1547],
    [3.5, '万人', 35000],
    ['1737.96', '万人', 17379600],
    ['0.0001万人', undefined, 1],
    ['-3', undefined, -3],
  ])('%j (%s) → %s', (raw, unit, want) => expect(parseInteger(raw, { unit })).toEqual({ ok: true, value: want }));

  it.each<[RawCell, Unit | undefined, string]>([
    [3.5, undefined, 'not_integer'],
    ['3.5人', undefined, 'not_integer'],
    ['1.00001', '万人', 'not_integer'],
    ['x', undefined, 'not_number'],
    ['3元', '人', 'unit_conflict'],
  ])('%j (%s) → %s', (raw, unit, reason) => expect(parseInteger(raw, { unit })).toEqual({ ok: false, reason }));
});

describe('parseYear', () => {
  it.each<[RawCell, number | undefined]>([
    [2023, 2023],
    [2023.0, 2023],
    ['2023', 2023],
    ['2023年', 2023],
    ['2023 年', 2023],
    ['2023年度', 2023],
    ['２０２３', 2023],
    ['２０２３年', 2023],
    ['2023.0', 2023],
    [' 2023 ', 2023],
    [2000, 2000],
    [2100, 2100],
    [1999, undefined],
    [2101, undefined],
    [2023.5, undefined],
    ['23', undefined],
    ['20230', undefined],
    ['2023-04', undefined],
    ['二〇二三', undefined],
    ['', undefined],
    [null, undefined],
    [true, undefined],
    [new Date(Date.UTC(2023, 0, 1)), undefined],
  ])('%j → %s', (raw, want) => expect(parseYear(raw)).toBe(want));
});

const day = (iso: string): DateValue => ({ iso, precision: 'day' });

describe('parseDate', () => {
  it.each<[RawCell, DateValue | undefined]>([
    // date cells: exceljs gives UTC midnight
    [new Date(Date.UTC(2023, 3, 19)), day('2023-04-19')],
    [new Date(Date.UTC(2023, 3, 19, 23, 59, 59)), day('2023-04-19')],
    [new Date(Date.UTC(2024, 1, 29)), day('2024-02-29')],
    [new Date(Number.NaN), undefined],
    [new Date(Date.UTC(1899, 11, 30, 10)), undefined], // a time-only cell
    // Excel serials (1900 system with the leap-year bug)
    [45035, day('2023-04-19')],
    [45035.75, day('2023-04-19')],
    ['45035', day('2023-04-19')],
    [1, day('1900-01-01')],
    [59, day('1900-02-28')],
    [60, undefined], // 1900-02-29 does not exist
    [61, day('1900-03-01')],
    [25569, day('1970-01-01')],
    [36526, day('2000-01-01')],
    [73050, day('2099-12-31')],
    [73051, undefined],
    [0, undefined],
    [-5, undefined],
    // 4-digit numbers are years, not serials
    [2023, { iso: '2023-01-01', precision: 'year' }],
    [1900, { iso: '1900-01-01', precision: 'year' }],
    [2023.5, undefined],
    // text
    ['2023-04-19', day('2023-04-19')],
    ['2023/4/19', day('2023-04-19')],
    ['2023.4.19', day('2023-04-19')],
    ['2023年4月19日', day('2023-04-19')],
    ['2023 年 4 月 19 日', day('2023-04-19')],
    ['２０２３年４月１９日', day('2023-04-19')],
    ['２０２３－０４－１９', day('2023-04-19')],
    ['2023-4-19 00:00:00', day('2023-04-19')],
    ['2023/4/19 9:05', day('2023-04-19')],
    ['2023-04-19T00:00:00.000Z', day('2023-04-19')],
    [' 2023-04-19 ', day('2023-04-19')],
    ['20230419', day('2023-04-19')],
    [20230419, day('2023-04-19')],
    ['2023年4月', { iso: '2023-04-01', precision: 'month' }],
    ['2023年4月份', { iso: '2023-04-01', precision: 'month' }],
    ['2023-04', { iso: '2023-04-01', precision: 'month' }],
    ['2023/4', { iso: '2023-04-01', precision: 'month' }],
    ['2023.10', { iso: '2023-10-01', precision: 'month' }],
    ['2023', { iso: '2023-01-01', precision: 'year' }],
    ['2023年', { iso: '2023-01-01', precision: 'year' }],
    // rejects
    ['2023-02-30', undefined],
    ['2023-13-01', undefined],
    ['2023-00-10', undefined],
    ['2023-04-00', undefined],
    ['2023-02-29', undefined],
    ['2023-13', undefined],
    ['2023/4-19', undefined],
    ['0223-04-19', undefined],
    ['19/04/2023', undefined],
    ['abc', undefined],
    ['', undefined],
    [null, undefined],
    [true, undefined],
  ])('%j', (raw, want) => expect(parseDate(raw)).toEqual(want));
});

describe('parseDate does not depend on the time zone', () => {
  const original = process.env.TZ;
  afterAll(() => {
    process.env.TZ = original;
  });
  const cells: RawCell[] = [
    new Date(Date.UTC(2023, 3, 19)),
    new Date(Date.UTC(2023, 0, 1)),
    new Date(Date.UTC(2023, 11, 31)),
    45035,
    44927,
    '2023-04-19',
    '2023年4月',
    '2023',
  ];
  const zones = ['UTC', 'Asia/Shanghai', 'America/Los_Angeles', 'Pacific/Kiritimati'];
  it.each(zones)('same results in %s', (tz) => {
    process.env.TZ = tz;
    expect(cells.map((c) => parseDate(c)?.iso)).toEqual([
      '2023-04-19',
      '2023-01-01',
      '2023-12-31',
      '2023-04-19',
      '2023-01-01',
      '2023-04-19',
      '2023-04-01',
      '2023-01-01',
    ]);
    expect(cleanText(new Date(Date.UTC(2023, 3, 19)))).toBe('2023-04-19');
  });
});

describe('compareDate / dateAfter', () => {
  it('orders by ISO date', () => {
    const a = day('2023-04-19');
    const b = day('2023-12-01');
    expect(compareDate(a, b)).toBeLessThan(0);
    expect(compareDate(b, a)).toBeGreaterThan(0);
    expect(compareDate(a, day('2023-04-19'))).toBe(0);
    expect(dateAfter(b, a)).toBe(true);
    expect(dateAfter(a, b)).toBe(false);
    expect(dateAfter(a, a)).toBe(false);
    expect([b, a, day('2022-01-01')].sort(compareDate).map((d) => d.iso)).toEqual(['2022-01-01', '2023-04-19', '2023-12-01']);
  });
});

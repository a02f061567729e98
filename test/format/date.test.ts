import { afterEach, describe, expect, it } from 'vitest';
import { chinaDay, dateZh, yearRange } from '../../src/format/index.js';

describe('dateZh', () => {
  it.each<[Parameters<typeof dateZh>[0], string]>([
    [{ iso: '2023-04-19', precision: 'day' }, '2023年4月19日'],
    [{ iso: '2023-05-08', precision: 'day' }, '2023年5月8日'],
    [{ iso: '2023-12-29', precision: 'day' }, '2023年12月29日'],
    [{ iso: '2023-07-01', precision: 'month' }, '2023年7月'],
    [{ iso: '2024-01-01', precision: 'year' }, '2024年'],
    ['2023-04-19', '2023年4月19日'],
    ['2023-10-18', '2023年10月18日'],
    ['2023-07', '2023年7月'],
    ['2015', '2015年'],
    ['2024-02-29', '2024年2月29日'],
    [null, '—'],
    [undefined, '—'],
    [new Date(NaN), '—'],
  ])('dateZh(%j) = %s', (d, want) => expect(dateZh(d)).toBe(want));

  it.each(['2023-4-19', '2023/04/19', '20230419', '2023-13-01', '2023-00-10', '2023-02-29', '2023-04-31', ''])('rejects %j', (s) =>
    expect(() => dateZh(s)).toThrow(RangeError),
  );

  it('rejects a DateValue less precise than it claims', () => {
    expect(() => dateZh({ iso: '2023-04', precision: 'day' })).toThrow(RangeError);
  });
});

describe('dateZh on Date instants is dated in China whatever the process zone', () => {
  const saved = process.env.TZ;
  afterEach(() => {
    process.env.TZ = saved;
  });

  it.each(['Asia/Shanghai', 'UTC', 'America/Los_Angeles', 'Pacific/Kiritimati'])('TZ=%s', (tz) => {
    process.env.TZ = tz;
    expect(dateZh(new Date('2023-04-18T16:00:00Z'))).toBe('2023年4月19日'); // 00:00 in Beijing
    expect(dateZh(new Date('2023-04-19T15:59:59.999Z'))).toBe('2023年4月19日'); // 23:59 in Beijing
    expect(dateZh(new Date('2023-04-19T16:00:00Z'))).toBe('2023年4月20日');
    expect(dateZh(new Date('2023-12-31T16:00:00Z'))).toBe('2024年1月1日');
    expect(dateZh(new Date('2024-02-28T16:00:00Z'))).toBe('2024年2月29日');
  });
});

describe('yearRange', () => {
  it.each<[number, number, string]>([
    [2012, 2023, '2012—2023年'],
    [2019, 2023, '2019—2023年'],
    [2023, 2023, '2023年'],
  ])('yearRange(%i, %i) = %s', (a, b, want) => expect(yearRange(a, b)).toBe(want));
});

describe('chinaDay', () => {
  it.each([
    ['2024-06-30T00:00:00Z', '2024-06-30'],
    ['2024-06-30T15:59:59Z', '2024-06-30'],
    // 00:00 in Beijing: the next day there, still the 30th in UTC.
    ['2024-06-30T16:00:00Z', '2024-07-01'],
    ['2023-12-31T23:00:00Z', '2024-01-01'],
    ['2024-02-28T20:00:00Z', '2024-02-29'],
  ])('%s → %s', (instant, day) => expect(chinaDay(new Date(instant))).toBe(day));
});

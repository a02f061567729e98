/**
 * The shipped data end to end: validation passes (warnings at most), the figures the sample
 * submissions must reproduce are there in the accepted rows (summed here, not by the aggregate
 * code), and the aggregate's national 2023 values equal the published ones; the rosters of
 * 2019–2022 agree with every figure data/series holds for those years (the package's own
 * SERIES_DISAGREES check below covers each year, indicator and level).
 */
import { describe, expect, it } from 'vitest';
import { runValidate, validateExitCode } from '../../src/pipeline.js';
import { aggregate, lookup } from '../../src/aggregate/index.js';
import { roundHalfUp } from '../../src/format/index.js';
import type { RosterRow } from '../../src/types.js';

describe('shipped data', async () => {
  const v = await runValidate(['data']);
  const r23 = v.roster.filter((r) => r.year === 2023);
  const r22 = v.roster.filter((r) => r.year === 2022);
  const p23 = v.projects.filter((p) => p.year === 2023);
  const sum = (rows: RosterRow[], f: (r: RosterRow) => number | null) => rows.reduce((a, r) => a + (f(r) ?? 0), 0);
  const lvl = (rows: RosterRow[], ...levels: string[]) => rows.filter((r) => levels.includes(r.level));
  const rate = (rows: RosterRow[]) => {
    const both = rows.filter((r) => r.placed !== null);
    return roundHalfUp((sum(both, (r) => r.placed) / sum(both, (r) => r.graduates)) * 100, 2);
  };

  it('validates with warnings at most, every row accounted for', () => {
    expect(validateExitCode(v)).toBe(0);
    expect(v.findings.filter((f) => f.severity === 'error')).toEqual([]);
    for (const f of v.files) {
      expect(f.rejected, f.file).toBe(0);
      expect(f.read, f.file).toBe(f.accepted + f.rejected + f.skipped);
    }
    expect(v.findings.filter((f) => f.severity === 'warning').every((f) => f.code === 'SUBMITTED_LATE')).toBe(true);
  });

  it('reads every accepted row’s text whole: no U+FFFD, none said to be broken', () => {
    // exceljs alone read 35 of the shipped workbooks' school names with a character cut at a
    // 16 KiB chunk of the part (src/ingest/xlsx-reader.ts), 枣庄工程技师学院 among them.
    for (const rows of [v.roster, v.projects, v.series, v.cases] as unknown[][]) {
      expect(rows.filter((r) => JSON.stringify(r).includes('\uFFFD'))).toEqual([]);
    }
    expect(v.findings.filter((f) => f.code === 'CELL_REPLACEMENT_CHARS' || f.code === 'TEXT_REPLACEMENT_CHARS')).toEqual([]);
    expect(r23.filter((r) => r.schoolName === '枣庄工程技师学院').map((r) => r.province)).toEqual(['山东']);
  });

  it('reproduces the 2023 school, enrolment, graduate and teacher figures', () => {
    expect(lvl(r23, '中职').length).toBe(9553);
    expect(lvl(r23, '高职专科').length).toBe(1547);
    expect(lvl(r23, '高职本科').length).toBe(33);
    expect(sum(lvl(r23, '中职'), (r) => r.enrolled)).toBe(17_379_600);
    expect(sum(lvl(r23, '高职专科', '高职本科'), (r) => r.enrolled)).toBe(17_403_200);
    expect(
      roundHalfUp(
        sum(lvl(r23, '中职'), (r) => r.graduates),
        0,
        -4,
      ),
    ).toBe('537');
    expect(
      roundHalfUp(
        sum(lvl(r23, '高职专科', '高职本科'), (r) => r.graduates),
        0,
        -4,
      ),
    ).toBe('557');
    expect(
      roundHalfUp(
        sum(lvl(r23, '中职'), (r) => r.fullTimeTeachers),
        2,
        -4,
      ),
    ).toBe('73.48');
    expect(
      roundHalfUp(
        sum(lvl(r23, '高职专科', '高职本科'), (r) => r.fullTimeTeachers),
        2,
        -4,
      ),
    ).toBe('71.54');
    expect(lvl(r23, '中职').filter((r) => r.ownership === '民办').length).toBe(2128);
    expect(lvl(r23, '高职专科', '高职本科').filter((r) => r.ownership === '民办').length).toBe(396);
    expect(rate(lvl(r23, '中职'))).toBe('94.44');
    expect(rate(lvl(r23, '高职专科', '高职本科'))).toBe('91.88');
    expect(
      roundHalfUp(
        sum(r23, (r) => r.partTimeTeachers),
        2,
        -4,
      ),
    ).toBe('25.37');
  });

  it('reproduces the 2022 figures the report gives', () => {
    expect(
      roundHalfUp(
        sum(lvl(r22, '中职'), (r) => r.graduates),
        0,
        -4,
      ),
    ).toBe('519');
    expect(
      roundHalfUp(
        sum(lvl(r22, '高职专科', '高职本科'), (r) => r.graduates),
        0,
        -4,
      ),
    ).toBe('495');
    expect(
      roundHalfUp(
        sum(lvl(r22, '中职'), (r) => r.fullTimeTeachers),
        2,
        -4,
      ),
    ).toBe('71.83');
    expect(
      roundHalfUp(
        sum(lvl(r22, '高职专科', '高职本科'), (r) => r.fullTimeTeachers),
        2,
        -4,
      ),
    ).toBe('67.16');
    expect(rate(lvl(r22, '中职'))).toBe('94.70');
    expect(rate(lvl(r22, '高职专科', '高职本科'))).toBe('90.60');
    expect(roundHalfUp((sum(r23, (r) => r.partTimeTeachers) / sum(r22, (r) => r.partTimeTeachers) - 1) * 100, 2)).toBe('9.40');
  });

  it('reproduces the 2019–2021 graduates and 专任教师 the report prints (图1-4, 图1-6)', () => {
    // [year, 中职 / 高职 / 合计 毕业生 (万人, 0 decimals), 中职 / 高职 / 合计 专任教师 (万人, 2 decimals)]
    const printed: [number, string, string, string, string, string, string][] = [
      [2019, '493', '364', '857', '84.29', '51.44', '135.73'],
      [2020, '485', '377', '862', '85.74', '55.64', '141.38'],
      [2021, '484', '398', '882', '69.54', '62.07', '131.61'],
      [2022, '519', '495', '1014', '71.83', '67.16', '138.99'],
    ];
    for (const [year, ...want] of printed) {
      const rows = v.roster.filter((r) => r.year === year);
      const groups = [lvl(rows, '中职'), lvl(rows, '高职专科', '高职本科'), rows];
      const graduates = groups.map((g) =>
        roundHalfUp(
          sum(g, (r) => r.graduates),
          0,
          -4,
        ),
      );
      const teachers = groups.map((g) =>
        roundHalfUp(
          sum(g, (r) => r.fullTimeTeachers),
          2,
          -4,
        ),
      );
      expect([...graduates, ...teachers], `${year}`).toEqual(want);
    }
  });

  it('has projects every year 2019–2023, Germany among them, each year’s schools in that year’s roster', () => {
    const schools = new Set(v.roster.map((r) => `${r.year}|${r.schoolId}`));
    for (const year of [2019, 2020, 2021, 2022, 2023]) {
      const ps = v.projects.filter((p) => p.year === year);
      expect(ps.length, `${year}`).toBeGreaterThan(150);
      expect(ps.filter((p) => p.country === 'DE').length, `${year}`).toBeGreaterThan(10);
      expect(
        ps.filter((p) => !schools.has(`${year}|${p.schoolId}`)),
        `${year}`,
      ).toEqual([]);
    }
    expect(v.findings.filter((f) => f.code === 'SCHOOL_NOT_IN_ROSTER' || f.code === 'SCHOOL_NAME_MISMATCH')).toEqual([]);
  });

  it('reproduces the 2023 projects: scale, countries, 鲁班工坊, Germany and 表1-3', () => {
    expect(p23.length).toBeGreaterThanOrEqual(380);
    expect(p23.length).toBeLessThanOrEqual(420);
    expect(new Set(p23.map((p) => p.schoolId)).size).toBeGreaterThanOrEqual(270);
    expect(new Set(p23.map((p) => p.province)).size).toBe(27);
    expect(new Set(p23.map((p) => p.country)).size).toBeGreaterThanOrEqual(70);
    expect(p23.some((p) => p.isRegion)).toBe(true);
    const luban = p23.filter((p) => p.brand === '鲁班工坊');
    expect(luban.length).toBeGreaterThan(30);
    expect(p23.filter((p) => p.country === 'DE').length).toBeGreaterThanOrEqual(25);
    const table: [string, string, number, number, number][] = [
      ['丝路学院', '浙江', 2016, 34, 52],
      ['郑和学院', '江苏', 2018, 9, 9],
      ['海丝学院', '福建', 2019, 17, 20],
      ['班·墨学院', '山东', 2023, 17, 34],
      ['墨子工坊', '辽宁', 2023, 14, 16],
      ['中国-东盟现代工匠学院', '广西', 2023, 10, 17],
    ];
    for (const [brand, prov, first, countries, n] of table) {
      const rows = p23.filter((p) => p.brand === brand);
      expect(rows.length, brand).toBe(n);
      expect(new Set(rows.map((p) => p.country)).size, brand).toBe(countries);
      expect(Math.min(...rows.map((p) => Number(p.startDate.iso.slice(0, 4)))), brand).toBe(first);
      const by = new Map<string, number>();
      for (const p of rows) by.set(p.province, (by.get(p.province) ?? 0) + 1);
      const top = [...by].sort((a, b) => b[1] - a[1]);
      expect(top[0][0], brand).toBe(prov);
      expect(top[0][1], brand).toBeGreaterThan(top[1]?.[1] ?? 0);
    }
  });

  it('aggregates every year 2019–2023 without errors, the 2022 placement rates as published', () => {
    for (const year of [2019, 2020, 2021, 2022]) {
      const a = aggregate(v, year);
      expect(a.errors, `${year}`).toEqual([]);
      const val = (id: string, level: string) => lookup(a.indicators, { id, year, level })?.value as number;
      expect(val('schools', '合计'), `${year}`).toBeGreaterThan(11_000);
      expect(lookup(a.indicators, { id: 'projects', year })?.value, `${year}`).toBe(v.projects.filter((p) => p.year === year).length);
      if (year === 2022) {
        expect(roundHalfUp(val('placement_rate', '中职'), 2)).toBe('94.70');
        expect(roundHalfUp(val('placement_rate', '高职'), 2)).toBe('90.60');
      }
    }
  });

  it('aggregates to the published national figures', () => {
    const a = aggregate(v, 2023);
    const val = (id: string, level?: string) => lookup(a.indicators, { id, year: 2023, level })?.value as number;
    expect(val('schools', '合计')).toBe(11133);
    expect(val('enrolled', '合计')).toBe(34_782_800);
    expect(roundHalfUp(val('vocational_grad_share_of_new_jobs', '高职'), 2)).toBe('44.77');
    expect(roundHalfUp(val('placement_rate', '中职'), 2)).toBe('94.44');
    expect(roundHalfUp(val('parttime_teachers.yoy', '合计'), 2)).toBe('9.40');
    expect(a.errors).toEqual([]);
    // The roster agrees with every published figure it can be compared with.
    expect(v.findings.filter((f) => f.code === 'SERIES_DISAGREES')).toEqual([]);
  });
});

/**
 * The published series in data/series are transcriptions of the seed report
 * 《中国职业教育发展报告》 (test/fixtures/seed/report-2012-2023.txt). Every row must be traceable to
 * the text: its 来源 names where it is printed, and quotes it:
 *
 *   正文「…」  a passage of running text that prints the value (with its unit, in the report's form:
 *             1,737.96万人, 94.44%, 11,133所);
 *   脚注「…」  a footnote that qualifies it (含技工院校);
 *   数据行「…」 the label of a chart data row extracted with the text (■中职 675 674 …): all the
 *             years of that series, in order, must be that row's values;
 *   数据来源：… / 注：…  the report's own source line or note, as printed.
 *
 * Whitespace is the only extraction artefact tolerated (the text is hard-wrapped and sometimes
 * splits a number: "72. 17%"). A mistyped value fails: that is checked for every row below by
 * mistyping it on purpose.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SERIES_DIR = join(ROOT, 'data', 'series');
const SEED = readFileSync(join(ROOT, 'test', 'fixtures', 'seed', 'report-2012-2023.txt'), 'utf8');
const COMPACT = SEED.replace(/\s+/gu, '');

// 备注 is printed as a footnote (series breaks a reader must see); 转录说明 keeps the transcriber's
// remarks (inconsistencies, rounding) for traceability and is not printed.
const HEADER = ['年份', '地区', '指标', '层次', '数值', '单位', '来源', '备注', '转录说明'];
const LEVELS = new Set(['合计', '中职', '高职专科', '高职本科', '高职']);
/** Allowed units, and how the report prints each after a number. */
const PRINTED_UNIT: Record<string, string[]> = {
  所: ['所'],
  个: ['个'],
  人: ['人', '名'],
  万人: ['万人', '万名'],
  人次: ['人次'],
  万人次: ['万人次'],
  '%': ['%'],
  元: ['元'],
  万元: ['万元'],
  亿元: ['亿元'],
};
const REPORT = '《中国职业教育发展报告》';

interface Row {
  file: string;
  line: number;
  年份: string;
  地区: string;
  指标: string;
  层次: string;
  数值: string;
  单位: string;
  来源: string;
  备注: string;
  转录说明: string;
}

interface SeriesFile {
  file: string;
  raw: string;
  header: string[];
  rows: Row[];
  widths: number[];
}

function loadFiles(): SeriesFile[] {
  const names = readdirSync(SERIES_DIR)
    .filter((n) => n.endsWith('.csv'))
    .sort();
  return names.map((file) => {
    const raw = readFileSync(join(SERIES_DIR, file), 'utf8');
    const parsed = Papa.parse<string[]>(raw, { skipEmptyLines: true });
    expect(parsed.errors, file).toEqual([]);
    const [header, ...body] = parsed.data;
    const rows = body.map((cells, i) => {
      const r = Object.fromEntries(HEADER.map((h, j) => [h, cells[j] ?? ''])) as Omit<Row, 'file' | 'line'>;
      return { file, line: i + 2, ...r };
    });
    return { file, raw, header, rows, widths: body.map((c) => c.length) };
  });
}

const FILES = loadFiles();
const ROWS = FILES.flatMap((f) => f.rows);
const where = (r: Row) => `${r.file}:${r.line} ${r.年份} ${r.指标} ${r.层次} ${r.数值}${r.单位}`;

/** 11133 → 11,133; 1737.96 → 1,737.96 (the report's thousands separators). */
function printed(value: string): string {
  const [int, frac] = value.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac === undefined ? grouped : `${grouped}.${frac}`;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Does `text` (already without whitespace) print `value` followed by `unit`, as a whole number? */
function printsValue(text: string, value: string, unit: string): boolean {
  return PRINTED_UNIT[unit].some((u) => {
    // Not preceded by a digit, separator or point (4.2 must not match 14.2); a 人 unit not
    // followed by 次 (13.6万人 must not match 13.6万人次).
    const tail = u.endsWith('人') || u.endsWith('名') ? '(?!次)' : '';
    return new RegExp(`(?<![\\d.,])${escapeRe(printed(value))}${escapeRe(u)}${tail}`, 'u').test(text);
  });
}

function quotes(source: string, kind: '正文' | '脚注' | '数据行'): string[] {
  return [...source.matchAll(new RegExp(`${kind}「([^」]*)」`, 'gu'))].map((m) => m[1]);
}

function sourceLines(source: string): string[] {
  return [...source.matchAll(/(?:数据来源|注)：([^；]+)/gu)].map((m) => m[1]);
}

const compact = (s: string) => s.replace(/\s+/gu, '');

/** Problems with the text evidence of one row (正文/脚注 quotes and source lines); [] when fine. */
function textProblems(r: Row): string[] {
  const out: string[] = [];
  for (const q of [...quotes(r.来源, '正文'), ...quotes(r.来源, '脚注')]) {
    if (!COMPACT.includes(compact(q))) out.push(`quoted passage not in the report: 「${q}」`);
  }
  for (const q of quotes(r.来源, '正文')) {
    if (!printsValue(compact(q), r.数值, r.单位)) {
      out.push(`「${q}」 does not print ${printed(r.数值)}${r.单位}`);
    }
  }
  for (const s of sourceLines(r.来源)) {
    if (!COMPACT.includes(compact(s))) out.push(`source line not in the report: ${s}`);
  }
  if (quotes(r.来源, '正文').length === 0 && quotes(r.来源, '数据行').length === 0) {
    out.push('no 正文「…」 or 数据行「…」 evidence in 来源');
  }
  return out;
}

/** Chart series: rows that cite the same data row label, for the same indicator and level. */
function chartGroups(rows: Row[]): Map<string, { label: string; rows: Row[] }> {
  const groups = new Map<string, { label: string; rows: Row[] }>();
  for (const r of rows) {
    for (const label of quotes(r.来源, '数据行')) {
      const key = `${r.file}|${r.指标}|${r.层次}|${label}`;
      const g = groups.get(key) ?? { label, rows: [] };
      g.rows.push(r);
      groups.set(key, g);
    }
  }
  for (const g of groups.values()) g.rows.sort((a, b) => Number(a.年份) - Number(b.年份));
  return groups;
}

/** Problems with one chart series: its yearly values, in order, must be the chart's data row. */
function chartProblems(label: string, rows: Row[]): string[] {
  const out: string[] = [];
  const years = rows.map((r) => Number(r.年份));
  years.forEach((y, i) => {
    if (i > 0 && y !== years[i - 1] + 1) out.push(`years not consecutive: ${years[i - 1]} → ${y}`);
  });
  const tokens = rows.map((r) => r.数值 + (r.单位 === '%' ? '%' : ''));
  if (rows.length === 0) return [`no values for data row 「${label}」`];
  const labelRe = [...label].map(escapeRe).join('\\s*');
  // The whole row: the label (which the extraction may wrap), then exactly these numbers on
  // one line, and nothing more on that line.
  const re = new RegExp(`(?<!\\S)${labelRe}\\s+${tokens.map(escapeRe).join('[ \\t]+')}[ \\t]*(?:\\r?\\n|$)`, 'u');
  if (!re.test(SEED)) out.push(`the report has no data row 「${label} ${tokens.join(' ')}」`);
  return out;
}

/** One digit of a value changed, as a typist would get it wrong. */
function mistype(value: string): string {
  const i = value.search(/\d(?=[^\d]*$)/u); // the last digit
  const d = Number(value[i]);
  return value.slice(0, i) + String((d + 1) % 10) + value.slice(i + 1);
}

describe('data/series files', () => {
  it('there are series files', () => {
    expect(FILES.length).toBeGreaterThan(0);
    expect(ROWS.length).toBeGreaterThan(0);
  });

  it.each(FILES.map((f) => [f.file, f] as const))('%s: header and shape', (_name, f) => {
    expect(f.raw.charCodeAt(0), 'no BOM').not.toBe(0xfeff);
    expect(f.header).toEqual(HEADER);
    f.widths.forEach((w, i) => expect(w, `${f.file}:${i + 2} field count`).toBe(HEADER.length));
    expect(f.rows.length).toBeGreaterThan(0);
  });

  it('every row has valid year, region, level, unit and a plain number', () => {
    const bad: string[] = [];
    for (const r of ROWS) {
      if (!/^\d{4}$/.test(r.年份) || Number(r.年份) < 2012 || Number(r.年份) > 2024) bad.push(`${where(r)}: 年份`);
      if (r.地区 !== '全国') bad.push(`${where(r)}: 地区 ${r.地区}`);
      if (!r.指标 || r.指标 !== r.指标.trim()) bad.push(`${where(r)}: 指标`);
      if (!LEVELS.has(r.层次)) bad.push(`${where(r)}: 层次 ${r.层次}`);
      if (!Object.hasOwn(PRINTED_UNIT, r.单位)) bad.push(`${where(r)}: 单位 ${r.单位}`);
      if (!/^(0|[1-9]\d*)(\.\d+)?$/.test(r.数值)) bad.push(`${where(r)}: 数值 ${r.数值} (no separators, no unit)`);
      if (!r.来源.startsWith(REPORT)) bad.push(`${where(r)}: 来源 must start with ${REPORT}`);
    }
    expect(bad).toEqual([]);
  });

  it('no (年份, 地区, 指标, 层次) key repeats, across all files', () => {
    const seen = new Map<string, Row>();
    const dup: string[] = [];
    for (const r of ROWS) {
      const key = [r.年份, r.地区, r.指标, r.层次].join('|');
      const first = seen.get(key);
      if (first) dup.push(`${key}: ${first.file}:${first.line} and ${r.file}:${r.line}`);
      else seen.set(key, r);
    }
    expect(dup).toEqual([]);
  });
});

describe('every value is printed in the report', () => {
  it('quoted passages, footnotes and source lines are in the report, and print the value', () => {
    const bad = ROWS.flatMap((r) => textProblems(r).map((p) => `${where(r)}: ${p}`));
    expect(bad).toEqual([]);
  });

  it("chart series are the report's chart data rows, whole and in year order", () => {
    const groups = chartGroups(ROWS);
    expect(groups.size).toBeGreaterThan(0);
    const bad = [...groups.values()].flatMap((g) => chartProblems(g.label, g.rows).map((p) => `${g.rows[0].file} ${g.rows[0].指标} ${g.rows[0].层次}: ${p}`));
    expect(bad).toEqual([]);
  });

  it('the checks catch a mistyped value in any row', () => {
    const groups = [...chartGroups(ROWS).values()];
    const missed: string[] = [];
    for (const r of ROWS) {
      const wrong = { ...r, 数值: mistype(r.数值) };
      let caught = false;
      if (quotes(r.来源, '正文').length > 0) caught ||= textProblems(wrong).length > 0;
      for (const g of groups.filter((g) => g.rows.includes(r))) {
        caught ||=
          chartProblems(
            g.label,
            g.rows.map((x) => (x === r ? wrong : x)),
          ).length > 0;
      }
      if (!caught) missed.push(`${where(r)} → ${wrong.数值}`);
    }
    expect(missed).toEqual([]);
  });

  it('the checker itself: printed forms and boundaries', () => {
    expect(printed('11133')).toBe('11,133');
    expect(printed('1737.96')).toBe('1,737.96');
    expect(printed('4082.20')).toBe('4,082.20');
    expect(printed('557')).toBe('557');
    expect(printsValue('对口率达到72.17%,', '72.17', '%')).toBe(true);
    expect(printsValue('达到72.17%', '2.17', '%')).toBe(false);
    expect(printsValue('培训13.6万人次', '13.6', '万人')).toBe(false);
    expect(printsValue('培训13.6万人次', '13.6', '万人次')).toBe(true);
    expect(printsValue('有11,133所', '11133', '所')).toBe(true);
    expect(printsValue('有11133所', '11133', '所')).toBe(false);
    expect(printsValue('66名选手', '66', '人')).toBe(true);
    expect(chartProblems('■中职', [])).not.toEqual([]); // a bare label is not a row
  });
});

describe('the series agree with each other where the report adds them up', () => {
  const get = (指标: string, 层次: string, 年份: number | string) => ROWS.find((r) => r.指标 === 指标 && r.层次 === 层次 && r.年份 === String(年份));
  const hundredths = (r: Row | undefined) => {
    expect(r).toBeDefined();
    return Math.round(Number(r!.数值) * 100);
  };

  it('2023 学校数: 合计 = 中职 + 高职专科 + 高职本科', () => {
    expect(hundredths(get('学校数', '合计', 2023))).toBe(
      hundredths(get('学校数', '中职', 2023)) + hundredths(get('学校数', '高职专科', 2023)) + hundredths(get('学校数', '高职本科', 2023)),
    );
  });

  it('2023 在校生数: 合计 = 中职 + 高职', () => {
    expect(hundredths(get('在校生数', '合计', 2023))).toBe(hundredths(get('在校生数', '中职', 2023)) + hundredths(get('在校生数', '高职', 2023)));
  });

  it('2021 专业数: 合计 = 中职 + 高职专科 + 高职本科', () => {
    expect(hundredths(get('专业数', '合计', 2021))).toBe(
      hundredths(get('专业数', '中职', 2021)) + hundredths(get('专业数', '高职专科', 2021)) + hundredths(get('专业数', '高职本科', 2021)),
    );
  });

  for (let y = 2012; y <= 2023; y++) {
    it(`${y} 专任教师数: 合计 = 中职 + 高职`, () => {
      expect(hundredths(get('专任教师数', '合计', y))).toBe(hundredths(get('专任教师数', '中职', y)) + hundredths(get('专任教师数', '高职', y)));
    });

    it(`${y} 毕业生数: 合计 = 中职 + 高职 within rounding, any difference noted`, () => {
      const total = get('毕业生数', '合计', y);
      const diff = hundredths(total) - hundredths(get('毕业生数', '中职', y)) - hundredths(get('毕业生数', '高职', y));
      expect(Math.abs(diff)).toBeLessThanOrEqual(100); // the parts are rounded to 1万人
      if (diff !== 0) expect(total!.转录说明).toMatch(/相差/u);
    });

    it(`${y} 高职毕业生占新增城镇就业人口比例 = 高职毕业生数 ÷ 新增城镇就业人口`, () => {
      const share = Number(get('高职毕业生占新增城镇就业人口比例', '高职', y)!.数值);
      const ratio = (Number(get('毕业生数', '高职', y)!.数值) / Number(get('新增城镇就业人口', '合计', y)!.数值)) * 100;
      expect(Math.abs(share - ratio)).toBeLessThan(0.005 + 1e-9);
    });
  }

  it('专任教师 rows of 2021–2023 that exclude 技工学校 carry the break note', () => {
    for (const lvl of ['合计', '中职']) {
      for (let y = 2021; y <= 2023; y++) expect(get('专任教师数', lvl, y)!.备注).toMatch(/不含技工学校/u);
      for (let y = 2012; y <= 2020; y++) expect(get('专任教师数', lvl, y)!.备注).not.toMatch(/不含技工学校/u);
    }
  });
});

/**
 * The sample submissions in data/submissions/ are what scripts/generate-sample.ts writes (same cell
 * values, sheet by sheet; same decoded CSV text), and their aggregates reproduce the published
 * national figures exactly. Everything here reads the files with exceljs / papaparse + iconv-lite
 * directly and recomputes the figures from the cells; it uses none of the generator's code and none
 * of the project's ingest.
 */

import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import countries from 'i18n-iso-countries';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROVINCES } from '../../src/validate/ref/provinces.js';
import { generate } from '../../scripts/generate-sample.js';

const require = createRequire(import.meta.url);
countries.registerLocale(require('i18n-iso-countries/langs/zh.json'));
countries.registerLocale(require('i18n-iso-countries/langs/en.json'));

const ROOT = path.resolve(import.meta.dirname, '../..');
const YEARS = [2019, 2020, 2021, 2022, 2023];
const COMMITTED = path.join(ROOT, 'data/submissions');
const CASES_DIR = '案例';

// ---------------------------------------------------------------------------------------------
// Reading files as plain grids

type Value = string | number | boolean | null | { date: string };

interface SheetGrid {
  name: string;
  rows: Value[][];
  merges: string[];
}

interface FileContent {
  kind: 'xlsx' | 'csv';
  sheets: SheetGrid[];
  /** Decoded CSV text. */
  text?: string;
  bytes: Buffer;
}

function normalise(v: ExcelJS.CellValue): Value {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return { date: v.toISOString() };
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('result' in v) return normalise(v.result as ExcelJS.CellValue);
    if ('text' in v) return String(v.text);
    return JSON.stringify(v);
  }
  return v;
}

async function readFileContent(file: string): Promise<FileContent> {
  const bytes = readFileSync(file);
  if (file.endsWith('.csv')) {
    const text = iconv.decode(bytes, 'gbk');
    const parsed = Papa.parse<string[]>(text, { skipEmptyLines: false });
    const rows = parsed.data.map((r) => r.map((x) => (x === '' ? null : x)));
    while (rows.length && rows[rows.length - 1].every((x) => x === null)) rows.pop();
    return { kind: 'csv', text, bytes, sheets: [{ name: path.basename(file, '.csv'), rows, merges: [] }] };
  }
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheets: SheetGrid[] = wb.worksheets.map((ws) => {
    const values = ws.getSheetValues() as (ExcelJS.CellValue[] | undefined)[];
    const rows: Value[][] = [];
    for (let r = 1; r <= ws.rowCount; r++) {
      const src = values[r] ?? [];
      const out: Value[] = [];
      for (let k = 1; k <= ws.columnCount; k++) out.push(normalise(src[k]));
      rows.push(out);
    }
    const merges = [...((ws.model as unknown as { merges?: string[] }).merges ?? [])].sort();
    return { name: ws.name, rows, merges };
  });
  return { kind: 'xlsx', bytes, sheets };
}

/** The tables' files; the cases' folder (Word files, pictures) is compared on its own below. */
function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d).sort()) {
      const f = path.join(d, n);
      if (n === CASES_DIR) continue;
      if (statSync(f).isDirectory()) walk(f);
      else out.push(path.relative(dir, f));
    }
  };
  walk(dir);
  return out;
}

async function readTree(dir: string): Promise<Map<string, FileContent>> {
  const m = new Map<string, FileContent>();
  for (const rel of listFiles(dir)) m.set(rel, await readFileContent(path.join(dir, rel)));
  return m;
}

// ---------------------------------------------------------------------------------------------
// A minimal reading of the two tables, independent of the project's ingest

const ROSTER_ALIASES: Record<string, string[]> = {
  id: ['学校标识码', '学校代码', '院校代码'],
  name: ['学校名称', '院校名称', '学校'],
  province: ['省份', '省(区、市)', '所在省份', '地区'],
  level: ['办学层次', '学校类型', '层次'],
  ownership: ['举办性质', '办学性质', '举办者'],
  year: ['统计年份', '年份', '年度'],
  enrolled: ['在校生数', '在校生', '在校学生数'],
  admitted: ['招生数', '招生人数'],
  graduates: ['毕业生数', '毕业生', '毕业人数', '毕业生人数'],
  placed: ['毕业去向落实人数', '去向落实人数', '毕业生去向落实人数', '就业人数'],
  fullTime: ['专任教师数', '专任教师'],
  partTime: ['兼职教师数', '兼职教师'],
};
const PROJECT_ALIASES: Record<string, string[]> = {
  id: ['项目编号', '编号', '项目代码'],
  year: ['统计年份', '年份', '年度'],
  schoolId: ['学校标识码', '学校代码'],
  schoolName: ['学校名称', '院校名称'],
  province: ['省份', '省(区、市)', '所在省份', '地区'],
  country: ['合作国家(地区)', '合作国家', '国家(地区)', '国别', '合作国别'],
  partner: ['合作机构', '外方合作机构', '合作院校'],
  type: ['项目类型', '合作类型'],
  brand: ['品牌', '项目品牌', '所属品牌'],
  start: ['设立日期', '开始日期', '启动时间', '设立时间'],
  status: ['状态', '项目状态'],
  students: ['学历教育人数', '在读学生数', '培养学生数'],
  trainees: ['培训人次', '职业培训人次'],
  submitted: ['填报日期', '提交日期'],
};
const NUMERIC = new Set(['enrolled', 'admitted', 'graduates', 'placed', 'fullTime', 'partTime', 'students', 'trainees']);

const halfWidth = (s: string): string => s.replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));

function headerKey(v: Value): { key: string; unit: string | null } {
  if (v === null || typeof v === 'object') return { key: '', unit: null };
  let s = halfWidth(String(v)).replace(/\s+/g, '');
  s = s.replace(/\(必填\)$/, '').replace(/\*$/, '');
  const m = /\((人|万人)\)$/.exec(s);
  if (m) s = s.slice(0, m.index);
  return { key: s, unit: m ? m[1] : null };
}

function fieldOf(aliases: Record<string, string[]>, key: string): string | null {
  for (const [f, list] of Object.entries(aliases)) if (list.includes(key)) return f;
  return null;
}

function text(v: Value): string {
  if (v === null) return '';
  if (typeof v === 'object') return v.date;
  return halfWidth(String(v)).trim();
}

function isMissing(v: Value): boolean {
  return v === null || (typeof v === 'string' && /^(|-|—|\/|无|N\/A)$/i.test(text(v)));
}

function num(v: Value): number | null {
  if (isMissing(v)) return null;
  if (typeof v === 'number') return v;
  const s = text(v).replace(/,/g, '');
  if (!/^\d+$/.test(s)) throw new Error(`not a whole number: ${JSON.stringify(v)}`);
  return Number(s);
}

function dateParts(v: Value): { y: number; m: number; d: number | null } {
  if (v !== null && typeof v === 'object') {
    const dt = new Date(v.date);
    return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
  }
  if (typeof v === 'number') {
    const dt = new Date(Date.UTC(1899, 11, 30) + v * 86_400_000);
    return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
  }
  const s = text(v);
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s) ?? /^(\d{4})年(\d{1,2})月(\d{1,2})日$/.exec(s);
  if (m) return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
  m = /^(\d{4})年(\d{1,2})月$/.exec(s);
  if (m) return { y: Number(m[1]), m: Number(m[2]), d: null };
  if (/^\d+$/.test(s)) return dateParts(Number(s));
  throw new Error(`not a date: ${JSON.stringify(v)}`);
}

const iso = (d: { y: number; m: number; d: number | null }): string => `${d.y}-${String(d.m).padStart(2, '0')}-${String(d.d ?? 1).padStart(2, '0')}`;

function provinceName(v: Value): string {
  const s = text(v);
  const p = PROVINCES.find((x) => x.name === s || x.full === s || x.code === s);
  if (!p) throw new Error(`unknown province ${s}`);
  return p.name;
}

const LEVELS: Record<string, string> = {
  中职: '中职',
  中等职业学校: '中职',
  中专: '中职',
  技工学校: '中职',
  高职专科: '高职专科',
  '高等职业学校(专科)': '高职专科',
  专科: '高职专科',
  高职: '高职专科',
  高职本科: '高职本科',
  职业本科: '高职本科',
  本科层次职业学校: '高职本科',
};

const COUNTRY_ALIASES: Record<string, string> = {
  中国香港: 'HK',
  香港: 'HK',
  中国澳门: 'MO',
  澳门: 'MO',
  中国台湾: 'TW',
  台湾: 'TW',
  印度尼西亚: 'ID',
  德意志联邦共和国: 'DE',
};

function countryCode(v: Value): string {
  const s = text(v);
  const code =
    COUNTRY_ALIASES[s] ??
    (/^[A-Z]{2}$/.test(s) && countries.isValid(s) ? s : undefined) ??
    (/^[A-Z]{3}$/.test(s) ? countries.alpha3ToAlpha2(s) : undefined) ??
    countries.getAlpha2Code(s, 'en') ??
    countries.getAlpha2Code(s, 'zh');
  if (!code) throw new Error(`unknown country ${s}`);
  return code;
}

function brandName(v: Value): string | null {
  const s = text(v).replace(/\s+/g, '');
  if (s === '' || s === '无') return null;
  if (s === '班墨学院' || s === '班·墨学院') return '班·墨学院';
  return s.replace('—', '-');
}

interface Located {
  file: string;
  sheet: string;
  row: number;
}
type Rec = Record<string, Value> & { at: Located };

interface TableRead {
  table: 'roster' | 'projects';
  file: string;
  sheet: string;
  headers: string[];
  units: (string | null)[];
  twoRow: boolean;
  rows: Rec[];
  totals: Rec | null;
}

/** Finds the header (one or two rows), then reads data rows down to the totals and notes. */
function readTable(file: string, sheet: SheetGrid): TableRead | null {
  for (let h = 0; h < Math.min(10, sheet.rows.length); h++) {
    const keys = sheet.rows[h].map(headerKey);
    const hits = (aliases: Record<string, string[]>) => keys.filter((k) => fieldOf(aliases, k.key) !== null).length;
    // The table whose headers the row matches best (a project sheet also has 学校代码, 省份, 年份).
    const candidates = (
      [
        ['roster', ROSTER_ALIASES],
        ['projects', PROJECT_ALIASES],
      ] as const
    )
      .filter(([, aliases]) => hits(aliases) >= 4)
      .sort((a, b) => hits(b[1]) - hits(a[1]));
    for (const [table, aliases] of candidates.slice(0, 1)) {
      let start = h + 1;
      let names = keys.map((k) => k.key);
      const next = sheet.rows[h + 1]?.map(headerKey) ?? [];
      const twoRow = next.some((k) => k.key === '人数' || k.key === '去向落实人数');
      if (twoRow) {
        names = names.map((top, k) => (next[k].key && next[k].key !== top ? top + next[k].key : top));
        start = h + 2;
      }
      const fields = names.map((n) => fieldOf(aliases, n));
      const rows: Rec[] = [];
      let totals: Rec | null = null;
      for (let r = start; r < sheet.rows.length; r++) {
        const cells = sheet.rows[r];
        if (cells.every((x) => x === null || text(x) === '')) continue;
        const first = text(cells.find((x) => x !== null && typeof x === 'string' && text(x) !== '') ?? null);
        const rec = { at: { file, sheet: sheet.name, row: r + 1 } } as Rec;
        fields.forEach((f, k) => {
          if (f) rec[f] = cells[k] ?? null;
        });
        if (first === '合计' || first === '总计') totals = rec;
        else if (/^(注|说明|填表说明|备注)/.test(first)) continue;
        else rows.push(rec);
      }
      return { table, file, sheet: sheet.name, headers: names, units: keys.map((k) => k.unit), twoRow, rows, totals };
    }
  }
  return null;
}

interface RosterRow {
  file: string;
  id: string;
  name: string;
  province: string;
  level: string;
  private: boolean;
  year: number;
  enrolled: number;
  admitted: number | null;
  graduates: number;
  placed: number | null;
  fullTime: number;
  partTime: number | null;
}

interface ProjectRow {
  file: string;
  id: string;
  year: number;
  schoolId: string;
  schoolName: string;
  province: string;
  country: string;
  countryText: string;
  partner: string;
  type: string;
  brand: string | null;
  brandText: string;
  start: { y: number; m: number; d: number | null };
  startRaw: Value;
  /** As written (blank = 运行中). */
  status: string;
  students: number | null;
  trainees: number | null;
  submitted: string;
}

function schoolId(v: Value): string {
  const s = typeof v === 'number' ? String(v).padStart(10, '0') : text(v);
  if (!/^\d{10}$/.test(s)) throw new Error(`bad school code ${JSON.stringify(v)}`);
  return s;
}

function toRoster(t: TableRead): RosterRow[] {
  return t.rows.map((r) => ({
    file: t.file,
    id: schoolId(r.id),
    name: text(r.name),
    province: provinceName(r.province),
    level:
      LEVELS[text(r.level)] ??
      (() => {
        throw new Error(`level ${text(r.level)}`);
      })(),
    private: ['民办', '社会力量举办', '私立'].includes(text(r.ownership)),
    year: Number(text(r.year)),
    enrolled: num(r.enrolled)!,
    admitted: num(r.admitted),
    graduates: num(r.graduates)!,
    placed: num(r.placed),
    fullTime: num(r.fullTime)!,
    partTime: num(r.partTime),
  }));
}

function toProjects(t: TableRead): ProjectRow[] {
  return t.rows.map((r) => {
    const sub = dateParts(r.submitted);
    return {
      file: t.file,
      id: text(r.id),
      year: Number(text(r.year)),
      schoolId: schoolId(r.schoolId),
      schoolName: text(r.schoolName),
      province: provinceName(r.province),
      country: countryCode(r.country),
      countryText: text(r.country),
      partner: text(r.partner),
      type: text(r.type),
      brand: brandName(r.brand),
      brandText: text(r.brand),
      start: dateParts(r.start),
      startRaw: r.start,
      status: text(r.status),
      students: num(r.students),
      trainees: num(r.trainees),
      submitted: iso(sub),
    };
  });
}

// ---------------------------------------------------------------------------------------------

let tmp: string;
let generated: Map<string, FileContent>;
let committed: Map<string, FileContent>;
const tables: TableRead[] = [];
const skippedSheets: { file: string; sheet: string }[] = [];
let roster: RosterRow[] = [];
let projects: ProjectRow[] = [];

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'vet-sample-'));
  // In-process (no tsx start-up); the test runs with TZ=Asia/Shanghai, so this also shows that the
  // output does not depend on the time zone the committed files were generated in.
  await generate({ out: tmp, large: false });
  committed = await readTree(COMMITTED);
  // Byte-identical files have identical content; only files whose bytes differ are parsed again.
  generated = new Map();
  for (const rel of listFiles(tmp)) {
    const bytes = readFileSync(path.join(tmp, rel));
    const mine = committed.get(rel);
    generated.set(rel, mine?.bytes.equals(bytes) ? mine : await readFileContent(path.join(tmp, rel)));
  }
  for (const [rel, content] of committed) {
    for (const sheet of content.sheets) {
      const t = readTable(rel, sheet);
      if (t) tables.push(t);
      else skippedSheets.push({ file: rel, sheet: sheet.name });
    }
  }
  roster = tables.filter((t) => t.table === 'roster').flatMap(toRoster);
  projects = tables.filter((t) => t.table === 'projects').flatMap(toProjects);
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('generator output matches the committed sample data', () => {
  it('writes the same files', () => {
    expect([...generated.keys()]).toEqual([...committed.keys()]);
    // Rosters of 32 provinces and three regional project workbooks, 2019–2023.
    expect(committed.size).toBe(5 * (32 + 3));
    for (const y of YEARS) expect([...committed.keys()].filter((f) => f.startsWith(`${y}/对外合作项目_`))).toHaveLength(3);
  });

  it('with the same content, sheet by sheet and cell by cell', () => {
    for (const [rel, want] of committed) {
      const got = generated.get(rel)!;
      expect(got.kind, rel).toBe(want.kind);
      if (want.kind === 'csv') {
        expect(got.text, rel).toBe(want.text);
        continue;
      }
      expect(
        got.sheets.map((s) => s.name),
        rel,
      ).toEqual(want.sheets.map((s) => s.name));
      want.sheets.forEach((ws, i) => {
        expect(got.sheets[i].merges, `${rel} ${ws.name} merges`).toEqual(ws.merges);
        expect(got.sheets[i].rows, `${rel} ${ws.name}`).toEqual(ws.rows);
      });
    }
  });
});

describe('the files look like real exports and are labelled as sample data', () => {
  it('every file is marked 示例数据 in its name, and every titled sheet says 示例数据（非真实统计）', () => {
    for (const [rel, content] of committed) {
      expect(path.basename(rel)).toContain('（示例数据）');
      const first = content.sheets
        .flatMap((s) => s.rows.slice(0, 1).flat())
        .map((v) => (typeof v === 'string' ? v : ''))
        .join(' ');
      if (first.includes('统计表')) expect(first, rel).toContain('示例数据，非真实统计');
    }
  });

  it('has one GBK CSV with CRLF line ends, and the rest .xlsx', () => {
    const csv = [...committed.entries()].filter(([, c]) => c.kind === 'csv');
    expect(csv.map(([rel]) => rel)).toEqual(YEARS.map((y) => `${y}/院校基本情况_河南_${y}（示例数据）.csv`));
    for (const [rel, c] of csv) {
      expect(c.text!.startsWith(`${rel.slice(0, 4)}年河南省`)).toBe(true);
      expect(c.text!.split('\r\n').length).toBeGreaterThan(800);
      expect(c.text!.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
      // GBK bytes, not UTF-8.
      expect(c.bytes.toString('utf8')).toContain('\uFFFD');
    }
  });

  it('mixes header spellings, a two-row header, a unit header and 填表说明 sheets', () => {
    const rosterHeaders = tables.filter((t) => t.table === 'roster' && t.file.startsWith('2023/'));
    expect(rosterHeaders).toHaveLength(32);
    expect(rosterHeaders.filter((t) => t.twoRow).length).toBeGreaterThanOrEqual(2);
    expect(rosterHeaders.some((t) => t.headers.includes('院校代码') && t.headers.includes('在校学生数'))).toBe(true);
    expect(rosterHeaders.some((t) => t.units.includes('人'))).toBe(true);
    expect(rosterHeaders.some((t) => t.headers[0] === '学校标识码' && t.headers.includes('毕业去向落实人数'))).toBe(true);
    expect(skippedSheets.filter((s) => s.sheet === '填表说明').length).toBeGreaterThanOrEqual(2);
    for (const s of skippedSheets) expect(s.sheet).toBe('填表说明');
    const levels = new Set(tables.filter((t) => t.table === 'roster').flatMap((t) => t.rows.map((r) => text(r.level))));
    for (const l of ['中职', '中等职业学校', '技工学校', '高等职业学校(专科)', '职业本科']) expect(levels).toContain(l);
    const provinces = new Set(tables.filter((t) => t.table === 'roster').flatMap((t) => t.rows.map((r) => text(r.province))));
    for (const p of ['山东', '广东省', '13']) expect(provinces).toContain(p);
  });

  it('has totals rows that equal the column sums', () => {
    let checked = 0;
    for (const t of tables) {
      if (!t.totals) continue;
      for (const f of Object.keys(t.totals)) {
        if (!NUMERIC.has(f)) continue;
        const sum = t.rows.reduce((s, r) => s + (num(r[f]) ?? 0), 0);
        expect(num(t.totals[f]), `${t.file} ${f}`).toBe(sum);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});

describe('rosters', () => {
  const agg = (year: number) => {
    const rows = roster.filter((r) => r.year === year);
    const by = (pred: (r: RosterRow) => boolean) => rows.filter(pred);
    const sum = (rs: RosterRow[], f: (r: RosterRow) => number | null) => rs.reduce((s, r) => s + (f(r) ?? 0), 0);
    const rate = (rs: RosterRow[]) => {
      const both = rs.filter((r) => r.placed !== null);
      // Half-up to two decimals, in integers: 10000 × placed / graduates.
      const g = sum(both, (r) => r.graduates);
      const p = sum(both, (r) => r.placed);
      return { bp: Math.floor((p * 10000 * 2 + g) / (2 * g)), missing: rs.length - both.length };
    };
    const zz = by((r) => r.level === '中职');
    const gz = by((r) => r.level !== '中职');
    return {
      rows,
      schools: { 中职: zz.length, 高职专科: by((r) => r.level === '高职专科').length, 高职本科: by((r) => r.level === '高职本科').length },
      enrolled: { 中职: sum(zz, (r) => r.enrolled), 高职: sum(gz, (r) => r.enrolled) },
      graduates: { 中职: sum(zz, (r) => r.graduates), 高职: sum(gz, (r) => r.graduates) },
      teachers: { 中职: sum(zz, (r) => r.fullTime), 高职: sum(gz, (r) => r.fullTime) },
      private: { 中职: zz.filter((r) => r.private).length, 高职: gz.filter((r) => r.private).length },
      rate: { 中职: rate(zz), 高职: rate(gz) },
      partTime: sum(rows, (r) => r.partTime),
      provinces: new Set(rows.map((r) => r.province)),
    };
  };

  it('2023 reproduces the published national figures exactly', () => {
    const a = agg(2023);
    expect(a.rows).toHaveLength(11_133);
    expect(a.schools).toEqual({ 中职: 9553, 高职专科: 1547, 高职本科: 33 });
    expect(a.provinces.size).toBe(32);
    expect(a.enrolled).toEqual({ 中职: 17_379_600, 高职: 17_403_200 }); // 1,737.96万 / 1,740.32万
    expect(a.enrolled.中职 + a.enrolled.高职).toBe(34_782_800); // 3,478.28万
    expect(a.graduates).toEqual({ 中职: 5_370_000, 高职: 5_570_000 }); // 537万 / 557万
    expect(a.teachers).toEqual({ 中职: 734_800, 高职: 715_400 }); // 73.48万 / 71.54万
    expect(a.private).toEqual({ 中职: 2128, 高职: 396 });
    expect(a.rate.中职.bp).toBe(9444);
    expect(a.rate.高职.bp).toBe(9188);
    expect(a.rate.中职.missing).toBeGreaterThan(0);
    expect(a.rate.高职.missing).toBeGreaterThan(0);
    expect(a.partTime).toBe(253_700); // 25.37万
  });

  it('2022 matches the 2022 figures, and 兼职教师 grows 9.40%', () => {
    const a = agg(2022);
    expect(a.graduates).toEqual({ 中职: 5_190_000, 高职: 4_950_000 });
    expect(a.teachers).toEqual({ 中职: 718_300, 高职: 671_600 });
    expect(a.rate.中职.bp).toBe(9470);
    expect(a.rate.高职.bp).toBe(9060);
    expect(a.partTime).toBe(231_900);
    // (253,700 / 231,900 − 1) × 100 = 9.4006… → 9.40
    const change = Math.floor(((253_700 - a.partTime) * 10000 * 2 + a.partTime) / (2 * a.partTime));
    expect(change).toBe(940);
    expect(a.schools.中职).not.toBe(9553);
  });

  it('2019–2021 match the published graduates and 专任教师 (图1-4, 图1-6) exactly', () => {
    // 万人 as printed: 2019 493 + 364 = 857, 84.29 + 51.44 = 135.73; 2020 485 + 377 = 862,
    // 85.74 + 55.64 = 141.38; 2021 484 + 398 = 882, 69.54 + 62.07 = 131.61.
    const published: Record<number, { graduates: Record<string, number>; teachers: Record<string, number> }> = {
      2019: { graduates: { 中职: 4_930_000, 高职: 3_640_000 }, teachers: { 中职: 842_900, 高职: 514_400 } },
      2020: { graduates: { 中职: 4_850_000, 高职: 3_770_000 }, teachers: { 中职: 857_400, 高职: 556_400 } },
      2021: { graduates: { 中职: 4_840_000, 高职: 3_980_000 }, teachers: { 中职: 695_400, 高职: 620_700 } },
    };
    for (const [year, want] of Object.entries(published)) {
      const a = agg(Number(year));
      expect(a.graduates, year).toEqual(want.graduates);
      expect(a.teachers, year).toEqual(want.teachers);
      expect(a.provinces.size, year).toBe(32);
      expect(a.rate.中职.bp, year).toBeGreaterThan(9000);
    }
    expect(agg(2019).graduates.中职 + agg(2019).graduates.高职).toBe(8_570_000);
    expect(agg(2020).teachers.中职 + agg(2020).teachers.高职).toBe(1_413_800);
    expect(agg(2021).teachers.中职 + agg(2021).teachers.高职).toBe(1_316_100);
  });

  it('has plausible province sizes', () => {
    const count = (p: string, high: boolean) => roster.filter((r) => r.year === 2023 && r.province === p && (r.level !== '中职') === high).length;
    for (const big of ['河南', '广东', '山东', '四川']) expect(count(big, false)).toBeGreaterThan(500);
    for (const small of ['兵团', '西藏', '宁夏', '青海', '海南']) expect(count(small, false) + count(small, true)).toBeLessThan(120);
  });

  it('keeps codes unique, stable across years, and each school sensible', () => {
    const seen = new Set<string>();
    const bad: string[] = [];
    for (const r of roster) {
      const key = r.id + '/' + r.year;
      if (seen.has(key)) bad.push(`duplicate ${key}`);
      seen.add(key);
      if (!r.id.startsWith('4' + PROVINCES.find((p) => p.name === r.province)!.code)) bad.push(`code ${r.id} ${r.province}`);
      if (r.admitted === null || r.admitted > r.enrolled) bad.push(`admitted ${key}`);
      if (r.graduates >= r.enrolled) bad.push(`graduates ${key}`);
      if (r.placed !== null && r.placed > r.graduates) bad.push(`placed ${key}`);
      const ratio = r.enrolled / r.fullTime;
      // Nationally 18.7∶1 (中职, 2019) to 25.8∶1 (高职, 2021); schools spread ±10% around it.
      if (!(ratio > 15 && ratio < 30)) bad.push(`生师比 ${ratio} ${key}`);
    }
    expect(bad).toEqual([]);
    const y22 = new Map(roster.filter((r) => r.year === 2022).map((r) => [r.id, r]));
    const y23 = roster.filter((r) => r.year === 2023);
    const both = y23.filter((r) => y22.has(r.id));
    expect(both.length / y23.length).toBeGreaterThan(0.97);
    expect(both.filter((r) => y22.get(r.id)!.name !== r.name || y22.get(r.id)!.province !== r.province)).toEqual([]);
    const names = new Set(y23.map((r) => r.name));
    expect(names.size).toBe(y23.length);
  });
});

describe('2023 projects', () => {
  let p23: ProjectRow[] = [];
  beforeAll(() => {
    p23 = projects.filter((p) => p.year === 2023);
  });

  it('about 400 projects at about 300 schools in 27 provinces with 70+ countries and regions', () => {
    expect(new Set(projects.map((p) => p.year))).toEqual(new Set(YEARS));
    expect(p23).toHaveLength(400);
    expect(new Set(p23.map((p) => p.id)).size).toBe(400);
    expect(new Set(p23.map((p) => p.schoolId)).size).toBe(300);
    expect(new Set(p23.map((p) => p.province)).size).toBe(27);
    const cs = new Set(p23.map((p) => p.country));
    expect(cs.size).toBeGreaterThanOrEqual(70);
    expect(cs.size).toBeLessThan(80);
    for (const r of ['HK', 'MO', 'TW']) expect(cs).toContain(r);
    const texts = new Set(p23.map((p) => p.countryText));
    for (const t of ['德国', 'Germany', 'DE', '中国香港']) expect(texts).toContain(t);
    const types = new Set(p23.map((p) => p.type));
    expect([...types].sort()).toEqual(['其他', '合作办学项目', '合作办学机构', '境外办学', '学生交流', '师资培训', '标准与资源输出', '职业培训'].sort());
  });

  it('takes each year’s schools from that year’s roster, with matching names and provinces', () => {
    for (const year of YEARS) {
      const schools = new Map(roster.filter((r) => r.year === year).map((r) => [r.id, r]));
      const bad = projects.filter((p) => {
        if (p.year !== year) return false;
        const s = schools.get(p.schoolId);
        return !s || s.name !== p.schoolName || s.province !== p.province;
      });
      expect(bad, String(year)).toEqual([]);
    }
  });

  it('reproduces the brand table 表1-3 exactly', () => {
    const table = (brand: string) => {
      const rows = p23.filter((p) => p.brand === brand);
      const byProv = new Map<string, number>();
      for (const r of rows) byProv.set(r.province, (byProv.get(r.province) ?? 0) + 1);
      const ranked = [...byProv.entries()].sort((a, b) => b[1] - a[1]);
      expect(ranked.length === 1 || ranked[0][1] > ranked[1][1], `${brand}: unique 发起省份`).toBe(true);
      return {
        province: ranked[0][0],
        first: Math.min(...rows.map((r) => r.start.y)),
        countries: new Set(rows.map((r) => r.country)).size,
        projects: rows.length,
      };
    };
    expect(table('丝路学院')).toEqual({ province: '浙江', first: 2016, countries: 34, projects: 52 });
    expect(table('郑和学院')).toEqual({ province: '江苏', first: 2018, countries: 9, projects: 9 });
    expect(table('海丝学院')).toEqual({ province: '福建', first: 2019, countries: 17, projects: 20 });
    expect(table('班·墨学院')).toEqual({ province: '山东', first: 2023, countries: 17, projects: 34 });
    expect(table('墨子工坊')).toEqual({ province: '辽宁', first: 2023, countries: 14, projects: 16 });
    expect(table('中国-东盟现代工匠学院')).toEqual({ province: '广西', first: 2023, countries: 10, projects: 17 });
    const asean = new Set(['BN', 'KH', 'ID', 'LA', 'MY', 'MM', 'PH', 'SG', 'TH', 'VN']);
    for (const p of p23.filter((x) => x.brand === '中国-东盟现代工匠学院')) expect(asean.has(p.country)).toBe(true);
    const texts = new Set(p23.map((p) => p.brandText));
    for (const t of ['班墨学院', '班·墨学院', '中国—东盟现代工匠学院', '无']) expect(texts).toContain(t);
  });

  it('has 鲁班工坊 in Asia, Europe and Africa, and Germany with 25+ projects', () => {
    const luban = p23.filter((p) => p.brand === '鲁班工坊');
    expect(luban.length).toBeGreaterThanOrEqual(30);
    const lc = new Set(luban.map((p) => p.country));
    const americasOceania = ['US', 'CA', 'MX', 'BR', 'CL', 'AR', 'PE', 'AU', 'NZ'];
    for (const c of lc) expect(americasOceania).not.toContain(c);
    expect(['TH', 'IN', 'ID', 'PK', 'KH'].some((c) => lc.has(c))).toBe(true);
    expect(['GB', 'PT', 'BG', 'RS', 'RU'].some((c) => lc.has(c))).toBe(true);
    expect(['DJ', 'KE', 'ZA', 'ML', 'NG', 'EG', 'ET'].some((c) => lc.has(c))).toBe(true);
    const students = luban.reduce((s, p) => s + (p.students ?? 0), 0);
    const trainees = luban.reduce((s, p) => s + (p.trainees ?? 0), 0);
    expect(students).toBeGreaterThan(9000);
    expect(students).toBeLessThan(10000);
    expect(trainees).toBeGreaterThan(31000);
    expect(p23.filter((p) => p.country === 'DE').length).toBeGreaterThanOrEqual(25);
  });

  it('uses mixed date forms within range, and has 2–3 late submissions', () => {
    const kinds = new Set(p23.map((p) => (p.startRaw === null ? 'null' : typeof p.startRaw === 'object' ? 'date' : typeof p.startRaw)));
    expect(kinds).toEqual(new Set(['date', 'number', 'string']));
    expect(p23.some((p) => p.start.d === null)).toBe(true); // 2020年3月
    for (const p of p23) {
      expect(p.start.y).toBeGreaterThanOrEqual(1978);
      expect(iso(p.start) <= '2023-12-31').toBe(true);
    }
    const late = p23.filter((p) => p.submitted < '2024-01-01' || p.submitted > '2024-04-15');
    expect(late.length).toBeGreaterThanOrEqual(2);
    expect(late.length).toBeLessThanOrEqual(3);
  });
});

describe('project history, 2019–2023', () => {
  /** Each project's rows, by year. */
  const history = () => {
    const m = new Map<string, ProjectRow[]>();
    for (const p of projects) m.set(p.id, [...(m.get(p.id) ?? []), p]);
    for (const rows of m.values()) rows.sort((a, b) => a.year - b.year);
    return m;
  };

  it('keeps a project’s school, partner, type, brand and start from year to year, and lists it once a year', () => {
    const bad: string[] = [];
    for (const [id, rows] of history()) {
      const [a] = rows;
      for (const r of rows) {
        if (r.schoolId !== a.schoolId || r.schoolName !== a.schoolName || r.province !== a.province) bad.push(`${id} ${r.year} school`);
        if (r.partner !== a.partner || r.type !== a.type || r.brand !== a.brand || r.country !== a.country) bad.push(`${id} ${r.year} partner`);
        if (iso(r.start).slice(0, 7) !== iso(a.start).slice(0, 7)) bad.push(`${id} ${r.year} start`);
      }
      if (new Set(rows.map((r) => r.year)).size !== rows.length) bad.push(`${id} twice in a year`);
    }
    expect(bad).toEqual([]);
  });

  it('lists a project every year from its start (or 2019) until the year it is 已结束, and not after', () => {
    const bad: string[] = [];
    for (const [id, rows] of history()) {
      const first = Math.max(2019, rows[0].start.y);
      const last = rows[rows.length - 1].year;
      const years = rows.map((r) => r.year);
      const want = Array.from({ length: last - first + 1 }, (_, k) => first + k);
      if (years.join() !== want.join()) bad.push(`${id}: ${years.join()} (start ${rows[0].start.y})`);
      // 已结束 only in its last year; one that stops before 2023 ended.
      rows.forEach((r, k) => {
        if (r.status === '已结束' && k !== rows.length - 1) bad.push(`${id} listed after 已结束 in ${r.year}`);
        if (r.status === '筹建中' && r.year !== r.start.y) bad.push(`${id} 筹建中 in ${r.year}, started ${r.start.y}`);
      });
      if (last < 2023 && rows[rows.length - 1].status !== '已结束') bad.push(`${id} gone after ${last} without ending`);
    }
    expect(bad).toEqual([]);
  });

  it('has projects that ended before 2023 (not in the 2023 file) and projects 筹建中 in their first year', () => {
    const h = history();
    const endedEarly = [...h.values()].filter((rows) => rows[rows.length - 1].year < 2023);
    expect(endedEarly.length).toBeGreaterThanOrEqual(20);
    for (const y of [2019, 2020, 2021, 2022]) {
      expect(
        endedEarly.some((rows) => rows[rows.length - 1].year === y),
        `ended in ${y}`,
      ).toBe(true);
      // More than the 2023 projects already running then: those that ended are listed too.
      const fromNow = projects.filter((p) => p.year === 2023 && p.start.y <= y).length;
      expect(projects.filter((p) => p.year === y).length, String(y)).toBeGreaterThan(fromNow);
    }
    expect(projects.some((p) => p.year < 2023 && p.status === '筹建中')).toBe(true);
    // The projects 已结束 in 2023 ran before.
    const ended23 = projects.filter((p) => p.year === 2023 && p.status === '已结束');
    expect(ended23.length).toBeGreaterThan(0);
    for (const p of ended23) expect(h.get(p.id)!.length, p.id).toBeGreaterThan(1);
  });

  it('varies students and trainees from year to year, empty where the project has none', () => {
    let varied = 0;
    for (const [id, rows] of history()) {
      for (const k of ['students', 'trainees'] as const) {
        expect(new Set(rows.map((r) => r[k] === null)).size, `${id} ${k}`).toBe(1);
        if (new Set(rows.map((r) => r[k])).size > 1) varied++;
      }
    }
    expect(varied).toBeGreaterThan(200);
  });

  it('spells a country differently in different years (德国 one year, Germany the next)', () => {
    const spelt = [...history().values()].filter((rows) => rows[0].country === 'DE' && new Set(rows.map((r) => r.countryText)).size > 1);
    expect(spelt.length).toBeGreaterThan(0);
    expect(spelt.some((rows) => rows.some((r) => r.countryText === '德国') && rows.some((r) => r.countryText === 'Germany'))).toBe(true);
  });

  it('gives Germany new projects in most years and some that end; some countries have a single 2023 project', () => {
    const de = projects.filter((p) => p.country === 'DE');
    const newIn = YEARS.filter((y) => de.some((p) => p.year === y && p.start.y === y));
    expect(newIn.length).toBeGreaterThanOrEqual(4);
    const endedIn = YEARS.filter((y) => de.some((p) => p.year === y && p.status === '已结束'));
    expect(endedIn.length).toBeGreaterThanOrEqual(2);
    const counts = YEARS.map((y) => de.filter((p) => p.year === y).length);
    expect(new Set(counts).size).toBeGreaterThan(2);
    const by = new Map<string, number>();
    for (const p of projects.filter((x) => x.year === 2023)) by.set(p.country, (by.get(p.country) ?? 0) + 1);
    expect([...by.values()].filter((n) => n === 1).length).toBeGreaterThanOrEqual(5);
  });

  it('is submitted in the following year’s window before 2023 (the late ones are 2023’s)', () => {
    for (const p of projects.filter((x) => x.year < 2023)) {
      expect(p.submitted >= `${p.year + 1}-01-01` && p.submitted <= `${p.year + 1}-04-15`, `${p.id} ${p.year} ${p.submitted}`).toBe(true);
    }
  });
});

describe('sample cases (案例)', () => {
  const dir = (root: string) => path.join(root, '2023', CASES_DIR);
  const names = () => readdirSync(dir(COMMITTED)).sort();

  it('are generated byte for byte as committed', () => {
    expect(readdirSync(dir(tmp)).sort()).toEqual(names());
    for (const n of names()) expect(readFileSync(path.join(dir(tmp), n)).equals(readFileSync(path.join(dir(COMMITTED), n))), n).toBe(true);
  });

  it('are half case-sheet rows, half Word documents with a picture, across 8+ countries and 10+ provinces, with 中德 and 山东', async () => {
    const sheet = names().find((n) => n.endsWith('.xlsx'))!;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(path.join(dir(COMMITTED), sheet)) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    const header = (ws.getRow(2).values as string[]).slice(1);
    const col = (h: string) => header.indexOf(h) + 1;
    const rows: { country: string; province: string }[] = [];
    ws.eachRow((r, n) => {
      if (n > 2) rows.push({ country: String(r.getCell(col('合作国家（地区）')).value), province: String(r.getCell(col('省份')).value) });
    });
    const { default: mammoth } = await import('mammoth');
    const docs = names().filter((n) => n.endsWith('.docx'));
    for (const d of docs) {
      const html = (await mammoth.convertToHtml({ path: path.join(dir(COMMITTED), d) })).value;
      expect(html, d).toMatch(/<img [^>]*src="data:image\/png;base64,/);
      const field = (k: string) => new RegExp(`<p>${k}：([^<]+)</p>`).exec(html)?.[1] ?? '';
      rows.push({ country: field('合作国家（地区）'), province: field('省份') });
    }
    expect(rows.length).toBe(30);
    expect(docs.length).toBe(15);
    expect(new Set(rows.map((r) => r.country)).size).toBeGreaterThanOrEqual(8);
    expect(new Set(rows.map((r) => r.province)).size).toBeGreaterThanOrEqual(10);
    expect(rows.some((r) => r.country === '德国')).toBe(true);
    expect(rows.some((r) => r.province === '山东')).toBe(true);
    // The seed's case, transcribed with its source.
    const md = readFileSync(path.join(dir(COMMITTED), names().find((n) => n.endsWith('.md'))!), 'utf8');
    expect(md).toContain('2023年12月20日，由南京工业职业技术大学与柬埔寨柬华理事总会合作共建的柬华应用科技大学正式成立。');
    expect(md).toMatch(/来源: 《中国职业教育发展报告/);
  });
});

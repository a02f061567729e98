/**
 * `validate --report`: the findings workbook (问题汇总, 文件统计) and, beside it, an annotated copy
 * of each input with findings: cells coloured (error red, warning yellow), the message as a note.
 * Everything is checked by reading the written files back with exceljs.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runValidate, type ValidationResult } from '../../src/pipeline.js';
import { writeFindingsReport } from '../../src/validate/report.js';
import { FindingSpill } from '../../src/validate/findings.js';
import { inputsOf } from '../fixtures/golden.js';
import { rosterRow, writeCsv } from '../fixtures/bad-rows.js';
import { inflateRawSync } from 'node:zlib';

const RED = 'FFFFC7CE';
const YELLOW = 'FFFFEB9C';
const BLUE = 'FFDDEBF7';

// Fixtures whose keys do not collide: the projects' school is in the messy roster, under the same name.
const inputs = [...inputsOf('roster-xlsx-messy'), ...inputsOf('country-near-miss'), ...inputsOf('csv-utf8-bom'), ...inputsOf('series-long')];
const [messy, projectsXlsx, projectsCsv] = inputs;

let dir: string;
let result: ValidationResult;
let written: string[];

async function open(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

function noteText(cell: ExcelJS.Cell): string {
  const n = cell.note as string | { texts?: { text: string }[] } | undefined;
  if (n === undefined) return '';
  return typeof n === 'string' ? n : (n.texts ?? []).map((t) => t.text).join('');
}

const fillOf = (cell: ExcelJS.Cell) => (cell.fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb;

/** Data rows of a sheet with a header row, as objects keyed by header text. */
function records(ws: ExcelJS.Worksheet): Record<string, unknown>[] {
  const header = (ws.getRow(1).values as unknown[]).slice(1).map(String);
  const out: Record<string, unknown>[] = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const rec: Record<string, unknown> = {};
    header.forEach((h, i) => (rec[h] = row.getCell(i + 1).value ?? null));
    out.push(rec);
  });
  return out;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vet-report-findings-'));
  result = await runValidate(inputs);
  written = await writeFindingsReport(result, path.join(dir, '问题.xlsx'), { resolve: (d) => path.resolve(d) });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('findings workbook', () => {
  it('is written with an annotated copy beside it for each input with cell findings', () => {
    expect(written[0]).toBe(path.join(dir, '问题.xlsx'));
    // Two inputs named projects.*: the second copy is numbered (files in sorted order).
    expect(readdirSync(dir).sort()).toEqual(
      ['projects（问题标注）.xlsx', 'projects（问题标注2）.xlsx', 'series（问题标注）.xlsx', '山东省院校基本情况2023（问题标注）.xlsx', '问题.xlsx'].sort(),
    );
    expect(result.findings.filter((f) => f.severity !== 'info').map((f) => f.code)).toEqual([
      'TOTAL_MISMATCH',
      'COUNTRY_UNKNOWN',
      'COUNTRY_UNKNOWN',
      'COUNTRY_UNKNOWN',
      'PROJECT_TYPE_UNKNOWN',
      'UNIT_UNKNOWN',
      'SERIES_LEVEL_UNKNOWN',
      'REGION_UNKNOWN',
      'VALUE_REQUIRED',
    ]);
  });

  it('lists every finding once in 问题汇总, sorted by file, sheet and row, with its cell address', async () => {
    const wb = await open(written[0]);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['问题汇总', '文件统计']);
    const rows = records(wb.getWorksheet('问题汇总')!);
    expect(rows).toHaveLength(result.findings.length);
    const key = (r: Record<string, unknown>) => [String(r['文件']), String(r['工作表'] ?? ''), Number(r['行'] ?? 0)] as const;
    const keys = rows.map(key);
    const sorted = [...keys].sort((a, b) => a[0].localeCompare(b[0]) || a[1].localeCompare(b[1]) || a[2] - b[2]);
    expect(keys).toEqual(sorted);
    expect(rows.map((r) => r['序号'])).toEqual(rows.map((_, i) => i + 1));
    // Same findings as the run, each with its address and message.
    const want = result.findings.map((f) => `${f.file}|${f.sheet ?? ''}|${f.code}|${f.row !== null && f.column ? f.column + f.row : ''}|${f.message}`).sort();
    const got = rows.map((r) => `${r['文件']}|${r['工作表'] ?? ''}|${r['代码']}|${r['单元格'] ?? ''}|${r['问题说明']}`).sort();
    expect(got).toEqual(want);
    const total = rows.find((r) => r['代码'] === 'TOTAL_MISMATCH')!;
    // 原值 as the cell held it: the total was the number 9999.
    expect(total).toMatchObject({ 级别: '警告', 文件: messy, 工作表: '院校基本情况', 行: 10, 列: 'H', 单元格: 'H10', 列名: '招生人数', 原值: 9999 });
    const country = rows.find((r) => r['代码'] === 'COUNTRY_UNKNOWN' && r['行'] === 7)!;
    expect(country).toMatchObject({ 级别: '错误', 文件: projectsXlsx, 单元格: 'F7', 列名: '合作国家（地区）', 原值: '德过' });
    const skipped = rows.find((r) => r['代码'] === 'SHEET_NO_TABLE' && r['工作表'] === 'Sheet3')!;
    expect(skipped).toMatchObject({ 级别: '提示', 行: null, 单元格: null });
  });

  it('gives the row accounting of every sheet in 文件统计', async () => {
    const wb = await open(written[0]);
    const rows = records(wb.getWorksheet('文件统计')!);
    expect(rows.map((r) => [r['文件'], r['工作表'], r['读取行数'], r['接收'], r['拒收'], r['跳过']])).toEqual(
      result.files.map((f) => [f.file, f.sheet, f.read, f.accepted, f.rejected, f.skipped]),
    );
  });
});

describe('annotated copies', () => {
  it('colour the cells of a workbook and carry the messages as notes, the data untouched', async () => {
    const wb = await open(path.join(dir, '山东省院校基本情况2023（问题标注）.xlsx'));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['院校基本情况', '填表说明', 'Sheet3', '问题汇总']);
    const ws = wb.getWorksheet('院校基本情况')!;
    const h10 = ws.getCell('H10');
    expect(h10.value).toBe(9999);
    expect(fillOf(h10)).toBe(YELLOW);
    expect(noteText(h10)).toContain('合计行数值 9999 与上方各行之和 7147 不一致');
    expect(noteText(ws.getCell('M4'))).toContain('[提示] 列“联系人”不属于院校基本情况的填报项');
    expect(fillOf(ws.getCell('M4'))).toBe(BLUE);
    // Cells without findings keep their value and get no note.
    expect(ws.getCell('B6').value).toBe('示例职业技术学院');
    expect(noteText(ws.getCell('B6'))).toBe('');
    expect(fillOf(ws.getCell('G10'))).toBeUndefined();
    // The copy's own 问题汇总 lists this file's findings only.
    const own = records(wb.getWorksheet('问题汇总')!);
    expect(own.map((r) => r['文件'])).toEqual(Array(own.length).fill(messy));
    expect(own.map((r) => r['代码'])).toEqual(['COLUMN_IGNORED', 'TOTAL_MISMATCH']);
  });

  it('mark errors red', async () => {
    const wb = await open(path.join(dir, 'projects（问题标注）.xlsx'));
    const ws = wb.getWorksheet('Sheet1')!;
    for (const addr of ['F7', 'F8', 'F9']) {
      expect(fillOf(ws.getCell(addr)), addr).toBe(RED);
      expect(noteText(ws.getCell(addr)), addr).toContain('[错误] 无法识别的合作国家（地区）');
    }
    expect(noteText(ws.getCell('F7'))).toContain('是否应为“德国”');
    expect(noteText(ws.getCell('F8'))).toContain('是否应为“Germany”');
    expect(fillOf(ws.getCell('F6'))).toBeUndefined();
    expect(records(wb.getWorksheet('问题汇总')!).map((r) => r['单元格'])).toEqual(['F7', 'F8', 'F9']);
  });

  it('turn a CSV into a workbook with the cells in their places', async () => {
    const wb = await open(path.join(dir, 'projects（问题标注2）.xlsx'));
    const ws = wb.getWorksheet('projects')!;
    expect(ws.getCell('A1').value).toBe('项目编号 *');
    expect(ws.getCell('G3').value).toBe('Lycée Technique\nde Lyon, France');
    expect(ws.getCell('H4').value).toBe('研学旅行');
    expect(fillOf(ws.getCell('H4'))).toBe(RED);
    expect(noteText(ws.getCell('H4'))).toContain('无法识别的项目类型“研学旅行”');
    expect(records(wb.getWorksheet('问题汇总')!).map((r) => r['文件'])).toEqual([projectsCsv]);
  });

  it('mark series findings on their cells', async () => {
    const ws = (await open(path.join(dir, 'series（问题标注）.xlsx'))).getWorksheet('统计指标')!;
    expect(['F7', 'D8', 'B9', 'C10'].map((a) => fillOf(ws.getCell(a)))).toEqual([RED, RED, RED, RED]);
    expect(noteText(ws.getCell('C10'))).toContain('必填项“指标”为空');
    expect(fillOf(ws.getCell('E2'))).toBeUndefined();
  });
});

describe('reproducible report workbooks', () => {
  it('the same findings and date give the same bytes, dated as given', async () => {
    const now = new Date('2024-06-30T00:00:00Z');
    const outs = [mkdtempSync(path.join(os.tmpdir(), 'vet-report-rep-a-')), mkdtempSync(path.join(os.tmpdir(), 'vet-report-rep-b-'))];
    try {
      const runs = [];
      for (const d of outs) {
        runs.push(await writeFindingsReport(result, path.join(d, '问题.xlsx'), { resolve: (x) => path.resolve(x), now }));
        // exceljs stamps the time it writes; a second apart, unpinned workbooks would differ.
        await new Promise((r) => setTimeout(r, 1100));
      }
      expect(runs[0].map((f) => path.basename(f))).toEqual(runs[1].map((f) => path.basename(f)));
      for (const [i, f] of runs[0].entries()) expect(readFileSync(f).equals(readFileSync(runs[1][i])), path.basename(f)).toBe(true);
      const wb = await open(runs[0][0]);
      expect(wb.created.toISOString()).toBe('2024-06-30T00:00:00.000Z');
    } finally {
      for (const d of outs) rmSync(d, { recursive: true, force: true });
    }
  });
});

/** One entry of a zip as written by xlsxBytes (sizes in the local headers), inflated. */
function zipEntry(buf: Buffer, name: string): string | null {
  for (let p = 0; p + 30 < buf.length && buf.readUInt32LE(p) === 0x04034b50; ) {
    const method = buf.readUInt16LE(p + 8);
    const size = buf.readUInt32LE(p + 18);
    const nameLen = buf.readUInt16LE(p + 26);
    const start = p + 30 + nameLen + buf.readUInt16LE(p + 28);
    const data = buf.subarray(start, start + size);
    if (buf.toString('utf8', p + 30, p + 30 + nameLen) === name) return (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    p = start + size;
  }
  return null;
}

describe('a submission with the same finding on every row', () => {
  let out: string;
  let rows: Record<string, unknown>[];
  let r: ValidationResult;
  beforeAll(async () => {
    out = mkdtempSync(path.join(os.tmpdir(), 'vet-report-findings-many-'));
    const bad = Array.from({ length: 105 }, (_, i) => rosterRow(i, { 省份: '山冬' }));
    const file = writeCsv(path.join(out, '河南.csv'), [...bad, rosterRow(200, { 在校生数: -5918 }), rosterRow(201, { 办学层次: '=1+1', 学校标识码: '-41' })]);
    // As `validate --report`: every finding spilled, for the annotated copy.
    const spill = new FindingSpill();
    try {
      r = await runValidate([file], {}, spill);
      await writeFindingsReport(r, path.join(out, '问题.xlsx'), { resolve: (d) => d, now: new Date('2024-06-30T00:00:00Z'), every: spill });
    } finally {
      spill.dispose();
    }
    rows = records((await open(path.join(out, '问题.xlsx'))).getWorksheet('问题汇总')!);
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('lists 100 of a kind in a column, then one row saying how many more', () => {
    const province = rows.filter((x) => x['代码'] === 'PROVINCE_UNKNOWN');
    expect(province).toHaveLength(101);
    expect(province.slice(0, 100).map((x) => x['行'])).toEqual(Array.from({ length: 100 }, (_, i) => i + 2));
    expect(province[100]).toMatchObject({ 序号: null, 级别: '错误', 列: 'C', 列名: '省份', 行: null, 单元格: null });
    expect(String(province[100]['问题说明'])).toMatch(/^同类问题另有 5 处/);
    // The row after it is the next finding, numbered on.
    expect(rows[101]).toMatchObject({ 序号: 101, 代码: 'VALUE_NEGATIVE' });
  });

  it('gives 原值 as the cell held it: a number as a number, text guarded against formulas', () => {
    expect(rows.find((x) => x['代码'] === 'VALUE_NEGATIVE')).toMatchObject({ 单元格: 'G107', 原值: -5918 });
    expect(rows.find((x) => x['代码'] === 'LEVEL_UNKNOWN')).toMatchObject({ 单元格: 'D108', 原值: "'=1+1" });
  });

  it('names the school of each row, to sort or filter by', () => {
    expect(rows.find((x) => x['代码'] === 'VALUE_NEGATIVE')).toMatchObject({ 学校标识码: '4100000200', 学校名称: '示例职业学校200' });
    expect(rows.find((x) => x['代码'] === 'LEVEL_UNKNOWN')).toMatchObject({ 学校标识码: "'-41", 学校名称: '示例职业学校201' });
    expect(rows[0]).toMatchObject({ 代码: 'PROVINCE_UNKNOWN', 学校标识码: '4100000000', 学校名称: '示例职业学校0' });
  });

  it('marks every bad cell in the annotated copy, beyond the cap too; its 问题汇总 lists the capped ones', async () => {
    const copy = await open(path.join(out, '河南（问题标注）.xlsx'));
    const ws = copy.getWorksheet('河南')!;
    // The 105 unknown provinces are in C2 … C106: the last 5 are beyond the cap of 100.
    for (let row = 2; row <= 106; row++) {
      expect(fillOf(ws.getCell(`C${row}`)), `C${row}`).toBe(RED);
      expect(noteText(ws.getCell(`C${row}`)), `C${row}`).toContain('无法识别的省份“山冬”');
    }
    expect(fillOf(ws.getCell('G107'))).toBe(RED);
    expect(fillOf(ws.getCell('C107'))).toBeUndefined();
    expect(noteText(ws.getCell('C107'))).toBe('');
    const listed = records(copy.getWorksheet('问题汇总')!).filter((x) => x['代码'] === 'PROVINCE_UNKNOWN');
    expect(listed).toHaveLength(101);
    expect(String(listed[100]['问题说明'])).toMatch(/^同类问题另有 5 处/);
  });

  it('signs the notes of the annotated copy vet-report', () => {
    const xml = zipEntry(readFileSync(path.join(out, '河南（问题标注）.xlsx')), 'xl/comments1.xml');
    expect(xml).toContain('<authors><author>vet-report</author></authors>');
    expect(xml).not.toContain('>Author<');
  });
});

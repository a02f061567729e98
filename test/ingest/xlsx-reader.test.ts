/**
 * Chinese text where it crosses the 16 KiB chunks in which exceljs 4.4's streaming reader decodes
 * a part. On its own, exceljs reads a character split between two chunks as U+FFFD (exceljs
 * issues #2063, #2084). Through src/ingest/xlsx-reader.ts, every name is read as it was written.
 * The workbooks are real files: one from the repository's own writer (shared strings, deflated by
 * node:zlib) and one from exceljs's streaming writer (strings inline in the sheet).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { packageVersion } from '../../src/cache.js';
import { readXlsx } from '../../src/ingest/sheets.js';
import { hasInternals } from '../../src/ingest/xlsx-reader.js';
import { runValidate } from '../../src/pipeline.js';
import { xlsxBytes } from '../../src/spreadsheet.js';
import { ROSTER_HEADER, rosterRow } from '../fixtures/bad-rows.js';

const NAMES = [
  '枣庄工程技师学院',
  '山东商业职业技术学院',
  '深圳职业技术大学',
  '天津市第一商业学校',
  '重庆工业职业技术学院',
  '内蒙古机电职业技术学院',
  '新疆维吾尔自治区交通学校',
  '广西壮族自治区梧州商贸学校',
  '黑龙江农业经济职业学院',
  '浙江机电职业技术大学',
  '宁夏工商职业技术学院',
  '西藏职业技术学院',
  '鄂尔多斯理工学校',
];
const LEVELS = ['中职', '高职专科', '高职本科'];

/** Enough rows that each part inflates to well over 64 KiB (four chunks and more). */
const ROWS = 3000;
const nameOf = (i: number) => `${NAMES[i % NAMES.length]}（第${i + 1}分校）`;
const expectedNames = Array.from({ length: ROWS }, (_v, i) => nameOf(i));

const dir = mkdtempSync(path.join(os.tmpdir(), 'vet-report-xlsx-utf8-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The inflated bytes of each part of a zip, found through its central directory (the streaming writer leaves local sizes 0). */
function parts(zip: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let p = zip.readUInt32LE(eocd + 16);
  for (let k = zip.readUInt16LE(eocd + 10); k > 0; k--) {
    const nameLen = zip.readUInt16LE(p + 28);
    const name = zip.toString('utf8', p + 46, p + 46 + nameLen);
    const size = zip.readUInt32LE(p + 20);
    const local = zip.readUInt32LE(p + 42);
    const at = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(at, at + size);
    out.set(name, zip.readUInt16LE(p + 10) === 8 ? inflateRawSync(raw) : Buffer.from(raw));
    p += 46 + nameLen + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
  return out;
}

/** How many 16 KiB boundaries of the part fall inside a character (on a UTF-8 continuation byte). */
function splitCharacters(xml: Buffer): number {
  let n = 0;
  for (let k = 1 << 14; k < xml.length; k += 1 << 14) if ((xml[k] & 0xc0) === 0x80) n++;
  return n;
}

/** Column B of rows 2.. as `read` gives them. */
async function namesRead(rows: AsyncIterable<{ number: number; cells: unknown[] }>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const r of rows) if (r.number > 1) out.push(r.cells[1]);
  return out;
}

async function* ourRows(file: string) {
  for await (const s of readXlsx(file)) for await (const b of s.batches) yield* b;
}

async function* exceljsRows(file: string) {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { sharedStrings: 'cache', worksheets: 'emit' });
  for await (const ws of reader as unknown as AsyncIterable<AsyncIterable<ExcelJS.Row>>)
    for await (const row of ws) yield { number: row.number, cells: (row.values as unknown[]).slice(1) };
}

const workbooks = {
  /** The repository's writer: exceljs with shared strings, deflated by node:zlib. */
  async 'shared strings'(file: string): Promise<string> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('院校基本情况');
    ws.addRow(['学校标识码', '学校名称', '办学层次']);
    for (let i = 0; i < ROWS; i++) ws.addRow([String(3_704_000_000 + i), nameOf(i), LEVELS[i % 3]]);
    writeFileSync(file, await xlsxBytes(wb, new Date(Date.UTC(2024, 0, 1))));
    return 'xl/sharedStrings.xml';
  },
  /** exceljs's streaming writer without shared strings: the text is in the sheet itself. */
  async 'inline strings'(file: string): Promise<string> {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
    const ws = wb.addWorksheet('院校基本情况');
    ws.addRow(['学校标识码', '学校名称', '办学层次']).commit();
    for (let i = 0; i < ROWS; i++) ws.addRow([String(3_704_000_000 + i), nameOf(i), LEVELS[i % 3]]).commit();
    ws.commit();
    await wb.commit();
    return 'xl/worksheets/sheet1.xml';
  },
};

describe('reading Chinese text across the chunks of a part', () => {
  it('uses the exceljs whose internals xlsx-reader.ts calls', () => {
    // WorkbookReader's part parsers are exceljs internals: another version must be checked again
    // (and, if it decodes parts whole, xlsx-reader.ts can go).
    expect(packageVersion('exceljs')).toBe('4.4.0');
    expect(hasInternals()).toBe(true);
  });

  for (const [kind, write] of Object.entries(workbooks)) {
    it(`${kind}: reads every name as written, where exceljs alone does not`, async () => {
      const file = path.join(dir, `${kind}.xlsx`);
      const part = await write(file);
      const xml = parts(readFileSync(file)).get(part)!;
      // The fixture does what it is for: characters cut at chunk boundaries of a part > 64 KiB.
      expect(xml.length).toBeGreaterThan(4 << 14);
      expect(splitCharacters(xml)).toBeGreaterThan(0);

      expect(await namesRead(ourRows(file))).toEqual(expectedNames);
      const sheets = [];
      for await (const s of readXlsx(file)) {
        for await (const _b of s.batches);
        sheets.push({ name: s.name, issues: s.issues });
      }
      expect(sheets).toEqual([{ name: '院校基本情况', issues: [] }]);

      // exceljs's own streaming reader garbles some of them. When it no longer does, the
      // workaround in xlsx-reader.ts can be removed.
      const plain = await namesRead(exceljsRows(file));
      expect(plain.length).toBe(ROWS);
      expect(plain.some((n) => String(n).includes('\uFFFD'))).toBe(true);
    });
  }
});

describe('a cell whose text is broken in the file itself', () => {
  it('is a warning naming file, sheet, row and column; the row is accepted', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('院校基本情况');
    ws.addRow(ROSTER_HEADER);
    for (let i = 1; i <= 5; i++) ws.addRow(rosterRow(i, i === 3 ? { 学校名称: '损坏职业学院' } : {}));
    // Stored uncompressed, so the name's bytes can be damaged in place: 损 loses its first byte.
    const zip = Buffer.from(await wb.xlsx.writeBuffer({ zip: { compression: 'STORE' } } as never));
    const at = zip.indexOf(Buffer.from('损坏职业学院'));
    expect(at).toBeGreaterThan(0);
    zip[at] = 0xff;
    const file = path.join(dir, '院校基本情况-损坏.xlsx');
    writeFileSync(file, zip);

    const v = await runValidate([file]);
    const broken = v.findings.filter((f) => f.code === 'CELL_REPLACEMENT_CHARS');
    expect(broken).toHaveLength(1);
    expect(broken[0]).toMatchObject({ severity: 'warning', sheet: '院校基本情况', row: 4, column: 'B', header: '学校名称' });
    expect(broken[0].file).toContain('院校基本情况-损坏.xlsx');
    expect(broken[0].value).toMatch(/^\uFFFD+坏职业学院$/);
    expect(broken[0].message).toContain('无法识别的字符');
    expect(v.files.map((f) => [f.read, f.accepted, f.rejected])).toEqual([[6, 5, 0]]);
  });
});

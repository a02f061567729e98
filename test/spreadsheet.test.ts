import ExcelJS from 'exceljs';
import { crc32, inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { xlsxBytes } from '../src/spreadsheet.js';

/** Every entry of a zip, read from its central directory: name, method, data as stored, CRC. */
function entries(zip: Buffer) {
  let eocd = zip.length - 22;
  while (zip.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  const out = [];
  let p = zip.readUInt32LE(eocd + 16);
  for (let k = 0; k < zip.readUInt16LE(eocd + 10); k++) {
    const nameLen = zip.readUInt16LE(p + 28);
    const local = zip.readUInt32LE(p + 42);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    out.push({
      name: zip.toString('utf8', p + 46, p + 46 + nameLen),
      method: zip.readUInt16LE(p + 10),
      localMethod: zip.readUInt16LE(local + 8),
      crc: zip.readUInt32LE(p + 16),
      size: zip.readUInt32LE(p + 24),
      dosDate: zip.readUInt16LE(p + 14),
      data: zip.subarray(start, start + zip.readUInt32LE(p + 20)),
    });
    p += 46 + nameLen + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
  return out;
}

function workbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('院校');
  ws.addRow(['省份', '院校数', '在校生（万人）']);
  for (let i = 0; i < 300; i++) ws.addRow([`山东${i}`, i, i / 7]);
  return wb;
}

describe('xlsxBytes', () => {
  const date = new Date(Date.UTC(2024, 0, 1));

  it('writes a deflated zip whose entries inflate to their CRC-32, dated as asked', async () => {
    const zip = Buffer.from(await xlsxBytes(workbook(), date));
    const list = entries(zip);
    expect(list.map((e) => e.name)).toContain('xl/worksheets/sheet1.xml');
    const sheet = list.find((e) => e.name === 'xl/worksheets/sheet1.xml')!;
    expect(sheet.method).toBe(8);
    expect(sheet.data.length).toBeLessThan(sheet.size / 3);
    for (const e of list) {
      expect(e.localMethod, e.name).toBe(e.method);
      const plain = e.method === 8 ? inflateRawSync(e.data) : e.data;
      expect(plain.length, e.name).toBe(e.size);
      expect(crc32(plain) >>> 0, e.name).toBe(e.crc);
      expect(e.dosDate, e.name).toBe(((2024 - 1980) << 9) | (1 << 5) | 1);
    }
  });

  it('reads back in exceljs with the same cells', async () => {
    const back = new ExcelJS.Workbook();
    await back.xlsx.load(Buffer.from(await xlsxBytes(workbook(), date)) as never);
    const ws = back.getWorksheet('院校')!;
    expect(ws.rowCount).toBe(301);
    expect(ws.getRow(1).values).toEqual([undefined, '省份', '院校数', '在校生（万人）']);
    expect(ws.getCell('A301').value).toBe('山东299');
    expect(ws.getCell('C9').value).toBeCloseTo(1, 10); // row 9 holds i = 7
  });

  it('gives the same bytes for the same workbook', async () => {
    const a = Buffer.from(await xlsxBytes(workbook(), date));
    const b = Buffer.from(await xlsxBytes(workbook(), date));
    expect(a.equals(b)).toBe(true);
  });
});

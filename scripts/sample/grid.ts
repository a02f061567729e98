/**
 * A sheet as a grid of cells, written either as an .xlsx worksheet (exceljs) or as delimited text
 * (GBK CSV, as Excel on a Chinese Windows saves it). Output is byte-for-byte reproducible: the
 * workbook's dates are pinned and the zip entries' DOS timestamps are rewritten to a fixed date.
 */

import { pinZipTimes } from '../../src/spreadsheet.js';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

export type CellValue = string | number | Date | null;

export interface Cell {
  v: CellValue;
  /** Excel number format ('@' text, 'yyyy-mm-dd', '#,##0'). */
  fmt?: string;
  bold?: boolean;
  /** Horizontal alignment. */
  align?: 'left' | 'center' | 'right';
}

export interface Sheet {
  name: string;
  rows: Cell[][];
  /** Merged ranges, 1-based inclusive: [top, left, bottom, right]. */
  merges?: [number, number, number, number][];
  widths?: number[];
  /** Rows (1-based) to freeze above. */
  freezeRows?: number;
}

export const c = (v: CellValue, extra?: Omit<Cell, 'v'>): Cell => ({ v, ...extra });

/** The date every generated workbook carries as created/modified (and every zip entry's time). */
export const PINNED_DATE = new Date(Date.UTC(2024, 3, 15, 0, 0, 0));

export async function xlsxBuffer(sheets: Sheet[], title: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'vet-report scripts/generate-sample.ts';
  wb.lastModifiedBy = 'vet-report scripts/generate-sample.ts';
  wb.created = PINNED_DATE;
  wb.modified = PINNED_DATE;
  wb.title = title;
  wb.subject = '示例数据（非真实统计）';
  wb.description = '由 scripts/generate-sample.ts 按固定随机种子生成的示例数据，非真实统计，仅供测试与演示。';
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name, s.freezeRows ? { views: [{ state: 'frozen', ySplit: s.freezeRows }] } : undefined);
    s.rows.forEach((cells, r) => {
      cells.forEach((cell, k) => {
        if (cell.v === null && !cell.bold) return;
        const xc = ws.getCell(r + 1, k + 1);
        if (cell.v !== null) xc.value = cell.v;
        if (cell.fmt) xc.numFmt = cell.fmt;
        if (cell.bold) xc.font = { bold: true };
        if (cell.align) xc.alignment = { horizontal: cell.align, vertical: 'middle', wrapText: true };
      });
    });
    for (const [t, l, b, rr] of s.merges ?? []) ws.mergeCells(t, l, b, rr);
    (s.widths ?? []).forEach((w, k) => (ws.getColumn(k + 1).width = w));
  }
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  pinZipTimes(buf, PINNED_DATE);
  return buf;
}

function csvField(v: CellValue): string {
  let s: string;
  if (v === null) s = '';
  else if (v instanceof Date) s = `${v.getUTCFullYear()}/${v.getUTCMonth() + 1}/${v.getUTCDate()}`;
  else s = String(v);
  return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

/** Comma-separated, CRLF after every line, every line as wide as the widest (as Excel writes it). */
export function csvText(sheet: Sheet): string {
  const width = Math.max(...sheet.rows.map((r) => r.length));
  return sheet.rows
    .map((r) => {
      const cells: string[] = [];
      for (let k = 0; k < width; k++) cells.push(csvField(r[k]?.v ?? null));
      return cells.join(',') + '\r\n';
    })
    .join('');
}

export function gbkBuffer(text: string): Buffer {
  const buf = iconv.encode(text, 'gbk');
  if (iconv.decode(buf, 'gbk') !== text) throw new Error('text does not round-trip through GBK');
  return buf;
}

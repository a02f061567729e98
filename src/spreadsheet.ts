/** Helpers for the spreadsheets and CSV files the tool writes for people to open. */
import type ExcelJS from 'exceljs';
import { displayWidth } from './text-width.js';

/**
 * Text that a spreadsheet would take for a formula (= + - @, tab, CR at the start) is
 * neutralised with a leading apostrophe, so a cell from input data cannot run as a formula.
 */
export function safeText<T extends string | null | undefined>(v: T): T {
  return (typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v) as T;
}

/** Column width (in Excel's character units) that fits Chinese text: CJK counts double. */
export function fitWidth(values: Iterable<unknown>, min = 6, max = 60): number {
  let w = min;
  for (const v of values) if (v !== null && v !== undefined) w = Math.max(w, displayWidth(String(v)) + 2);
  return Math.min(w, max);
}

/** One CSV field, quoted when needed (RFC 4180). */
export function csvField(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * Rewrites every zip entry's DOS modification time (local and central headers) to `d`, so the
 * same workbook written twice is the same bytes (JSZip stamps entries with the current time).
 */
export function pinZipTimes(buf: Buffer, d: Date): void {
  const dosTime = 0;
  const dosDate = ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate();
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('zip: no end of central directory');
  const entries = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  for (let k = 0; k < entries; k++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('zip: bad central directory entry');
    buf.writeUInt16LE(dosTime, p + 12);
    buf.writeUInt16LE(dosDate, p + 14);
    const local = buf.readUInt32LE(p + 42);
    if (buf.readUInt32LE(local) !== 0x04034b50) throw new Error('zip: bad local header');
    buf.writeUInt16LE(dosTime, local + 10);
    buf.writeUInt16LE(dosDate, local + 12);
    p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
}

/** A workbook's bytes with its dates pinned: the same content always gives the same file. */
export async function xlsxBytes(wb: ExcelJS.Workbook, date: Date): Promise<Uint8Array> {
  wb.created = wb.modified = date;
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  pinZipTimes(buf, date);
  return new Uint8Array(buf);
}

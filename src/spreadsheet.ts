/** Helpers for the spreadsheets and CSV files the tool writes for people to open. */
import type ExcelJS from 'exceljs';
import { deflateRawSync } from 'node:zlib';
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
  const dosDate = dosDateOf(d);
  const eocd = endOfCentralDirectory(buf);
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

/**
 * A zip whose entries are stored uncompressed, rewritten with each entry deflated by Node's zlib
 * and every entry's DOS time set to `d`. exceljs compresses through JSZip's JavaScript deflate,
 * which was most of the time of writing a workbook (~2 s of a full build's edition workbooks);
 * asked to store, JSZip still writes the CRC-32s, and the rest is headers.
 */
export function deflateZip(stored: Buffer, d: Date): Buffer {
  const dosDate = dosDateOf(d);
  const eocd = endOfCentralDirectory(stored);
  const entries = stored.readUInt16LE(eocd + 10);
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  let p = stored.readUInt32LE(eocd + 16);
  for (let k = 0; k < entries; k++) {
    if (stored.readUInt32LE(p) !== 0x02014b50) throw new Error('zip: bad central directory entry');
    const cen = Buffer.from(stored.subarray(p, p + 46 + stored.readUInt16LE(p + 28) + stored.readUInt16LE(p + 30) + stored.readUInt16LE(p + 32)));
    p += cen.length;
    const at = cen.readUInt32LE(42);
    if (stored.readUInt32LE(at) !== 0x04034b50) throw new Error('zip: bad local header');
    const localLen = 30 + stored.readUInt16LE(at + 26) + stored.readUInt16LE(at + 28);
    const local = Buffer.from(stored.subarray(at, at + localLen));
    if (cen.readUInt16LE(8) & 8) throw new Error('zip: data descriptors are not supported');
    const method = cen.readUInt16LE(10);
    const raw = stored.subarray(at + localLen, at + localLen + cen.readUInt32LE(20));
    const packed = method === 0 ? deflateRawSync(raw) : null;
    const data = packed && packed.length < raw.length ? packed : raw;
    for (const [h, o] of [[local, 4], [cen, 6]] as const) {
      if (data === packed) {
        h.writeUInt16LE(Math.max(20, h.readUInt16LE(o)), o); // version needed: deflate
        h.writeUInt16LE(8, o + 4);
      }
      h.writeUInt16LE(0, o + 6); // DOS time
      h.writeUInt16LE(dosDate, o + 8);
      h.writeUInt32LE(data.length, o + 14); // compressed size
    }
    cen.writeUInt32LE(offset, 42);
    parts.push(local, data);
    central.push(cen);
    offset += local.length + data.length;
  }
  const end = Buffer.from(stored.subarray(eocd));
  const cd = Buffer.concat(central);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cd, end]);
}

/** A date as a zip entry's DOS date (the time is written as 00:00). */
function dosDateOf(d: Date): number {
  return ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate();
}

function endOfCentralDirectory(buf: Buffer): number {
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) return i;
  }
  throw new Error('zip: no end of central directory');
}

/** A workbook's bytes with its dates pinned: the same content always gives the same file. */
export async function xlsxBytes(wb: ExcelJS.Workbook, date: Date): Promise<Uint8Array> {
  wb.created = wb.modified = date;
  const stored = Buffer.from(await wb.xlsx.writeBuffer({ zip: { compression: 'STORE' } } as never));
  return new Uint8Array(deflateZip(stored, date));
}

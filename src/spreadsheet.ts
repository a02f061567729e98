/** Helpers for the spreadsheets and CSV files the tool writes for people to open. */
import type ExcelJS from 'exceljs';
import { type FileHandle, open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
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
    for (const [h, o] of [
      [local, 4],
      [cen, 6],
    ] as const) {
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

/** One entry of a zip as its central directory lists it. */
export interface ZipEntry {
  name: string;
  /** The entry's central directory record (46 bytes + name + extra + comment). */
  cen: Buffer;
  method: number;
  compressed: number;
  local: number;
}

function zipEntries(buf: Buffer, cdStart: number, count: number): ZipEntry[] {
  const out: ZipEntry[] = [];
  let p = cdStart;
  for (let k = 0; k < count; k++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw new Error('zip: bad central directory entry');
    const len = 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    const cen = buf.subarray(p, p + len);
    out.push({
      name: cen.toString('utf8', 46, 46 + cen.readUInt16LE(28)),
      cen,
      method: cen.readUInt16LE(10),
      compressed: cen.readUInt32LE(20),
      local: cen.readUInt32LE(42),
    });
    p += len;
  }
  return out;
}

/** Where an entry's data starts, from its local header. */
function dataStart(buf: Buffer, e: ZipEntry): number {
  if (buf.readUInt32LE(e.local) !== 0x04034b50) throw new Error('zip: bad local header');
  return e.local + 30 + buf.readUInt16LE(e.local + 26) + buf.readUInt16LE(e.local + 28);
}

function entryText(buf: Buffer, e: ZipEntry): string {
  const at = dataStart(buf, e);
  const raw = buf.subarray(at, at + e.compressed);
  return (e.method === 8 ? inflateRawSync(raw) : raw).toString('utf8');
}

/** A relationship part's absolute targets (`/xl/worksheets/sheet1.xml`) made relative to its source part. */
export function relativeTargets(relsName: string, xml: string): string {
  // xl/_rels/workbook.xml.rels describes xl/workbook.xml: targets are relative to xl/.
  const base = path.posix.dirname(path.posix.dirname(relsName));
  return xml.replace(/<Relationship\b[^>]*>/g, (el) =>
    /TargetMode\s*=\s*"External"/.test(el)
      ? el
      : el.replace(/\bTarget\s*=\s*"\/([^"]*)"/, (_m, t: string) => `Target="${path.posix.relative(base === '.' ? '' : base, t)}"`),
  );
}

/**
 * How to load an .xlsx whole (the annotated copy's original): as it is on disk, from rewritten
 * bytes, or not at all. The streaming reader (src/ingest/xlsx-reader.ts) reads the zip itself and
 * makes the relationships' targets relative as it reads them.
 *   file          read the file itself (Excel, WPS, exceljs: the usual case)
 *   bytes         read these bytes instead: the workbook's relationships used absolute targets
 *                 (openpyxl and pandas write `/xl/worksheets/sheet1.xml`), which exceljs does not
 *                 resolve (sheets read as Sheet1, Sheet2 and the annotated copy left unmarked);
 *                 here they are made relative, nothing else changes
 *   not-workbook  a zip without xl/workbook.xml (detail says what it holds)
 * A zip whose directory cannot be read (cut off) is read as a file: the reader reports it.
 */
export type XlsxSource = { kind: 'file' } | { kind: 'bytes'; bytes: Buffer } | { kind: 'not-workbook'; detail: string };

/**
 * A zip's entries as its central directory lists them, read from the file's tail; null when the
 * directory cannot be found (a file cut off, zip64, a directory that does not fit the file); a
 * directory found but malformed throws.
 */
export async function zipDirectory(fh: FileHandle): Promise<ZipEntry[] | null> {
  const size = (await fh.stat()).size;
  const tailLen = Math.min(size, 22 + 65535);
  const tail = Buffer.alloc(tailLen);
  await fh.read(tail, 0, tailLen, size - tailLen);
  let eocd: number;
  try {
    eocd = endOfCentralDirectory(tail);
  } catch {
    return null;
  }
  const count = tail.readUInt16LE(eocd + 10);
  const cdSize = tail.readUInt32LE(eocd + 12);
  const cdStart = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdStart === 0xffffffff || cdStart + cdSize > size) return null;
  const cd = Buffer.alloc(cdSize);
  await fh.read(cd, 0, cdSize, cdStart);
  return zipEntries(cd, 0, count);
}

/** Where an entry's data starts in the file, from its local header; null when there is no local header there. */
export async function entryDataStart(fh: FileHandle, e: ZipEntry): Promise<number | null> {
  const head = Buffer.alloc(30);
  const { bytesRead } = await fh.read(head, 0, 30, e.local);
  if (bytesRead < 30 || head.readUInt32LE(0) !== 0x04034b50) return null;
  return e.local + 30 + head.readUInt16LE(26) + head.readUInt16LE(28);
}

/** Why a zip is not a workbook (it has no xl/workbook.xml), or null when it is one. */
export function notWorkbook(entries: ZipEntry[]): string | null {
  if (entries.some((e) => e.name === 'xl/workbook.xml')) return null;
  const names = entries.filter((e) => !e.name.endsWith('/')).map((e) => e.name);
  const shown = names.slice(0, 3).join('、') + (names.length > 3 ? ` 等 ${names.length} 个文件` : '');
  return names.length ? `其中是 ${shown}，没有 xl/workbook.xml` : '压缩包是空的';
}

/** Only the tail (directory) and the small .rels entries are read, unless a rewrite is needed. */
export async function xlsxSource(file: string): Promise<XlsxSource> {
  const fh = await open(file, 'r');
  try {
    const entries = await zipDirectory(fh);
    // A zip whose directory cannot be read: leave it to the reader.
    if (!entries) return { kind: 'file' };
    const detail = notWorkbook(entries);
    if (detail) return { kind: 'not-workbook', detail };
    const rels = entries.filter((e) => e.name.endsWith('.rels') && e.compressed < 1 << 20);
    let absolute = false;
    for (const e of rels) {
      const at = await entryDataStart(fh, e);
      if (at === null) return { kind: 'file' };
      const raw = Buffer.alloc(e.compressed);
      await fh.read(raw, 0, e.compressed, at);
      const xml = (e.method === 8 ? inflateRawSync(raw) : raw).toString('utf8');
      if (/\bTarget\s*=\s*"\//.test(xml)) absolute = true;
    }
    if (!absolute) return { kind: 'file' };
  } finally {
    await fh.close();
  }
  return { kind: 'bytes', bytes: rewriteRels(await readFile(file)) };
}

/** The zip again, each .rels entry's absolute targets made relative (stored uncompressed), the rest as it was. */
function rewriteRels(buf: Buffer): Buffer {
  const eocd = endOfCentralDirectory(buf);
  const entries = zipEntries(buf, buf.readUInt32LE(eocd + 16), buf.readUInt16LE(eocd + 10));
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const cen = Buffer.from(e.cen);
    const nameBytes = cen.subarray(46, 46 + cen.readUInt16LE(28));
    let data = buf.subarray(dataStart(buf, e), dataStart(buf, e) + e.compressed);
    if (e.name.endsWith('.rels')) {
      const xml = entryText(buf, e);
      const fixed = relativeTargets(e.name, xml);
      if (fixed !== xml) {
        data = Buffer.from(fixed, 'utf8');
        cen.writeUInt16LE(0, 10); // stored
        cen.writeUInt32LE(crc32(data), 16);
        cen.writeUInt32LE(data.length, 20);
        cen.writeUInt32LE(data.length, 24);
      }
    }
    // A fresh local header from the directory record: no data descriptor to carry along.
    cen.writeUInt16LE(cen.readUInt16LE(8) & ~8, 8);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    cen.copy(local, 4, 6, 30); // version needed, flags, method, time, date, crc, sizes
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    cen.writeUInt32LE(offset, 42);
    parts.push(local, nameBytes, data);
    central.push(cen);
    offset += local.length + nameBytes.length + data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cd, end]);
}

/** Loads a whole workbook as xlsxSource says to read it (the annotated copy's original). */
export async function loadXlsx(wb: ExcelJS.Workbook, file: string): Promise<void> {
  const source = await xlsxSource(file);
  if (source.kind === 'bytes') await wb.xlsx.load(source.bytes as never);
  else await wb.xlsx.readFile(file);
}

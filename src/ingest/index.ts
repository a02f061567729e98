/**
 * Stage 1, ingest: files → sheets assigned to tables → classified rows with their origin.
 *
 * Everything is streamed: a sheet's rows must be consumed before the next sheet is asked for
 * (exceljs reads the workbook front to back). Every row the reader produces is classified, so
 * the validate stage can account for each one as accepted, rejected or skipped.
 */
import { open } from 'node:fs/promises';
import path from 'node:path';
import type { Encoding } from './decode.js';
import { listInputs, type InputFile } from './files.js';
import { findHeader, type HeaderMatch } from './header.js';
import { NotWorkbookError, readDelimited, readXlsx, type RawCell, type RawRow, type RawSheet, type SheetIssue } from './sheets.js';
import { cachedSheets, lookupSheets, type SheetLookup } from './sheet-cache.js';
import { documentProblem, readCaseDocument, type CaseDocument } from './documents.js';
import { cleanText } from '../validate/values.js';
import { FS_ERRNO, fsReason, type FindingCode } from '../messages.js';

export { listInputs, type InputFile } from './files.js';
export { columnLetter, type HeaderMatch } from './header.js';
export type { RawCell, RawRow, SheetIssue } from './sheets.js';

/** preamble: titles and header rows above the data. */
export type RowKind = 'preamble' | 'data' | 'blank' | 'note' | 'total' | 'subtotal';

export interface ClassifiedRow extends RawRow {
  kind: RowKind;
}

export interface IngestedSheet {
  file: InputFile;
  sheet: string;
  encoding?: Encoding;
  /** null when the sheet matches no table; skipReason says why. */
  match: HeaderMatch | null;
  skipReason?: string;
  /** The sheet's rows in order, a batch at a time (what validate reads). */
  batches: AsyncIterable<ClassifiedRow[]>;
  /** The same rows one at a time; a sheet is read once, through one or the other. */
  rows: AsyncIterable<ClassifiedRow>;
  /** Set when reading stopped part-way (truncated or corrupt workbook). */
  error?: string;
  /** Findings about reading the text (encoding, unclosed quote); complete once the rows are read. */
  issues: SheetIssue[];
}

export type IngestEvent =
  | { type: 'sheet'; sheet: IngestedSheet }
  /** A case document (.docx, .md): its fields, title and safe body. */
  | { type: 'document'; file: InputFile; doc: CaseDocument }
  | { type: 'file-error'; file: InputFile; code: FindingCode; params: Record<string, string> };

/** How far down a header may stand (titles, 填报单位, blank rows above it). */
const HEADER_WINDOW = 30;

const TOTAL = /^(合计|总计|全省合计|全国合计)$/;
const SUBTOTAL = /^小计$/;
const NOTE = /^(注|说明|填表说明|填报说明|备注|填报人|制表人|审核人|负责人|联系人|联系电话)([:：\d、.．(（]|$)/;

export function classify(cells: RawCell[]): RowKind {
  let firstText: string | null = null;
  let filled = 0;
  for (const c of cells) {
    if (c === null || c === undefined) continue;
    const t = typeof c === 'string' ? cleanText(c) : String(c);
    if (t === '') continue;
    filled++;
    if (firstText === null && typeof c === 'string') firstText = t.replace(/\s+/g, '');
    // The kind is settled once the first text is known and the row is too full for a note.
    if (filled > 2 && firstText !== null) break;
  }
  if (filled === 0) return 'blank';
  if (firstText !== null) {
    if (TOTAL.test(firstText)) return 'total';
    if (SUBTOTAL.test(firstText)) return 'subtotal';
    if (filled <= 2 && NOTE.test(firstText)) return 'note';
  }
  return 'data';
}

async function sniff(file: string): Promise<Buffer> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(8);
    const { bytesRead } = await fh.read(buf, 0, 8, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

/** Buffers the header window, finds the header, then streams the rest of the sheet. */
async function prepareSheet(file: InputFile, raw: RawSheet): Promise<IngestedSheet> {
  const iter = raw.batches[Symbol.asyncIterator]();
  const out: IngestedSheet = {
    file,
    sheet: raw.name,
    encoding: raw.encoding,
    match: null,
    batches: (async function* () {})(),
    rows: (async function* () {})(),
    issues: raw.issues ?? [],
  };
  // Whole batches are buffered until they cover the header window.
  const buffered: RawRow[][] = [];
  let count = 0;
  let done = false;
  try {
    while (count < HEADER_WINDOW) {
      const n = await iter.next();
      if (n.done) {
        done = true;
        break;
      }
      buffered.push(n.value);
      count += n.value.length;
    }
  } catch (e) {
    out.error = shortError(e as Error);
    done = true;
  }
  const head = buffered.flat().slice(0, HEADER_WINDOW);
  const match = findHeader(head);
  out.match = match;
  if (!match) out.skipReason = head.some((r) => classify(r.cells) !== 'blank') ? '没有找到可识别的表头' : '空工作表';
  // Rows of an unmatched sheet are all skipped; blank ones still count as blank.
  const kindOf = (r: RawRow): RowKind => {
    if (!match) return classify(r.cells) === 'blank' ? 'blank' : 'preamble';
    return r.number <= match.headerRow ? 'preamble' : classify(r.cells);
  };
  // Rows with nothing in them are not stored in an .xlsx; Excel still shows (and numbers) them,
  // so the gaps come back as blank rows and are counted as read and skipped like any other.
  let next = 1;
  // The reader's row objects become the classified rows (one object per row, not two); a batch
  // is copied only when a gap has to be filled in.
  const classifyBatch = (batch: RawRow[]): ClassifiedRow[] => {
    let filled: ClassifiedRow[] | null = null;
    for (let i = 0; i < batch.length; i++) {
      const row = batch[i] as ClassifiedRow;
      if (row.number !== next) {
        filled ??= batch.slice(0, i) as ClassifiedRow[];
        for (; next < row.number; next++) filled.push({ number: next, cells: [], kind: kindOf({ number: next, cells: [] }) });
      }
      next = row.number + 1;
      row.kind = kindOf(row);
      if (filled) filled.push(row);
    }
    return filled ?? (batch as ClassifiedRow[]);
  };
  out.batches = (async function* () {
    for (const b of buffered) yield classifyBatch(b);
    if (done) return;
    try {
      for (;;) {
        const n = await iter.next();
        if (n.done) return;
        yield classifyBatch(n.value);
      }
    } catch (e) {
      // A workbook truncated mid-sheet: keep what was read, report the rest as unreadable.
      out.error = shortError(e as Error);
    }
  })();
  out.rows = (async function* () {
    for await (const b of out.batches) yield* b;
  })();
  return out;
}

/** Every sheet of every input, in input order. Unreadable files become file-error events. */
export interface IngestOptions {
  /**
   * Keep each file's sheets in the tool cache and read unchanged files back from it (the CLI's
   * commands and builds, which read the same inputs again and again; ~8 % more the first time).
   */
  keepSheets?: boolean;
}

export async function* ingest(paths: readonly string[], opts: IngestOptions = {}): AsyncGenerator<IngestEvent> {
  const files = await listInputs(paths);
  if (!opts.keepSheets) {
    for (const file of files) yield* ingestFile(file);
    return;
  }
  // The next few files are looked up in the sheet cache ahead: one after another, the waits on
  // the disk were most of reading a year's submissions back.
  const ahead = new Map<InputFile, Promise<SheetLookup | null>>();
  for (let i = 0; i < files.length; i++) {
    for (const f of files.slice(i, i + LOOKAHEAD))
      if ((f.kind === 'xlsx' || f.kind === 'csv') && !f.refused && !ahead.has(f)) ahead.set(f, lookupSheets(f.path));
    yield* ingestFile(files[i]!, ahead.get(files[i]!));
    ahead.delete(files[i]!);
  }
}

const LOOKAHEAD = 8;

/** lookup: the file's sheet-cache lookup (see ingest's keepSheets); without one the file is only read. */
export async function* ingestFile(file: InputFile, lookup?: Promise<SheetLookup | null>): AsyncGenerator<IngestEvent> {
  const sheetsOf = (read: () => AsyncIterable<RawSheet>) => (lookup ? cachedSheets(file.path, read, lookup) : read());
  const ext = path.extname(file.path).toLowerCase() || '无扩展名';
  // Not a file to open (a FIFO would hang the read, /dev/zero never end it), or too large.
  if (file.refused) {
    yield { type: 'file-error', file, code: file.refused.code, params: file.refused.params };
    return;
  }
  if (file.kind === 'xls') {
    yield { type: 'file-error', file, code: 'FILE_XLS', params: {} };
    return;
  }
  if (file.kind === 'docx' || file.kind === 'markdown') {
    yield* ingestDocument(file);
    return;
  }
  if (file.kind === 'other') {
    yield { type: 'file-error', file, code: 'FILE_UNSUPPORTED', params: { ext } };
    return;
  }
  try {
    if (file.kind === 'csv') {
      for await (const raw of sheetsOf(async function* () {
        yield await readDelimited(file.path);
      })) {
        yield { type: 'sheet', sheet: await prepareSheet(file, raw) };
      }
      return;
    }
    const magic = await sniff(file.path);
    if (magic.subarray(0, 4).equals(OLE)) {
      yield { type: 'file-error', file, code: 'FILE_XLS', params: {} };
      return;
    }
    if (magic[0] !== 0x50 || magic[1] !== 0x4b) {
      yield { type: 'file-error', file, code: 'FILE_CORRUPT', params: { detail: '不是 zip 格式' } };
      return;
    }
    let sheets = 0;
    for await (const raw of sheetsOf(() => readXlsx(file.path))) {
      const sheet = await prepareSheet(file, raw);
      sheets++;
      yield { type: 'sheet', sheet };
      // The reader cannot go on past a sheet that failed; the failure is reported with that sheet.
      if (sheet.error) return;
    }
    // A file that gave nothing at all is still accounted for.
    if (sheets === 0) yield { type: 'file-error', file, code: 'FILE_NOT_WORKBOOK', params: { detail: '其中没有可读的工作表' } };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (e instanceof NotWorkbookError) {
      yield { type: 'file-error', file, code: 'FILE_NOT_WORKBOOK', params: { detail: e.detail } };
    } else if (err.code && FS_ERRNO[err.code]) {
      yield { type: 'file-error', file, code: 'FILE_UNREADABLE', params: { detail: fsReason(err) } };
    } else {
      yield { type: 'file-error', file, code: 'FILE_CORRUPT', params: { detail: shortError(err) } };
    }
  }
}

/** A case document, read whole (they are small); one that cannot be read is a finding, not a crash. */
export async function* ingestDocument(file: InputFile): AsyncGenerator<IngestEvent> {
  let doc: CaseDocument;
  try {
    doc = await readCaseDocument(file.path);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EACCES' || err.code === 'EISDIR' || err.code === 'ENOENT') {
      yield { type: 'file-error', file, code: 'FILE_UNREADABLE', params: { detail: fsReason(err) } };
    } else {
      yield { type: 'file-error', file, code: 'CASE_DOC_UNREADABLE', params: { detail: documentProblem(err) } };
    }
    return;
  }
  yield { type: 'document', file, doc };
}

function shortError(e: Error): string {
  const m = String(e?.message ?? e).split('\n')[0];
  return m.length > 80 ? m.slice(0, 80) + '…' : m;
}

/**
 * exceljs's streaming workbook reader, given text instead of bytes.
 *
 * exceljs 4.4 turns each inflated chunk (16 KiB) of an XML part into text on its own
 * (lib/utils/parse-sax.js calls browser-buffer-decode.js, which uses one shared TextDecoder
 * without `{stream: true}`). A character whose UTF-8 bytes fall across two chunks is read as
 * U+FFFD, and nothing says so (枣庄工程技师学��� in the sample data; exceljs issues #2063 and #2084,
 * still open). Text that arrives as a string is passed through unchanged.
 *
 * So here the zip is opened through its directory, and each part is inflated with node:zlib and
 * decoded by one streaming TextDecoder for the whole part. exceljs's own parsers for
 * relationships, workbook, shared strings, styles and worksheet rows then get the part as text.
 * Only `parse()` is replaced. It calls the same parsers for each part that WorkbookReader.parse
 * calls; those are exceljs 4.4 internals (listed in `Internals`). test/ingest/xlsx-reader.test.ts
 * checks the exceljs version and that these methods exist. If they are missing (another exceljs),
 * exceljs reads the file itself, and any U+FFFD that results is reported for each cell.
 *
 * Reading parts through the directory also lets them be read in the order they are needed. exceljs
 * reads the zip from front to back, so it writes every worksheet that comes before the shared
 * strings (Excel puts them there) to a temporary file first. Relationship targets that openpyxl
 * writes as absolute paths (`/xl/worksheets/sheet1.xml`) are made relative while the part is read.
 * Memory stays bounded: a worksheet streams one chunk at a time, and the shared strings are kept
 * (as before).
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline, Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import ExcelJS from 'exceljs';
import { entryDataStart, notWorkbook, relativeTargets, zipDirectory, type ZipEntry } from '../spreadsheet.js';

type Options = Partial<ExcelJS.stream.xlsx.WorkbookStreamReaderOptions>;
interface ReaderEvent {
  eventType: string;
  value: unknown;
}

/** The part parsers of exceljs 4.4's WorkbookReader (lib/stream/xlsx/workbook-reader.js) that parse() calls. */
interface Internals {
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncIterable<ReaderEvent>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseWorksheet(iterator: AsyncIterable<string>, sheetNo: string): Iterable<ReaderEvent>;
}
const INTERNALS = ['_parseRels', '_parseWorkbook', '_parseSharedStrings', '_parseStyles', '_parseWorksheet'] as const;

/** Whether this exceljs's WorkbookReader has the part parsers that parse() below calls. */
export function hasInternals(): boolean {
  const proto = ExcelJS.stream.xlsx.WorkbookReader.prototype as unknown as Record<string, unknown>;
  return INTERNALS.every((m) => typeof proto[m] === 'function');
}

/** One part of the zip: its directory entry and where its data starts in the file. */
interface Part {
  entry: ZipEntry;
  start: number;
}

const RELS = 'xl/_rels/workbook.xml.rels';
const SHEET = /^xl\/worksheets\/sheet(\d+)\.xml$/;

/**
 * A part's text, one piece for each inflated chunk. Only one decoder is used for the whole part,
 * so a character split between chunks is decoded whole. Bytes that are not UTF-8 at all come
 * through as U+FFFD.
 */
export async function* partText(file: string, { entry, start }: Part): AsyncGenerator<string> {
  if (entry.method !== 0 && entry.method !== 8) throw new Error(`zip: ${entry.name}: unsupported compression method ${entry.method}`);
  if (entry.compressed === 0) return;
  const raw = createReadStream(file, { start, end: start + entry.compressed - 1, highWaterMark: 1 << 16 });
  // pipeline passes an error from either stream on to the one iterated here.
  const bytes = entry.method === 8 ? pipeline(raw, createInflateRaw(), () => {}) : raw;
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of bytes) {
    const text = decoder.decode(chunk as Buffer, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

async function wholeText(file: string, part: Part): Promise<string> {
  let s = '';
  for await (const t of partText(file, part)) s += t;
  return s;
}

class TextWorkbookReader extends ExcelJS.stream.xlsx.WorkbookReader {
  constructor(
    private readonly file: string,
    private readonly parts: Map<string, Part>,
    options: Options,
  ) {
    super(file, options);
  }

  /** The parts in the order they are needed: the sheets' names, strings and formats come before the sheets. */
  override async *parse(): AsyncGenerator<ReaderEvent> {
    const self = this as unknown as Internals;
    const { file, parts } = this;
    const stream = (name: string) => Readable.from(partText(file, parts.get(name)!));
    if (parts.has(RELS)) await self._parseRels(Readable.from([relativeTargets(RELS, await wholeText(file, parts.get(RELS)!))]));
    if (parts.has('xl/workbook.xml')) await self._parseWorkbook(stream('xl/workbook.xml'));
    if (parts.has('xl/sharedStrings.xml')) yield* self._parseSharedStrings(stream('xl/sharedStrings.xml'));
    if (parts.has('xl/styles.xml')) await self._parseStyles(stream('xl/styles.xml'));
    // The sheets in zip order, as exceljs yields them.
    for (const [name, part] of parts) {
      const m = SHEET.exec(name);
      if (m) yield* self._parseWorksheet(partText(file, part), m[1]);
    }
  }
}

export type XlsxReader = { kind: 'reader'; reader: ExcelJS.stream.xlsx.WorkbookReader } | { kind: 'not-workbook'; detail: string };

/** How ingest streams a workbook: strings and formats kept for the cells, sheets emitted, links skipped. */
const READ_OPTIONS: Options = { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'emit' };

/**
 * A streaming reader for the workbook at `file`. If the zip directory cannot be found (a file cut
 * off, zip64), exceljs reads the file from front to back on its own and reports where it breaks.
 */
export async function xlsxReader(file: string): Promise<XlsxReader> {
  const fh = await open(file, 'r');
  const parts = new Map<string, Part>();
  try {
    const entries = hasInternals() ? await zipDirectory(fh) : null;
    if (!entries) return { kind: 'reader', reader: new ExcelJS.stream.xlsx.WorkbookReader(file, READ_OPTIONS) };
    const detail = notWorkbook(entries);
    if (detail) return { kind: 'not-workbook', detail };
    for (const entry of entries) {
      if (entry.name !== RELS && !/^xl\/(workbook|sharedStrings|styles)\.xml$/.test(entry.name) && !SHEET.test(entry.name)) continue;
      const start = await entryDataStart(fh, entry);
      if (start === null) throw new Error(`zip: bad local header (${entry.name})`);
      parts.set(entry.name, { entry, start });
    }
  } finally {
    await fh.close();
  }
  return { kind: 'reader', reader: new TextWorkbookReader(file, parts, READ_OPTIONS) };
}

/**
 * Sheet readers: each input becomes one or more raw sheets, streamed row by row.
 * A raw row is the cells of one spreadsheet row, index 0 = column A, with its row number as
 * Excel shows it. Cell values are plain: string, number, boolean, Date or null.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { decodeText, type Encoding } from './decode.js';
import { xlsxReader } from './xlsx-reader.js';
import type { FindingCode } from '../messages.js';

export type RawCell = string | number | boolean | Date | null;

export interface RawRow {
  number: number;
  cells: RawCell[];
}

export interface RawSheet {
  name: string;
  /**
   * The rows in order, a batch at a time: waiting on every single row costs more than reading it,
   * so rows travel through the stages in arrays of up to BATCH_ROWS.
   */
  batches: AsyncIterable<RawRow[]>;
  encoding?: Encoding;
  /**
   * Findings about the reading itself (encoding, an unclosed quote), in row order; row null for the
   * whole sheet. Filled while the rows are read: an issue is in the list before its row is yielded.
   */
  issues?: SheetIssue[];
}

export interface SheetIssue {
  code: FindingCode;
  row: number | null;
  /** The cell's column (0 = A) and text, for an issue about one cell. */
  col?: number;
  value?: string;
  params: Record<string, string>;
}

/** A zip that is not a workbook: said as a finding about the file, not a reader's error. */
export class NotWorkbookError extends Error {
  constructor(readonly detail: string) {
    super(detail);
  }
}

export const BATCH_ROWS = 512;

/** Reduce an exceljs cell value to a plain value: formulas give their result, rich text its text. */
export function plainCell(v: unknown): RawCell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('result' in o || 'formula' in o || 'sharedFormula' in o) return plainCell(o.result);
    if (Array.isArray(o.richText)) return (o.richText as { text: string }[]).map((r) => r.text).join('');
    if ('text' in o && typeof o.text === 'string') return o.text; // hyperlink
    if ('error' in o) return null;
  }
  return String(v);
}

/**
 * Streams every worksheet of an .xlsx with exceljs's streaming reader (bounded memory), the parts
 * decoded whole (see xlsx-reader.ts). A cell whose text still holds U+FFFD after that is broken in
 * the file itself. It is reported at its cell, because it would otherwise be read as a different
 * name or an unknown 办学层次.
 */
export async function* readXlsx(file: string): AsyncGenerator<RawSheet> {
  const opened = await xlsxReader(file);
  if (opened.kind === 'not-workbook') throw new NotWorkbookError(opened.detail);
  for await (const ws of opened.reader as unknown as AsyncIterable<AsyncIterable<ExcelJS.Row> & { name: string }>) {
    const issues: SheetIssue[] = [];
    const batches = (async function* () {
      let batch: RawRow[] = [];
      try {
        for await (const row of ws) {
          const vals = row.values as unknown[];
          const cells: RawCell[] = new Array(Math.max(0, vals.length - 1));
          for (let i = 1; i < vals.length; i++) {
            const c = plainCell(vals[i]);
            cells[i - 1] = c;
            if (typeof c === 'string' && c.includes('\uFFFD'))
              issues.push({ code: 'CELL_REPLACEMENT_CHARS', row: row.number, col: i - 1, value: c, params: {} });
          }
          batch.push({ number: row.number, cells });
          if (batch.length === BATCH_ROWS) {
            yield batch;
            batch = [];
          }
        }
      } catch (e) {
        // A workbook cut off mid-sheet: the rows read before the break still count.
        if (batch.length) yield batch;
        throw e;
      }
      if (batch.length) yield batch;
    })();
    yield { name: ws.name, batches, issues };
  }
}

/** How often `ch` occurs in `s` (from `from` to before `to`). */
function count(s: string, ch: string, from = 0, to = s.length): number {
  let n = 0;
  for (let i = s.indexOf(ch, from); i !== -1 && i < to; i = s.indexOf(ch, i + 1)) n++;
  return n;
}

/** Characters of text parsed at a time (a few hundred rows). */
export const CHUNK_CHARS = 1 << 16;

/**
 * Reads a delimited text file: encoding and delimiter are detected, never asked. The text is
 * parsed a chunk at a time (papaparse paused after each chunk, resumed when the next batch is
 * asked for), so the rows of a large file are never all in memory at once.
 */
export async function readDelimited(file: string, chunkChars = CHUNK_CHARS): Promise<RawSheet> {
  const { text, encoding, issues: decodeIssues } = decodeText(await readFile(file));
  const issues: SheetIssue[] = decodeIssues.map((d) => ({ code: d.code, row: d.line, params: d.params }));
  const ext = path.extname(file).toLowerCase();
  const batches = (async function* () {
    let batch: RawRow[] = [];
    // One row behind: a trailing newline gives one empty last record, not a row anyone wrote.
    let held: RawRow | null = null;
    let number = 0;
    let handle: Papa.Parser | null = null;
    let finished = false;
    // Line break and delimiter are guessed once, on the text's start, as a whole parse guesses
    // them (not on the first chunk alone).
    const guess = Papa.parse<string[]>(text.slice(0, 1 << 20), {
      delimiter: ext === '.tsv' ? '\t' : '',
      delimitersToGuess: [',', '\t', ';', '|'],
      skipEmptyLines: false,
      preview: 10,
    }).meta;
    const breakChar = guess.linebreak === '\r' ? '\r' : '\n';
    const delimiter = guess.delimiter;
    let cursor = 0;
    Papa.parse<string[]>(text, {
      delimiter,
      newline: guess.linebreak as Papa.ParseConfig['newline'],
      skipEmptyLines: false,
      chunkSize: chunkChars,
      chunk: (r: Papa.ParseResult<string[]>, parser: Papa.Parser) => {
        // A quote never closed runs to the end of the text: the rows after it are one cell of
        // this row. Said at the row (rows are numbered on from this chunk's first).
        let unclosed = -1;
        for (const e of r.errors) {
          if (e.code !== 'MissingQuotes' || e.row === undefined) continue;
          const cells = r.data[e.row] ?? [];
          const swallowed = cells.join(',').trimEnd().split('\n').length;
          issues.push({ code: 'CSV_UNCLOSED_QUOTE', row: number + e.row + 1, params: { lines: String(swallowed) } });
          unclosed = e.row;
        }
        // A stray quote that a later one closes merges the lines between into one cell without
        // any parse error. Fewer records than line breaks in the chunk is the cheap sign; only
        // then are its cells looked at. A cell with a line break is what such a merge leaves when
        // it also holds a row's worth of delimiters (an address written on two lines does not).
        if (count(text, breakChar, cursor, r.meta.cursor) > r.data.length) {
          r.data.forEach((cells, i) => {
            if (i === unclosed) return;
            const merged = cells.find((c) => c.includes(breakChar) && count(c, delimiter) >= Math.max(2, cells.length / 2));
            if (merged) issues.push({ code: 'CSV_CELL_LINE_BREAK', row: number + i + 1, params: { lines: String(count(merged, breakChar) + 1) } });
          });
        }
        cursor = r.meta.cursor;
        for (const cells of r.data) {
          if (held) batch.push(held);
          held = { number: ++number, cells: cells as RawCell[] };
        }
        handle = parser;
        parser.pause();
      },
      complete: () => {
        finished = true;
      },
    });
    for (;;) {
      if (batch.length) {
        const b = batch;
        batch = [];
        yield b;
      }
      if (finished) break;
      // Parses the next chunk (synchronously), or finds the end of the text.
      handle!.resume();
    }
    const last = held as RawRow | null;
    if (last && !(last.cells.length === 1 && last.cells[0] === '')) yield [last];
  })();
  // Excel names a CSV's only sheet after the file.
  return { name: path.basename(file, path.extname(file)), batches, encoding, issues };
}

/**
 * The sheets of a file as read, kept in the tool cache by the file's name and bytes. Parsing the ~80
 * workbooks of a year's submissions with exceljs is ~4.5 s; when one province sends a corrected
 * file, a rebuild (or `build --watch`) parses that one file and reads the others back here.
 *
 * Only what the readers return is kept (row numbers and plain cell values, Dates included, via
 * v8 serialisation); finding the header and classifying rows run as always. A file is kept only
 * when it was read to the end without error and still has the bytes it was looked up by. Files
 * above MAX_BYTES, and files past MAX_CELLS while being read, are not kept, so reading a large
 * file stays within its memory bound.
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { cacheKey, fileDigest, packageVersion, readEntry, sourceHash, unchangedSince, writeEntry, type FileDigest } from '../cache.js';
import { BATCH_ROWS, type RawRow, type RawSheet, type SheetIssue } from './sheets.js';

/** Larger files are not kept (they would have to be held whole in memory to be written). */
export const MAX_BYTES = 8 << 20;

interface StoredSheet {
  name: string;
  encoding?: RawSheet['encoding'];
  rows: RawRow[];
  /** The reader's findings (complete once the rows were read): a file read back says them again. */
  issues?: SheetIssue[];
}

let readerHash: string | undefined;
function readerKey(): string {
  readerHash ??= sourceHash(
    import.meta.url,
    ['./sheets.js', './xlsx-reader.js', './decode.js', './sheet-cache.js', '../spreadsheet.js'],
    ['exceljs', 'papaparse', 'iconv-lite', 'chardet'].map((p) => `${p} ${packageVersion(p)}`),
  );
  return readerHash;
}

function replay(s: StoredSheet): RawSheet {
  return {
    name: s.name,
    ...(s.encoding ? { encoding: s.encoding } : {}),
    ...(s.issues?.length ? { issues: s.issues } : {}),
    batches: (async function* () {
      for (let i = 0; i < s.rows.length; i += BATCH_ROWS) yield s.rows.slice(i, i + BATCH_ROWS);
    })(),
  };
}

export interface SheetLookup {
  /** The name of the tool cache entry (kind sheets) the sheets of these bytes are (or will be) kept under. */
  entry: string;
  /** The bytes' hash and the file's state then, checked again before a new entry is written. */
  digest: FileDigest;
  /** The entry as stored, checked (deserialised when the file's turn comes), or null. */
  stored: Buffer | null;
}

/** Cells of a file kept at most (a workbook under MAX_BYTES can still hold millions). */
export const MAX_CELLS = 2_000_000;

/**
 * Looks `file` up in the cache: null when it is too large to keep or cannot be read (the reader
 * then reports that). Never rejects, so lookups can be started ahead of use.
 */
export async function lookupSheets(file: string): Promise<SheetLookup | null> {
  try {
    if ((await stat(file)).size > MAX_BYTES) return null;
    // (A build hashed its inputs already: fileDigest hashes each file once.)
    const digest = await fileDigest(file);
    // A CSV's sheet is named after its file, and its extension picks the delimiter: the name is
    // part of the key, not only the bytes.
    const entry = cacheKey(readerKey(), basename(file), digest.digest);
    return { entry, digest, stored: await readEntry('sheets', entry) };
  } catch {
    return null;
  }
}

/**
 * The sheets `read` yields for `file`, from the cache when the same bytes were read before.
 * Like the readers, each sheet's rows must be consumed before the next sheet is asked for.
 */
export async function* cachedSheets(file: string, read: () => AsyncIterable<RawSheet>, lookup = lookupSheets(file)): AsyncGenerator<RawSheet> {
  const found = await lookup;
  let stored: StoredSheet[] | null = null;
  try {
    stored = found?.stored ? (deserialize(found.stored) as StoredSheet[]) : null;
  } catch {
    // a damaged entry: read the file and keep it anew
  }
  if (stored) {
    for (const s of stored) yield replay(s);
    return;
  }
  if (!found) {
    yield* read();
    return;
  }

  let seen: StoredSheet[] | null = [];
  let cells = 0;
  let complete = true;
  for await (const sheet of read()) {
    const kept: StoredSheet = { name: sheet.name, ...(sheet.encoding ? { encoding: sheet.encoding } : {}), rows: [] };
    // The same list the reader fills while its rows are read.
    if (sheet.issues) kept.issues = sheet.issues;
    seen?.push(kept);
    let ended = false;
    const source = sheet.batches;
    yield {
      ...sheet,
      batches: (async function* () {
        for await (const b of source) {
          if (seen) {
            // Copies: later stages add to the reader's row objects.
            for (const r of b) kept.rows.push({ number: r.number, cells: r.cells.slice() });
            cells += b.reduce((n, r) => n + r.cells.length, 0);
            if (cells > MAX_CELLS) seen = null; // too big to hold twice: not kept
          }
          yield b;
        }
        ended = true;
      })(),
    };
    // A sheet the caller did not read to the end (or that failed) leaves the file unkept.
    if (!ended) complete = false;
  }
  // Kept only if the file still has the bytes it was looked up by (it may have been saved again
  // while it was read; those rows must not go under the old bytes' key).
  if (complete && seen && (await unchangedSince(file, found.digest))) await writeEntry('sheets', found.entry, serialize(seen));
}

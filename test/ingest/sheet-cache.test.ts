/**
 * Builds keep each input file's sheets in the tool cache: a file with the same bytes is read back
 * (dates, GBK text and row numbers as the reader gave them) instead of parsed, a changed file is
 * parsed again, and a file that could not be read to the end is never kept.
 */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { entryFile, readEntry, takeCacheNotices, writeEntry } from '../../src/cache.js';
import { cachedSheets, lookupSheets } from '../../src/ingest/sheet-cache.js';
import type { RawSheet } from '../../src/ingest/sheets.js';
import { runValidate } from '../../src/pipeline.js';
import { FIXTURES } from '../fixtures/golden.js';
import { storeEntries, useEmptyToolCache } from '../render/helpers.js';

const entries = (cache: string) => storeEntries(cache, 'sheets');

describe('sheet cache', () => {
  const cache = useEmptyToolCache('vet-sheets-');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vet-sheets-in-'));
  const projects = path.join(dir, 'projects.xlsx');
  const gbk = path.join(dir, '院校基本情况.csv');
  copyFileSync(path.join(FIXTURES, 'date-forms', 'projects.xlsx'), projects);
  copyFileSync(path.join(FIXTURES, 'csv-gbk', '院校基本情况.csv'), gbk);

  it('is not used unless asked (runValidate of the library; the CLI and builds ask)', async () => {
    await runValidate([dir]);
    expect(await entries(cache)).toEqual([]);
  });

  it('reads a kept file back with the same result: dates, GBK text, row numbers', async () => {
    const parsed = await runValidate([dir], { keepSheets: true });
    expect(await entries(cache)).toHaveLength(2);
    const again = await runValidate([dir], { keepSheets: true });
    expect(again).toEqual(parsed);
    expect(again).toEqual(await runValidate([dir]));
    const keptOf = async (file: string) => deserialize((await readEntry('sheets', (await lookupSheets(file))!.entry))!);
    const kept = (await keptOf(projects)) as { rows: { cells: unknown[] }[] }[];
    expect(kept[0]!.rows.flatMap((r) => r.cells).some((c) => c instanceof Date)).toBe(true);
    const csv = (await keptOf(gbk)) as { encoding: string; rows: { cells: unknown[] }[] }[];
    expect(csv[0]!.encoding).toMatch(/gb/i);
    expect(csv[0]!.rows.flatMap((r) => r.cells).join('')).toMatch(/职业/);
  });

  it('reads kept sheets instead of parsing the file, and parses a changed file again', async () => {
    const before = await runValidate([dir], { keepSheets: true });
    // Blank a data cell in the kept copy of the CSV only: the result can come from nowhere else.
    // Written through the store, with its hash: an entry that passes the check.
    const entry = (await lookupSheets(gbk))!.entry;
    const kept = deserialize((await readEntry('sheets', entry))!) as { rows: { number: number; cells: unknown[] }[] }[];
    const row = kept[0]!.rows.find((r) => r.number === 2)!; // the first school
    row.cells = row.cells.map(() => null);
    await writeEntry('sheets', entry, serialize(kept));
    const fromCache = await runValidate([dir], { keepSheets: true });
    const csvOf = (r: typeof before) => r.files.find((f) => f.file.endsWith('.csv'))!;
    expect(csvOf(fromCache).accepted).toBe(csvOf(before).accepted - 1);
    expect(csvOf(fromCache).skipped).toBe(csvOf(before).skipped + 1);

    // The file itself changed (one more byte): its own bytes are parsed and kept anew.
    writeFileSync(gbk, Buffer.concat([readFileSync(gbk), Buffer.from('\r\n')]));
    const reparsed = await runValidate([dir], { keepSheets: true });
    expect(csvOf(reparsed).accepted).toBe(csvOf(before).accepted);
    expect(await entries(cache)).toHaveLength(3);
  });

  it('keys a file by its name too: a renamed CSV gets its own sheet name', async () => {
    const renamed = mkdtempSync(path.join(os.tmpdir(), 'vet-sheets-renamed-'));
    copyFileSync(gbk, path.join(renamed, '院校基本情况_第二版.csv'));
    const r = await runValidate([renamed], { keepSheets: true });
    expect(r.files.map((f) => f.sheet)).toEqual(['院校基本情况_第二版']);
    expect(r.findings.every((f) => f.sheet === null || f.sheet === '院校基本情况_第二版')).toBe(true);
  });

  it('keeps nothing of a file whose sheets were not read to the end', async () => {
    const file = path.join(dir, 'two-sheets.csv');
    writeFileSync(file, 'a,b\n1,2\n');
    const read = async function* (): AsyncGenerator<RawSheet> {
      for (const name of ['一', '二']) {
        yield {
          name,
          batches: (async function* () {
            yield [
              { number: 1, cells: ['x'] },
              { number: 2, cells: ['y'] },
            ];
          })(),
        };
      }
    };
    const entry = entryFile('sheets', (await lookupSheets(file))!.entry);
    // The second sheet is asked for but its rows are never read.
    let n = 0;
    for await (const sheet of cachedSheets(file, read)) if (n++ === 0) for await (const _ of sheet.batches) void _;
    expect(existsSync(entry)).toBe(false);
    // Read whole, it is kept.
    for await (const sheet of cachedSheets(file, read)) for await (const _ of sheet.batches) void _;
    expect(existsSync(entry)).toBe(true);
  });

  it('does not keep rows under bytes the file no longer has (saved again while it was read)', async () => {
    const file = path.join(dir, 'saved-twice.csv');
    writeFileSync(file, 'a,b\n1,2\n');
    const lookup = lookupSheets(file);
    const entry = entryFile('sheets', (await lookup)!.entry);
    const read = async function* (): AsyncGenerator<RawSheet> {
      writeFileSync(file, 'a,b\n3,4\n'); // the user saves while the old bytes' read is under way
      yield {
        name: 'saved-twice',
        batches: (async function* () {
          yield [
            { number: 1, cells: ['a', 'b'] },
            { number: 2, cells: ['3', '4'] },
          ];
        })(),
      };
    };
    for await (const sheet of cachedSheets(file, read, lookup)) for await (const _ of sheet.batches) void _;
    expect(existsSync(entry)).toBe(false);
  });

  it('reads a file again over a damaged entry, keeps it anew and says so', async () => {
    const name = (await lookupSheets(projects))!.entry;
    const good = await runValidate([projects], { keepSheets: true });
    const file = entryFile('sheets', name);
    const stored = readFileSync(file);
    // One flipped bit in a cell's text: still a v8 value, but not the one that was kept.
    stored[stored.length - 10]! ^= 0x01;
    writeFileSync(file, stored);
    takeCacheNotices();
    expect(await runValidate([projects], { keepSheets: true })).toEqual(good);
    expect(takeCacheNotices()).toEqual([expect.stringContaining('读出的工作表 1 个')]);
    expect(deserialize((await readEntry('sheets', name))!)).toBeInstanceOf(Array);
  });

  it('never keeps a workbook that could not be read to the end', async () => {
    const broken = mkdtempSync(path.join(os.tmpdir(), 'vet-sheets-broken-'));
    copyFileSync(path.join(FIXTURES, 'truncated-xlsx', 'roster-truncated.xlsx'), path.join(broken, 'roster-truncated.xlsx'));
    const n = (await entries(cache)).length;
    const first = await runValidate([broken], { keepSheets: true });
    expect(first.findings.some((f) => f.code === 'FILE_CORRUPT' || f.code === 'SHEET_TRUNCATED')).toBe(true);
    expect(await entries(cache)).toHaveLength(n);
    expect(await runValidate([broken], { keepSheets: true })).toEqual(first);
  });
});

/**
 * A build keeps the validated and aggregated inputs in the tool cache (data/): a build of the
 * same inputs into a fresh out/ reads them back instead of ingesting again, and what it writes
 * from them is byte-for-byte what the first build wrote from the files.
 */
import { readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { entryKind, filesHashed, takeCacheNotices } from '../src/cache.js';
import { runBuild } from '../src/pipeline.js';
import { entryContent, rewriteEntry, storeEntries, useEmptyToolCache } from './render/helpers.js';
import { shiftedRow, writeCsv } from './fixtures/bad-rows.js';

const NOW = new Date('2024-06-30T00:00:00Z');

describe('data cache', () => {
  const cache = useEmptyToolCache('vet-datacache-');

  it('reads the same data back and writes the same indicators and HTML from it', async () => {
    const opts = { paths: ['data'], now: NOW, formats: ['html'] as const, editions: ['bilateral'] as const, country: 'DE' };
    const a = await mkdtemp(path.join(os.tmpdir(), 'vet-dc-a-'));
    const hashedBefore = filesHashed();
    await runBuild({ ...opts, out: a });
    // A cold build hashes each input (and template) once: for the build's input hash, then the
    // sheet cache's lookups and its check after each read use that digest and the file's state.
    const inputs = (dir: string) => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
    expect(await storeEntries(cache, 'sheets')).not.toEqual([]);
    expect(filesHashed() - hashedBefore).toBeGreaterThanOrEqual(inputs('data'));
    expect(filesHashed() - hashedBefore).toBeLessThanOrEqual(inputs('data') + inputs('templates'));
    const entries = await storeEntries(cache, 'data');
    expect(entries).toHaveLength(1);
    const file = entries[0]!;
    // Sources are stored once per distinct list: far fewer lists than indicators.
    const stored = JSON.parse(String(entryContent(file))) as { sourceLists: unknown[]; result: { indicators: { sources: unknown }[] } };
    expect(stored.result.indicators.every((i) => typeof i.sources === 'number')).toBe(true);
    expect(stored.sourceLists.length).toBeLessThan(stored.result.indicators.length / 10);

    const b = await mkdtemp(path.join(os.tmpdir(), 'vet-dc-b-'));
    await runBuild({ ...opts, out: b });
    for (const f of ['indicators.json', 'indicators.csv', 'indicators.xlsx', 'validation.json', 'bilateral-DE.html']) {
      expect((await readFile(path.join(b, '2023', f))).equals(await readFile(path.join(a, '2023', f))), f).toBe(true);
    }

    // Read back, not ingested again: a doctored entry (written with its hash, so it passes the
    // check) shows in what the next build writes.
    const doctored = JSON.parse(String(entryContent(file))) as {
      result: { indicators: { id: string; region: string; level?: string; year: number; value: unknown }[] };
    };
    const schools = doctored.result.indicators.find((i) => i.id === 'schools' && i.region === '全国' && i.level === '合计' && i.year === 2023)!;
    schools.value = 424242;
    rewriteEntry(file, () => JSON.stringify(doctored));
    const c = await mkdtemp(path.join(os.tmpdir(), 'vet-dc-c-'));
    await runBuild({ ...opts, out: c });
    const written = JSON.parse(await readFile(path.join(c, '2023', 'indicators.json'), 'utf8')) as {
      indicators: { id: string; region: string; level?: string; year: number; value: unknown; sources: unknown[] }[];
    };
    const back = written.indicators.find((i) => i.id === 'schools' && i.region === '全国' && i.level === '合计' && i.year === 2023)!;
    expect(back.value).toBe(424242);
    expect(back.sources.length).toBeGreaterThan(0);

    // The same change made on disk without its hash (a flipped byte would do as much) is damage:
    // the inputs are read again, what is written is the first build's, and the log says so.
    const raw = await readFile(file);
    const at = raw.indexOf('424242');
    raw.write('424243', at);
    await writeFile(file, raw);
    takeCacheNotices();
    const d = await mkdtemp(path.join(os.tmpdir(), 'vet-dc-d-'));
    const built = await runBuild({ ...opts, out: d });
    expect((await readFile(path.join(d, '2023', 'indicators.json'))).equals(await readFile(path.join(a, '2023', 'indicators.json')))).toBe(true);
    expect(built.log).toContain(`提示：工具缓存中的条目已损坏，已重新生成：校验与汇总结果 1 个（缓存目录 ${cache}）。`);
    expect(await entryKind(file)).toBe('data');
    expect(JSON.parse(String(entryContent(file))).result.indicators.length).toBe(stored.result.indicators.length); // written anew
    for (const x of [a, b, c, d]) await rm(x, { recursive: true, force: true });
  }, 120_000);
});

describe('a build with findings beyond the cap', () => {
  const cache = useEmptyToolCache('vet-datacache-many-');

  it('lists every finding in validation.json and keeps no data cache entry (it would list the first 100 only)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'vet-dc-many-'));
    const entries = () => storeEntries(cache, 'data');
    const before = await entries();
    const file = writeCsv(
      path.join(dir, '河南.csv'),
      Array.from({ length: 150 }, (_, i) => shiftedRow(i)),
    );
    await runBuild({ paths: ['data', file], now: NOW, formats: ['html'], editions: ['bilateral'], country: 'DE', out: path.join(dir, 'out') });
    const v = JSON.parse(await readFile(path.join(dir, 'out', '2023', 'validation.json'), 'utf8')) as {
      files: { file: string; rejected: number }[];
      findings: { file: string; row: number }[];
    };
    expect(v.files.find((f) => f.file === file)).toMatchObject({ rejected: 150 });
    const mine = v.findings.filter((f) => f.file === file);
    expect(mine).toHaveLength(4 * 150);
    expect(new Set(mine.map((f) => f.row)).size).toBe(150);
    expect(await entries()).toEqual(before);
    await rm(dir, { recursive: true, force: true });
  }, 120_000);
});

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
import { packIndicators, unpackIndicators, type StoredIndicators } from '../src/data-cache.js';
import type { Indicator } from '../src/aggregate/types.js';
import { entryContent, rewriteEntry, storeEntries, useEmptyToolCache } from './render/helpers.js';
import { shiftedRow, writeCsv } from './fixtures/bad-rows.js';

const NOW = new Date('2024-06-30T00:00:00Z');

describe('the packed indicator table', () => {
  it('gives back each indicator as made: its keys in their order, strings, numbers, null and shared source lists', () => {
    const src = [{ type: 'derived' as const, from: ['projects'] }];
    const made = [
      { id: 'schools', name: '学校数', unit: '所', value: 12, year: 2023, region: '山东', level: '合计', basis: 'roster', sources: src },
      { year: 2023, region: '全国', country: 'DE', sources: src, id: 'projects.rank', name: '项目数在合作国家中的排名', unit: '位', value: 1 },
      { id: 'brand_origin_province', name: '品牌发源省份', unit: '', value: '天津', year: 2023, region: '全国', brand: '鲁班工坊', sources: [] },
      { id: 'placement_rate', name: '落实率', unit: '%', value: null, year: 2022, region: '山东', level: undefined, sources: [] },
    ] as unknown as Indicator[];
    const packed = packIndicators(made);
    expect(packed.sourceLists).toHaveLength(2);
    expect(packed.shapes).toHaveLength(4);
    const back = unpackIndicators(JSON.parse(JSON.stringify(packed)) as StoredIndicators)!;
    expect(JSON.stringify(back)).toBe(JSON.stringify(made));
    expect(back.map((i) => Object.keys(i))).toEqual(made.map((i) => Object.keys(i).filter((k) => (i as unknown as Record<string, unknown>)[k] !== undefined)));
    // Not this layout (an older entry, a hand edit that passes the hash): null, so the inputs are read again.
    expect(unpackIndicators({ ...packed, rows: [[99, 1]] })).toBeNull();
    expect(unpackIndicators({} as StoredIndicators)).toBeNull();
  });
});

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
    // Packed: each distinct list of sources and each distinct string once, far fewer than the
    // indicators; every indicator comes back as it was made (the outputs below are byte-identical).
    type Stored = { result: { indicators: StoredIndicators } };
    const stored = JSON.parse(String(entryContent(file))) as Stored;
    const packed = stored.result.indicators;
    expect(packed.rows.length).toBeGreaterThan(10_000);
    expect(packed.sourceLists.length).toBeLessThan(packed.rows.length / 10);
    expect(packed.strings.length).toBeLessThan(packed.rows.length / 10);

    const b = await mkdtemp(path.join(os.tmpdir(), 'vet-dc-b-'));
    await runBuild({ ...opts, out: b });
    for (const f of ['indicators.json', 'indicators.csv', 'indicators.xlsx', 'validation.json', 'bilateral-DE.html']) {
      expect((await readFile(path.join(b, '2023', f))).equals(await readFile(path.join(a, '2023', f))), f).toBe(true);
    }

    // Read back, not ingested again: a doctored entry (written with its hash, so it passes the
    // check) shows in what the next build writes.
    const doctored = JSON.parse(String(entryContent(file))) as Stored;
    const indicators = unpackIndicators(doctored.result.indicators)!;
    const schools = indicators.find((i) => i.id === 'schools' && i.region === '全国' && i.level === '合计' && i.year === 2023)!;
    schools.value = 424242;
    doctored.result.indicators = packIndicators(indicators);
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
    expect((JSON.parse(String(entryContent(file))) as Stored).result.indicators.rows.length).toBe(packed.rows.length); // written anew
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

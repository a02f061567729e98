/**
 * The data cache (tool cache area data/): a build's validated and aggregated inputs, kept by the
 * hash of the input files and options, so that a build of the same inputs (only templates or
 * options changed, or a fresh out/) reads them back instead of ingesting again.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeCacheFile } from './io.js';
import { cacheDir } from './paths.js';
import type { AggregateRun } from './pipeline.js';
import type { Indicator } from './aggregate/types.js';

const DATA_CACHE_KEEP = 4;
/** In the entry's name: a change of layout never reads an entry another version wrote. */
const DATA_CACHE_FORMAT = 'v3';

/** The entry for these inputs; keyed by the paths as given too, since findings name files as given. */
export function dataCacheFile(dataHash: string, paths: readonly string[]): string {
  const key = createHash('sha256').update(dataHash).update(JSON.stringify(paths.map((p) => [p, path.resolve(p)]))).digest('hex');
  return cacheDir('data', `${key}.${DATA_CACHE_FORMAT}.json`);
}

/** As written: each distinct list of sources once, indicators pointing at it by index. */
type StoredRun = AggregateRun & { sourceLists: Indicator['sources'][] };

export async function readDataCache(file: string): Promise<AggregateRun | null> {
  try {
    const run = JSON.parse(await readFile(file, 'utf8')) as StoredRun;
    for (const i of run.result.indicators) {
      const sources = run.sourceLists[i.sources as unknown as number];
      if (!Array.isArray(sources)) return null; // a damaged entry: read the inputs again
      i.sources = sources;
    }
    return { validation: run.validation, result: run.result, rejected: run.rejected };
  } catch {
    return null;
  }
}

/** Keeps the last few data sets the tool read (a few MB each; other checkouts and years share the cache). */
export async function writeDataCache(file: string, run: AggregateRun): Promise<void> {
  const dir = path.dirname(file);
  const entries = await Promise.all(
    (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.json')).map(async (f) => ({ f, t: (await stat(path.join(dir, f)).catch(() => null))?.mtimeMs ?? 0 })),
  );
  for (const { f } of entries.sort((a, b) => b.t - a.t).slice(DATA_CACHE_KEEP - 1)) await rm(path.join(dir, f), { force: true });
  // A build reads back only which (year, province, file) the roster has (which editions exist,
  // whether the data is a sample): one row of each is enough, and the rest was a quarter of the
  // cache and of its parse.
  const seen = new Set<string>();
  const roster = run.validation.roster
    .map((r) => ({ year: r.year, province: r.province, origin: { file: r.origin.file } }))
    .filter((r) => {
      const k = JSON.stringify([r.year, r.province, r.origin.file]);
      return !seen.has(k) && !!seen.add(k);
    });
  // The national and provincial figures share a few hundred lists of source files among 17,000
  // indicators: written once each, the entry is half the size and reads back in half the time.
  const sourceLists: Indicator['sources'][] = [];
  const index = new Map<string, number>();
  const indicators = run.result.indicators.map((i) => {
    const key = JSON.stringify(i.sources);
    let n = index.get(key);
    if (n === undefined) index.set(key, (n = sourceLists.push(i.sources) - 1));
    return { ...i, sources: n };
  });
  // A cache that cannot be written (read-only, full) only means the inputs are read again next time.
  await writeCacheFile(file, JSON.stringify({ ...run, validation: { ...run.validation, roster }, result: { ...run.result, indicators }, sourceLists }));
}

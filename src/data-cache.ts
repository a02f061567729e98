/**
 * The data cache (tool cache entries of kind data): a build's validated and aggregated inputs, kept by the
 * hash of the input files and options, so that a build of the same inputs (only templates or
 * options changed, or a fresh out/) reads them back instead of ingesting again. Entries are a few
 * MB; like every entry they go when the cache is over its limit (pruneCache).
 */
import path from 'node:path';
import { cacheKey, readEntry, writeEntry } from './cache.js';
import type { AggregateRun } from './runs.js';
import type { Indicator } from './aggregate/types.js';

/** In the entry's key: a change of layout never reads an entry another version wrote. */
const DATA_CACHE_FORMAT = 'data/3';

/** The entry's name for these inputs; keyed by the paths as given too, since findings name files as given. */
export function dataCacheEntry(dataHash: string, paths: readonly string[]): string {
  return cacheKey(DATA_CACHE_FORMAT, dataHash, JSON.stringify(paths.map((p) => [p, path.resolve(p)])));
}

/** As written: each distinct list of sources once, indicators pointing at it by index. */
type StoredRun = AggregateRun & { sourceLists: Indicator['sources'][] };

export async function readDataCache(entry: string): Promise<AggregateRun | null> {
  try {
    const stored = await readEntry('data', entry);
    if (!stored) return null;
    const run = JSON.parse(stored.toString('utf8')) as StoredRun;
    for (const i of run.result.indicators) {
      const sources = run.sourceLists[i.sources as unknown as number];
      if (!Array.isArray(sources)) return null; // not this version's layout: read the inputs again
      i.sources = sources;
    }
    return { validation: run.validation, result: run.result, rejected: run.rejected };
  } catch {
    return null;
  }
}

export async function writeDataCache(entry: string, run: AggregateRun): Promise<void> {
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
  await writeEntry('data', entry, JSON.stringify({ ...run, validation: { ...run.validation, roster }, result: { ...run.result, indicators }, sourceLists }));
}

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
const DATA_CACHE_FORMAT = 'data/4';

/** The entry's name for these inputs; keyed by the paths as given too, since findings name files as given. */
export function dataCacheEntry(dataHash: string, paths: readonly string[]): string {
  return cacheKey(DATA_CACHE_FORMAT, dataHash, JSON.stringify(paths.map((p) => [p, path.resolve(p)])));
}

/**
 * The indicator table as stored: five years of data make ~90,000 indicators whose names, units,
 * regions and levels repeat, and reading them back as objects was most of a one-edition build's
 * own time. Each row is [shape, ...values]: a shape lists the row's keys in their order (so the
 * objects, and the JSON written from them, come back exactly as made), a key ending in $ holds
 * an index into `strings`, and `sources` an index into `sourceLists`.
 */
export interface StoredIndicators {
  shapes: string[][];
  strings: string[];
  sourceLists: Indicator['sources'][];
  rows: unknown[][];
}

export function packIndicators(indicators: readonly Indicator[]): StoredIndicators {
  const shapes: string[][] = [];
  const shapeIndex = new Map<string, number>();
  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  const sourceLists: Indicator['sources'][] = [];
  const sourceIndex = new Map<string, number>();
  const intern = <T>(list: T[], index: Map<string, number>, key: string, value: T): number => {
    let n = index.get(key);
    if (n === undefined) index.set(key, (n = list.push(value) - 1));
    return n;
  };
  const rows = indicators.map((i) => {
    const keys: string[] = [];
    const values: unknown[] = [];
    for (const [k, v] of Object.entries(i)) {
      if (v === undefined) continue; // as JSON would
      if (k === 'sources') {
        keys.push(k);
        values.push(intern(sourceLists, sourceIndex, JSON.stringify(v), v as Indicator['sources']));
      } else if (typeof v === 'string') {
        keys.push(`${k}$`);
        values.push(intern(strings, stringIndex, v, v));
      } else {
        keys.push(k);
        values.push(v);
      }
    }
    const shape = keys.join(',');
    return [intern(shapes, shapeIndex, shape, keys), ...values];
  });
  return { shapes, strings, sourceLists, rows };
}

export function unpackIndicators(stored: StoredIndicators): Indicator[] | null {
  const { shapes, strings, sourceLists, rows } = stored;
  if (![shapes, strings, sourceLists, rows].every(Array.isArray)) return null;
  const fields = shapes.map((keys) =>
    keys.map((k) => (k.endsWith('$') ? { key: k.slice(0, -1), from: strings } : { key: k, from: k === 'sources' ? sourceLists : null })),
  );
  const out: Indicator[] = new Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    const shape = fields[row[0] as number];
    if (!shape) return null;
    const i: Record<string, unknown> = {};
    for (let k = 0; k < shape.length; k++) {
      const { key, from } = shape[k]!;
      const v = row[k + 1];
      i[key] = from ? from[v as number] : v;
      if (i[key] === undefined) return null;
    }
    out[r] = i as unknown as Indicator;
  }
  return out;
}

/** As written: the indicators packed, the rest of the run as it is. */
type StoredRun = Omit<AggregateRun, 'result'> & { result: Omit<AggregateRun['result'], 'indicators'> & { indicators: StoredIndicators } };

export async function readDataCache(entry: string): Promise<AggregateRun | null> {
  try {
    const stored = await readEntry('data', entry);
    if (!stored) return null;
    const run = JSON.parse(stored.toString('utf8')) as StoredRun;
    const indicators = unpackIndicators(run.result.indicators);
    if (!indicators) return null; // not this version's layout: read the inputs again
    return { validation: run.validation, result: { ...run.result, indicators }, rejected: run.rejected };
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
  await writeEntry(
    'data',
    entry,
    JSON.stringify({ ...run, validation: { ...run.validation, roster }, result: { ...run.result, indicators: packIndicators(run.result.indicators) } }),
  );
}

/**
 * Stage 3, aggregate: accepted rows + published series → the indicator table.
 * Every value keeps its sources, so the renderer can write the 数据来源 note under each figure
 * and table from the values it shows.
 */
import { rosterIndicators } from './roster.js';
import { projectIndicators } from './projects.js';
import { preferSeries, seriesIndicators } from './series.js';
import { gradShareOfNewJobs, yearOnYear } from './derived.js';
import { consistencyErrors } from './checks.js';
import { PROVINCES } from '../validate/ref/provinces.js';
import type { AggregateResult, Indicator } from './types.js';
import type { ValidationResult } from '../validate/index.js';

export type { AggregateResult, Indicator } from './types.js';

export function aggregate(input: Pick<ValidationResult, 'roster' | 'projects' | 'series'>, year: number): AggregateResult {
  const roster = rosterIndicators(input.roster);
  const projects = projectIndicators(input.projects);
  const errors = consistencyErrors(roster, projects);
  const { list, notes } = preferSeries(roster, seriesIndicators(input.series));
  const base = [...list, ...projects];
  base.push(...gradShareOfNewJobs(base));
  const all = [...base, ...yearOnYear(base)];
  return { year, indicators: sortIndicators(all), errors, notes };
}

const REGION_ORDER = new Map(['全国', ...PROVINCES.map((p) => p.name)].map((r, i) => [r, i]));
const LEVEL_ORDER = new Map(['合计', '中职', '高职', '高职专科', '高职本科'].map((l, i) => [l, i]));

const EN = new Intl.Collator('en');
const FIELDS = ['id', 'region', 'country', 'continent', 'brand', 'type'] as const;

/**
 * A stable order, so the same inputs give byte-identical outputs: by id, year, region (全国 then
 * the provinces' order), level, country, continent, brand and type. Each distinct text is ranked
 * once with the collator and indicators are compared on those ranks (10⁵ values, few texts).
 */
export function sortIndicators(list: Indicator[]): Indicator[] {
  const ranks = FIELDS.map((f) => {
    const texts = [...new Set(list.map((i) => i[f] ?? ''))].sort(EN.compare);
    return new Map(texts.map((t, k) => [t, k]));
  });
  const W = 9;
  const keys = new Int32Array(list.length * W);
  list.forEach((i, n) => {
    const o = n * W;
    keys[o] = ranks[0]!.get(i.id)!;
    keys[o + 1] = i.year;
    keys[o + 2] = REGION_ORDER.get(i.region) ?? 99;
    keys[o + 3] = ranks[1]!.get(i.region)!;
    keys[o + 4] = LEVEL_ORDER.get(i.level ?? '') ?? 9;
    keys[o + 5] = ranks[2]!.get(i.country ?? '')!;
    keys[o + 6] = ranks[3]!.get(i.continent ?? '')!;
    keys[o + 7] = ranks[4]!.get(i.brand ?? '')!;
    keys[o + 8] = ranks[5]!.get(i.type ?? '')!;
  });
  const order = Array.from(list, (_, n) => n).sort((a, b) => {
    for (let k = 0; k < W; k++) {
      const d = keys[a * W + k]! - keys[b * W + k]!;
      if (d) return d;
    }
    return a - b;
  });
  return order.map((n) => list[n]!);
}

/** Finds one value; absent dimensions must be absent on the indicator. */
export function lookup(list: readonly Indicator[], q: Partial<Indicator> & { id: string; year: number }): Indicator | undefined {
  // Templates and edition models look values up thousands of times in a table of tens of
  // thousands: a key index per list (rebuilt if the list grew) instead of a scan per call.
  let idx = INDEXES.get(list);
  if (!idx || idx.size !== list.length) {
    const at = new Map<string, number>();
    list.forEach((i, k) => {
      const key = indexKey(i.id, i.year, i.region, i.level ?? NO_LEVEL, i);
      if (!at.has(key)) at.set(key, k);
    });
    INDEXES.set(list, (idx = { size: list.length, at }));
  }
  const region = q.region ?? '全国';
  const a = idx.at.get(indexKey(q.id, q.year, region, q.level ?? '合计', q));
  // No level asked: an indicator without levels, or the 合计 one, whichever comes first (as a scan would).
  const b = q.level === undefined ? idx.at.get(indexKey(q.id, q.year, region, NO_LEVEL, q)) : undefined;
  const k = a === undefined ? b : b === undefined ? a : Math.min(a, b);
  return k === undefined ? undefined : list[k];
}

const NO_LEVEL = '\u0002';
const INDEXES = new WeakMap<readonly Indicator[], { size: number; at: Map<string, number> }>();
function indexKey(id: string, year: number, region: string, level: string, d: Partial<Indicator>): string {
  return `${id}\u0001${year}\u0001${region}\u0001${level}\u0001${d.country ?? ''}\u0001${d.continent ?? ''}\u0001${d.brand ?? ''}\u0001${d.type ?? ''}`;
}

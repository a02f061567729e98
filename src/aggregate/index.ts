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

export type { AggregateResult, Indicator, Source, ConsistencyError } from './types.js';

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

/** A stable order, so the same inputs give byte-identical outputs. */
export function sortIndicators(list: Indicator[]): Indicator[] {
  const str = (a?: string, b?: string) => (a ?? '').localeCompare(b ?? '', 'en');
  return [...list].sort((a, b) =>
    str(a.id, b.id) || a.year - b.year ||
    (REGION_ORDER.get(a.region) ?? 99) - (REGION_ORDER.get(b.region) ?? 99) || str(a.region, b.region) ||
    (LEVEL_ORDER.get(a.level ?? '') ?? 9) - (LEVEL_ORDER.get(b.level ?? '') ?? 9) ||
    str(a.country, b.country) || str(a.continent, b.continent) || str(a.brand, b.brand) || str(a.type, b.type));
}

/** Finds one value; absent dimensions must be absent on the indicator. */
export function lookup(list: readonly Indicator[], q: Partial<Indicator> & { id: string; year: number }): Indicator | undefined {
  const region = q.region ?? '全国';
  return list.find((i) => i.id === q.id && i.year === q.year && i.region === region &&
    (i.level === undefined ? q.level === undefined : i.level === (q.level ?? '合计')) &&
    i.country === q.country && i.continent === q.continent && i.brand === q.brand && i.type === q.type);
}

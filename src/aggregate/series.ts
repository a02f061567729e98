/**
 * Published series as indicators, and the choice where the roster and a series cover the same
 * indicator, year, region and level: the published figure is the one the report prints (it is
 * the official one); the roster sum stays as a cross-check (validate warns when they disagree
 * beyond the published precision), and the choice is noted.
 */
import { seriesId } from './catalog.js';
import type { Indicator } from './types.js';
import type { SeriesRow } from '../types.js';

export function seriesIndicators(rows: readonly SeriesRow[]): Indicator[] {
  return rows.map((s) => ({
    id: seriesId(s.indicator),
    name: s.indicator,
    unit: s.baseUnit,
    value: s.value,
    year: s.year,
    region: s.region,
    level: s.level,
    basis: 'series',
    sources: [{ type: 'series', file: s.origin.file, row: s.origin.row, source: s.source, note: s.note }],
  }));
}

export const dimKey = (i: Indicator) =>
  `${i.id}|${i.year}|${i.region}|${i.level ?? ''}|${i.country ?? ''}|${i.continent ?? ''}|${i.brand ?? ''}|${i.type ?? ''}`;

/** Series win over roster sums for the same key; returns the merged list and notes on each choice. */
export function preferSeries(roster: Indicator[], series: Indicator[]): { list: Indicator[]; notes: string[] } {
  const published = new Map(series.map((s) => [dimKey(s), s]));
  const notes: string[] = [];
  const list: Indicator[] = [];
  for (const r of roster) {
    const s = published.get(dimKey(r));
    if (!s) list.push(r);
    else notes.push(`${r.year}年${r.region}${r.level && r.level !== '合计' ? r.level : ''}${r.name}：采用公布数据（${s.value}），院校名单汇总为 ${r.value}。`);
  }
  return { list: [...list, ...series], notes };
}

/**
 * Derived indicators: 高职毕业生占新增城镇就业人口比例 (where not published) and the year-on-year
 * change of every indicator (relative for counts, percentage points for rates). Computed from
 * unrounded values; a printed total may differ from the sum of printed parts, as the seed's do.
 */
import { CATALOG, isRateUnit } from './catalog.js';
import { dimKey } from './series.js';
import { plainDecimal } from '../format/index.js';
import type { Indicator } from './types.js';

/** a − b on the exact decimals (44.775 − 41.04 = 3.735, not 3.7349999…). */
export function exactDifference(a: number, b: number): number {
  const [ia, fa = ''] = plainDecimal(a).split('.');
  const [ib, fb = ''] = plainDecimal(b).split('.');
  const places = Math.max(fa.length, fb.length);
  const big = (i: string, f: string) => BigInt(i + f.padEnd(places, '0'));
  const d = big(ia, fa) - big(ib, fb);
  const neg = d < 0n;
  const s = (neg ? -d : d).toString().padStart(places + 1, '0');
  const text = places ? `${s.slice(0, -places)}.${s.slice(-places)}` : s;
  return Number((neg ? '-' : '') + text);
}

export function gradShareOfNewJobs(list: Indicator[]): Indicator[] {
  // Only the two inputs and any published share matter: no index over the whole table.
  const jobs = list.filter((i) => i.id === 'new_urban_jobs' && i.region === '全国');
  if (!jobs.length) return [];
  const grads = new Map(list.filter((i) => i.id === 'graduates' && i.region === '全国' && i.level === '高职').map((i) => [i.year, i]));
  const published = new Set(list.filter((i) => i.id === 'vocational_grad_share_of_new_jobs').map(dimKey));
  const out: Indicator[] = [];
  const def = CATALOG.vocational_grad_share_of_new_jobs;
  for (const j of jobs) {
    const g = grads.get(j.year);
    if (!g || !(j.value as number)) continue;
    const ind: Indicator = {
      id: 'vocational_grad_share_of_new_jobs',
      name: def.name,
      unit: def.unit,
      year: j.year,
      region: '全国',
      level: '高职',
      value: ((g.value as number) / (j.value as number)) * 100,
      basis: g.basis,
      sources: [...g.sources, ...j.sources],
    };
    if (!published.has(dimKey(ind))) out.push(ind);
  }
  return out;
}

const NO_CHANGE = /\.(rank|yoy)$/;

export function yearOnYear(list: Indicator[]): Indicator[] {
  // One key per indicator without its year; each indicator then meets the one of the year before.
  const byKey = new Map<string, Map<number, Indicator>>();
  for (const i of list) {
    if (typeof i.value !== 'number') continue;
    const k = `${i.id}|${i.region}|${i.level ?? ''}|${i.country ?? ''}|${i.continent ?? ''}|${i.brand ?? ''}|${i.type ?? ''}`;
    let years = byKey.get(k);
    if (!years) byKey.set(k, (years = new Map()));
    years.set(i.year, i);
  }
  const out: Indicator[] = [];
  for (const years of byKey.values()) {
    if (years.size < 2) continue;
    for (const cur of years.values()) {
      const prev = years.get(cur.year - 1);
      if (!prev || NO_CHANGE.test(cur.id) || cur.unit === '年') continue;
      const a = cur.value as number;
      const b = prev.value as number;
      const rate = isRateUnit(cur.unit);
      if (!rate && b === 0) continue;
      const ind: Indicator = {
        id: `${cur.id}.yoy`,
        name: rate ? `${cur.name}较上年变化` : `${cur.name}较上年增长`,
        unit: rate ? '个百分点' : '%',
        value: rate ? exactDifference(a, b) : (a / b - 1) * 100,
        year: cur.year,
        region: cur.region,
      } as Indicator;
      // Absent dimensions are left out of the object, not set to undefined; sources last.
      if (cur.level !== undefined) ind.level = cur.level;
      if (cur.country !== undefined) ind.country = cur.country;
      if (cur.continent !== undefined) ind.continent = cur.continent;
      if (cur.brand !== undefined) ind.brand = cur.brand;
      if (cur.type !== undefined) ind.type = cur.type;
      ind.sources = [{ type: 'derived', from: [cur.id] }];
      out.push(ind);
    }
  }
  return out;
}

/**
 * The members of one group (the provinces, or the partner countries, on one indicator in one year)
 * ranked by value, 1 = largest and ties sharing a rank, each with its percentage of the national
 * value (null where that is missing or zero).
 */
export function standings(members: readonly Indicator[], nation: Indicator | undefined): { member: Indicator; rank: number; share: number | null }[] {
  const total = nation?.value as number | undefined;
  let rank = 0;
  let prev: unknown;
  return [...members]
    .sort((a, b) => (b.value as number) - (a.value as number))
    .map((member, k) => {
      if (member.value !== prev) rank = k + 1;
      prev = member.value;
      return { member, rank, share: total !== undefined && total > 0 ? ((member.value as number) / total) * 100 : null };
    });
}

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
  const byKey = new Map(list.map((i) => [dimKey(i), i]));
  const out: Indicator[] = [];
  const def = CATALOG.vocational_grad_share_of_new_jobs;
  for (const jobs of list) {
    if (jobs.id !== 'new_urban_jobs' || jobs.region !== '全国') continue;
    const grads = list.find((i) => i.id === 'graduates' && i.year === jobs.year && i.region === '全国' && i.level === '高职');
    if (!grads || !(jobs.value as number)) continue;
    const ind: Indicator = {
      id: 'vocational_grad_share_of_new_jobs',
      name: def.name,
      unit: def.unit,
      year: jobs.year,
      region: '全国',
      level: '高职',
      value: ((grads.value as number) / (jobs.value as number)) * 100,
      basis: grads.basis,
      sources: [...grads.sources, ...jobs.sources],
    };
    if (!byKey.has(dimKey(ind))) out.push(ind);
  }
  return out;
}

const NO_CHANGE = /\.(rank|yoy)$/;

export function yearOnYear(list: Indicator[]): Indicator[] {
  const byKey = new Map(list.map((i) => [dimKey(i), i]));
  const out: Indicator[] = [];
  for (const cur of list) {
    if (typeof cur.value !== 'number' || NO_CHANGE.test(cur.id) || cur.unit === '年') continue;
    const prev = byKey.get(dimKey({ ...cur, year: cur.year - 1 }));
    if (!prev || typeof prev.value !== 'number') continue;
    const from = [cur.id];
    const src = { sources: [{ type: 'derived' as const, from }] };
    const dims = { year: cur.year, region: cur.region, level: cur.level, country: cur.country, continent: cur.continent, brand: cur.brand, type: cur.type };
    if (isRateUnit(cur.unit)) {
      out.push({ id: `${cur.id}.yoy`, name: `${cur.name}较上年变化`, unit: '个百分点', value: exactDifference(cur.value, prev.value), ...clean(dims), ...src });
    } else if (prev.value !== 0) {
      out.push({ id: `${cur.id}.yoy`, name: `${cur.name}较上年增长`, unit: '%', value: (cur.value / prev.value - 1) * 100, ...clean(dims), ...src });
    }
  }
  return out;
}

/** Absent dimensions are left out of the object, not set to undefined. */
function clean<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

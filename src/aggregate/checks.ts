/**
 * Consistency checks run on every aggregate: for each additive roster indicator, Σ provinces =
 * 全国 (per year and level); for projects, Σ over countries, continents and types = the national
 * project count. A violation is an error naming the indicator.
 */
import { ADDITIVE_ROSTER } from './catalog.js';
import type { ConsistencyError, Indicator } from './types.js';

function check(
  list: Indicator[],
  keep: (i: Indicator) => boolean,
  part: (i: Indicator) => boolean,
  groupOf: (i: Indicator) => string,
  label: string,
): ConsistencyError[] {
  const totals = new Map<string, number>();
  const sums = new Map<string, number>();
  const names = new Map<string, string>();
  for (const i of list) {
    if (!keep(i) || typeof i.value !== 'number') continue;
    const g = groupOf(i);
    names.set(g, `${i.year}年${i.level && i.level !== '合计' ? i.level : ''}${i.name}`);
    if (part(i)) sums.set(g, (sums.get(g) ?? 0) + i.value);
    else totals.set(g, i.value);
  }
  const errors: ConsistencyError[] = [];
  for (const [g, total] of totals) {
    const sum = sums.get(g);
    if (sum !== undefined && Math.abs(sum - total) > 1e-6 * Math.max(1, Math.abs(total))) {
      errors.push({ id: g.split('|')[0], message: `${names.get(g)}：${label}之和 ${sum} 与全国 ${total} 不一致。` });
    }
  }
  return errors;
}

export function consistencyErrors(roster: Indicator[], projects: Indicator[]): ConsistencyError[] {
  const rosterGroup = (i: Indicator) => `${i.id}|${i.year}|${i.level}`;
  const errs = check(
    roster,
    (i) => ADDITIVE_ROSTER.includes(i.id),
    (i) => i.region !== '全国',
    rosterGroup,
    '各省份',
  );
  // National project counts split by exactly one dimension, against the unsplit national count.
  const DIMS = ['country', 'continent', 'type', 'brand'] as const;
  const splitBy = (i: Indicator) => DIMS.filter((d) => i[d] !== undefined);
  for (const dim of ['country', 'continent', 'type'] as const) {
    const keep = (i: Indicator) => i.id === 'projects' && i.region === '全国' && (splitBy(i).length === 0 || (splitBy(i).length === 1 && i[dim] !== undefined));
    const label = { country: '各合作国家（地区）', continent: '各洲', type: '各项目类型' }[dim];
    errs.push(
      ...check(
        projects,
        keep,
        (i) => i[dim] !== undefined,
        (i) => `${i.id}|${i.year}|`,
        label,
      ),
    );
  }
  return errs;
}

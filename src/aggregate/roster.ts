/**
 * Roster indicators by year × region × level, from the one-pass sums, plus each province's share
 * of the nation and its rank among provinces for the additive ones.
 */
import { sumRoster, type RosterSums } from './roster-sums.js';
import { ADDITIVE_ROSTER, CATALOG } from './catalog.js';
import { standings } from './derived.js';
import type { Indicator, Source } from './types.js';
import type { RosterRow } from '../types.js';

const READ: Record<string, (s: RosterSums) => number | null> = {
  schools: (s) => s.schools,
  enrolled: (s) => s.enrolled,
  // Optional columns count only when every school reported them; a partial sum would mislead.
  admitted: (s) => (s.admittedKnown === s.schools ? s.admitted : null),
  graduates: (s) => s.graduates,
  placed: (s) => (s.placedSchools > 0 ? s.placed : null),
  placement_rate: (s) => (s.placedGraduates > 0 ? (s.placed / s.placedGraduates) * 100 : null),
  fulltime_teachers: (s) => s.fullTimeTeachers,
  parttime_teachers: (s) => (s.partTimeKnown === s.schools ? s.partTimeTeachers : null),
  student_teacher_ratio: (s) => (s.fullTimeTeachers > 0 ? s.enrolled / s.fullTimeTeachers : null),
  private_schools: (s) => (s.ownershipKnown > 0 ? s.privateSchools : null),
  private_share: (s) => (s.ownershipKnown > 0 ? (s.privateSchools / s.ownershipKnown) * 100 : null),
};

function sources(s: RosterSums): Source[] {
  return [...s.files].map(([file, rows]) => ({ type: 'rows', table: 'roster', file, rows }));
}

export function rosterIndicators(rows: readonly RosterRow[]): Indicator[] {
  const out: Indicator[] = [];
  const sums = sumRoster(rows);
  for (const [key, s] of sums) {
    const [y, region, level] = key.split('|');
    for (const [id, read] of Object.entries(READ)) {
      const value = read(s);
      if (value === null) continue;
      const def = CATALOG[id];
      out.push({ id, name: def.name, unit: def.unit, value, year: Number(y), region, level, basis: 'roster', sources: sources(s) });
    }
  }
  out.push(...sharesAndRanks(out));
  return out;
}

/** Each province's share of 全国 (same year, level, indicator) and its rank (1 = largest). */
function sharesAndRanks(list: Indicator[]): Indicator[] {
  const out: Indicator[] = [];
  const nation = new Map<string, Indicator>();
  const groups = new Map<string, Indicator[]>();
  for (const i of list) {
    if (!ADDITIVE_ROSTER.includes(i.id)) continue;
    const k = `${i.id}|${i.year}|${i.level}`;
    if (i.region === '全国') nation.set(k, i);
    else {
      const g = groups.get(k);
      if (g) g.push(i);
      else groups.set(k, [i]);
    }
  }
  for (const [k, provs] of groups) {
    for (const { member: p, rank, share } of standings(provs, nation.get(k))) {
      const name = CATALOG[p.id].name;
      const base = { year: p.year, region: p.region, level: p.level, basis: 'roster' as const };
      if (share !== null)
        out.push({ ...base, id: `${p.id}.share`, name: `${name}占全国比例`, unit: '%', value: share, sources: [{ type: 'derived', from: [p.id] }] });
      out.push({ ...base, id: `${p.id}.rank`, name: `${name}全国排名`, unit: '位', value: rank, sources: [{ type: 'derived', from: [p.id] }] });
    }
  }
  return out;
}

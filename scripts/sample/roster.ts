/**
 * The school universe (who exists in which year) and the per-school roster figures, built so that
 * every year's national totals in TARGETS come out exactly.
 *
 * The universe is built backwards from the last year: the last year's schools are created first,
 * then each earlier year drops the schools that opened later and adds the ones that closed since.
 * Every step draws from its own keyed stream, so the 2023 data are the same whether the generator
 * runs for two years or for ten. Schools that must stay (the projects' schools, back to the first
 * year their projects are reported) trade places with a school of the same size when drawn as
 * opened later: the draws are unchanged.
 */

import { PROVINCES } from '../../src/validate/ref/provinces.js';
import type { Level, Ownership } from '../../src/types.js';
import { NameBook } from './names.js';
import { PROVINCE_WEIGHTS, TARGETS, type YearTargets } from './targets.js';
import { Rng, apportion, apportionCapped } from './rng.js';

export interface School {
  id: string;
  name: string;
  /** Canonical short name. */
  province: string;
  level: Level;
  /** A 技工院校 (counted as 中职). */
  technician: boolean;
  ownership: Ownership;
  /** Persistent relative size. */
  size: number;
}

export interface RosterRecord {
  school: School;
  year: number;
  enrolled: number;
  admitted: number;
  graduates: number;
  placed: number | null;
  fullTime: number;
  partTime: number;
}

export type Group = '中职' | '高职';
export const groupOf = (l: Level): Group => (l === '中职' ? '中职' : '高职');

const LEVEL_ORDER: readonly Level[] = ['中职', '高职专科', '高职本科'];

export interface Universe {
  years: number[];
  /** Schools present in each year, in creation order. */
  byYear: Map<number, School[]>;
  all: School[];
}

function countsFor(t: YearTargets): Map<string, Record<Level, number>> {
  const w中 = PROVINCES.map((p) => PROVINCE_WEIGHTS[p.name][0]);
  const w高 = PROVINCES.map((p) => PROVINCE_WEIGHTS[p.name][1]);
  const z = apportion(t.schools.中职, w中);
  const zk = apportion(t.schools.高职专科, w高);
  const bk = t.schools.高职本科 > 0 ? apportion(t.schools.高职本科, w高) : w高.map(() => 0);
  const out = new Map<string, Record<Level, number>>();
  PROVINCES.forEach((p, i) => out.set(p.name, { 中职: z[i], 高职专科: zk[i], 高职本科: bk[i] }));
  return out;
}

/** The schools that must be present from a year on (id → year), decided once the last year's schools exist. */
export type KeepSchools = (last: readonly School[]) => ReadonlyMap<string, number>;

export function buildUniverse(seed: number, years: number[], keep?: KeepSchools): Universe {
  const sorted = [...years].sort((a, b) => a - b);
  const last = sorted[sorted.length - 1];
  const names = new NameBook(seed);
  const ids = new Set<string>();
  const all: School[] = [];

  const create = (province: string, code: string, level: Level, rng: Rng): School => {
    let id: string;
    do id = '4' + code + String(rng.int(0, 9_999_999)).padStart(7, '0');
    while (ids.has(id));
    ids.add(id);
    const technician = level === '中职' && rng.chance(0.26);
    const name = names.take(province, level === '中职' ? (technician ? '技工' : '中职') : level);
    const pPrivate = level === '中职' ? 0.22 : level === '高职专科' ? 0.25 : 0.45;
    const ownership: Ownership = rng.chance(pPrivate) ? '民办' : '公办';
    const size = Math.min(3, Math.max(0.3, Math.exp(0.45 * rng.normal())));
    const s: School = { id, name, province, level, technician, ownership, size };
    all.push(s);
    return s;
  };

  // Last year: create everyone present, then fix the 民办 counts exactly.
  const lastCounts = countsFor(TARGETS[last]);
  let current = new Map<string, School[]>();
  for (const p of PROVINCES) {
    for (const level of LEVEL_ORDER) {
      const rng = Rng.keyed(seed, 'create', last, p.name, level);
      const n = lastCounts.get(p.name)![level];
      const list: School[] = [];
      for (let i = 0; i < n; i++) list.push(create(p.name, p.code, level, rng));
      current.set(p.name + '/' + level, list);
    }
  }
  const priv = TARGETS[last].private;
  if (priv) {
    for (const level of LEVEL_ORDER) {
      const pool = PROVINCES.flatMap((p) => current.get(p.name + '/' + level)!);
      const rng = Rng.keyed(seed, 'private', last, level);
      // Private schools lean small and (in 中职) non-技工.
      const chosen = new Set(
        rng.sampleWeighted(
          pool,
          pool.map((s) => (s.technician ? 0.6 : 1) / s.size),
          priv[level],
        ),
      );
      for (const s of pool) s.ownership = chosen.has(s) ? '民办' : '公办';
    }
  }

  const byYear = new Map<number, School[]>();
  const flatten = (m: Map<string, School[]>): School[] => PROVINCES.flatMap((p) => LEVEL_ORDER.flatMap((l) => m.get(p.name + '/' + l)!));
  byYear.set(last, flatten(current));
  const keepFrom = keep?.(byYear.get(last)!) ?? new Map<string, number>();
  const needed = (s: School, year: number): boolean => (keepFrom.get(s.id) ?? Infinity) <= year;

  for (let y = last; y > sorted[0]; y--) {
    const prevCounts = countsFor(TARGETS[y - 1]);
    // A province keeps at least its schools that must stay (a 本科 school the year's apportionment
    // gives no place), taking the place from the province with most room: national counts hold.
    for (const level of LEVEL_ORDER) {
      const room = (p: string) => prevCounts.get(p)![level] - current.get(p + '/' + level)!.filter((s) => needed(s, y - 1)).length;
      for (const p of PROVINCES) {
        while (room(p.name) < 0) {
          const donor = PROVINCES.map((q) => q.name).reduce((a, b) => (room(b) > room(a) ? b : a));
          if (room(donor) <= 0) throw new Error(`roster invariant: no room for the ${level} schools to keep in ${y - 1}`);
          prevCounts.get(donor)![level]--;
          prevCounts.get(p.name)![level]++;
        }
      }
    }
    const prev = new Map<string, School[]>();
    for (const p of PROVINCES) {
      for (const level of LEVEL_ORDER) {
        const key = p.name + '/' + level;
        const cur = current.get(key)!;
        const target = prevCounts.get(p.name)![level];
        const rng = Rng.keyed(seed, 'churn', y, p.name, level);
        const churn = level === '中职' ? Math.round(cur.length * 0.003) : level === '高职专科' ? Math.round(cur.length * 0.006) : 0;
        const opened = Math.min(cur.length, Math.max(churn, cur.length - target));
        const openedSet = new Set(
          rng.sampleWeighted(
            cur,
            cur.map(() => 1),
            opened,
          ),
        );
        // A school that must stay trades places with the staying school closest to it in size.
        for (const s of [...openedSet].filter((x) => needed(x, y - 1))) {
          const free = cur.filter((x) => !openedSet.has(x) && !needed(x, y - 1));
          if (!free.length) throw new Error(`roster invariant: no school to open in ${y} instead of ${s.id}`);
          openedSet.delete(s);
          openedSet.add(free.reduce((a, b) => (Math.abs(b.size - s.size) < Math.abs(a.size - s.size) ? b : a)));
        }
        const kept = cur.filter((s) => !openedSet.has(s));
        const crng = Rng.keyed(seed, 'create', y - 1, p.name, level);
        while (kept.length < target) kept.push(create(p.name, p.code, level, crng));
        prev.set(key, kept);
      }
    }
    byYear.set(y - 1, flatten(prev));
    current = prev;
  }
  return { years: sorted, byYear, all };
}

/** Effective size weight of a school (persistent). */
function weight(s: School): number {
  return s.size * (s.ownership === '民办' ? 0.7 : 1) * (s.technician ? 0.85 : 1) * (s.level === '高职本科' ? 1.6 : 1);
}

function check(cond: boolean, msg: string): void {
  if (!cond) throw new Error('roster invariant: ' + msg);
}

/** One year's figures for every school present that year. */
export function rosterFor(seed: number, universe: Universe, year: number): RosterRecord[] {
  const t = TARGETS[year];
  const schools = universe.byYear.get(year)!;
  const recs: RosterRecord[] = schools.map((school) => ({
    school,
    year,
    enrolled: 0,
    admitted: 0,
    graduates: 0,
    placed: null,
    fullTime: 0,
    partTime: 0,
  }));
  for (const g of ['中职', '高职'] as Group[]) {
    const rs = recs.filter((r) => groupOf(r.school.level) === g);
    const rng = Rng.keyed(seed, 'metrics', year, g);
    const E = apportion(
      t.enrolled[g],
      rs.map((r) => weight(r.school) * Math.exp(0.06 * rng.normal())),
    );
    rs.forEach((r, i) => (r.enrolled = E[i]));
    const A = apportion(
      t.admitted[g],
      rs.map((r) => r.enrolled * rng.uniform(0.85, 1.15)),
    );
    const G = apportion(
      t.graduates[g],
      rs.map((r) => r.enrolled * rng.uniform(0.85, 1.15)),
    );
    const T = apportion(
      t.teachers[g],
      rs.map((r) => r.enrolled * rng.uniform(0.9, 1.1)),
    );
    rs.forEach((r, i) => {
      r.admitted = A[i];
      r.graduates = G[i];
      r.fullTime = T[i];
    });
    // 落实人数: a handful of schools leave it empty; the rest hit the rate exactly.
    const missing = new Set(
      rng.sampleWeighted(
        rs,
        rs.map(() => 1),
        t.placedMissing[g],
      ),
    );
    const reporting = rs.filter((r) => !missing.has(r));
    let gSum = 0;
    for (const r of reporting) gSum += r.graduates;
    const placedTotal = Math.floor((gSum * t.placementBp[g] + 5000) / 10000);
    const rate = t.placementBp[g] / 10000;
    const P = apportionCapped(
      placedTotal,
      reporting.map((r) => r.graduates * rng.clippedNormal(rate, 0.025, 0.75, 0.995)),
      reporting.map((r) => r.graduates),
    );
    reporting.forEach((r, i) => (r.placed = P[i]));
  }
  const rng = Rng.keyed(seed, 'parttime', year);
  const PT = apportion(
    t.partTime,
    recs.map((r) => r.enrolled * (r.school.level === '中职' ? 1 : 1.25) * rng.uniform(0.5, 1.5)),
  );
  recs.forEach((r, i) => (r.partTime = PT[i]));

  for (const r of recs) {
    check(r.enrolled > 0 && r.admitted <= r.enrolled, `${r.school.id} admitted ${r.admitted} > enrolled ${r.enrolled}`);
    check(r.graduates < r.enrolled, `${r.school.id} graduates`);
    check(r.placed === null || r.placed <= r.graduates, `${r.school.id} placed`);
    check(r.fullTime >= 1, `${r.school.id} teachers`);
  }
  return recs;
}

/**
 * Sums of the school roster by year × region × level, in one pass. The validate stage uses them
 * to cross-check published series; the aggregate stage builds its roster indicators on them.
 * Regions: 全国 and each province. Levels: the three roster levels, 高职 (专科 + 本科) and 合计.
 */
import type { Level, RosterRow } from '../types.js';

export interface RosterSums {
  schools: number;
  privateSchools: number;
  /** Schools whose 举办性质 was given (the denominator of 民办学校占比). */
  ownershipKnown: number;
  enrolled: number;
  admitted: number;
  admittedKnown: number;
  graduates: number;
  /** 落实人数 and 毕业生数 over schools that report both (the 去向落实率's parts). */
  placed: number;
  placedGraduates: number;
  placedSchools: number;
  fullTimeTeachers: number;
  partTimeTeachers: number;
  partTimeKnown: number;
  /** Row counts per source file, for the sources of each value. */
  files: Map<string, number>;
}

export type SumLevel = Level | '高职' | '合计';

const LEVEL_GROUPS: Record<Level, SumLevel[]> = {
  中职: ['中职', '合计'],
  高职专科: ['高职专科', '高职', '合计'],
  高职本科: ['高职本科', '高职', '合计'],
};

export const sumKey = (year: number, region: string, level: SumLevel) => `${year}|${region}|${level}`;

function empty(): RosterSums {
  return {
    schools: 0,
    privateSchools: 0,
    ownershipKnown: 0,
    enrolled: 0,
    admitted: 0,
    admittedKnown: 0,
    graduates: 0,
    placed: 0,
    placedGraduates: 0,
    placedSchools: 0,
    fullTimeTeachers: 0,
    partTimeTeachers: 0,
    partTimeKnown: 0,
    files: new Map(),
  };
}

export function sumRoster(rows: Iterable<RosterRow>): Map<string, RosterSums> {
  const out = new Map<string, RosterSums>();
  for (const r of rows) {
    for (const region of ['全国', r.province]) {
      for (const level of LEVEL_GROUPS[r.level]) {
        const k = sumKey(r.year, region, level);
        let s = out.get(k);
        if (!s) out.set(k, (s = empty()));
        s.schools++;
        if (r.ownership) {
          s.ownershipKnown++;
          if (r.ownership === '民办') s.privateSchools++;
        }
        s.enrolled += r.enrolled;
        if (r.admitted !== null) {
          s.admitted += r.admitted;
          s.admittedKnown++;
        }
        s.graduates += r.graduates;
        if (r.placed !== null) {
          s.placed += r.placed;
          s.placedGraduates += r.graduates;
          s.placedSchools++;
        }
        s.fullTimeTeachers += r.fullTimeTeachers;
        if (r.partTimeTeachers !== null) {
          s.partTimeTeachers += r.partTimeTeachers;
          s.partTimeKnown++;
        }
        s.files.set(r.origin.file, (s.files.get(r.origin.file) ?? 0) + 1);
      }
    }
  }
  return out;
}

/** The series indicator names the roster can be compared with, and how to read them off the sums. */
export const ROSTER_COMPARABLE: Record<string, (s: RosterSums) => number | null> = {
  学校数: (s) => s.schools,
  在校生数: (s) => s.enrolled,
  招生数: (s) => (s.admittedKnown === s.schools ? s.admitted : null),
  毕业生数: (s) => s.graduates,
  毕业去向落实率: (s) => (s.placedGraduates > 0 ? (s.placed / s.placedGraduates) * 100 : null),
  专任教师数: (s) => s.fullTimeTeachers,
  兼职教师数: (s) => (s.partTimeKnown === s.schools ? s.partTimeTeachers : null),
  民办学校数: (s) => (s.ownershipKnown > 0 ? s.privateSchools : null),
};

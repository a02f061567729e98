/**
 * Rules across files, run once every input is read:
 * - a project's school should be in that year's roster (warning), with the same name (warning)
 *   and in the same province (error: the row is rejected);
 * - a roster sum that disagrees with a published series figure for the same year, region,
 *   indicator and level, beyond the published precision (warning, with both values).
 */
import { ROSTER_COMPARABLE, sumKey, sumRoster, type SumLevel } from '../aggregate/roster-sums.js';
import { PROVINCES } from './ref/provinces.js';
import { UNITS, unitExponent, type Unit } from './units.js';
import { fixed } from '../format/index.js';
import type { FindingLog } from './findings.js';
import { rejectLater, type RowPlace } from './rows.js';
import type { DataRow, ProjectRow, RosterRow, SeriesRow } from '../types.js';

interface CrossCtx {
  log: FindingLog;
  out: { roster: RosterRow[]; projects: ProjectRow[]; series: SeriesRow[] };
  places: Map<DataRow, RowPlace>;
}

export function crossCheck(ctx: CrossCtx): void {
  checkProjects(ctx);
  checkSeries(ctx);
}

function where(row: DataRow, place: RowPlace, field: string) {
  const c = place.cells[field];
  const school = row.table === 'series' ? {} : { schoolId: row.schoolId, schoolName: row.schoolName };
  return {
    file: row.origin.file,
    sheet: row.origin.sheet,
    row: row.origin.row,
    column: c?.column ?? null,
    header: c?.header ?? null,
    value: c?.value ?? null,
    ...school,
  };
}

function checkProjects({ log, out, places }: CrossCtx): void {
  if (out.projects.length === 0) return;
  const schools = new Map<string, RosterRow>();
  const rosterYears = new Set<number>();
  for (const r of out.roster) {
    schools.set(`${r.year}|${r.schoolId}`, r);
    rosterYears.add(r.year);
  }
  const keep: ProjectRow[] = [];
  for (const p of out.projects) {
    const place = places.get(p)!;
    // Without a roster for that year there is nothing to check against.
    if (!rosterYears.has(p.year)) {
      keep.push(p);
      continue;
    }
    const school = schools.get(`${p.year}|${p.schoolId}`);
    const sk = (field: string) => [...place.sortKey, place.cells[field]?.col ?? -1];
    if (!school) {
      const f = log.add('SCHOOL_NOT_IN_ROSTER', where(p, place, 'schoolId'), { id: p.schoolId, year: p.year }, sk('schoolId'));
      if (f.severity === 'error') rejectLater(place.report);
      else keep.push(p);
      continue;
    }
    let rejected = false;
    if (school.province !== p.province) {
      log.add(
        'PROVINCE_MISMATCH',
        where(p, place, 'province'),
        {
          value: p.province,
          roster: school.province,
          id: p.schoolId,
          where: `${school.origin.file} 第 ${school.origin.row} 行`,
        },
        sk('province'),
      );
      rejected = true;
    }
    if (p.schoolName && norm(p.schoolName) !== norm(school.schoolName)) {
      const f = log.add('SCHOOL_NAME_MISMATCH', where(p, place, 'schoolName'), { roster: school.schoolName, id: p.schoolId }, sk('schoolName'));
      if (f.severity === 'error') rejected = true;
    }
    if (rejected) rejectLater(place.report);
    else keep.push(p);
  }
  out.projects = keep;
}

const norm = (s: string) => s.replace(/[\s()（）]/g, '');

function checkSeries({ log, out, places }: CrossCtx): void {
  if (out.series.length === 0 || out.roster.length === 0) return;
  const sums = sumRoster(out.roster);
  // Provinces present per year: 全国 is compared only when the roster covers every province.
  const present = new Map<number, Set<string>>();
  for (const r of out.roster) {
    let s = present.get(r.year);
    if (!s) present.set(r.year, (s = new Set()));
    s.add(r.province);
  }
  const keep: SeriesRow[] = [];
  for (const s of out.series) {
    keep.push(s);
    const read = ROSTER_COMPARABLE[s.indicator];
    const regions = present.get(s.year);
    if (!read || !regions) continue;
    const complete = s.region === '全国' ? PROVINCES.every((p) => regions.has(p.name)) : regions.has(s.region);
    if (!complete) continue;
    const sum = sums.get(sumKey(s.year, s.region, s.level as SumLevel));
    const computed = sum ? read(sum) : null;
    if (computed === null) continue;
    // Within rounding of the published precision is agreement: 537万人 covers 536.5万 … 537.5万.
    const tolerance = 0.5 * 10 ** -s.decimals * UNITS[s.unit as keyof typeof UNITS].scale;
    if (Math.abs(computed - s.value) <= tolerance + 1e-9) continue;
    const place = places.get(s)!;
    const f = log.add(
      'SERIES_DISAGREES',
      where(s, place, 'value'),
      {
        year: s.year,
        region: s.region,
        level: s.level,
        indicator: s.indicator,
        computed: show(computed, s),
        published: show(s.value, s),
      },
      [...place.sortKey, place.cells.value?.col ?? -1],
    );
    if (f.severity === 'error') {
      keep.pop();
      rejectLater(place.report);
    }
  }
  out.series = keep;
}

/** A value in the series' own printed unit, for the message. */
function show(v: number, s: SeriesRow): string {
  return fixed(v, s.decimals, -unitExponent(s.unit as Unit)) + s.unit;
}

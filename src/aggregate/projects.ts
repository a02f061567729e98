/**
 * Cooperation-project indicators by year and by region, country, continent, brand and type (and
 * the pairs the regional and bilateral editions need), plus the brand table of 表1-3:
 * 发起省份 = the province with most projects of the brand, 首创时间 = its earliest 设立日期's year.
 *
 * A year's file lists the projects reported that year, whatever their status: `projects` counts
 * them all, and projects_running / _preparing / _ended split them by that year's 状态, so a report
 * can say 运行中 where it differs from the total. projects_new counts those set up that year (设立
 * 日期). Countries and provinces are ranked among each other on the main counts (.rank, 1 = most)
 * with their share of the nation (.share); year-on-year changes follow in derived.ts.
 */
import { CATALOG } from './catalog.js';
import { standings } from './derived.js';
import { continentOf } from '../validate/ref/countries.js';
import type { Indicator, Source } from './types.js';
import type { ProjectRow } from '../types.js';

type Dim = 'region' | 'country' | 'continent' | 'brand' | 'type';

const COMBOS: Dim[][] = [
  [],
  ['region'],
  ['country'],
  ['continent'],
  ['brand'],
  ['type'],
  ['region', 'country'],
  ['region', 'continent'],
  ['region', 'brand'],
  ['region', 'type'],
  ['country', 'type'],
  ['country', 'brand'],
];

const dimOf: Record<Dim, (p: ProjectRow) => string | null> = {
  region: (p) => p.province,
  country: (p) => p.country,
  continent: (p) => continentOf(p.country) ?? null,
  brand: (p) => p.brand,
  type: (p) => p.type,
};

function sources(group: ProjectRow[]): Source[] {
  const files = new Map<string, number>();
  for (const p of group) files.set(p.origin.file, (files.get(p.origin.file) ?? 0) + 1);
  return [...files].map(([file, rows]) => ({ type: 'rows', table: 'projects', file, rows }));
}

const STATUS_IDS: Record<ProjectRow['status'], string> = { 运行中: 'projects_running', 筹建中: 'projects_preparing', 已结束: 'projects_ended' };

/** The split by status and the new projects, for the national total, one dimension, or a province's partners. */
const withFlows = (combo: Dim[]) => combo.length <= 1 || (combo[0] === 'region' && combo[1] === 'country');

function metrics(group: ProjectRow[], flows: boolean): [string, number][] {
  const status = { projects_running: 0, projects_preparing: 0, projects_ended: 0 };
  let fresh = 0;
  if (flows) {
    for (const p of group) {
      status[STATUS_IDS[p.status] as keyof typeof status]++;
      if (Number(p.startDate.iso.slice(0, 4)) === p.year) fresh++;
    }
  }
  const out: [string, number][] = [
    ['projects', group.length],
    ...(flows ? ([...Object.entries(status), ['projects_new', fresh]] as [string, number][]) : []),
    ['partner_countries', new Set(group.map((p) => p.country)).size],
    ['cooperating_schools', new Set(group.map((p) => p.schoolId)).size],
    ['cooperating_provinces', new Set(group.map((p) => p.province)).size],
  ];
  const students = group.filter((p) => p.students !== null);
  if (students.length) out.push(['project_students', students.reduce((a, p) => a + p.students!, 0)]);
  const trainees = group.filter((p) => p.trainees !== null);
  if (trainees.length) out.push(['project_trainees', trainees.reduce((a, p) => a + p.trainees!, 0)]);
  return out;
}

export function projectIndicators(rows: readonly ProjectRow[]): Indicator[] {
  const out: Indicator[] = [];
  for (const combo of COMBOS) {
    const groups = new Map<string, { dims: Partial<Record<Dim, string>>; year: number; rows: ProjectRow[] }>();
    for (const p of rows) {
      const dims: Partial<Record<Dim, string>> = {};
      let skip = false;
      for (const d of combo) {
        const v = dimOf[d](p);
        if (v === null) skip = true;
        else dims[d] = v;
      }
      if (skip) continue;
      const key = `${p.year}|${combo.map((d) => dims[d]).join('|')}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { dims, year: p.year, rows: [] }));
      g.rows.push(p);
    }
    for (const g of groups.values()) {
      const src = sources(g.rows);
      const { region, ...rest } = g.dims;
      for (const [id, value] of metrics(g.rows, withFlows(combo))) {
        const def = CATALOG[id];
        out.push({ id, name: def.name, unit: def.unit, value, year: g.year, region: region ?? '全国', ...rest, sources: src });
      }
      if (combo.length === 1 && combo[0] === 'brand') out.push(...brandFacts(g.rows, g.year, g.dims.brand!, src));
    }
  }
  return [...out, ...standing(out)];
}

/** Indicators on which partner countries and provinces are ranked. */
const RANKED = ['projects', 'projects_running', 'projects_new', 'cooperating_schools', 'project_students', 'project_trainees'];

/**
 * Each partner country's (and province's) rank among all of them on a year's count (1 = most; ties
 * share a rank) and its share of the national figure.
 */
function standing(list: Indicator[]): Indicator[] {
  const nation = new Map<string, Indicator>();
  const groups = new Map<string, { key: string; among: string; members: Indicator[] }>();
  for (const i of list) {
    if (!RANKED.includes(i.id) || i.continent || i.brand || i.type) continue;
    const key = `${i.id}|${i.year}`;
    if (i.region === '全国' && !i.country) nation.set(key, i);
    else if (i.region === '全国' || !i.country) {
      const g = `${key}|${i.country ? 'country' : 'region'}`;
      const group = groups.get(g);
      if (group) group.members.push(i);
      else groups.set(g, { key, among: i.country ? '合作国家（地区）' : '省份', members: [i] });
    }
  }
  const out: Indicator[] = [];
  for (const { key, among, members } of groups.values()) {
    for (const { member: i, rank, share } of standings(members, nation.get(key))) {
      const base = { year: i.year, region: i.region, ...(i.country ? { country: i.country } : {}), sources: [{ type: 'derived' as const, from: [i.id] }] };
      out.push({ ...base, id: `${i.id}.rank`, name: `${i.name}在${among}中的排名`, unit: '位', value: rank });
      if (share !== null) out.push({ ...base, id: `${i.id}.share`, name: `${i.name}占全国比例`, unit: '%', value: share });
    }
  }
  return out;
}

function brandFacts(group: ProjectRow[], year: number, brand: string, src: Source[]): Indicator[] {
  const first = Math.min(...group.map((p) => Number(p.startDate.iso.slice(0, 4))));
  const byProvince = new Map<string, number>();
  for (const p of group) byProvince.set(p.province, (byProvince.get(p.province) ?? 0) + 1);
  // Most projects wins; a tie goes to the province whose first project is earliest.
  const earliest = (prov: string) => Math.min(...group.filter((p) => p.province === prov).map((p) => Number(p.startDate.iso.replaceAll('-', ''))));
  const origin = [...byProvince].sort((a, b) => b[1] - a[1] || earliest(a[0]) - earliest(b[0]))[0][0];
  const def = (id: string) => ({ id, name: CATALOG[id].name, unit: CATALOG[id].unit });
  return [
    { ...def('brand_first_year'), value: first, year, region: '全国', brand, sources: src },
    { ...def('brand_origin_province'), value: origin, year, region: '全国', brand, sources: src },
  ];
}

/**
 * Cooperation-project indicators by year and by region, country, continent, brand and type (and
 * the pairs the regional and bilateral editions need), plus the brand table of 表1-3:
 * 发起省份 = the province with most projects of the brand, 首创时间 = its earliest 设立日期's year.
 */
import { CATALOG } from './catalog.js';
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

function metrics(group: ProjectRow[]): [string, number][] {
  const out: [string, number][] = [
    ['projects', group.length],
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
      for (const [id, value] of metrics(g.rows)) {
        const def = CATALOG[id];
        out.push({ id, name: def.name, unit: def.unit, value, year: g.year, region: region ?? '全国', ...rest, sources: src });
      }
      if (combo.length === 1 && combo[0] === 'brand') out.push(...brandFacts(g.rows, g.year, g.dims.brand!, src));
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

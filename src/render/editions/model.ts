/**
 * Datasets the editions' figures and tables show, built from the indicator table. Values stay
 * unrounded; chart labels are formatted here with the format module (so charts print their
 * values as the seed's figures do) and tables format in templates through helpers.
 */
import * as fmt from '../../format/index.js';
import { lookup } from '../../aggregate/index.js';
import type { Indicator } from '../../aggregate/types.js';
import { PROVINCES } from '../../validate/ref/provinces.js';
import { countryByAlpha2 } from '../../validate/ref/countries.js';
import { dataset, type Dataset, type Row } from './dataset.js';

export type Label = (v: number) => string;
export const LABELS: Record<string, Label> = {
  wan0: (v) => fmt.wan(v, 0),
  wan2: (v) => fmt.wan(v, 2),
  count: (v) => fmt.count(v),
  percent: (v) => fmt.percent(v),
};

export class Model {
  constructor(readonly indicators: readonly Indicator[], readonly year: number) {}

  private static shared = new WeakMap<readonly Indicator[], Map<number, Model>>();
  /** One model per indicator table and year, so the editions of a build share its per-id lists. */
  static for(indicators: readonly Indicator[], year: number): Model {
    let byYear = Model.shared.get(indicators);
    if (!byYear) Model.shared.set(indicators, (byYear = new Map()));
    let m = byYear.get(year);
    if (!m) byYear.set(year, (m = new Model(indicators, year)));
    return m;
  }

  private byId: Map<string, Indicator[]> | undefined;
  private static readonly NONE: Indicator[] = [];
  of(id: string): Indicator[] {
    if (!this.byId) {
      // One pass over the table, not one per id asked for.
      this.byId = new Map();
      for (const i of this.indicators) {
        const l = this.byId.get(i.id);
        if (l) l.push(i);
        else this.byId.set(i.id, [i]);
      }
    }
    return this.byId.get(id) ?? Model.NONE;
  }

  get(q: Parameters<typeof lookup>[1]): Indicator | undefined {
    return lookup(this.of(q.id), q);
  }

  /** Years (≤ until) for which the indicator has a national value at any of the levels. */
  years(id: string, levels: string[], region = '全国', until = this.year): number[] {
    const ys = new Set(this.of(id).filter((i) => i.region === region && levels.includes(i.level ?? '') && !i.country && !i.brand && !i.type && !i.continent && i.year <= until).map((i) => i.year));
    return [...ys].sort((a, b) => a - b);
  }

  /** One indicator by year × level, for grouped bars: rows {year, level, value, label}. */
  byYearLevel(id: string, levels: { level: string; name?: string }[], opts: { scale?: number; label: Label; region?: string; until?: number }): Dataset {
    const region = opts.region ?? '全国';
    const used: Indicator[] = [];
    const rows: Row[] = [];
    for (const y of this.years(id, levels.map((l) => l.level), region, opts.until)) {
      for (const l of levels) {
        const i = this.get({ id, year: y, region, level: l.level });
        if (!i || typeof i.value !== 'number') continue;
        used.push(i);
        rows.push({ year: `${y}年`, level: l.name ?? l.level, value: i.value / (opts.scale ?? 1), label: opts.label(i.value) });
      }
    }
    return dataset(rows, used);
  }

  /** Every province: the regional table, ranked bars and the tile map. */
  provinces(): Dataset {
    const used: Indicator[] = [];
    const rows: Row[] = [];
    const val = (id: string, region: string, level = '合计') => {
      const i = this.get({ id, year: this.year, region, level });
      if (i) used.push(i);
      return i && typeof i.value === 'number' ? i.value : null;
    };
    for (const p of PROVINCES) {
      const schools = val('schools', p.name);
      if (schools === null) continue;
      const enrolled = val('enrolled', p.name);
      rows.push({
        region: p.name, col: p.tile[0], row: p.tile[1],
        schools, secondary: val('schools', p.name, '中职') ?? 0, higher: val('schools', p.name, '高职') ?? 0,
        enrolled, enrolledShare: val('enrolled.share', p.name), enrolledRank: val('enrolled.rank', p.name),
        graduates: val('graduates', p.name), teachers: val('fulltime_teachers', p.name),
        placement: val('placement_rate', p.name), projects: this.get({ id: 'projects', year: this.year, region: p.name })?.value as number ?? 0,
        enrolledLabel: enrolled === null ? '' : fmt.wan(enrolled, 2), enrolledWan: enrolled === null ? null : enrolled / 10000,
      });
    }
    rows.sort((a, b) => (b.enrolled as number) - (a.enrolled as number));
    return dataset(rows, used);
  }

  /** Projects split by one dimension (continent, type, brand, country), largest first. */
  projectsBy(dim: 'continent' | 'type' | 'brand' | 'country', region = '全国'): Dataset {
    const list = this.of('projects').filter((i) => i.year === this.year && i.region === region && i[dim] !== undefined &&
      ['continent', 'type', 'brand', 'country'].every((d) => d === dim || i[d as 'type'] === undefined));
    const rows: Row[] = list.map((i) => {
      const key = i[dim]!;
      const extra: Row = {};
      if (dim === 'country') {
        const c = countryByAlpha2(key);
        Object.assign(extra, { name: c?.name ?? key, continent: c?.continent ?? '', isRegion: c?.isRegion ? 1 : 0 });
      }
      const get = (id: string) => (this.get({ id, year: this.year, region, [dim]: key } as Parameters<typeof lookup>[1])?.value as number) ?? null;
      return {
        key, name: key, ...extra, projects: i.value as number, label: fmt.count(i.value as number),
        schools: get('cooperating_schools'), provinces: get('cooperating_provinces'), countries: get('partner_countries'),
        students: get('project_students'), trainees: get('project_trainees'),
      };
    });
    rows.sort((a, b) => (b.projects as number) - (a.projects as number) || String(a.name).localeCompare(String(b.name), 'zh'));
    return dataset(rows, list);
  }

  /** Projects with one partner country split by province (region dimension). */
  countryByProvince(country: string): Dataset {
    const list = this.of('projects').filter((i) => i.year === this.year && i.country === country && i.region !== '全国' && !i.type && !i.brand && !i.continent);
    const rows: Row[] = list.map((i) => ({ name: i.region, value: i.value as number, label: fmt.count(i.value as number), group: '项目数' }));
    rows.sort((a, b) => (b.value as number) - (a.value as number) || String(a.name).localeCompare(String(b.name), 'zh'));
    return dataset(rows, list);
  }

  /** Projects with one partner country split by type or brand. */
  countryBy(country: string, dim: 'type' | 'brand'): Dataset {
    const list = this.of('projects').filter((i) => i.year === this.year && i.country === country && i.region === '全国' && i[dim] !== undefined && !(dim === 'type' ? i.brand : i.type) && !i.continent);
    const rows: Row[] = list.map((i) => ({ name: i[dim]!, value: i.value as number, label: fmt.count(i.value as number), group: '项目数' }));
    rows.sort((a, b) => (b.value as number) - (a.value as number) || String(a.name).localeCompare(String(b.name), 'zh'));
    return dataset(rows, list);
  }

  /** The brand table (表1-3): brand, 发起省份, 首创时间, 合作国家数量, 设立数量. */
  brands(only?: readonly string[]): Dataset {
    const used: Indicator[] = [];
    const rows: Row[] = [];
    for (const i of this.of('projects')) {
      if (i.year !== this.year || !i.brand || i.region !== '全国' || i.country || i.type || i.continent) continue;
      if (only && !only.includes(i.brand)) continue;
      const q = { year: this.year, brand: i.brand };
      const first = this.get({ id: 'brand_first_year', ...q });
      const origin = this.get({ id: 'brand_origin_province', ...q });
      const countries = this.get({ id: 'partner_countries', ...q });
      used.push(i, first!, origin!, countries!);
      rows.push({ brand: i.brand, origin: (origin?.value as string) ?? null, firstYear: (first?.value as number) ?? null, countries: (countries?.value as number) ?? null, projects: i.value as number });
    }
    rows.sort((a, b) => (a.firstYear as number) - (b.firstYear as number) || (only ? only.indexOf(a.brand as string) - only.indexOf(b.brand as string) : 0));
    rows.forEach((r, k) => (r.no = k + 1));
    return dataset(rows, used);
  }

  /** 图1-5: 高职毕业生 and 新增城镇就业人口 (万人, bars) with the share (line, second axis). */
  gradShare(): Dataset {
    const used: Indicator[] = [];
    const rows: Row[] = [];
    for (const y of this.years('vocational_grad_share_of_new_jobs', ['高职'])) {
      const g = this.get({ id: 'graduates', year: y, level: '高职' });
      const j = this.get({ id: 'new_urban_jobs', year: y, level: '合计' });
      const s = this.get({ id: 'vocational_grad_share_of_new_jobs', year: y, level: '高职' });
      if (!g || !j || !s) continue;
      used.push(g, j, s);
      const year = `${y}年`;
      rows.push({ year, series: '高职毕业生', kind: 'bar', value: (g.value as number) / 1e4, label: fmt.wan(g.value as number, 0) });
      rows.push({ year, series: '新增城镇就业人口', kind: 'bar', value: (j.value as number) / 1e4, label: fmt.wan(j.value as number, 0) });
      rows.push({ year, series: '占比', kind: 'line', value: s.value as number, label: fmt.percent(s.value as number) });
    }
    return dataset(rows, used);
  }
}

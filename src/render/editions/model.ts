/**
 * Views over the indicator table: the rows the chart specs and tables take, built by the query
 * helpers (queries.ts) any template can call. Values stay unrounded in the unit the view asks
 * for (人 → 万人 divides by 10⁴); labels are formatted with the format module by that unit.
 * Every view names its columns (Chinese header and unit) for the data download, and carries
 * the sources of every indicator it read.
 */
import * as fmt from '../../format/index.js';
import { lookup } from '../../aggregate/index.js';
import { CATALOG } from '../../aggregate/catalog.js';
import type { Indicator } from '../../aggregate/types.js';
import { PROVINCES } from '../../validate/ref/provinces.js';
import { countryByAlpha2 } from '../../validate/ref/countries.js';
import { dataset, type Column, type Dataset, type Row } from './dataset.js';

/** A unit a view may show a base unit in: its base unit, the power of ten and the usual decimals. */
const SCALED: Record<string, { base: string; exp: number; places: number }> = {
  万人: { base: '人', exp: 4, places: 2 },
  万人次: { base: '人次', exp: 4, places: 2 },
  万元: { base: '元', exp: 4, places: 2 },
  亿元: { base: '元', exp: 8, places: 0 },
};
const PLACES: Record<string, number> = { 所: 0, 个: 0, 人: 0, 人次: 0, 位: 0, 年: 0, '%': 2, 个百分点: 2, 元: 2 };

export interface Shown {
  unit: string;
  /** Value in `unit` = base value / 10^exp. */
  exp: number;
  places: number;
}

/** How a value in `base` is shown when a view asks for `want` (ignored where it does not apply: 万人 for a rate). */
export function shownIn(base: string, want?: string, places?: number): Shown {
  const s = want ? SCALED[want] : undefined;
  if (s && s.base === base) return { unit: want!, exp: s.exp, places: places ?? s.places };
  // `places` goes with the unit asked for: 万人 places=0 beside a rate keeps the rate's decimals.
  return { unit: base, exp: 0, places: (s ? undefined : places) ?? PLACES[base] ?? 2 };
}

export const scaled = (v: number, s: Shown): number => (s.exp ? v / 10 ** s.exp : v);
/** The printed value: a number without its unit (the axis or caption says it), a rate with % as the report prints rates. */
export const label = (v: number, s: Shown): string =>
  s.unit === '年' ? String(v) : s.unit === '%' ? fmt.percent(v, s.places) : fmt.fixed(v, s.places, -s.exp);

export type Dim = 'level' | 'region' | 'country' | 'continent' | 'brand' | 'type';
const PROJECT_DIMS = ['country', 'continent', 'brand', 'type'] as const;
export const BY_HEADERS: Record<string, string> = {
  level: '层次',
  region: '地区',
  province: '省份',
  country: '国家（地区）',
  continent: '洲',
  type: '项目类型',
  brand: '品牌',
  indicator: '指标',
};

export interface Filter {
  region?: string;
  level?: string;
  country?: string;
  continent?: string;
  brand?: string;
  type?: string;
}

/** One line of a series: an indicator at one level and region, under a name. */
export interface Line {
  id: string;
  level?: string;
  region: string;
  name: string;
  filter?: Filter;
}

export interface SeriesOptions {
  from?: number;
  to?: number;
  unit?: string;
  places?: number;
  /** Header of the column that tells the lines apart (层次, 地区, 指标). */
  by: string;
  /** Only years every line has (a bar-line figure of several indicators); otherwise any. */
  complete?: boolean;
}

export interface BreakdownOptions extends Filter {
  by: 'country' | 'continent' | 'type' | 'brand' | 'province';
  unit?: string;
  places?: number;
  top?: number;
  /** Field whose value colours the bars (continent); default the indicator's name. */
  group?: string;
  /** Keys or names to keep, in this order for ties. */
  only?: readonly string[];
  /** Extra columns: field ← indicator (at a level), for tables. Values in the base unit. */
  also?: readonly { field: string; id: string; level?: string }[];
  /** Field to sort by, ascending; default the value, largest first. */
  sort?: string;
  /** Only keys with no value the year before (new partner countries). */
  fresh?: boolean;
}

export class Model {
  constructor(
    readonly indicators: readonly Indicator[],
    readonly year: number,
  ) {}

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

  /** Name and base unit of an indicator: from the table (derived ids too), else the catalogue. */
  describe(id: string): { name: string; unit: string } {
    const i = this.of(id)[0];
    return i ? { name: i.name, unit: i.unit } : { name: CATALOG[id]?.name ?? id, unit: CATALOG[id]?.unit ?? '' };
  }

  private num(q: Parameters<typeof lookup>[1], used: Indicator[]): number | null {
    const i = this.get(q);
    if (!i || typeof i.value !== 'number') return null;
    used.push(i);
    return i.value;
  }

  /** Years (≤ until) for which a line has a value. */
  private yearsOf(l: Line, until: number): Set<number> {
    const f = l.filter ?? {};
    return new Set(
      this.of(l.id)
        .filter((i) => i.region === l.region && (i.level ?? '合计') === (l.level ?? '合计') && i.year <= until && PROJECT_DIMS.every((d) => i[d] === f[d]))
        .map((i) => i.year),
    );
  }

  /** Lines over years: rows {year: '2023年', group (the line's name), value, label} (+ kind bar|line and unit where units differ). */
  series(lines: readonly Line[], o: SeriesOptions): Dataset {
    const until = Math.min(o.to ?? this.year, this.year);
    const sets = lines.map((l) => this.yearsOf(l, until));
    let years = [...new Set(sets.flatMap((s) => [...s]))];
    if (o.complete) years = years.filter((y) => sets.every((s) => s.has(y)));
    years = years.filter((y) => o.from === undefined || y >= o.from).sort((a, b) => a - b);
    const shown = lines.map((l) => shownIn(this.describe(l.id).unit, o.unit, o.places));
    const mixed = new Set(shown.map((s) => s.unit)).size > 1;
    const used: Indicator[] = [];
    const rows: Row[] = [];
    for (const y of years) {
      lines.forEach((l, k) => {
        // 合计 also finds values without levels (projects), as lookup does when no level is asked.
        const v = this.num({ id: l.id, year: y, region: l.region, level: l.level === '合计' ? undefined : l.level, ...l.filter }, used);
        if (v === null) return;
        const s = shown[k]!;
        rows.push({
          year: `${y}年`,
          y,
          group: l.name,
          value: scaled(v, s),
          label: label(v, s),
          ...(mixed ? { kind: s.unit === '%' ? 'line' : 'bar', unit: s.unit } : {}),
        });
      });
    }
    const one = lines.length ? this.describe(lines[0]!.id).name : '';
    const columns: Column[] = [
      { field: 'year', header: '年份' },
      { field: 'group', header: o.by },
      ...(mixed
        ? [
            { field: 'value', header: '数值' },
            { field: 'unit', header: '单位' },
          ]
        : [{ field: 'value', header: one, unit: shown[0]?.unit || undefined }]),
    ];
    return dataset(rows, used, columns);
  }

  /** One indicator split by a dimension: rows {key, name, value, label, group, …}, largest first. */
  breakdown(id: string, o: BreakdownOptions): Dataset {
    const region = o.region ?? '全国';
    const byProvince = o.by === 'province';
    const dim: Dim = o.by === 'province' ? 'region' : o.by;
    const at = (year: number) =>
      this.of(id).filter(
        (i) =>
          i.year === year &&
          typeof i.value === 'number' &&
          (byProvince ? i.region !== '全国' : i.region === region && i[dim] !== undefined) &&
          (i.level ?? '合计') === (o.level ?? '合计') &&
          PROJECT_DIMS.every((d) => d === dim || i[d] === o[d]),
      );
    let list = at(this.year);
    if (o.fresh) {
      // Only what the previous year did not have; without a previous year nothing can be called new.
      const before = new Set(at(this.year - 1).map((i) => String(i[dim])));
      list = before.size ? list.filter((i) => !before.has(String(i[dim]))) : [];
    }
    const { name: indName, unit: base } = this.describe(id);
    const s = shownIn(base, o.unit, o.places);
    const used: Indicator[] = [...list];
    let rows: Row[] = list.map((i) => {
      const key = String(i[dim]);
      const extra: Row = {};
      if (o.by === 'country') {
        const c = countryByAlpha2(key);
        Object.assign(extra, { name: c?.name ?? key, continent: c?.continent ?? '', isRegion: c?.isRegion ? 1 : 0 });
      }
      if (byProvince) {
        const p = PROVINCES.find((x) => x.name === key);
        Object.assign(extra, { col: p?.tile[0] ?? null, row: p?.tile[1] ?? null });
      }
      const v = i.value as number;
      const row: Row = { key, name: key, ...extra, value: scaled(v, s), label: label(v, s) };
      for (const a of o.also ?? []) {
        const q = { ...pick(o), id: a.id, year: this.year, region: byProvince ? key : region, level: a.level ?? o.level, [dim]: key };
        const f = this.get(q as Parameters<typeof lookup>[1]);
        if (f) used.push(f);
        row[a.field] = f ? f.value : null;
      }
      return row;
    });
    if (o.only) rows = rows.filter((r) => o.only!.includes(r.key as string) || o.only!.includes(r.name as string));
    const pos = (r: Row) => (o.only ? Math.max(o.only.indexOf(r.key as string), o.only.indexOf(r.name as string)) : 0);
    const byName = (a: Row, b: Row) => String(a.name).localeCompare(String(b.name), 'zh');
    if (o.sort) rows.sort((a, b) => cmp(a[o.sort!], b[o.sort!]) || pos(a) - pos(b) || byName(a, b));
    else rows.sort((a, b) => (b.value as number) - (a.value as number) || byName(a, b));
    if (o.top !== undefined) rows = rows.slice(0, o.top);
    // The largest tiles of a map print their labels in white.
    const max = Math.max(0, ...rows.map((r) => r.value as number));
    for (const r of rows) {
      r.group = o.group ? (r[o.group] ?? '') : indName;
      if (byProvince) r.dark = (r.value as number) > max * 0.6 ? 1 : 0;
    }
    const columns: Column[] = [
      { field: 'name', header: BY_HEADERS[o.by]! },
      ...(o.by === 'country' ? [{ field: 'continent', header: '洲' }] : []),
      { field: 'value', header: indName, unit: s.unit || undefined },
      ...(o.also ?? []).map((a) => {
        const d = this.describe(a.id);
        return { field: a.field, header: a.level && a.level !== '合计' ? `${a.level}${d.name}` : d.name, unit: d.unit || undefined };
      }),
    ];
    return dataset(rows, used, columns);
  }

  /** Provinces (or another dimension) ranked by an indicator, with their rank and the edition's own marked (mine = 1). */
  ranking(id: string, o: BreakdownOptions & { mark?: string }): Dataset {
    const all = this.breakdown(id, { ...o, top: undefined, sort: undefined });
    let rank = 0;
    let prev: unknown;
    const rows = all.rows.map((r, k) => {
      if (r.value !== prev) rank = k + 1;
      prev = r.value;
      return { ...r, rank, mine: o.mark !== undefined && (r.key === o.mark || r.name === o.mark) ? 1 : 0 };
    });
    const columns = [{ field: 'rank', header: '排名' }, ...(all.columns ?? [])];
    return { rows: o.top === undefined ? rows : rows.slice(0, o.top), sources: all.sources, columns };
  }

  /**
   * The entity's place by a rank indicator (`projects.rank`) and how many others share it: its
   * peers are breakdown's rows, the provinces, or the partner countries when a country is given.
   */
  place(rankId: string, o: Filter): { rank: number; tiedWith: number } | null {
    const { country, ...rest } = o;
    const { rows } = this.breakdown(rankId, { ...rest, region: '全国', by: country ? 'country' : 'province' });
    const mine = rows.find((r) => r.key === (country ?? o.region));
    return mine ? { rank: mine.value as number, tiedWith: rows.filter((r) => r !== mine && r.value === mine.value).length } : null;
  }

  /**
   * The entity's figures beside the nation's, one row per indicator: {id, name, unit, value,
   * nation, share, rank, label, nationLabel}. The entity is a region or a partner country.
   */
  compare(ids: readonly string[], o: { region: string; country?: string; level?: string; unit?: string; places?: number; entity: string }): Dataset {
    const used: Indicator[] = [];
    const rows: Row[] = ids.map((id) => {
      const d = this.describe(id);
      const s = shownIn(d.unit, o.unit, o.places);
      const q = { id, year: this.year, level: o.level };
      const value = this.num({ ...q, region: o.region, country: o.country }, used);
      const nation = this.num({ ...q, region: '全国' }, used);
      const share = o.country ? (value !== null && nation ? (value / nation) * 100 : null) : this.num({ ...q, id: `${id}.share`, region: o.region }, used);
      const rank = this.num({ ...q, id: `${id}.rank`, region: o.region, country: o.country }, used);
      return {
        id,
        name: d.name,
        unit: s.unit,
        value: value === null ? null : scaled(value, s),
        nation: nation === null ? null : scaled(nation, s),
        share,
        rank,
        label: value === null ? fmt.MISSING : label(value, s),
        nationLabel: nation === null ? fmt.MISSING : label(nation, s),
      };
    });
    const columns: Column[] = [
      { field: 'name', header: '指标' },
      { field: 'unit', header: '单位' },
      { field: 'value', header: o.entity },
      { field: 'nation', header: '全国' },
      { field: 'share', header: '占全国', unit: '%' },
      { field: 'rank', header: o.country ? '在合作国家（地区）中排名' : '全国排名' },
    ];
    return dataset(rows, used, columns);
  }
}

const pick = (f: Filter): Filter => ({ country: f.country, continent: f.continent, brand: f.brand, type: f.type });

function cmp(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (a === null || a === undefined) return b === null || b === undefined ? 0 : 1;
  if (b === null || b === undefined) return -1;
  return String(a).localeCompare(String(b), 'zh');
}

/** Rows of a dataset counted by one field: {name, value, label, group}, in the field's order. */
export function tally(ds: Dataset, by: string, o: { series: string; header: string; unit: string; top?: number }): Dataset {
  const counts = new Map<string, number>();
  for (const r of ds.rows) {
    const k = r[by];
    if (k === null || k === undefined || k === '') continue;
    counts.set(String(k), (counts.get(String(k)) ?? 0) + 1);
  }
  // top: the most frequent first (ties in the field's order); otherwise all, in the field's order.
  let sorted = [...counts].sort((a, b) => (o.top === undefined ? 0 : b[1] - a[1]) || cmp(a[0], b[0]));
  if (o.top !== undefined) sorted = sorted.slice(0, o.top);
  const rows: Row[] = sorted.map(([k, n]) => ({ [by]: k, name: k, group: o.series, value: n, label: fmt.count(n) }));
  return {
    rows,
    sources: ds.sources,
    columns: [
      { field: by, header: o.header },
      { field: 'value', header: o.series, unit: o.unit },
    ],
  };
}

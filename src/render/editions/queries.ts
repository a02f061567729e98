/**
 * Query helpers: views over the indicator table that any template can chart or tabulate
 * (`{{chart "grouped-bars" data=(series "student_teacher_ratio" levels="中职,高职")}}`), so a
 * new figure is a template edit. Each returns a Dataset: rows in the fields the chart specs
 * read, the sources of every value (数据来源 and notes follow) and the download's columns.
 */
import type Handlebars from 'handlebars';
import { CATALOG } from '../../aggregate/catalog.js';
import { countryByAlpha2 } from '../../validate/ref/countries.js';
import * as fmt from '../../format/index.js';
import type { Dataset } from './dataset.js';
import type { HelperDef, HelperEnv } from './helper-def.js';
import { BY_HEADERS, Model, tally, type BreakdownOptions, type Filter, type Line } from './model.js';

const GROUP = '指标与数据';
const BYS = ['country', 'continent', 'type', 'brand', 'province'] as const;
const FILTERS = ['country', 'continent', 'type', 'brand'] as const;

/** "中职, 高职" → ['中职', '高职']; also accepts an array from the model. */
const list = (v: unknown): string[] | undefined =>
  v === undefined || v === null || v === ''
    ? undefined
    : Array.isArray(v)
      ? v.map(String)
      : String(v)
          .split(/[,，、]/)
          .map((s) => s.trim())
          .filter(Boolean);
const int = (v: unknown): number | undefined => (v === undefined || v === null || v === '' ? undefined : Number(v));

/** An id, with an optional level after @ (graduates@高职). */
function parseId(env: HelperEnv, m: Model, raw: string, options: Handlebars.HelperOptions): { id: string; level?: string } {
  const [id, level] = raw.split('@').map((s) => s.trim());
  const root = id!.replace(/(\.(yoy|share|rank))+$/, '');
  if (!id || (!m.of(id).length && !CATALOG[root])) throw env.fail(options, `未知的指标“${raw}”。`);
  return level ? { id, level } : { id };
}

function filterOf(env: HelperEnv, h: Record<string, unknown>): Filter {
  const f: Filter = { region: h.region === undefined ? env.ctx.region : String(h.region) };
  if (h.level !== undefined) f.level = String(h.level);
  for (const d of FILTERS) if (h[d] !== undefined && h[d] !== null) f[d] = String(h[d]);
  return f;
}

const model = (env: HelperEnv) => Model.for(env.ctx.indicators, env.ctx.year);

export const QUERY_HELPERS: HelperDef[] = [
  {
    name: 'series',
    group: GROUP,
    description:
      '指标按年份的序列，供折线图、柱状图：按层次（levels="中职,高职"，names 改显示名）、按地区（regions="全国,山东"）、按洲或项目类型（continents="亚洲,非洲"，types="境外办学,职业培训"）或几个指标并列（"graduates@高职,new_urban_jobs"）；from、to 限定年份，unit="万人" 换算单位，places 指定小数位。行字段：year（“2023年”）、y（2023，可作 year= 参数）、group（线或柱的名称）、value、label。',
    example: '{{#let (series "enrolled" levels="中职,高职" unit="万人" from=2022) as |s|}}{{#each s.rows}}{{year}}{{group}}{{label}}；{{/each}}{{/let}}',
    make: (env) =>
      function (this: unknown, ...args: unknown[]) {
        const options = args.pop() as Handlebars.HelperOptions;
        const h = options.hash as Record<string, unknown>;
        const m = model(env);
        const ids = args.flatMap((a) => list(a) ?? []).map((a) => parseId(env, m, a, options));
        if (!ids.length) throw env.fail(options, 'series 需要指标名称，如 (series "enrolled" levels="中职,高职")。');
        const f = filterOf(env, h);
        const names = list(h.names);
        const filter = { country: f.country, continent: f.continent, type: f.type, brand: f.brand };
        let lines: Line[];
        let by: string;
        if (ids.length > 1) {
          by = BY_HEADERS.indicator!;
          lines = ids.map((x, k) => ({ id: x.id, level: x.level ?? f.level, region: f.region!, filter, name: names?.[k] ?? m.describe(x.id).name }));
        } else if (h.continents !== undefined || h.types !== undefined) {
          // Projects split by continent or type, one line each (projects over five years by continent).
          const dim = h.continents !== undefined ? 'continent' : 'type';
          by = BY_HEADERS[dim]!;
          lines = list(h.continents ?? h.types)!.map((c, k) => ({
            id: ids[0]!.id,
            level: ids[0]!.level ?? f.level,
            region: f.region!,
            filter: { ...filter, [dim]: c },
            name: names?.[k] ?? c,
          }));
        } else if (h.regions !== undefined) {
          by = BY_HEADERS.region!;
          lines = list(h.regions)!.map((r, k) => ({ id: ids[0]!.id, level: ids[0]!.level ?? f.level, region: r, filter, name: names?.[k] ?? r }));
        } else {
          by = BY_HEADERS.level!;
          const levels = list(h.levels) ?? [ids[0]!.level ?? f.level ?? '合计'];
          lines = levels.map((l, k) => ({ id: ids[0]!.id, level: l, region: f.region!, filter, name: names?.[k] ?? l }));
        }
        return m.series(lines, { by, from: int(h.from), to: int(h.to), unit: h.unit as string | undefined, places: int(h.places), complete: ids.length > 1 });
      },
  },
  {
    name: 'breakdown',
    group: GROUP,
    description:
      '本年某指标按一个维度分列，从大到小：by="country|continent|type|brand|province"，可再限定 country、region、type、brand、level；top 取前几项，group="continent" 按洲着色，only 只保留所列各项，also="schools=cooperating_schools" 附加表格列（基本单位），sort="firstYear" 按该列升序，new=true 只保留上一年没有的项（如本年新增的合作国家；没有上一年数据时为空）。行字段：key、name、value、label、group。',
    example: '{{#let (breakdown "projects" by="continent" top=2) as |b|}}{{#each b.rows}}{{name}}{{label}}个；{{/each}}{{/let}}',
    make: (env) =>
      function (this: unknown, id: string, options: Handlebars.HelperOptions) {
        const h = options.hash as Record<string, unknown>;
        const m = model(env);
        return m.breakdown(parseId(env, m, String(id), options).id, breakdownOptions(env, m, h, options));
      },
  },
  {
    name: 'ranking',
    group: GROUP,
    description:
      '各省份（或 by 所给维度）按某指标排名：行字段另有 rank（名次）和 mine（本版本的省份为 1，mark 可另指定）；top 取前几名，unit、places 同 series。',
    example: '{{#let (ranking "enrolled" top=3 unit="万人") as |r|}}{{#each r.rows}}{{rank}}.{{name}}{{label}}；{{/each}}{{/let}}',
    make: (env) =>
      function (this: unknown, id: string, options: Handlebars.HelperOptions) {
        const h = options.hash as Record<string, unknown>;
        const m = model(env);
        const o = breakdownOptions(env, m, { by: 'province', ...h }, options);
        return m.ranking(parseId(env, m, String(id), options).id, { ...o, mark: h.mark === undefined ? env.ctx.region : String(h.mark) });
      },
  },
  {
    name: 'place',
    group: GROUP,
    description:
      '名次的文字（含动词）：按排名指标（如 "projects.rank"、"enrolled.rank"）写出“居第3位”，与其他省份（给 country= 时为其他合作国家（地区））同值时写“并列第3位”；没有排名时为“—”。level= 同 v。',
    example: '山东在校生规模在全国{{place "enrolled.rank" region="山东"}}',
    make: (env) =>
      function (this: unknown, id: string, options: Handlebars.HelperOptions) {
        const h = options.hash as Record<string, unknown>;
        const m = model(env);
        const rankId = parseId(env, m, String(id), options).id;
        if (!rankId.endsWith('.rank')) throw env.fail(options, `place 的参数应为排名指标（以 .rank 结尾），而不是“${rankId}”。`);
        const p = m.place(rankId, filterOf(env, h));
        return p ? `${p.tiedWith ? '并列' : '居'}第${p.rank}位` : fmt.MISSING;
      },
  },
  {
    name: 'compare',
    group: GROUP,
    description:
      '本版本的省份（或 country 所给的合作国家）与全国并列，每个指标一行：name、unit、value、nation、share（占全国%）、rank（在各省份或各合作国家（地区）中的排名），label 与 nationLabel 为按单位格式化的数字。',
    example:
      '{{#let (compare "schools,enrolled" unit="万人" region="山东") as |c|}}{{#each c.rows}}{{name}}{{label}}{{unit}}/{{nationLabel}}{{unit}}；{{/each}}{{/let}}',
    make: (env) =>
      function (this: unknown, ids: string, options: Handlebars.HelperOptions) {
        const h = options.hash as Record<string, unknown>;
        const m = model(env);
        const f = filterOf(env, h);
        const list_ = (list(ids) ?? []).map((x) => parseId(env, m, x, options).id);
        const entity = f.country ? (countryByAlpha2(f.country)?.name ?? f.country) : f.region!;
        return m.compare(list_, {
          region: f.country ? '全国' : f.region!,
          country: f.country,
          level: f.level,
          unit: h.unit as string | undefined,
          places: int(h.places),
          entity,
        });
      },
  },
  {
    name: 'tally',
    group: GROUP,
    description:
      '把数据集的行按某一列计数（如国别版项目清单按设立年份、状态、外方机构），供图表：by 为列名，series 为系列名（默认“项目数”），header 为下载文件中该列的标题，top 只取次数最多的几项（从多到少）。行字段：name、value、label、group。',
    example: '{{#let (tally (breakdown "projects" by="continent") by="group") as |t|}}{{#each t.rows}}{{name}}{{label}}；{{/each}}{{/let}}',
    make: (env) =>
      function (this: unknown, ds: Dataset, options: Handlebars.HelperOptions) {
        const h = options.hash as Record<string, unknown>;
        if (!ds || !Array.isArray(ds.rows)) throw env.fail(options, 'tally 需要一个数据集，如 (tally ds.projects by="year")。');
        const by = String(h.by ?? '');
        if (!by) throw env.fail(options, 'tally 需要 by="列名"。');
        return tally(ds, by, { series: String(h.series ?? '项目数'), header: String(h.header ?? by), unit: String(h.unit ?? '个'), top: int(h.top) });
      },
  },
  {
    name: 'plottable',
    group: GROUP,
    description: '数据集是否有至少两个数值可画成图（少于两个时 chart 不画图而写一句话，正文不应引用图号）：{{#if (plottable ds)}}（图{{figNo 1}}）{{/if}}。',
    example: '{{#if (plottable (breakdown "projects" by="continent"))}}可以画图{{else}}不画图{{/if}}',
    make: () => (ds: Dataset) => plottable(ds),
  },
  {
    name: 'sum',
    group: GROUP,
    description: '数据集某一列数值之和（缺少的值不计；全部缺少时为空）：{{percent (sum top5.rows "share")}}。',
    example: '{{#let (breakdown "projects" by="continent") as |b|}}{{count (sum b.rows "value")}}个{{/let}}',
    make: () => (rows: unknown, field: unknown) => {
      const vs = (Array.isArray(rows) ? rows : []).map((r) => (r as Record<string, unknown>)[String(field)]).filter((v): v is number => typeof v === 'number');
      return vs.length ? vs.reduce((a, b) => a + b, 0) : null;
    },
  },
  {
    name: 'let',
    group: GROUP,
    description:
      '给一个或几个值（通常是查询结果）起名，在块内使用，不改变块内的上下文：{{#let (breakdown "projects" by="type") (breakdown "projects" by="brand") as |types brands|}}…{{/let}}。',
    example: '{{#let (breakdown "projects" by="continent") as |c|}}{{c.rows.length}}个洲，{{year}}年{{/let}}',
    make: (env) =>
      function (this: unknown, ...args: unknown[]) {
        const options = args.pop() as Handlebars.HelperOptions;
        if (typeof options.fn !== 'function') throw env.fail(options, 'let 是块助手：{{#let (…) as |名称|}}…{{/let}}。');
        return options.fn(this, { data: options.data, blockParams: args });
      },
  },
];

function breakdownOptions(env: HelperEnv, m: Model, h: Record<string, unknown>, options: Handlebars.HelperOptions): BreakdownOptions {
  const by = String(h.by ?? '') as BreakdownOptions['by'];
  if (!(BYS as readonly string[]).includes(by)) throw env.fail(options, `by 应为 ${BYS.join('、')} 之一，而不是“${String(h.by ?? '')}”。`);
  const also = (list(String(h.also ?? '').replace(/\s+/g, ',')) ?? []).map((pair) => {
    const [field, spec] = pair.split('=');
    if (!field || !spec) throw env.fail(options, `also 的写法应为“列名=指标”，如 also="schools=cooperating_schools"，而不是“${pair}”。`);
    return { field, ...parseId(env, m, spec, options) };
  });
  // A breakdown by province covers the provinces whatever the edition; its other filters stay.
  const f = filterOf(env, h);
  return {
    ...f,
    by,
    unit: h.unit as string | undefined,
    places: int(h.places),
    top: int(h.top),
    group: h.group as string | undefined,
    only: list(h.only),
    also,
    sort: h.sort as string | undefined,
    fresh: h.new === true || h.new === 'true',
  };
}

/** At least two values to draw: a chart of one bar says nothing a sentence could not. */
export function plottable(ds: Dataset | undefined): boolean {
  return !!ds && Array.isArray(ds.rows) && ds.rows.filter((r) => typeof r.value === 'number').length >= 2;
}

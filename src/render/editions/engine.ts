/**
 * The template engine of every edition: Handlebars with
 *  - number helpers from src/format (templates never format by hand; {{ }} escapes all data),
 *  - `v`, the value of one indicator (an unknown indicator id is an error naming the template
 *    and line; a known one with no value prints a dash),
 *  - structure helpers that number parts, sections, figures (图1-5) and tables (表1-3), collect
 *    the table of contents, and put the 数据来源 and notes under every figure and table.
 * Charts are rendered after the template (helpers are synchronous): a chart helper leaves a
 * placeholder and a request; render() fills the SVGs in.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
// The runtime only: the compiler (a third of the package) is loaded when a template is compiled.
import type Handlebars from 'handlebars';
import runtime from 'handlebars/runtime.js';
import * as fmt from '../../format/index.js';
import { VetError } from '../../errors.js';
import { CATALOG } from '../../aggregate/catalog.js';
import { lookup } from '../../aggregate/index.js';
import type { Indicator } from '../../aggregate/types.js';
import { escapeHtml } from '../text.js';
import type { TocEntry } from '../document.js';
import { sourceNote, seriesNotes, type Column, type Dataset, type Row } from './dataset.js';
import { plottable, QUERY_HELPERS } from './queries.js';
import { CASE_HELPERS } from './cases.js';
import type { HelperEnv } from './helper-def.js';
import type { CaseRow } from '../../types.js';

export interface ChartRequest {
  /** Placeholder in the HTML. */
  token: string;
  /** Chart spec file name (templates/charts/<name>.vl.json). */
  name: string;
  data: Row[];
  title: string;
}

export interface Attachment {
  /** File name beside the HTML, e.g. data/图1-4.xlsx */
  file: string;
  title: string;
  rows: Row[];
  columns?: Column[];
  /** 数据来源 and notes, written above the table as under the figure. */
  source?: string | null;
  notes?: string[];
}

export interface RenderState {
  part: number;
  section: number;
  subsection: number;
  figure: number;
  table: number;
  toc: TocEntry[];
  charts: ChartRequest[];
  attachments: Attachment[];
  ids: Set<string>;
  /** Cases numbered so far in the current part (案例4-1, 案例4-2 …). */
  cases?: number;
}

export interface EditionContext {
  year: number;
  /** 全国, or the province of a regional edition (the default region of `v`). */
  region: string;
  indicators: readonly Indicator[];
  /** Built from sample submissions: every page says so. */
  sample: boolean;
  /** The year's cases (案例), for {{cases …}}. */
  cases?: readonly CaseRow[];
}

export class TemplateError extends Error {
  /** The template file the failing line is in (set by the innermost template that saw it). */
  file?: string;
}

/** An error inside a helper, located at the template line that called it. */
function located(options: Handlebars.HelperOptions, message: string): TemplateError {
  const loc = (options as unknown as { loc?: { start: { line: number; column: number } } }).loc;
  return new TemplateError(loc ? `第 ${loc.start.line} 行：${message}` : message);
}

type Fmt = (n: fmt.Maybe, ...rest: number[]) => string;
const FORMATS: Record<string, Fmt> = {
  count: fmt.count,
  wan: fmt.wan,
  wanRen: fmt.wanRen,
  percent: fmt.percent,
  pp: fmt.pp,
  ppChange: (n, places) => fmt.ppChange(n, places),
  change: (n, places) => fmt.change(n, places),
  /** Relative change in percent (as the .yoy indicators hold it): 9.4 → 增加9.40%. */
  changePct: (n, places = 2) => {
    if (n === null || n === undefined || !Number.isFinite(n)) return fmt.MISSING;
    if (fmt.roundHalfUpNumber(Math.abs(n), places) === 0) return '持平';
    return (n > 0 ? '增加' : '减少') + fmt.percent(Math.abs(n), places);
  },
  yuan: fmt.yuan,
  yiYuan: fmt.yiYuan,
  fixed: fmt.fixed,
};

const DIMS = ['year', 'region', 'level', 'country', 'continent', 'brand', 'type'] as const;

/** Handlebars' runtime, typed as the full package (its own runtime typings are empty). */
export const HANDLEBARS = runtime as unknown as typeof Handlebars;

/**
 * Templates precompiled once per process and source text: each edition has its own Handlebars
 * environment (its helpers close over its data), and compiling the same templates again for
 * every edition was ~2.5 s of a full build. hb.template() binds a precompiled spec to an
 * environment cheaply. The code is made here and never kept on disk: the tool cache holds no
 * code the build runs (a fresh process pays ~0.15–0.3 s to load the compiler and compile).
 */
const specs = new Map<string, TemplateSpecification>();
function compileCached(hb: typeof Handlebars, source: string, opts?: PrecompileOptions): Handlebars.TemplateDelegate {
  const key = `${JSON.stringify(opts ?? {})}\0${source}`;
  let spec = specs.get(key);
  if (!spec) {
    // A syntax error in the template throws from the compiler.
    const code = String((createRequire(import.meta.url)('handlebars') as typeof Handlebars).precompile(source, opts));
    spec = new Function(`return ${code}`)() as TemplateSpecification;
    specs.set(key, spec);
  }
  return hb.template(spec);
}
type PrecompileOptions = Parameters<typeof Handlebars.precompile>[1];
type TemplateSpecification = ReturnType<typeof Handlebars.precompile>;

/**
 * Indicator ids a template may name: the catalogue's with their derived forms (.yoy, .share,
 * .rank), and whatever the data has. A name outside these is a typo in the template (the build
 * fails there); a known one the data lacks (schools.yoy with no earlier year) is a missing value.
 * Built once per indicator table, not per edition.
 */
const idSets = new WeakMap<readonly { id: string }[], Set<string>>();
const DERIVED = ['', '.yoy', '.share', '.rank'];
function knownIdsOf(indicators: readonly { id: string }[]): Set<string> {
  let s = idSets.get(indicators);
  if (!s) idSets.set(indicators, (s = new Set([...Object.keys(CATALOG).flatMap((id) => DERIVED.map((d) => id + d)), ...indicators.map((i) => i.id)])));
  return s;
}

export function createEngine(templatesDir: string, ctx: EditionContext, state: RenderState) {
  const hb = HANDLEBARS.create();
  const knownIds = knownIdsOf(ctx.indicators);

  // Number formats: {{wanRen x}}, {{percent x 1}}. Extra positional args are decimal places.
  for (const [name, f] of Object.entries(FORMATS)) {
    hb.registerHelper(name, (...args: unknown[]) => {
      const positional = args.slice(0, -1);
      const [n, ...rest] = positional;
      return f(n === null || n === undefined || n === '' ? null : Number(n), ...rest.map(Number));
    });
  }
  hb.registerHelper('dateZh', (d: unknown) => fmt.dateZh(d as string));
  hb.registerHelper('yearRange', (a: number, b: number) => fmt.yearRange(Number(a), Number(b)));
  hb.registerHelper('zh', (n: number) => fmt.zhNumber(Number(n)));
  hb.registerHelper('growth', (a: number, b: number) => fmt.growth(a, b) === null ? null : fmt.growth(a, b)! * 100);
  hb.registerHelper('minus', (a: number, b: number) => (a === null || b === null ? null : Number(a) - Number(b)));
  // A value the data has (0 included: {{#if 0}} is false, and a change of 0 is still said).
  hb.registerHelper('known', (x: unknown) => x !== null && x !== undefined && !(typeof x === 'number' && Number.isNaN(x)));
  hb.registerHelper('gt', (a: number, b: number) => a !== null && b !== null && Number(a) > Number(b));
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('add', (a: number, b: number) => Number(a) + Number(b));
  /** part / whole × 100, for shares the indicator table does not hold. */
  hb.registerHelper('pctOf', (a: number, b: number) => (a === null || b === null || !Number(b) ? null : (Number(a) / Number(b)) * 100));
  hb.registerHelper('first', (list: unknown[], n: number) => (Array.isArray(list) ? list.slice(0, Number(n)) : []));
  hb.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).map((a) => (a === null || a === undefined ? '' : String(a))).join(''));
  /** The figure/table number the n-th next chart/table will get, for prose that cites it. */
  hb.registerHelper('figNo', (n: number) => `${state.part}-${state.figure + Number(n)}`);
  hb.registerHelper('tabNo', (n: number) => `${state.part}-${state.table + Number(n)}`);
  /** "2012—2023年" from the years a dataset covers (rows with year "2012年"). */
  hb.registerHelper('yearSpan', (ds: Dataset) => {
    const ys = (ds?.rows ?? []).map((r) => parseInt(String(r.year), 10)).filter(Number.isFinite);
    return ys.length ? fmt.yearRange(Math.min(...ys), Math.max(...ys)) : '';
  });

  /** {{v "enrolled" level="中职"}} → the value (unrounded); year and region default to the edition's. */
  hb.registerHelper('v', function (this: unknown, id: string, options: Handlebars.HelperOptions) {
    if (typeof id !== 'string' || !knownIds.has(id)) throw located(options, `未知的指标“${String(id)}”。`);
    const q: Record<string, unknown> = { id, year: ctx.year, region: ctx.region };
    for (const d of DIMS) if (options.hash[d] !== undefined) q[d] = d === 'year' ? Number(options.hash[d]) : options.hash[d];
    const found = lookup(ctx.indicators, q as Parameters<typeof lookup>[1]);
    return found ? found.value : null;
  });

  const newId = (prefix: string) => {
    let n = state.ids.size + 1;
    while (state.ids.has(`${prefix}-${n}`)) n++;
    state.ids.add(`${prefix}-${n}`);
    return `${prefix}-${n}`;
  };

  hb.registerHelper('part', function (this: unknown, options: Handlebars.HelperOptions) {
    state.part++;
    state.cases = 0;
    state.section = 0;
    state.figure = 0;
    state.table = 0;
    const title = `${fmt.partNo(state.part)} ${options.hash.title}`;
    const id = newId('part');
    state.toc.push({ id, text: title, level: 1 });
    return new hb.SafeString(
      `<section class="part" data-running-header="${escapeHtml(title)}"><h1 id="${id}">${escapeHtml(fmt.partNo(state.part))}　${escapeHtml(String(options.hash.title))}</h1>\n${options.fn(this)}</section>\n`,
    );
  });
  hb.registerHelper('section', function (this: unknown, options: Handlebars.HelperOptions) {
    state.section++;
    state.subsection = 0;
    const text = `${fmt.sectionNo(state.section)}${options.hash.title}`;
    const id = newId('sec');
    state.toc.push({ id, text, level: 2 });
    return new hb.SafeString(`<h2 id="${id}">${escapeHtml(text)}</h2>\n${options.fn(this)}`);
  });
  hb.registerHelper('subsection', function (this: unknown, options: Handlebars.HelperOptions) {
    state.subsection++;
    const text = `${fmt.subsectionNo(state.subsection)}${options.hash.title}`;
    const id = newId('sub');
    state.toc.push({ id, text, level: 3 });
    return new hb.SafeString(`<h3 id="${id}">${escapeHtml(text)}</h3>\n${options.fn(this)}`);
  });

  // Views over the indicator table (series, breakdown, ranking, compare…), see queries.ts.
  const env: HelperEnv = { hb, ctx, state, fail: located };
  for (const h of QUERY_HELPERS) hb.registerHelper(h.name, h.make(env));

  const notesOf = (ds: Dataset, extra?: string) => ({
    source: sourceNote(ds.sources, ctx.sample),
    notes: [...seriesNotes(ds.sources), ...(extra ? [extra] : [])],
  });
  const notesHtml = (ds: Dataset, extra?: string) => {
    const { source: src, notes } = notesOf(ds, extra);
    return (src ? `<p class="source">数据来源：${escapeHtml(src)}</p>` : '') +
      notes.map((n) => `<p class="note">注：${escapeHtml(n)}</p>`).join('');
  };

  const checkData = (ds: unknown, options: Handlebars.HelperOptions): Dataset => {
    const d = ds as Dataset;
    if (!d || !Array.isArray(d.rows) || !Array.isArray(d.sources)) throw located(options, '图表缺少数据（data=…）或数据名称有误。');
    return d;
  };

  /** {{chart "graduates" data=ds.graduates title="…" unit="万人"}} */
  hb.registerHelper('chart', function (this: unknown, name: string, options: Handlebars.HelperOptions) {
    const ds = checkData(options.hash.data, options);
    const title = String(options.hash.title ?? '');
    // Fewer than two values: a sentence, no figure number (the next figure keeps the sequence).
    if (!plottable(ds)) return new hb.SafeString(`<p class="chart-sentence">${escapeHtml(pointsSentence(title, ds, options.hash.unit as string | undefined))}</p>\n`);
    state.figure++;
    const no = `图${state.part}-${state.figure}`;
    const unit = options.hash.unit ? `（单位：${options.hash.unit}）` : '';
    const token = `<!--chart:${state.charts.length}-->`;
    state.charts.push({ token, name, data: ds.rows, title: `${no} ${title}` });
    const file = `data/${no}.xlsx`;
    state.attachments.push({ file, title: `${no} ${title}${unit}`, rows: ds.rows, columns: ds.columns, ...notesOf(ds, options.hash.note) });
    const by = options.hash.datatable as string | undefined;
    return new hb.SafeString(
      `<figure class="chart" id="${newId('fig')}">${token}${by ? dataTable(ds.rows, by) : ''}<figcaption>${escapeHtml(no)}　${escapeHtml(title)}${escapeHtml(unit)}</figcaption>` +
      `${notesHtml(ds, options.hash.note)}<p class="download"><a href="${escapeHtml(file)}">数据下载</a></p></figure>\n`,
    );
  });

  /** {{#table data=ds title="…" unit="…"}} <thead>…</thead><tbody>…</tbody> {{/table}} */
  hb.registerHelper('table', function (this: unknown, options: Handlebars.HelperOptions) {
    const ds = checkData(options.hash.data, options);
    state.table++;
    const no = `表${state.part}-${state.table}`;
    const title = String(options.hash.title ?? '');
    const unit = options.hash.unit ? `（单位：${options.hash.unit}）` : '';
    const file = `data/${no}.xlsx`;
    state.attachments.push({ file, title: `${no} ${title}${unit}`, rows: ds.rows, columns: ds.columns, ...notesOf(ds, options.hash.note) });
    return new hb.SafeString(
      `<div class="table-block" id="${newId('tab')}"><table${options.hash.class ? ` class="${escapeHtml(String(options.hash.class))}"` : ''}><caption>${escapeHtml(no)}　${escapeHtml(title)}${escapeHtml(unit)}</caption>\n${options.fn(this)}</table>` +
      `${notesHtml(ds, options.hash.note)}<p class="download"><a href="${escapeHtml(file)}">数据下载</a></p></div>\n`,
    );
  });

  for (const h of CASE_HELPERS) hb.registerHelper(h.name, h.make(env));

  for (const dir of [path.join(templatesDir, '..', 'partials'), templatesDir]) {
    let files: string[] = [];
    try {
      files = readdirSync(dir).filter((f) => f.endsWith('.hbs'));
    } catch {
      continue;
    }
    for (const f of files) {
      if (f === 'edition.hbs') continue;
      const file = path.join(dir, f);
      // Compiled when first used and wrapped, so an error inside a partial (its syntax too) names
      // the partial's file, not its caller's.
      const source = readFileSync(file, 'utf8');
      let tpl: Handlebars.TemplateDelegate | undefined;
      hb.registerPartial(path.basename(f, '.hbs'), ((context: unknown, opts: Handlebars.RuntimeOptions) => {
        try {
          tpl ??= compileCached(hb, source);
          return tpl(context, opts);
        } catch (e) {
          if (e instanceof TemplateError && !e.file) e.file = file;
          throw e;
        }
      }) as unknown as Handlebars.Template);
    }
  }

  return {
    /** Renders a template file; errors name the template and the line. */
    render(file: string, model: object): string {
      const rel = path.relative(process.cwd(), file);
      try {
        const tpl = compileCached(hb, readFileSync(file, 'utf8'), { strict: false, noEscape: false });
        return tpl(model);
      } catch (e) {
        const where = e instanceof TemplateError && e.file ? path.relative(process.cwd(), e.file) : rel;
        throw new VetError('TEMPLATE_ERROR', { template: where, detail: (e as Error).message });
      }
    },
  };
}

/** What a chart of fewer than two values says in words: 2023年与瑞士合作项目的类型：师资培训1个。 */
function pointsSentence(title: string, ds: Dataset, unit?: string): string {
  const what = title || '图表';
  if (!ds.rows.length) return `${what}：没有数据。`;
  // Labels of rates carry their % already.
  const items = ds.rows.map((r) => `${String(r.name ?? r.group ?? r.year ?? '')}${String(r.label ?? r.value ?? '')}${unit && unit !== '%' ? unit : ''}`);
  return `${what}：${items.join('，')}。`;
}

/** The values of a chart as a small table under it (series × year), as the seed prints them. */
function dataTable(rows: Row[], by: string): string {
  const years: string[] = [];
  const series: string[] = [];
  const cell = new Map<string, string>();
  for (const r of rows) {
    const y = String(r.year);
    const s = String(r[by]);
    if (!years.includes(y)) years.push(y);
    if (!series.includes(s)) series.push(s);
    cell.set(`${s}|${y}`, String(r.label ?? ''));
  }
  const head = `<tr><th></th>${years.map((y) => `<th>${escapeHtml(y)}</th>`).join('')}</tr>`;
  const body = series.map((s) => `<tr><th>${escapeHtml(s)}</th>${years.map((y) => `<td class="num">${escapeHtml(cell.get(`${s}|${y}`) ?? '')}</td>`).join('')}</tr>`).join('');
  return `<table class="chart-data" data-no-continue><tbody>${head}${body}</tbody></table>`;
}

export function newState(): RenderState {
  return { part: 0, section: 0, subsection: 0, figure: 0, table: 0, toc: [], charts: [], attachments: [], ids: new Set() };
}

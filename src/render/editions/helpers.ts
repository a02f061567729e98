/**
 * The template helpers, as data: each with its group, Chinese description and example, from which
 * docs/templates.md is generated (scripts/gen-template-docs.ts) and which the reference test
 * renders. engine.ts registers every registry listed in registry.ts.
 *
 * Number helpers take src/format's functions (templates never format by hand; {{ }} escapes all
 * data). Structure helpers number parts, sections, figures (图1-5) and tables (表1-3), collect the
 * table of contents, and put the 数据来源 and notes under every figure and table; a chart leaves
 * a placeholder and a request that render() fills with the SVG (helpers are synchronous).
 */
import type Handlebars from 'handlebars';
import * as fmt from '../../format/index.js';
import { CATALOG } from '../../aggregate/catalog.js';
import { lookup } from '../../aggregate/index.js';
import { closest } from '../../validate/ref/suggest.js';
import { escapeHtml } from '../../html-text.js';
import { sourceNote, seriesNotes, type Dataset, type Row } from './dataset.js';
import { plottable } from './queries.js';
import type { HelperDef, HelperEnv } from './helper-def.js';
import type { RenderState } from './state.js';

const G_FORMAT = '数字格式';
const G_DATA = '指标与数据';
const G_LOGIC = '逻辑与运算';
const G_STRUCT = '版面结构';

/** A number argument as the format functions take it: '' and missing are no value. */
const num = (n: unknown): number | null => (n === null || n === undefined || n === '' ? null : Number(n));
/** Positional arguments of a helper call (the last one is Handlebars' options). */
const positional = (args: unknown[]): unknown[] => args.slice(0, -1);

/** A number format: {{wanRen x}}, {{percent x 1}}; extra positional arguments are decimal places. */
function format(name: string, description: string, example: string, f: (n: fmt.Maybe, ...rest: number[]) => string): HelperDef {
  return {
    name,
    group: G_FORMAT,
    description,
    example,
    make:
      () =>
      (...args: unknown[]) => {
        const [n, ...rest] = positional(args);
        return f(num(n), ...rest.map(Number));
      },
  };
}

/** A helper of plain arguments (no options needed). */
// biome-ignore lint/suspicious/noExplicitAny: a helper takes whatever a template passes; each one converts its own arguments
function plain(name: string, group: string, description: string, example: string, f: (...a: any[]) => unknown): HelperDef {
  return {
    name,
    group,
    description,
    example,
    make:
      () =>
      (...args: unknown[]) =>
        f(...positional(args)),
  };
}

const DIMS = ['year', 'region', 'level', 'country', 'continent', 'brand', 'type'] as const;

/**
 * Indicator ids a template may name: the catalogue's with their derived forms (.yoy, .share,
 * .rank), and whatever the data has. A name outside these is a typo in the template (the build
 * fails there); a known one the data lacks (schools.yoy with no earlier year) is a missing value.
 * Built once per indicator table, not per edition.
 */
const idSets = new WeakMap<readonly { id: string }[], Set<string>>();
const DERIVED = ['', '.yoy', '.share', '.rank'];
export function knownIdsOf(indicators: readonly { id: string }[]): Set<string> {
  let s = idSets.get(indicators);
  if (!s) idSets.set(indicators, (s = new Set([...Object.keys(CATALOG).flatMap((id) => DERIVED.map((d) => id + d)), ...indicators.map((i) => i.id)])));
  return s;
}

/** The id nearest a misspelt one, for "是否应为…？". */
export function suggestId(id: string, known: Iterable<string>): string | undefined {
  return closest(id, known, Math.max(2, Math.floor(id.length / 4)));
}

/** Relative change in percent (as the .yoy indicators hold it): 9.4 → 增加9.40%. */
function changePct(n: fmt.Maybe, places = 2): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return fmt.MISSING;
  if (fmt.roundHalfUpNumber(Math.abs(n), places) === 0) return '持平';
  return (n > 0 ? '增加' : '减少') + fmt.percent(Math.abs(n), places);
}

function newId(state: RenderState, prefix: string): string {
  let n = state.ids.size + 1;
  while (state.ids.has(`${prefix}-${n}`)) n++;
  state.ids.add(`${prefix}-${n}`);
  return `${prefix}-${n}`;
}

/** 数据来源 and notes of a dataset: under the figure or table, and above the table of its download. */
function notesOf(env: HelperEnv, ds: Dataset, extra?: string): { source: string | null; notes: string[] } {
  return { source: sourceNote(ds.sources, env.ctx.sample), notes: [...seriesNotes(ds.sources), ...(extra ? [extra] : [])] };
}

function notesHtml(env: HelperEnv, ds: Dataset, extra?: string): string {
  const { source: src, notes } = notesOf(env, ds, extra);
  return (src ? `<p class="source">数据来源：${escapeHtml(src)}</p>` : '') + notes.map((n) => `<p class="note">注：${escapeHtml(n)}</p>`).join('');
}

function checkData(env: HelperEnv, ds: unknown, options: Handlebars.HelperOptions): Dataset {
  const d = ds as Dataset;
  if (!d || !Array.isArray(d.rows) || !Array.isArray(d.sources)) throw env.fail(options, '图表缺少数据（data=…）或数据名称有误。');
  return d;
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
  const body = series
    .map((s) => `<tr><th>${escapeHtml(s)}</th>${years.map((y) => `<td class="num">${escapeHtml(cell.get(`${s}|${y}`) ?? '')}</td>`).join('')}</tr>`)
    .join('');
  return `<table class="chart-data" data-no-continue><tbody>${head}${body}</tbody></table>`;
}

/** What a chart of fewer than two values says in words: 2023年与瑞士合作项目的类型：师资培训1个。 */
function pointsSentence(title: string, ds: Dataset, unit?: string): string {
  const what = title || '图表';
  if (!ds.rows.length) return `${what}：没有数据。`;
  // Labels of rates carry their % already.
  const items = ds.rows.map((r) => `${String(r.name ?? r.group ?? r.year ?? '')}${String(r.label ?? r.value ?? '')}${unit && unit !== '%' ? unit : ''}`);
  return `${what}：${items.join('，')}。`;
}

/** A numbered heading block: part, section, subsection. */
function heading(
  name: string,
  description: string,
  example: string,
  open: (env: HelperEnv, title: string) => { id: string; text: string; level: 1 | 2 | 3; html: (inner: string) => string },
): HelperDef {
  return {
    name,
    group: G_STRUCT,
    description,
    example,
    make: (env) =>
      function (this: unknown, options: Handlebars.HelperOptions) {
        const h = open(env, String(options.hash.title ?? ''));
        env.state.toc.push({ id: h.id, text: h.text, level: h.level });
        return new env.hb.SafeString(h.html(options.fn(this)));
      },
  };
}

export const FORMAT_HELPERS: HelperDef[] = [
  format('count', '整数，千分位分隔。用于学校数、项目数等。', '{{count (v "schools")}}', fmt.count),
  format('wan', '以万为单位，默认保留 2 位小数（不带单位）。', '{{wan (v "enrolled") 1}}', fmt.wan),
  format('wanRen', '以万人为单位，带“万人”，默认 2 位小数。', '{{wanRen (v "enrolled" level="中职")}}', fmt.wanRen),
  format(
    'percent',
    '百分数（数值已是百分比，如落实率 94.44），带“%”，默认 2 位小数，第二个参数为小数位数。',
    '{{percent (v "placement_rate") 1}}',
    fmt.percent,
  ),
  format('pp', '百分点数，带“个百分点”。', '{{pp 1.5}}', fmt.pp),
  format(
    'ppChange',
    '百分点变化：“提高…个百分点”“下降…个百分点”。用于比率的同比变化（.yoy）。',
    '{{ppChange (v "placement_rate.yoy" level="中职")}}',
    (n, places) => fmt.ppChange(n, places),
  ),
  format('change', '相对变化（比值，0.094 表示 9.4%）：“增加9.40%”“减少…”。', '{{change 0.094}}', (n, places) => fmt.change(n, places)),
  format('changePct', '相对变化（百分数，如数量的同比变化 .yoy）：“增加9.40%”“减少…”“持平”。', '{{changePct (v "schools.yoy")}}', changePct),
  format('yuan', '元，千分位分隔，默认 2 位小数。', '{{yuan 12345.6}}', fmt.yuan),
  format('yiYuan', '以亿元为单位，带“亿元”。', '{{yiYuan 123456789000}}', fmt.yiYuan),
  format('fixed', '保留指定位数的小数（默认 2 位），四舍五入。用于生师比等没有单位的比值。', '{{fixed (v "student_teacher_ratio") 2}}∶1', fmt.fixed),
  plain(
    'countChange',
    G_FORMAT,
    '两个数量之差的说法（单位在第三个参数）：“增加3个”“减少1个”“持平”；任一为空时为“—”，应先用 known 判断。用于项目数、学校数等比上年的变化。',
    '比上年{{countChange (v "schools") (v "schools" year=2022) "所"}}',
    (a: fmt.Maybe, b: fmt.Maybe, unit: unknown) => {
      if (a === null || a === undefined || b === null || b === undefined) return fmt.MISSING;
      const d = Number(a) - Number(b);
      return d === 0 ? '持平' : `${d > 0 ? '增加' : '减少'}${fmt.count(Math.abs(d))}${typeof unit === 'string' ? unit : ''}`;
    },
  ),
  plain('dateZh', G_FORMAT, '中文日期：2024年6月30日。', '{{dateZh "2024-06-30"}}', (d: unknown) => fmt.dateZh(d as string)),
  plain('yearRange', G_FORMAT, '年份区间：“2012—2023年”。', '{{yearRange 2012 2023}}', (a: number, b: number) => fmt.yearRange(Number(a), Number(b))),
  plain('zh', G_FORMAT, '中文数字（用于编号）：3 → 三。', '第{{zh 3}}编', (n: number) => fmt.zhNumber(Number(n))),
];

export const DATA_HELPERS: HelperDef[] = [
  {
    name: 'v',
    group: G_DATA,
    description:
      '一个指标的值（未四舍五入，须再用数字格式助手输出）。年份、地区默认取当前版本，可用 year=、region=、level=、country=、continent=、brand=、type= 指定；数据中没有时为空（格式助手打印“—”）。指标名称见 `vet-report indicators`；写错名称时构建失败并给出建议。',
    example: '{{count (v "schools" year=2022)}}',
    make: (env) =>
      function (this: unknown, id: string, options: Handlebars.HelperOptions) {
        const known = knownIdsOf(env.ctx.indicators);
        if (typeof id !== 'string' || !known.has(id)) {
          const s = typeof id === 'string' ? suggestId(id, known) : undefined;
          throw env.fail(options, `未知的指标“${String(id)}”${s ? `，是否应为“${s}”？` : '。'}（全部指标见 vet-report indicators）`);
        }
        const q: Record<string, unknown> = { id, year: env.ctx.year, region: env.ctx.region };
        for (const d of DIMS) if (options.hash[d] !== undefined) q[d] = d === 'year' ? Number(options.hash[d]) : options.hash[d];
        const found = lookup(env.ctx.indicators, q as Parameters<typeof lookup>[1]);
        return found ? found.value : null;
      },
  },
  {
    name: 'yearSpan',
    group: G_DATA,
    description: '一组图表数据覆盖的年份：“2012—2023年”。',
    example: '{{yearSpan ds}}',
    make: () => (ds: Dataset) => {
      const ys = (ds?.rows ?? []).map((r) => parseInt(String(r.year), 10)).filter(Number.isFinite);
      return ys.length ? fmt.yearRange(Math.min(...ys), Math.max(...ys)) : '';
    },
  },
];

export const LOGIC_HELPERS: HelperDef[] = [
  plain(
    'known',
    G_LOGIC,
    '有值（0 也算有值）时为真。用于缺少数据时略去整句：{{#if (known …)}}…{{/if}}。',
    '{{#if (known (v "schools.yoy" year=2022))}}有同比数据{{else}}没有上一年的数据{{/if}}',
    (x: unknown) => x !== null && x !== undefined && !(typeof x === 'number' && Number.isNaN(x)),
  ),
  plain(
    'eq',
    G_LOGIC,
    '两个值相同时为真。如只在中德版中出现的一句：{{#if (eq country.code "DE")}}…{{/if}}（只改一个版本时，更好的做法是把改写的文件放在 templates/<类别>/<代码>/ 中，见 README“编辑报告文字”）。',
    '{{#if (eq 2023 year)}}本年{{/if}}',
    (a: unknown, b: unknown) => a === b,
  ),
  plain(
    'gt',
    G_LOGIC,
    '第一个数大于第二个数时为真（任一为空时为假）。',
    '{{#if (gt (v "schools") 3)}}多于3所{{else}}不多于3所{{/if}}',
    (a: number, b: number) => a !== null && b !== null && Number(a) > Number(b),
  ),
  plain('add', G_LOGIC, '两数之和（结果须再用格式助手输出）。', '{{count (add 1 2)}}', (a: number, b: number) => Number(a) + Number(b)),
  plain(
    'minus',
    G_LOGIC,
    '两数之差（任一为空时为空；结果须再用格式助手输出）。',
    '{{count (minus (v "schools") (v "schools" year=2022))}}',
    (a: number, b: number) => (a === null || b === null ? null : Number(a) - Number(b)),
  ),
  plain('growth', G_LOGIC, '增长率（百分数）：(a − b) ÷ b × 100，供 changePct 输出。', '{{changePct (growth 110 100)}}', (a: number, b: number) => {
    const g = fmt.growth(a, b);
    return g === null ? null : g * 100;
  }),
  plain(
    'pctOf',
    G_LOGIC,
    '部分占整体的百分数：a ÷ b × 100（指标表中没有的占比）。',
    '{{percent (pctOf (v "private_schools") (v "schools"))}}',
    (a: number, b: number) => (a === null || b === null || !Number(b) ? null : (Number(a) / Number(b)) * 100),
  ),
  plain('first', G_LOGIC, '列表的前 n 项（用于 {{#each}}）。', '{{#each (first list 2)}}{{this}}；{{/each}}', (list: unknown[], n: number) =>
    Array.isArray(list) ? list.slice(0, Number(n)) : [],
  ),
  {
    name: 'list',
    group: G_LOGIC,
    description: '把几个值列成一个列表（用于 {{#each}}，如表格的固定各列）。',
    example: '{{#each (list "中职" "高职")}}{{this}}；{{/each}}',
    make:
      () =>
      (...args: unknown[]) =>
        args.slice(0, -1),
  },
  plain(
    'last',
    G_LOGIC,
    '列表的最后 n 项（默认 1 项；用于 {{#each}}，如序列的最近一年）。',
    '{{#each (last list 1)}}{{this}}{{/each}}',
    (list: unknown[], n: unknown) => (Array.isArray(list) ? list.slice(-(typeof n === 'number' ? n : 1)) : []),
  ),
  {
    name: 'concat',
    group: G_LOGIC,
    description: '把几段文字接成一段（空值当作空文字）。',
    example: '{{concat "中" "德"}}',
    make:
      () =>
      (...args: unknown[]) =>
        positional(args)
          .map((a) => (a === null || a === undefined ? '' : String(a)))
          .join(''),
  },
];

export const STRUCTURE_HELPERS: HelperDef[] = [
  heading(
    'part',
    '一编：自动编号（第一编…），写入目录、页眉和 PDF 书签；编内的图表从 1 重新编号。',
    '{{#part title="发展概况"}}<p>正文</p>{{/part}}',
    (env, title) => {
      const s = env.state;
      s.part++;
      s.cases = 0;
      s.section = 0;
      s.figure = 0;
      s.table = 0;
      const text = `${fmt.partNo(s.part)} ${title}`;
      const id = newId(s, 'part');
      return {
        id,
        text,
        level: 1,
        html: (inner) =>
          `<section class="part" data-running-header="${escapeHtml(text)}"><h1 id="${id}">${escapeHtml(fmt.partNo(s.part))}　${escapeHtml(title)}</h1>\n${inner}</section>\n`,
      };
    },
  ),
  heading('section', '一节：“一、…”，写入目录。', '{{#section title="学校"}}<p>正文</p>{{/section}}', (env, title) => {
    env.state.section++;
    env.state.subsection = 0;
    const text = `${fmt.sectionNo(env.state.section)}${title}`;
    const id = newId(env.state, 'sec');
    return { id, text, level: 2, html: (inner) => `<h2 id="${id}">${escapeHtml(text)}</h2>\n${inner}` };
  }),
  heading('subsection', '一小节：“(一)…”，写入目录。', '{{#subsection title="中职"}}<p>正文</p>{{/subsection}}', (env, title) => {
    env.state.subsection++;
    const text = `${fmt.subsectionNo(env.state.subsection)}${title}`;
    const id = newId(env.state, 'sub');
    return { id, text, level: 3, html: (inner) => `<h3 id="${id}">${escapeHtml(text)}</h3>\n${inner}` };
  }),
  {
    name: 'chart',
    group: G_STRUCT,
    description:
      '一张图：第一个参数为图表规格（templates/charts/<名称>.vl.json），data= 为数据，title= 标题，unit= 单位，note= 注；可选 datatable="系列列名" 在图下列出数值。自动编号（图1-5），写出数据来源和注，并生成数据下载文件。',
    example: '{{chart "bar-line" data=ds title="学校数" unit="所"}}',
    make: (env) =>
      function (this: unknown, name: string, options: Handlebars.HelperOptions) {
        const { state } = env;
        const ds = checkData(env, options.hash.data, options);
        const title = String(options.hash.title ?? '');
        // Fewer than two values: a sentence, no figure number (the next figure keeps the sequence).
        if (!plottable(ds))
          return new env.hb.SafeString(`<p class="chart-sentence">${escapeHtml(pointsSentence(title, ds, options.hash.unit as string | undefined))}</p>\n`);
        state.figure++;
        const no = `图${state.part}-${state.figure}`;
        const unit = options.hash.unit ? `（单位：${options.hash.unit}）` : '';
        const token = `<!--chart:${state.charts.length}-->`;
        state.charts.push({ token, name, data: ds.rows, title: `${no} ${title}` });
        const file = `data/${no}.xlsx`;
        state.attachments.push({ file, title: `${no} ${title}${unit}`, rows: ds.rows, columns: ds.columns, ...notesOf(env, ds, options.hash.note) });
        const by = options.hash.datatable as string | undefined;
        return new env.hb.SafeString(
          `<figure class="chart" id="${newId(state, 'fig')}">${token}${by ? dataTable(ds.rows, by) : ''}<figcaption>${escapeHtml(no)}　${escapeHtml(title)}${escapeHtml(unit)}</figcaption>` +
            `${notesHtml(env, ds, options.hash.note)}<p class="download"><a href="${escapeHtml(file)}">数据下载</a></p></figure>\n`,
        );
      },
  },
  {
    name: 'table',
    group: G_STRUCT,
    description:
      '一个表格（块助手，内容为 <thead>…<tbody>…）：data= 为数据（数据下载与来源），title=、unit=、note=、class=。自动编号（表1-3），跨页时续页写“续表”并重复表头。',
    example: '{{#table data=ds title="学校数"}}<tbody><tr><td>{{count (v "schools")}}</td></tr></tbody>{{/table}}',
    make: (env) =>
      function (this: unknown, options: Handlebars.HelperOptions) {
        const { state } = env;
        const ds = checkData(env, options.hash.data, options);
        state.table++;
        const no = `表${state.part}-${state.table}`;
        const title = String(options.hash.title ?? '');
        const unit = options.hash.unit ? `（单位：${options.hash.unit}）` : '';
        const file = `data/${no}.xlsx`;
        state.attachments.push({ file, title: `${no} ${title}${unit}`, rows: ds.rows, columns: ds.columns, ...notesOf(env, ds, options.hash.note) });
        return new env.hb.SafeString(
          `<div class="table-block" id="${newId(state, 'tab')}"><table${options.hash.class ? ` class="${escapeHtml(String(options.hash.class))}"` : ''}><caption>${escapeHtml(no)}　${escapeHtml(title)}${escapeHtml(unit)}</caption>\n${options.fn(this)}</table>` +
            `${notesHtml(env, ds, options.hash.note)}<p class="download"><a href="${escapeHtml(file)}">数据下载</a></p></div>\n`,
        );
      },
  },
  {
    name: 'figNo',
    group: G_STRUCT,
    description: '下面第 n 张图将得到的编号（正文中引用“见图1-5”）。',
    example: '见图{{figNo 1}}',
    make: (env) => (n: number) => `${env.state.part}-${env.state.figure + Number(n)}`,
  },
  {
    name: 'tabNo',
    group: G_STRUCT,
    description: '下面第 n 个表将得到的编号（“见表1-3”）。',
    example: '见表{{tabNo 1}}',
    make: (env) => (n: number) => `${env.state.part}-${env.state.table + Number(n)}`,
  },
];

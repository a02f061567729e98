/**
 * The editor's reference: the indicators a template may name (`vet-report indicators`) and the
 * helpers it may call (docs/templates.md, generated from the registry by
 * scripts/gen-template-docs.ts and checked by a test).
 */
import type { Indicator } from '../../aggregate/types.js';
import { CATALOG } from '../../aggregate/catalog.js';
import type { HelperDef } from './helper-def.js';

const DIMS = ['region', 'level', 'country', 'continent', 'brand', 'type'] as const;
type Dim = (typeof DIMS)[number];
const DIM_NAMES: Record<Dim, string> = { region: '地区', level: '层次', country: '国家', continent: '洲', brand: '品牌', type: '项目类型' };

export interface IndicatorInfo {
  id: string;
  name: string;
  unit: string;
  /** Each dimension the indicator varies by, with its values (region: 全国 and provinces…). */
  dimensions: Partial<Record<Dim, string[]>>;
  years: number[];
}

/** Every indicator id in the table, with its name, unit, dimensions and the years it has values for. */
export function listIndicators(indicators: readonly Indicator[]): IndicatorInfo[] {
  const by = new Map<string, { first: Indicator; dims: Map<Dim, Set<string>>; years: Set<number> }>();
  for (const i of indicators) {
    let e = by.get(i.id);
    if (!e) by.set(i.id, (e = { first: i, dims: new Map(), years: new Set() }));
    e.years.add(i.year);
    for (const d of DIMS) {
      const v = i[d];
      if (v === undefined || v === null || v === '') continue;
      if (!e.dims.has(d)) e.dims.set(d, new Set());
      e.dims.get(d)!.add(String(v));
    }
  }
  return [...by.values()]
    .map(({ first, dims, years }) => ({
      id: first.id,
      name: first.name || CATALOG[first.id]?.name || '',
      unit: first.unit,
      dimensions: Object.fromEntries([...dims].map(([d, vs]) => [d, [...vs]])) as IndicatorInfo['dimensions'],
      years: [...years].sort((a, b) => a - b),
    }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** 2012—2016、2018—2023 */
function yearRuns(years: readonly number[]): string {
  const runs: [number, number][] = [];
  for (const y of years) {
    const last = runs[runs.length - 1];
    if (last && y === last[1] + 1) last[1] = y;
    else runs.push([y, y]);
  }
  return runs.map(([a, b]) => (a === b ? String(a) : `${a}—${b}`)).join('、');
}

function dimText(d: Dim, values: readonly string[]): string {
  if (d === 'region') return values.length === 1 ? values[0] : `全国及 ${values.filter((v) => v !== '全国').length} 个省份`;
  if (values.length <= 5) return `${DIM_NAMES[d]}（${values.join('、')}）`;
  return `${DIM_NAMES[d]}（${values.length} 个）`;
}

/** The listing `vet-report indicators` prints: one indicator a line, then how to use one. */
export function formatIndicators(list: readonly IndicatorInfo[]): string {
  const lines = list.map(
    (i) =>
      `${i.id}　${i.name}${i.unit ? `（${i.unit}）` : ''}　${DIMS.filter((d) => i.dimensions[d])
        .map((d) => dimText(d, i.dimensions[d]!))
        .join('；')}　${yearRuns(i.years)}年`,
  );
  return [
    ...lines,
    '',
    `共 ${list.length} 个指标。在模板中：{{count (v "schools")}}、{{wanRen (v "enrolled" level="中职" year=2022)}}；维度用 region=、level=、country=、continent=、brand=、type= 指定（默认：当前版本的年份与地区）。各维度的全部取值用 --json 查看；全部助手见 docs/templates.md。`,
  ].join('\n');
}

/** One rendered example: the snippet and what it printed (or why it failed). */
export interface RenderedExample {
  helper: HelperDef;
  output: string;
}

const GROUP_ORDER = ['数字格式', '指标与数据', '逻辑与运算', '版面结构'];

/** docs/templates.md: the editor's guide to the helpers, from the registry and its rendered examples. */
export function helperReferenceMarkdown(examples: readonly RenderedExample[]): string {
  const groups = [...new Set([...GROUP_ORDER, ...examples.map((e) => e.helper.group)])].filter((g) => examples.some((e) => e.helper.group === g));
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const code = (s: string) => `<code>${cell(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</code>`;
  const out = [
    '# 模板助手参考',
    '',
    '<!-- 由 scripts/gen-template-docs.ts 根据 src/render/editions/ 中的助手登记表生成，请勿手改；测试检查它是否最新、每个示例能否渲染。 -->',
    '',
    '模板（`templates/` 中的 `.hbs` 与 `.md` 文件）用 `{{助手 参数 名称=值}}` 调用助手；助手可以嵌套：`{{count (v "schools")}}`。',
    `“示例输出”为示例在一份很小的测试数据（\`${EXAMPLE_DATA}\`：2023 年 5 所学校，2022 年 2 所）上渲染的结果（案例助手另用 \`${EXAMPLE_CASE}\` 中的一个案例）。指标名称用 \`vet-report indicators\` 查看。`,
    '',
    '文件放在哪里：`templates/<类别>/`（annual、regional、bilateral）中的文件用于该类全部版本，`templates/<类别>/<代码>/`（如 `bilateral/DE/`、`regional/37/`）中的同名文件只替换该版本的；`--templates 目录` 只需放改过的文件。前言等文字可写成 `.md`（先填助手，再按 Markdown 排版）。详见 README“编辑报告文字”。',
    '',
  ];
  for (const g of groups) {
    out.push(`## ${g}`, '', '| 助手 | 说明 | 示例 | 示例输出 |', '| --- | --- | --- | --- |');
    for (const e of examples.filter((x) => x.helper.group === g)) {
      out.push(
        `| \`${e.helper.name}\` | ${cell(e.helper.description).replace(/</g, '&lt;').replace(/>/g, '&gt;')} | ${code(e.helper.example)} | ${code(e.output.length > 120 ? `${e.output.slice(0, 117)}…` : e.output)} |`,
      );
    }
    out.push('');
  }
  return out.join('\n');
}

/** Where the examples' data comes from: the hand-computed fixture of the aggregate tests (5 schools in 2023). */
export const EXAMPLE_DATA = 'test/fixtures/aggregate-small';
export const EXAMPLE_FILES = ['roster.csv', 'projects.csv', 'series.csv'];
/** The one case the case helpers' examples show. */
export const EXAMPLE_CASE = 'test/fixtures/example-case/中德合作案例.md';

export const EXAMPLE_MODEL = {
  year: 2023,
  list: ['德国', '法国', '英国'],
  country: { code: 'DE', name: '德国' },
  ds: {
    rows: [
      { year: '2022年', value: 2, label: '2' },
      { year: '2023年', value: 5, label: '5' },
    ],
    sources: [{ type: 'series' as const, file: 'series.csv', row: 2, source: '示例来源', note: null }],
  },
};

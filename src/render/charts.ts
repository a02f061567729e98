// Charts: Vega-Lite specification → Vega → SVG string, in Node, at build time.
//
// Vega lays out text (axis label spacing, legend columns, title offsets, label overlap removal)
// from textMetrics.width. Without node-canvas it falls back to 0.8 em per character, far off for
// both Chinese (1 em) and digits (0.555 em in Noto Sans SC), so labels overlap or get clipped.
// installCjkTextMetrics() replaces the hook with the real advance widths of Noto Sans SC (ASCII
// measured in Chromium at 400/700; CJK ideographs, kana, Hangul and full-width forms are 1 em).

import type * as Vega from 'vega';
import type { Config, TopLevelSpec } from 'vega-lite';
import { FONT_FAMILY } from './fonts.js';
import { cacheKey, packageVersion, readEntry, sourceHash, writeEntry } from '../cache.js';
import { escapeHtml } from '../html-text.js';

// ---------------------------------------------------------------- text width

/** Advance widths in 1/1000 em of ASCII 0x20…0x7E in Noto Sans SC, measured in Chromium. */
const ASCII_400 = [
  224, 323, 474, 555, 555, 921, 680, 278, 338, 338, 467, 555, 278, 347, 278, 392, 555, 555, 555, 555, 555, 555, 555, 555, 555, 555, 278, 278, 555, 555, 555,
  474, 946, 608, 657, 638, 688, 589, 552, 689, 728, 293, 535, 646, 543, 812, 723, 742, 633, 742, 635, 596, 599, 721, 575, 878, 573, 531, 603, 338, 392, 338,
  555, 559, 606, 563, 618, 510, 620, 554, 325, 564, 607, 275, 275, 552, 284, 926, 610, 606, 620, 620, 388, 468, 377, 607, 521, 802, 498, 521, 475, 338, 270,
  338, 555,
]; // prettier-ignore
const ASCII_700 = [
  227, 370, 574, 590, 590, 963, 740, 325, 378, 378, 507, 590, 325, 370, 325, 387, 590, 590, 590, 590, 590, 590, 590, 590, 590, 590, 325, 325, 590, 590, 590,
  514, 1007, 641, 681, 656, 714, 615, 585, 717, 757, 330, 568, 686, 578, 853, 749, 770, 667, 770, 682, 624, 625, 748, 619, 915, 627, 580, 613, 378, 387, 378,
  590, 567, 626, 591, 644, 527, 644, 581, 372, 597, 640, 304, 306, 604, 315, 964, 641, 626, 644, 644, 437, 495, 421, 637, 576, 863, 562, 574, 511, 378, 296,
  378, 590,
]; // prettier-ignore

/** A few non-ASCII characters that are not 1 em in Noto Sans SC ([400, 700], 1/1000 em). */
const OTHER: Record<string, readonly [number, number]> = {
  '°': [370, 404],
  '²': [411, 424],
  '³': [411, 424],
  '¹': [411, 424],
  '—': [894, 908],
  '–': [536, 544],
  '€': [555, 590],
  '¥': [555, 590],
  '\u00a0': [224, 227],
};

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) || // Hangul Jamo
    (cp >= 0x2460 && cp <= 0x24ff) || // enclosed alphanumerics ①
    (cp >= 0x2500 && cp <= 0x27bf) || // box drawing, shapes, dingbats ■●★→
    (cp >= 0x2e80 && cp <= 0x303e) || // CJK radicals, CJK symbols and punctuation 、。《》
    (cp >= 0x3040 && cp <= 0xa4cf) || // kana … CJK ideographs … Yi
    (cp >= 0xac00 && cp <= 0xd7a3) || // Hangul syllables
    (cp >= 0xf900 && cp <= 0xfaff) || // CJK compatibility ideographs
    (cp >= 0xfe30 && cp <= 0xfe4f) || // CJK compatibility forms
    (cp >= 0xff00 && cp <= 0xff60) || // full-width forms ，（）％
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd) || // CJK extension B…
    cp === 0x2018 ||
    cp === 0x2019 ||
    cp === 0x201c ||
    cp === 0x201d || // “ ” ‘ ’ are 1 em in SC
    cp === 0x2026 ||
    cp === 0x00b7 ||
    cp === 0x00d7 ||
    cp === 0x00b1 ||
    cp === 0x2030 ||
    cp === 0x2022
  );
}

function isBold(weight: unknown): boolean {
  if (typeof weight === 'number') return weight >= 600;
  if (typeof weight === 'string') return weight === 'bold' || weight === 'bolder' || Number(weight) >= 600;
  return false;
}

/** Width in px of one line of text set in Noto Sans SC. */
export function cjkTextWidth(text: string, fontSize: number, fontWeight?: unknown): number {
  const bold = isBold(fontWeight);
  const ascii = bold ? ASCII_700 : ASCII_400;
  let units = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0x20 && cp < 0x7f) units += ascii[cp - 0x20]!;
    else if (OTHER[ch]) units += OTHER[ch]![bold ? 1 : 0];
    else if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || (cp >= 0x200b && cp <= 0x200f)) units += 0;
    else if (isWide(cp)) units += 1000;
    else units += bold ? 620 : 600; // Latin-1, Greek, Cyrillic …: an average letter
  }
  return (units * fontSize) / 1000;
}

interface TextItem {
  fontSize?: number | string;
  fontWeight?: unknown;
}

interface VegaTextMetrics {
  width: (item: TextItem, text: unknown) => number;
  height: (item: TextItem) => number;
  estimateWidth: (item: TextItem, text: unknown) => number;
}

function fontSizeOf(item: TextItem): number {
  return item.fontSize != null ? Number(item.fontSize) || 0 : 11;
}

/**
 * Our width function. It must not truncate to item.limit: vega's own truncation calls back into
 * textMetrics.width for each candidate prefix. The shared config sets labelLimit 0 (no limit).
 */
function vegaTextWidth(item: TextItem, text: unknown): number {
  const size = fontSizeOf(item);
  const s = text == null ? '' : String(text).trim();
  return size <= 0 || !s ? 0 : cjkTextWidth(s, size, item.fontWeight);
}

/**
 * vega and vega-lite, loaded when a chart is drawn rather than read from the chart cache:
 * importing them (some 300 files) was a quarter of an analyst's one-edition rebuild.
 */
interface VegaLibs {
  vega: typeof Vega;
  compile: typeof import('vega-lite').compile;
}
let vegaLibs: Promise<VegaLibs> | undefined;
function loadVega(): Promise<VegaLibs> {
  vegaLibs ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, vl]) => {
    installCjkTextMetrics(vega);
    return { vega, compile: vl.compile };
  });
  return vegaLibs;
}

/** Replaces vega's text measurement (process-wide, idempotent). */
function installCjkTextMetrics(vega: typeof Vega): void {
  const tm = (vega as unknown as { textMetrics?: VegaTextMetrics }).textMetrics;
  if (!tm || typeof tm.width !== 'function') {
    throw new Error('vega.textMetrics not found: the vega version changed its text measurement hook');
  }
  tm.width = vegaTextWidth;
}

// ---------------------------------------------------------------- shared look

/** Sober blues and greys, close to the seed report's charts. */
export const CHART_COLORS = {
  /** Series colours in order: 合计/职业教育, 中职, 高职, … */
  category: ['#1f4e79', '#5b9bd5', '#a5a5a5', '#404040', '#9dc3e6', '#2e75b6', '#7f7f7f', '#d6dce5'],
  /** Sequential blues for the tile map and ranked bars. */
  ramp: ['#deebf7', '#9dc3e6', '#5b9bd5', '#2e75b6', '#1f4e79'],
  /** Rate lines on a second axis. */
  line: '#c55a11',
  text: '#333333',
  axis: '#7f7f7f',
  grid: '#e6e6e6',
} as const;

export const CHART_FONT_SIZE = { label: 11, title: 11, legend: 11, dataLabel: 10, chartTitle: 13 } as const;

/** Vega-Lite config shared by every chart of every edition. */
export const chartConfig: Config = {
  font: FONT_FAMILY.sans,
  background: 'transparent',
  padding: 4,
  view: { stroke: null, continuousWidth: 560, continuousHeight: 240 },
  title: { fontSize: CHART_FONT_SIZE.chartTitle, fontWeight: 'bold', color: CHART_COLORS.text, anchor: 'middle' },
  axis: {
    labelFont: FONT_FAMILY.sans,
    titleFont: FONT_FAMILY.sans,
    labelFontSize: CHART_FONT_SIZE.label,
    titleFontSize: CHART_FONT_SIZE.title,
    titleFontWeight: 'normal',
    labelColor: CHART_COLORS.text,
    titleColor: CHART_COLORS.text,
    domainColor: CHART_COLORS.axis,
    tickColor: CHART_COLORS.axis,
    gridColor: CHART_COLORS.grid,
    labelLimit: 0,
    labelOverlap: true,
    labelPadding: 4,
  },
  axisX: { labelAngle: 0, grid: false, labelFlush: false },
  axisY: { titleAngle: 0, titleAlign: 'left', titleBaseline: 'bottom', titleY: -8, titleX: 0 },
  legend: {
    orient: 'bottom',
    direction: 'horizontal',
    title: null,
    labelFont: FONT_FAMILY.sans,
    labelFontSize: CHART_FONT_SIZE.legend,
    labelColor: CHART_COLORS.text,
    labelLimit: 0,
    symbolType: 'square',
    symbolSize: 100,
    columnPadding: 16,
  },
  range: { category: [...CHART_COLORS.category], ramp: [...CHART_COLORS.ramp] },
  bar: { color: CHART_COLORS.category[0] },
  line: { color: CHART_COLORS.line, strokeWidth: 2 },
  point: { color: CHART_COLORS.line, filled: true, size: 36 },
  text: { font: FONT_FAMILY.sans, fontSize: CHART_FONT_SIZE.dataLabel, color: CHART_COLORS.text },
};

// ---------------------------------------------------------------- compile and render

export interface ChartOptions {
  /** Prefix for the SVG's ids (clip paths, gradients) so several charts can share a page. */
  idPrefix?: string;
  /** Merged over chartConfig (shallow per top-level key). */
  config?: Config;
  /** Accessible name of the SVG (aria-label), usually the figure title. */
  label?: string;
}

export interface ChartSvg {
  svg: string;
  width: number;
  height: number;
  /** Vega-Lite and Vega warnings; a build may treat them as findings. */
  warnings: string[];
  /** Every string drawn in the chart (for the glyph preflight). */
  texts: string[];
}

function mergeConfig(base: Config, extra?: Config): Config {
  if (!extra) return base;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(extra)) {
    const b = out[k];
    out[k] = b && v && typeof b === 'object' && typeof v === 'object' && !Array.isArray(v) && !Array.isArray(b) ? { ...(b as object), ...(v as object) } : v;
  }
  return out as Config;
}

function collectingLogger(warnings: string[]) {
  let level = 2; // Warn
  const logger = {
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    error(...args: readonly unknown[]) {
      warnings.push(`error: ${args.map(String).join(' ')}`);
      return logger;
    },
    warn(...args: readonly unknown[]) {
      warnings.push(args.map(String).join(' '));
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  return logger;
}

/**
 * Counts (projects, schools) are whole numbers: where every value drawn is an integer, the
 * value axis steps by at least 1, so three bars of 1, 1 and 3 get no 0.2 ticks.
 */
function countAxis(spec: TopLevelSpec): Config | undefined {
  const rows = (spec as { data?: { values?: unknown } }).data?.values;
  if (!Array.isArray(rows) || !rows.length) return undefined;
  const values = rows.map((r) => (r as { value?: unknown } | null)?.value);
  return values.every((v) => typeof v === 'number' && Number.isInteger(v)) ? { axisQuantitative: { tickMinStep: 1 } } : undefined;
}

/** Vega-Lite → Vega with the shared config. */
function compileChart(compile: VegaLibs['compile'], spec: TopLevelSpec, opts: ChartOptions = {}): { spec: Vega.Spec; warnings: string[] } {
  const warnings: string[] = [];
  const config = mergeConfig(mergeConfig(chartConfig, spec.config), opts.config);
  const { spec: vg } = compile({ ...spec, config } as TopLevelSpec, {
    logger: collectingLogger(warnings) as never,
  });
  return { spec: vg, warnings };
}

function textsOfScene(node: unknown, out: string[]): void {
  if (!node || typeof node !== 'object') return;
  const n = node as { marktype?: string; items?: unknown[]; text?: unknown };
  if (n.marktype === 'text' && Array.isArray(n.items)) {
    for (const it of n.items as { text?: unknown }[]) {
      if (it.text == null) continue;
      for (const t of Array.isArray(it.text) ? it.text : [it.text]) if (String(t)) out.push(String(t));
    }
  }
  if (Array.isArray(n.items)) for (const it of n.items) textsOfScene(it, out);
}

// ---------------------------------------------------------------- cache

/**
 * Rendered charts kept on disk by content: the spec with its data, the options, vega's and
 * vega-lite's versions and this module's own text (its metrics and config shape every SVG). An
 * analyst's rebuild after editing prose then runs no vega at all.
 */
let moduleHash: string | undefined;
function chartKey(spec: TopLevelSpec, opts: ChartOptions): string {
  moduleHash ??= sourceHash(import.meta.url, ['./charts.js'], [packageVersion('vega'), packageVersion('vega-lite')]);
  return cacheKey(moduleHash, JSON.stringify([spec, opts]));
}

/** Renders a Vega-Lite spec to an SVG string whose text is set in Noto Sans SC. */
export async function renderChartSvg(spec: TopLevelSpec, opts: ChartOptions = {}): Promise<ChartSvg> {
  const key = chartKey(spec, opts);
  const hit = await readEntry('charts', key);
  if (hit) return JSON.parse(hit.toString('utf8')) as ChartSvg;
  const chart = await drawChartSvg(spec, opts);
  await writeEntry('charts', key, JSON.stringify(chart));
  return chart;
}

/**
 * A chart's spec without its data, compiled and parsed once per process. The editions draw the
 * same few chart files with different data, and compiling (vega-lite) and parsing (vega) was
 * over half of drawing each chart; the data goes in as a named dataset of the parsed view.
 */
const INLINE = 'vr_inline_values';
const parsed = new Map<string, { runtime: Vega.Runtime; warnings: string[] }>();
function parsedChart({ vega, compile }: VegaLibs, spec: TopLevelSpec, opts: ChartOptions): { runtime: Vega.Runtime; warnings: string[]; values?: unknown[] } {
  const data = (spec as { data?: { values?: unknown } }).data;
  const values = data && Object.keys(data).length === 1 && Array.isArray(data.values) ? data.values : undefined;
  // Whether the values are all counts decides the axis, so it is part of the shape.
  const counts = countAxis(spec);
  const configured = counts ? ({ ...spec, config: mergeConfig(counts, spec.config) } as TopLevelSpec) : spec;
  const shape = values ? ({ ...configured, data: { name: INLINE } } as TopLevelSpec) : configured;
  const key = JSON.stringify([shape, opts.config ?? null]);
  let p = parsed.get(key);
  if (!p) {
    const { spec: vg, warnings } = compileChart(compile, shape, opts);
    p = { runtime: vega.parse(vg), warnings };
    if (values) parsed.set(key, p);
  }
  return { ...p, values };
}

async function drawChartSvg(spec: TopLevelSpec, opts: ChartOptions): Promise<ChartSvg> {
  const libs = await loadVega();
  const { vega } = libs;
  const { runtime, warnings: compiled, values } = parsedChart(libs, spec, opts);
  const warnings = [...compiled];
  const view = new vega.View(runtime, {
    renderer: 'none',
    logger: collectingLogger(warnings) as never,
  });
  try {
    if (values) view.data(INLINE, structuredClone(values));
    await view.runAsync();
    let svg = await view.toSVG();
    const texts: string[] = [];
    textsOfScene((view as unknown as { scenegraph(): { root: unknown } }).scenegraph().root, texts);
    const prefix = opts.idPrefix ?? 'chart';
    // vega numbers gradients and clip paths with process-wide counters; renumbering them in
    // order of appearance makes the same chart give the same SVG in any process.
    const ids = new Map<string, string>();
    for (const m of svg.matchAll(/\bid="([^"]+)"/g)) if (!ids.has(m[1])) ids.set(m[1], `${prefix}-${ids.size}`);
    const rename = (id: string) => ids.get(id) ?? `${prefix}-${id}`;
    svg = svg
      .replace(/\bid="([^"]+)"/g, (_m, id: string) => `id="${rename(id)}"`)
      .replace(/url\(#([^)]+)\)/g, (_m, id: string) => `url(#${rename(id)})`)
      .replace(/xlink:href="#([^"]+)"/g, (_m, id: string) => `xlink:href="#${rename(id)}"`);
    // Accessible name and scalable size: the figure CSS sets the width.
    const label = opts.label ? ` role="img" aria-label="${escapeHtml(opts.label)}"` : '';
    svg = svg.replace(/^<svg /, `<svg${label} `);
    if (/<text[^>]*\sstroke="(?!none|transparent)/.test(svg)) {
      // Chromium prints stroked text as outlines in a Type 3 font, not as the embedded TrueType.
      warnings.push('图表文字带描边（stroke），PDF 中会变成 Type 3 字体；请去掉文字的 stroke');
    }
    const size = /^<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
    return {
      svg,
      width: size ? Number(size[1]) : 0,
      height: size ? Number(size[2]) : 0,
      warnings,
      texts: [...new Set(texts)],
    };
  } finally {
    view.finalize();
  }
}

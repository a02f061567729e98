// Chart SVGs laid out by Chromium with the real Noto Sans SC: labels must not overlap each other
// nor run outside the SVG, and vega's width estimate must match the real text width.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { TopLevelSpec } from 'vega-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openGuardedPage, type RenderBrowser } from '../../src/render/browser.js';
import { cjkTextWidth, renderChartSvg } from '../../src/render/charts.js';
import { fontFaceCss } from '../../src/render/fonts.js';
import { graduatesSpec, shareSpec } from './fixtures/demo.js';
import { assertToolsPresent, skipBrowserTests } from './helpers.js';

interface Box {
  group: string;
  text: string;
  x: number;
  y: number;
  w: number;
  h: number;
  real: number;
  size: number;
  weight: string;
}

// A string, not a function: tsx would wrap a function with __name, unknown in the page.
const COLLECT = `(() => {
  return [...document.querySelectorAll('svg')].map((svg) => {
    const frame = svg.getBoundingClientRect();
    const boxes = [...svg.querySelectorAll('text')].filter((t) => t.textContent.trim()).map((t) => {
      const r = t.getBoundingClientRect();
      const g = t.closest('g[class^="mark-"]');
      return { group: g ? g.getAttribute('class') + '#' + [...svg.querySelectorAll('g[class^="mark-"]')].indexOf(g) : '',
        text: t.textContent, x: r.x - frame.x, y: r.y - frame.y, w: r.width, h: r.height,
        real: t.getComputedTextLength(), size: parseFloat(getComputedStyle(t).fontSize),
        weight: getComputedStyle(t).fontWeight };
    });
    return { width: frame.width, height: frame.height, boxes };
  });
})()`;

/** Ranked horizontal bars with long province names and a legend of long Chinese labels. */
const provincesSpec: TopLevelSpec = {
  width: 420,
  data: {
    values: [
      ['新疆维吾尔自治区', 38, '学历教育项目'],
      ['广西壮族自治区', 35, '职业技能培训项目'],
      ['内蒙古自治区', 31, '学历教育项目'],
      ['江苏省', 28, '专业与课程共建项目'],
      ['北京市', 22, '职业技能培训项目'],
      ['宁夏回族自治区', 17, '教师互派与交流项目'],
    ].map(([省份, 项目数, 类型]) => ({ 省份, 项目数, 类型 })),
  },
  mark: 'bar',
  encoding: {
    y: { field: '省份', type: 'nominal', sort: '-x', title: null },
    x: { field: '项目数', type: 'quantitative', title: '合作项目数（个）' },
    color: { field: '类型', type: 'nominal' },
  },
};

/** Boxes overlap by more than half a pixel. Vertically the em box counts, not the line box. */
function overlaps(a: Box, b: Box): boolean {
  const pad = 0.5;
  const ay = a.y + (a.h - a.size) / 2;
  const by = b.y + (b.h - b.size) / 2;
  return a.x + pad < b.x + b.w && b.x + pad < a.x + a.w && ay + pad < by + b.size && by + pad < ay + a.size;
}

describe.skipIf(skipBrowserTests)('chart layout in Chromium', () => {
  let rb: RenderBrowser;
  let dir: string;
  let charts: { width: number; height: number; boxes: Box[] }[];

  beforeAll(async () => {
    assertToolsPresent();
    dir = await mkdtemp(join(tmpdir(), 'vet-report-charts-'));
    const svgs = [
      (await renderChartSvg(graduatesSpec, { idPrefix: 'a' })).svg,
      (await renderChartSvg(shareSpec, { idPrefix: 'b' })).svg,
      (await renderChartSvg(provincesSpec, { idPrefix: 'c' })).svg,
    ];
    const fonts = fontFaceCss();
    const html = `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>${fonts.css}
      body{margin:0} svg{display:block;margin:0 0 20px}</style></head><body>${svgs.join('\n')}</body></html>`;
    await writeFile(join(dir, 'charts.html'), html);
    rb = await launchBrowser();
    const g = await openGuardedPage(rb);
    await g.page.goto(pathToFileURL(join(dir, 'charts.html')).href);
    await g.page.evaluate('document.fonts.ready.then(() => true)');
    expect(await g.page.evaluate(`document.fonts.check('11px "Noto Sans SC"', '年份万人占比')`)).toBe(true);
    charts = (await g.page.evaluate(COLLECT)) as typeof charts;
    await g.close();
  });

  afterAll(async () => {
    await rb?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('keeps every label inside the SVG', () => {
    expect(charts).toHaveLength(3);
    for (const c of charts) {
      expect(c.boxes.length).toBeGreaterThan(10);
      for (const b of c.boxes) {
        expect(b.x, b.text).toBeGreaterThanOrEqual(-0.5);
        expect(b.y, b.text).toBeGreaterThanOrEqual(-0.5);
        expect(b.x + b.w, b.text).toBeLessThanOrEqual(c.width + 0.5);
        expect(b.y + b.h, b.text).toBeLessThanOrEqual(c.height + 0.5);
      }
    }
  });

  it('has no overlapping labels within an axis, a legend or a series of data labels', () => {
    for (const c of charts) {
      const groups = new Map<string, Box[]>();
      for (const b of c.boxes) groups.set(b.group, [...(groups.get(b.group) ?? []), b]);
      for (const [group, boxes] of groups) {
        for (let i = 0; i < boxes.length; i++) {
          for (let j = i + 1; j < boxes.length; j++) {
            expect(overlaps(boxes[i]!, boxes[j]!), `${group}: 「${boxes[i]!.text}」 × 「${boxes[j]!.text}」`).toBe(false);
          }
        }
      }
      // Axis titles, legend labels and tick labels do not collide with one another either.
      const guides = c.boxes.filter((b) => /role-(axis|legend)/.test(b.group));
      for (let i = 0; i < guides.length; i++) {
        for (let j = i + 1; j < guides.length; j++) {
          expect(overlaps(guides[i]!, guides[j]!), `「${guides[i]!.text}」 × 「${guides[j]!.text}」`).toBe(false);
        }
      }
    }
  });

  it('estimates text widths as Chromium sets them (within 2%)', () => {
    for (const c of charts) {
      for (const b of c.boxes) {
        const est = cjkTextWidth(b.text.trim(), b.size, Number(b.weight));
        expect(Math.abs(est - b.real), `${b.text}: ${est} vs ${b.real}`).toBeLessThanOrEqual(Math.max(0.5, b.real * 0.02));
      }
    }
  });
});

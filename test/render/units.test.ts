// Render foundations that need no browser: fonts, glyph preflight, text helpers, chart SVG.

import { describe, expect, it } from 'vitest';
import { cjkTextWidth, renderChartSvg, chartConfig } from '../../src/render/charts.js';
import { buildHtmlDocument, tocHtml } from '../../src/render/document.js';
import { ALWAYS_CHARS, Coverage, fontCoverage, fontFaceCss, fontSubsets, subsetFontFaceCss } from '../../src/render/fonts.js';
import { findMissingGlyphs, formatMissingGlyphs } from '../../src/render/glyphs.js';
import { cssString, decodeEntities, escapeHtml, htmlVisibleText } from '../../src/render/text.js';
import { graduatesSpec, shareSpec } from './fixtures/demo.js';

describe('fonts', () => {
  it('reads the @fontsource subsets of both families in 400 and 700', () => {
    const subsets = fontSubsets();
    for (const role of ['serif', 'sans'] as const) {
      for (const weight of [400, 700] as const) {
        const faces = subsets.filter((s) => s.role === role && s.weight === weight);
        expect(faces.length).toBeGreaterThan(90);
        expect(faces.every((f) => f.file.endsWith('.woff2') && f.ranges.length > 0)).toBe(true);
      }
    }
  });

  it('reads each unicode-range as published, single code points and spans', () => {
    const latin = fontSubsets().find((s) => s.file.endsWith('noto-serif-sc-latin-400-normal.woff2'))!;
    expect(latin.unicodeRange).toMatch(/^U\+0000-00FF,U\+0131,/);
    expect(latin.ranges.slice(0, 2)).toEqual([[0x0000, 0x00ff], [0x0131, 0x0131]]);
    expect(latin.ranges.length).toBe(latin.unicodeRange.split(',').length);
  });

  it('intersects coverages range by range', () => {
    const a = new Coverage([[1, 5], [10, 20], [30, 30]]);
    const b = new Coverage([[3, 12], [15, 15], [18, 40]]);
    const both = a.intersect(b);
    const expected = [3, 4, 5, 10, 11, 12, 15, 18, 19, 20, 30];
    expect(Array.from({ length: 45 }, (_, cp) => cp).filter((cp) => both.has(cp))).toEqual(expected);
    expect(both.size).toBe(expected.length);
  });

  it('subsets every chunk that holds a character, also where two chunks of one face share it', async () => {
    const serif = fontSubsets().filter((s) => s.role === 'serif' && s.weight === 400);
    const inChunk = (cp: number) => serif.filter((s) => s.ranges.some(([a, b]) => cp >= a && cp <= b));
    let shared = -1;
    for (let cp = 0x20; cp < 0x3000 && shared < 0; cp++) if (inChunk(cp).length > 1) shared = cp;
    expect(shared).toBeGreaterThan(0);
    const text = String.fromCodePoint(shared);
    const css = await subsetFontFaceCss(text, { roles: ['serif'], weights: [400] });
    const expected = serif.filter((s) => [...text, ...ALWAYS_CHARS].some((ch) => inChunk(ch.codePointAt(0)!).includes(s)));
    expect(css.subsets.map((s) => s.subset)).toEqual(expected.map((s) => s.subset));
    for (const s of inChunk(shared)) expect(css.subsets).toContain(s);
  });

  it('covers Chinese text, full-width punctuation and ASCII in every face', () => {
    const cov = fontCoverage();
    for (const ch of '中国职业教育发展报告，。、：；（）《》“”—…·%０①㎡' + ALWAYS_CHARS) {
      expect(cov.has(ch.codePointAt(0)!), ch).toBe(true);
    }
    expect(cov.has(0xe000)).toBe(false); // private use
    expect(cov.size).toBeGreaterThan(15000);
  });

  it('ships only the subsets the text needs, inline as data: URLs', () => {
    const small = fontFaceCss('职业教育');
    const large = fontFaceCss('职业教育。鲁班工坊与柬埔寨、埃塞俄比亚、吉布提、乌兹别克斯坦的合作项目，龘靐齉');
    expect(small.subsets.length).toBeGreaterThan(0);
    expect(small.subsets.length).toBeLessThan(large.subsets.length);
    expect(large.subsets.length).toBeLessThan(fontSubsets().length / 3);
    expect(small.css).toContain("font-family:'Noto Serif SC'");
    expect(small.css).toContain("font-family:'Noto Sans SC'");
    expect(small.css).toMatch(/src:url\(data:font\/woff2;base64,[A-Za-z0-9+/]+=*\) format\('woff2'\)/);
    expect(small.css).not.toContain('file:');
    // Each rule carries its unicode-range so Chromium loads a subset only when it is drawn.
    expect(small.css.match(/@font-face/g)!.length).toBe(small.subsets.length);
    expect(small.css.match(/unicode-range:/g)!.length).toBe(small.subsets.length);
    // Every character of the text falls in some shipped subset of each face.
    for (const ch of '职业教育') {
      for (const face of ['serif/400', 'serif/700', 'sans/400', 'sans/700']) {
        const ok = small.subsets.some(
          (s) => `${s.role}/${s.weight}` === face && s.ranges.some(([a, b]) => ch.codePointAt(0)! >= a && ch.codePointAt(0)! <= b),
        );
        expect(ok, `${ch} in ${face}`).toBe(true);
      }
    }
    const file = fontFaceCss('职业教育', { embed: 'file' });
    expect(file.css).toContain('file:///');
    expect(file.bytes).toBe(small.bytes);
  });
});

describe('glyph preflight', () => {
  it('returns nothing when every character is covered', () => {
    expect(findMissingGlyphs('2023年，职业学校在校生3,478.28万人（含技工学校）。\n\t')).toEqual([]);
  });

  it('reports each missing character once with count and contexts', () => {
    const text = '学校名称：\u{E001}州职业技术学院；另有\u{E001}县分校和\u{1F9A9}项目。';
    const missing = findMissingGlyphs([{ text, where: '表2-1 第3行' }]);
    expect(missing.map((m) => m.codePoint)).toEqual(['U+E001', 'U+1F9A9']);
    expect(missing[0]!.count).toBe(2);
    expect(missing[0]!.occurrences[0]).toEqual({ where: '表2-1 第3行', context: '学校名称：\u{E001}州职业技术学院；另有\u{E001}县' });
    expect(missing[1]!.char).toBe('\u{1F9A9}');
    expect(formatMissingGlyphs(missing)).toContain('字体缺字 \u{E001}（U+E001），共 2 处：表2-1 第3行：「');
  });
});

describe('text helpers', () => {
  it('escapes and decodes', () => {
    expect(escapeHtml('<img src=x onerror=alert(1)> & "q"')).toBe('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot;');
    expect(decodeEntities('&lt;a&gt; &#20013;&#x56FD; &middot; &bogus;')).toBe('<a> 中国 · &bogus;');
    expect(cssString('第一编 "发展" \\ 成就')).toBe('"第一编 \\"发展\\" \\\\ 成就"');
  });

  it('extracts visible text with attribute values, without styles and scripts', () => {
    const t = htmlVisibleText('<style>.a{content:"样式"}</style><section data-running-header="第一编 发展成就"><p>正文&amp;数据</p><!-- 注释 --></section>');
    expect(t).toContain('第一编 发展成就');
    expect(t).toContain('正文&数据');
    expect(t).not.toContain('样式');
    expect(t).not.toContain('注释');
  });

  it('builds a self-contained document with a CSP and a TOC whose numbers printPdf fills', () => {
    const doc = buildHtmlDocument({
      title: '测试<报告>',
      body: tocHtml([{ id: 'a', text: '第一编 <发展>', level: 1 }]) + '<h1 id="a">第一编</h1>',
    });
    expect(doc.html).toContain('<title>测试&lt;报告&gt;</title>');
    expect(doc.html).toContain('<html lang="zh-CN">');
    expect(doc.html).toContain("default-src 'none'");
    expect(doc.html).toContain('<span class="toc-page" data-page-of="a"></span>');
    expect(doc.html).toContain('第一编 &lt;发展&gt;');
    expect(doc.html).not.toMatch(/(?:src|href)="https?:/);
    expect(doc.missingGlyphs).toEqual([]);
  });
});

describe('charts', () => {
  it('measures CJK as 1 em and Latin/digits with Noto Sans SC widths', () => {
    expect(cjkTextWidth('职业教育', 10)).toBe(40);
    expect(cjkTextWidth('2023年', 10)).toBeCloseTo(4 * 5.55 + 10, 5);
    expect(cjkTextWidth('44.77%', 10)).toBeCloseTo(4 * 5.55 + 2.78 + 9.21, 5);
    expect(cjkTextWidth('中职', 10, 'bold')).toBe(20);
    expect(cjkTextWidth('2023', 10, 700)).toBeCloseTo(23.6, 5);
  });

  it('renders a grouped bar chart with Chinese labels in Noto Sans SC', async () => {
    const chart = await renderChartSvg(graduatesSpec, { idPrefix: 'g', label: '图1-4' });
    expect(chart.warnings).toEqual([]);
    expect(chart.svg.startsWith('<svg role="img" aria-label="图1-4" ')).toBe(true);
    const families = new Set([...chart.svg.matchAll(/font-family="([^"]*)"/g)].map((m) => m[1]));
    expect([...families]).toEqual(['Noto Sans SC']);
    for (const s of ['2012年', '2023年', '中职', '高职', '万人', '675', '557']) expect(chart.texts).toContain(s);
    expect(chart.width).toBeGreaterThan(600);
    expect(findMissingGlyphs(chart.texts.join(' '))).toEqual([]);
  });

  it('renders bars with a rate line on a second axis', async () => {
    const chart = await renderChartSvg(shareSpec, { idPrefix: 'share' });
    expect(chart.warnings).toEqual([]);
    for (const s of ['占比', '万人', '44.77%', '25.36%', '新增城镇就业人口', '高职毕业生占比', '50%']) {
      expect(chart.texts).toContain(s);
    }
    // Two y axes: left in 万人, right in percent.
    expect(chart.svg.match(/role-axis-label/g)!.length).toBe(3);
  });

  it('prefixes ids so several charts can share a page', async () => {
    const clipped = await renderChartSvg(
      {
        data: { values: [{ a: '甲', b: 1 }] },
        mark: { type: 'bar', clip: true },
        encoding: { x: { field: 'a', type: 'nominal' }, y: { field: 'b', type: 'quantitative' } },
      },
      { idPrefix: 'fig-9' },
    );
    const ids = [...clipped.svg.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]!);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.every((id) => id.startsWith('fig-9-'))).toBe(true);
    for (const m of clipped.svg.matchAll(/url\(#([^)]+)\)/g)) expect(ids).toContain(m[1]);
  });

  it('warns about stroked text, which Chromium prints as a Type 3 font', async () => {
    const chart = await renderChartSvg({
      data: { values: [{ a: '甲', b: 1 }] },
      mark: { type: 'text', stroke: '#fff', strokeWidth: 2 },
      encoding: { text: { field: 'a' } },
    });
    expect(chart.warnings.join()).toContain('Type 3');
  });

  it('uses the shared sober palette and no label limit', () => {
    expect(chartConfig.font).toBe('Noto Sans SC');
    expect(chartConfig.axis?.labelLimit).toBe(0);
    expect(chartConfig.legend?.labelLimit).toBe(0);
  });
});

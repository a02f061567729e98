// Render foundations that need no browser: fonts, glyph preflight, text helpers, chart SVG.

import { readFileSync } from 'node:fs';
import * as fontverter from 'fontverter';
import { describe, expect, it } from 'vitest';
import { cjkTextWidth, renderChartSvg, chartConfig } from '../../src/render/charts.js';
import { buildHtmlDocument, tocHtml } from '../../src/render/document.js';
import { ALWAYS_CHARS, cmapRanges, Coverage, fontCoverage, fontFaceCss, fontFaces, subsetFontFaceCss, subsetTtf } from '../../src/render/fonts.js';
import { findMissingGlyphs, formatMissingGlyphs } from '../../src/render/glyphs.js';
import { cssString, decodeEntities, escapeHtml, htmlVisibleText } from '../../src/html-text.js';
import { graduatesSpec, shareSpec } from './fixtures/demo.js';
import { tableBytes, tableTags } from './sfnt.js';

describe('fonts', () => {
  it('has one full TrueType (glyf) file per family in 400 and 700', () => {
    const faces = fontFaces();
    expect(faces.map((f) => `${f.family}/${f.weight}`)).toEqual(['Noto Serif SC/400', 'Noto Serif SC/700', 'Noto Sans SC/400', 'Noto Sans SC/700']);
    for (const f of faces) {
      const font = readFileSync(f.file);
      expect(font.readUInt32BE(0), f.file).toBe(0x00010000); // TrueType outlines, not CFF ('OTTO')
      expect(tableTags(font), f.file).toEqual(expect.arrayContaining(['cmap', 'glyf', 'loca', 'hhea', 'OS/2']));
      expect(font.length, f.file).toBeGreaterThan(5e6); // the whole font, not a chunk
    }
  });

  it('reads which characters each face draws from its cmap, as harfbuzz does', async () => {
    const face = fontFaces({ roles: ['sans'], weights: [700] })[0]!;
    const cov = new Coverage(cmapRanges(face.file));
    // harfbuzz keeps a glyph besides .notdef for a character exactly when the font maps it.
    const glyphs = async (ch: string) =>
      tableBytes(await subsetTtf(face.file, ch))
        .get('maxp')!
        .readUInt16BE(4);
    const sample = ['中', '鲁', '龘', '①', '㎡', 'A', 'é', '\u{20000}', '\u{E000}', '\u{1F9A9}', 'Ł', 'Ж', '\u{0E01}', '\u{AC00}'];
    for (const ch of sample) expect(cov.has(ch.codePointAt(0)!), ch).toBe((await glyphs(ch)) > 1);
    expect(sample.filter((ch) => cov.has(ch.codePointAt(0)!)).length).toBeGreaterThan(4);
    expect(sample.filter((ch) => !cov.has(ch.codePointAt(0)!)).length).toBeGreaterThan(2);
  });

  it('intersects coverages range by range', () => {
    const a = new Coverage([
      [1, 5],
      [10, 20],
      [30, 30],
    ]);
    const b = new Coverage([
      [3, 12],
      [15, 15],
      [18, 40],
    ]);
    const both = a.intersect(b);
    const expected = [3, 4, 5, 10, 11, 12, 15, 18, 19, 20, 30];
    expect(Array.from({ length: 45 }, (_, cp) => cp).filter((cp) => both.has(cp))).toEqual(expected);
    expect(both.size).toBe(expected.length);
  });

  it('covers Chinese text, full-width punctuation and ASCII in every face', () => {
    const cov = fontCoverage();
    for (const ch of '中国职业教育发展报告，。、：；（）《》“”—…·%０①㎡' + ALWAYS_CHARS) {
      expect(cov.has(ch.codePointAt(0)!), ch).toBe(true);
    }
    expect(cov.has(0xe000)).toBe(false); // private use
    expect(cov.size).toBeGreaterThan(15000);
  });

  it('inlines one face per family and weight, cut down to the characters of the text', async () => {
    const text = '职业教育。鲁班工坊与柬埔寨的合作项目';
    const small = await subsetFontFaceCss('职业教育');
    const large = await subsetFontFaceCss(text);
    for (const css of [small, large]) {
      expect(css.faces.map((f) => `${f.family}/${f.weight}`)).toEqual(fontFaces().map((f) => `${f.family}/${f.weight}`));
      expect(css.css.match(/@font-face/g)).toHaveLength(4);
      expect(css.css).not.toContain('unicode-range');
      expect(css.css).not.toContain('file:');
    }
    expect(small.css).toContain("font-family:'Noto Serif SC';font-style:normal;font-weight:700;");
    expect(small.css).toContain("font-family:'Noto Sans SC';font-style:normal;font-weight:400;");
    expect(small.bytes).toBeLessThan(large.bytes);
    // Each face maps exactly the text's characters and ALWAYS_CHARS, nothing else of the 30,000.
    const wanted = [...new Set([...text, ...ALWAYS_CHARS])].map((ch) => ch.codePointAt(0)!).sort((a, b) => a - b);
    const urls = [...large.css.matchAll(/src:url\(data:font\/woff;base64,([A-Za-z0-9+/]+=*)\) format\('woff'\)/g)];
    expect(urls).toHaveLength(4);
    for (const [, b64] of urls) {
      const sfnt = await fontverter.convert(Buffer.from(b64!, 'base64'), 'sfnt');
      const mapped = cmapRanges(sfnt).flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => a + i));
      expect(mapped).toEqual(wanted);
    }
    expect(large.bytes).toBe(urls.reduce((n, [, b64]) => n + Buffer.from(b64!, 'base64').length, 0));
  });

  it('links the whole files for a page loaded from disk', () => {
    const file = fontFaceCss();
    expect(file.css.match(/@font-face/g)).toHaveLength(4);
    expect(file.css).toMatch(/src:url\(file:\/\/\/[^)]+\/NotoSerifSC_400Regular\.ttf\) format\('truetype'\)/);
    expect(file.bytes).toBe(fontFaces().reduce((n, f) => n + readFileSync(f.file).length, 0));
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

  it('checks a document against what the faces draw, not what their packages claim', async () => {
    // Google Fonts' chunks of Noto SC declared Latin Extended in their unicode-range without
    // glyphs for Ł or ź: Chromium would have drawn them in a fallback font. The cmaps say so.
    const doc = await buildHtmlDocument({ title: '合作院校', body: '<p>Łódź 合作院校 \u{E001}</p>' });
    expect(doc.missingGlyphs.map((m) => m.codePoint)).toEqual(['U+0141', 'U+017A', 'U+E001']);
    expect(formatMissingGlyphs(doc.missingGlyphs)).toContain('字体缺字 Ł（U+0141），共 1 处：「合作院校 Łódź 合作院校');
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

  it('builds a self-contained document with a CSP and a TOC whose numbers printPdf fills', async () => {
    const doc = await buildHtmlDocument({
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

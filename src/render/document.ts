// The HTML skeleton every edition shares: self-contained (inline fonts, styles, SVG; a CSP that
// forbids loading anything else), a print-first base stylesheet modelled on the seed report, and
// helpers for the table of contents. The paging conventions read by printPdf (pdf.ts):
//
//   data-running-header="第一编 发展成就"  on a part's container: the header of its pages
//                                          ("" = no header). Each value becomes a named @page.
//   data-no-folio                          on a container: its pages have no page number.
//   data-page-of="ID"                      filled with the page number of #ID (TOC entries).
//   <table> with <thead> and <caption>     runs over pages with its header repeated and 续表
//                                          above the continuation (data-no-continue opts out).
//   .case box with .case-head .case-label  runs over pages cut between its pieces (blocks of
//                                          .case-body, items of its lists, what follows the
//                                          body), each continuation a box of its own headed by
//                                          the label and （续）, e.g. 案例1-2（续）.

import { FONT_STACK, fontFaceCss, subsetFontFaceCss, type FontCss } from './fonts.js';
import { findMissingGlyphs, type MissingGlyph } from './glyphs.js';
import { escapeHtml, htmlVisibleText } from '../html-text.js';

/** The base stylesheet: A4 portrait, serif body, sans headings, seed-like tables and figures. */
export function reportCss(): string {
  return `
@page {
  size: A4 portrait;
  margin: 24mm 20mm 22mm 20mm;
  font-family: ${FONT_STACK.sans};
  font-size: 9pt;
  color: #404040;
  @top-center {
    content: none;
    vertical-align: bottom;
    padding-bottom: 2mm;
    border-bottom: 0.5pt solid #7f7f7f;
  }
  @bottom-center { content: counter(page); vertical-align: top; padding-top: 3mm; }
}
/* Full-width punctuation keeps its full width beside other punctuation, as when each face came
   in unicode-range chunks (a bracket and a full stop sat in different chunks, so Chromium never
   trimmed the pair): line breaks stay where they were, and pdftotext reads a trimmed "）。" as
   two lines. */
html { font-family: ${FONT_STACK.serif}; font-size: 10.5pt; line-height: 1.8; color: #000;
  text-spacing-trim: space-all; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; }
@media screen { body { max-width: 170mm; margin: 2em auto; padding: 0 1em; } }
h1, h2, h3, h4, h5 { font-family: ${FONT_STACK.sans}; font-weight: 700; line-height: 1.45;
  break-after: avoid; text-align: left; }
/* A heading with no top margin right after a forced page break is tagged on the page before
   as well (Chromium 156): its bookmark title came out doubled. Keep a top margin on h1. */
h1 { font-size: 18pt; text-align: center; margin: 0.6em 0 1.4em; letter-spacing: 0.1em; }
h2 { font-size: 14pt; margin: 1.4em 0 0.7em; }
h3 { font-size: 12pt; margin: 1.1em 0 0.5em; }
h4 { font-size: 10.5pt; margin: 0.9em 0 0.4em; }
p { margin: 0; text-indent: 2em; text-align: justify; orphans: 2; widows: 2; }
strong, b { font-weight: 700; }
sup { font-size: 0.7em; line-height: 0; }

/* Cover and front matter */
.cover { height: 240mm; display: flex; flex-direction: column; justify-content: center;
  align-items: center; text-align: center; break-after: page; }
.cover .cover-title { font-family: ${FONT_STACK.sans}; font-weight: 700; font-size: 26pt;
  line-height: 1.5; text-indent: 0; margin: 0 0 1.2em; letter-spacing: 0.05em; }
.cover .cover-subtitle, .cover .cover-meta { font-family: ${FONT_STACK.sans}; font-size: 13pt;
  text-indent: 0; text-align: center; }
.cover .cover-meta { margin-top: 40mm; font-size: 12pt; }
.front, .part { break-before: page; }

/* Table of contents */
nav.toc ol { list-style: none; margin: 0; padding: 0; }
nav.toc a { display: flex; align-items: baseline; color: inherit; text-decoration: none; }
nav.toc .toc-text { flex: 0 1 auto; }
nav.toc .toc-dots { flex: 1 1 auto; margin: 0 0.3em; border-bottom: 1pt dotted #7f7f7f;
  min-width: 2em; transform: translateY(-0.3em); }
nav.toc .toc-page { flex: 0 0 auto; }
nav.toc .toc-l1 { font-family: ${FONT_STACK.sans}; font-weight: 700; margin-top: 0.6em; }
nav.toc .toc-l2 { padding-left: 2em; }
nav.toc .toc-l3 { padding-left: 4em; font-size: 0.95em; }

/* Figures: chart above, numbered title and unit below, then the source note */
figure { margin: 1em 0 1.2em; break-inside: avoid; text-align: center; }
figure.chart svg { display: block; margin: 0 auto; max-width: 100%; height: auto; }
figcaption { font-family: ${FONT_STACK.sans}; font-size: 10pt; line-height: 1.5; margin-top: 0.4em; }

/* Tables: numbered title above, 三线表 rules drawn with inset shadows (paint only, so a table
   split across pages keeps exactly the row heights measured in the first print) */
table { border-collapse: collapse; width: 100%; margin: 0.8em 0 0.3em; font-family: ${FONT_STACK.sans};
  font-size: 9pt; line-height: 1.5; }
table > caption { caption-side: top; font-family: ${FONT_STACK.sans}; font-weight: 700;
  font-size: 10pt; padding: 0 0 0.4em; }
th, td { padding: 3pt 5pt; border: 0; vertical-align: middle; }
thead th { font-weight: 700; background: #f2f2f2; }
/* (tr.vr-cap is the caption row printPdf moves into <thead> so that it repeats) */
thead tr:first-child th, thead tr.vr-cap + tr th { box-shadow: inset 0 1.2pt 0 #000; }
thead tr:last-child th { box-shadow: inset 0 -0.6pt 0 #000; }
thead tr:only-child th, thead tr.vr-cap + tr:last-child th {
  box-shadow: inset 0 1.2pt 0 #000, inset 0 -0.6pt 0 #000; }
tbody td { box-shadow: inset 0 -0.4pt 0 #bfbfbf; }
tbody:last-of-type tr:last-child td { box-shadow: inset 0 -1.2pt 0 #000; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.center, th.center { text-align: center; }

/* Source notes and footnotes under figures and tables */
.source, .note { font-size: 8.5pt; line-height: 1.5; text-indent: 0; color: #262626; margin: 0.2em 0 1.2em; }
figure .source { text-align: left; }
.footnotes { font-size: 8.5pt; line-height: 1.5; border-top: 0.5pt solid #7f7f7f; margin-top: 1.5em;
  padding-top: 0.3em; }
.footnotes p { text-indent: 0; }
`;
}

export interface TocEntry {
  /** id of the heading. */
  id: string;
  /** Text shown, e.g. "第一编 发展成就" or "一、建成世界规模最大的职业教育体系". */
  text: string;
  /** 1 = part, 2 = chapter, 3 = section. */
  level: 1 | 2 | 3;
}

/** The table of contents; printPdf fills the page numbers. */
export function tocHtml(entries: readonly TocEntry[], title = '目　录'): string {
  const items = entries
    .map(
      (e) =>
        `<li class="toc-l${e.level}"><a href="#${escapeHtml(e.id)}"><span class="toc-text">${escapeHtml(e.text)}</span>` +
        `<span class="toc-dots"></span><span class="toc-page" data-page-of="${escapeHtml(e.id)}"></span></a></li>`,
    )
    .join('\n');
  return `<nav class="toc front" data-running-header="" aria-label="目录"><h1>${escapeHtml(title)}</h1><ol>\n${items}\n</ol></nav>`;
}

export interface HtmlDocumentInput {
  /** Document title: <title> and the PDF's Title. */
  title: string;
  /** BCP 47; becomes <html lang> and the PDF's /Lang. */
  lang?: string;
  /** The body's HTML (already escaped where it holds data). */
  body: string;
  /** Extra CSS after the base stylesheet. */
  css?: string;
  /**
   * 'inline' (default, self-contained): each face subset to the document's characters, inline.
   * 'file': the whole font files by file: URL (quick local previews of a page loaded from disk).
   */
  fonts?: 'inline' | 'file';
}

export interface HtmlDocument {
  html: string;
  /** Font bytes inlined (or referenced). */
  fontBytes: number;
  /** @font-face rules: one per family and weight. */
  fontFaces: number;
  /** Characters the fonts cannot draw; the caller turns them into errors. */
  missingGlyphs: MissingGlyph[];
}

/** Text the fonts must draw: the visible text, plus running headers (drawn in margin boxes). */
function documentText(input: HtmlDocumentInput): string {
  const headers = [...input.body.matchAll(/data-running-header="([^"]*)"/g)].map((m) => m[1]).join('\n');
  return `${input.title}\n${htmlVisibleText(input.body)}\n${htmlVisibleText(headers)}`;
}

/** Assembles the HTML file of a document: self-contained (subset fonts inline) unless `fonts: 'file'`. */
export async function buildHtmlDocument(input: HtmlDocumentInput): Promise<HtmlDocument> {
  const text = documentText(input);
  return assemble(input, input.fonts === 'file' ? fontFaceCss() : await subsetFontFaceCss(text), text);
}

/** The self-contained HTML file of an edition (fonts subset to the characters used, inline). */
export function buildSubsetHtmlDocument(input: Omit<HtmlDocumentInput, 'fonts'>): Promise<HtmlDocument> {
  return buildHtmlDocument(input);
}

function assemble(input: HtmlDocumentInput, fonts: FontCss, text: string): HtmlDocument {
  const css = `${reportCss()}\n${input.css ?? ''}`;
  const fontSrc = input.fonts === 'file' ? 'data: file:' : 'data:';
  const csp = `default-src 'none'; style-src 'unsafe-inline'; font-src ${fontSrc}; img-src data:`;
  const html = `<!DOCTYPE html>
<html lang="${escapeHtml(input.lang ?? 'zh-CN')}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.title)}</title>
<style>
${fonts.css}
</style>
<style>
${css}
</style>
</head>
<body>
${input.body}
</body>
</html>
`;
  return {
    html,
    fontBytes: fonts.bytes,
    fontFaces: fonts.faces.length,
    missingGlyphs: findMissingGlyphs(text),
  };
}

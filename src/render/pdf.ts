// HTML file → print-quality PDF with Chromium's own CSS paged media, plus what Chromium lacks
// (target-counter() for TOC page numbers, string() for running headers, 续表 on continued
// tables, 案例…（续） on continued case boxes), done without a polyfill:
//
//  * Running headers: each container with data-running-header="…" gets a generated named page
//    (`@page vr-page-N { @top-center { content: "…" } }`, `page: vr-page-N`). Chromium supports
//    named pages with margin-box strings; a change of named page forces a page break, which is
//    what parts (编) do anyway. No second print needed.
//  * TOC page numbers and 续表: print once with every target (headings, TOC targets, each row
//    of each long table) made a link destination (an id, and a link to it in a display:none
//    block: Chromium writes a named destination for every element a link points to), read the
//    page of each destination from the PDF, then change the DOM in ways that cannot move anything: numbers go
//    into fixed-width slots, a table is cut into one <table> per page exactly where Chromium broke
//    it (fixed column widths, header row reserved on every page), markers are removed. Print
//    again, check the numbers against the PDF's link destinations and the 续表 labels against the
//    pages; if a check fails, measure and print once more (bounded by maxPasses). With
//    reuseLayout, the measurement of the same HTML from an earlier print (tool cache) stands in
//    for the measuring print; the final print is checked all the same.
//
// The caption of a continued table moves into a first <thead> row, so Chromium repeats it on
// every page in the measuring print; on continuation pages the final print hides the caption text
// there (visibility: hidden keeps its height) and shows 续表 in its place.
//
// Case boxes go the same way, one mechanism: their pieces (paragraphs, list items, figures, the
// source line; none breaks inside) are targets like rows, and a box is cut where one piece ended
// on a page and the next began on the next. The measuring print already closes the box at the
// bottom of the page and opens it again on the next (box-decoration-break: clone), with the space
// for the continuation's label (案例1-2（续）) reserved at the top of every fragment, so the box of
// its own that a continuation becomes lands where that fragment was.

import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page, PDFOptions } from 'puppeteer-core';
import { acquirePage, type RenderBrowser } from './browser.js';
import { FONT_FAMILY } from './fonts.js';
import { makeTempDir, writeAtomic } from '../io.js';
import { cacheKey, readEntry, removeEntry, writeEntry } from '../cache.js';
import { type PdfFont, fontProblems, pdfDests, pdfFonts } from './poppler.js';
import { type PdfFacts, readPdfFacts } from './pdf-read.js';

export interface PrintOptions {
  /** Label above continued tables (default 续表). */
  continuedLabel?: string;
  /** After a case box's own label (案例1-1) atop its continuation on the next page (default （续）). */
  continuedSuffix?: string;
  /** PDF bookmarks from h1…h6 (Chromium then also tags the PDF). Default true. */
  outline?: boolean;
  /** Measuring prints at most (default 3; normally 1 is enough). */
  maxPasses?: number;
  /** false: one plain print, no page numbers in the TOC, no 续表 (for comparison). Default true. */
  paged?: boolean;
  /** Per Chromium call, ms (default 120 s). */
  timeoutMs?: number;
  /** Written as the PDF's CreationDate and ModDate instead of the print time (reproducible builds). */
  date?: Date;
  /** Keep the measuring and checking prints in this directory (for debugging). */
  keepPrintsIn?: string;
  /**
   * Reuse the measurement of the last print of the very same HTML with this Chromium (kept in
   * the tool cache, see reusedLayout): the measuring print is skipped, the final print is still
   * checked, and a mismatch measures as usual. Default false.
   */
  reuseLayout?: boolean;
}

export interface PrintTimings {
  loadMs: number;
  prepareMs: number;
  /** Each call to page.pdf, in order (measuring prints first, the final print last). */
  printMs: number[];
  /** pdftotext and friends. */
  readBackMs: number;
  totalMs: number;
}

export interface PrintResult {
  pdfPath: string;
  pages: number;
  bytes: number;
  /** Measuring prints done (0 when paged is false). */
  passes: number;
  /** The page numbers came from the layout cache and the final print confirmed them (no measuring print). */
  layoutReused: boolean;
  /** Requests refused because they were not file: or data:. */
  blocked: string[];
  /** Page (1-based) of every element with an id that was measured: TOC targets and h1…h4. */
  targetPages: Record<string, number>;
  /** Continuations of tables and case boxes created (each carries a 续表 or 案例…（续） label). */
  continuations: number;
  fonts: PdfFont[];
  /** Fonts not embedded, Type 3, or fallback families. Empty when all is well. */
  fontProblems: string[];
  /** Things the document asked for that could not be done (unknown data-page-of targets…). */
  warnings: string[];
  timings: PrintTimings;
}

// ---------------------------------------------------------------- in-page runtime
// Plain JavaScript in a string: page.evaluate gets strings only (tsx would inject __name into
// functions), and the page's own scripts are disabled.

const PAGED_RUNTIME = String.raw`
(() => {
  if (window.__vr) return;
  const MK = 'vr-mk-';
  const cssString = (s) => '"' + s.replace(/[\\"]/g, (c) => '\\' + c).replace(/[\n\r\f]/g, '\\a ') + '"';
  const state = { targets: [] };

  function pagedTables() {
    return [...document.querySelectorAll('table')].filter(
      (t) => t.tHead && !t.hasAttribute('data-no-continue') && !t.parentElement.closest('table'));
  }

  // Case boxes (.case with a .case-label), not inside another: they run over pages like tables.
  function pagedBoxes() {
    return [...document.querySelectorAll('.case')].filter(
      (b) => b.querySelector(':scope > .case-head .case-label') && !b.parentElement.closest('.case, table'));
  }

  // The pieces a box may be cut between: each block of its body (each item of a list) and what follows the body.
  function boxPieces(box) {
    const out = [];
    for (const el of box.children) {
      if (el.classList.contains('case-head') || el.classList.contains('case-meta')) continue;
      if (!el.classList.contains('case-body')) { out.push(el); continue; }
      for (const b of el.children) {
        if (b.tagName === 'UL' || b.tagName === 'OL') out.push(...[...b.children].filter((li) => li.tagName === 'LI'));
        else out.push(b);
      }
    }
    return out;
  }

  // The head of a box's continuation: its label followed by the suffix, styled as the box's own head.
  function contHead(box) {
    const head = document.createElement('div');
    head.className = 'case-head vr-cont-head';
    const label = document.createElement('span');
    label.className = 'case-label vr-cont-label';
    label.textContent = box.dataset.vrLabel;
    head.appendChild(label);
    if (box.dataset.vrL) head.style.marginTop = '-' + box.dataset.vrL + 'px';
    return head;
  }

  function mmToPx(v) { return v * 96 / 25.4; }

  // The page's content box (A4) in CSS px, from the @page rules without a selector that set margins.
  function contentBox() {
    let left = 20, right = 20, top = 20, bottom = 20;
    for (const sheet of document.styleSheets) {
      let rules; try { rules = sheet.cssRules; } catch { continue; }
      for (const r of rules) {
        if (r.type === CSSRule.PAGE_RULE && !r.selectorText) {
          const px = (s) => { const m = /^([\d.]+)mm$/.exec(s || ''); return m ? Number(m[1]) : null; };
          left = px(r.style.marginLeft) ?? left; right = px(r.style.marginRight) ?? right;
          top = px(r.style.marginTop) ?? top; bottom = px(r.style.marginBottom) ?? bottom;
        }
      }
    }
    return { width: mmToPx(210 - left - right), height: mmToPx(297 - top - bottom) };
  }

  // Column grid of a table: number of columns and the width of each (from single-span cells).
  function columnWidths(table) {
    const occ = []; const w = []; let n = 0;
    [...table.rows].forEach((tr, r) => {
      occ[r] = occ[r] || new Set(); let c = 0;
      for (const cell of tr.cells) {
        while (occ[r].has(c)) c++;
        const cs = Math.max(1, cell.colSpan || 1), rs = Math.max(1, cell.rowSpan || 1);
        if (cs === 1 && w[c] === undefined) w[c] = cell.getBoundingClientRect().width;
        for (let dr = 0; dr < rs; dr++) { occ[r + dr] = occ[r + dr] || new Set(); for (let dc = 0; dc < cs; dc++) occ[r + dr].add(c + dc); }
        c += cs; n = Math.max(n, c);
      }
    });
    const known = w.filter((x) => x !== undefined);
    const total = table.getBoundingClientRect().width;
    const rest = Math.max(0, total - known.reduce((a, b) => a + b, 0));
    const unknown = n - known.length;
    for (let i = 0; i < n; i++) if (w[i] === undefined) w[i] = unknown ? rest / unknown : 0;
    return { n, w };
  }

  // Rows tied together by rowspan go into their own <tbody> that must not break.
  function keepRowspanGroups(table) {
    const rows = [...table.tBodies].flatMap((b) => [...b.rows]);
    if (!rows.some((tr) => [...tr.cells].some((c) => c.rowSpan > 1))) return;
    let i = 0;
    while (i < rows.length) {
      let end = i;
      for (let j = i; j <= end; j++) for (const c of rows[j].cells) end = Math.max(end, j + Math.max(1, c.rowSpan) - 1);
      end = Math.min(end, rows.length - 1);
      if (end > i) {
        const src = rows[i].parentElement;
        const body = src.cloneNode(false);
        body.classList.add('vr-keep');
        src.parentElement.insertBefore(body, src);
        // Rows of the group before it stay in src; split src so order is preserved.
        const before = [...src.rows].slice(0, [...src.rows].indexOf(rows[i]));
        if (before.length) { const b2 = src.cloneNode(false); body.before(b2); before.forEach((r) => b2.appendChild(r)); }
        for (let j = i; j <= end; j++) body.appendChild(rows[j]);
        if (!src.rows.length) src.remove();
      }
      i = end + 1;
    }
  }

  function prepare(opts) {
    const style = document.createElement('style');
    style.id = 'vr-paged-css';
    let css = '';
    // Measuring prints paint nothing (visibility changes no layout, and destinations are written
    // all the same): painting and serialising the text, tables and charts was most of their time.
    css += 'html.vr-measuring body{visibility:hidden}';
    css += '[data-page-of]{display:inline-block;min-width:1.9em;text-align:right;font-variant-numeric:tabular-nums;text-indent:0}';
    css += 'table.vr-paged{table-layout:fixed}';
    css += 'table.vr-paged tr{break-inside:avoid}';
    css += 'table.vr-paged>tbody.vr-keep{break-inside:avoid}';
    css += 'table.vr-paged>thead>tr.vr-cap>th{background:none!important;box-shadow:none!important;border:0!important;position:relative}';
    css += 'table.vr-paged .vr-cont-label{display:none}';
    css += 'table.vr-paged .vr-cap-empty>.vr-cap-text{visibility:hidden}';
    css += 'table.vr-cont>thead>tr.vr-cap .vr-cap-text{visibility:hidden}';
    css += 'table.vr-cont>thead>tr.vr-cap .vr-cont-label{display:block;position:absolute;right:0}';
    css += 'table.vr-cont{margin-top:0!important}';
    css += 'table.vr-broken{margin-bottom:0!important}';
    // A box breaking over a page is closed at the bottom of the page and opens again on the next
    // one (its border and padding cloned), where the padding holds the space its continuation's
    // label takes once the box is cut there; it breaks between pieces only.
    css += '.vr-box{box-decoration-break:clone;-webkit-box-decoration-break:clone}';
    css += '.vr-box .vr-piece{break-inside:avoid}';
    css += '.vr-box.vr-cont{margin-top:0!important}';
    css += '.vr-box.vr-broken{margin-bottom:0!important}';

    // Running headers and pages without folio → named pages.
    const names = new Map();
    const headers = [];
    for (const el of document.querySelectorAll('[data-running-header],[data-no-folio]')) {
      const h = el.getAttribute('data-running-header');
      const nf = el.hasAttribute('data-no-folio');
      const key = JSON.stringify([h, nf]);
      let name = names.get(key);
      if (!name) {
        name = 'vr-page-' + names.size;
        names.set(key, name);
        css += '@page ' + name + '{' + (h === null ? '' : '@top-center{content:' + (h ? cssString(h) : 'none') + '}') +
          (nf ? '@bottom-center{content:none}' : '') + '}';
        if (h) headers.push(h);
      }
      el.style.page = name;
    }
    style.textContent = css;
    document.head.appendChild(style);
    // Page-number slots hold a digit while measuring, so their line boxes match the final ones.
    document.querySelectorAll('[data-page-of]').forEach((el) => { if (!el.textContent.trim()) el.textContent = '0'; });

    // Tables: fixed column widths measured at the print content width, caption into <thead>.
    const root = document.documentElement;
    const oldWidth = root.style.width;
    const page = contentBox();
    root.style.width = page.width + 'px';
    const tables = pagedTables();
    const geometry = tables.map((t) => {
      const parentWidth = t.parentElement.getBoundingClientRect().width || 1;
      const cap = t.caption;
      const capStyle = cap ? getComputedStyle(cap) : null;
      return { ...columnWidths(t), pct: t.getBoundingClientRect().width / parentWidth * 100,
        cap: capStyle && { font: capStyle.font, color: capStyle.color, textAlign: capStyle.textAlign,
          padding: capStyle.padding, letterSpacing: capStyle.letterSpacing } };
    });
    // Boxes: the space for a continuation's label is reserved atop every fragment (the first
    // fragment's head moves up into it), so cutting the box where it broke moves nothing.
    const boxes = pagedBoxes();
    boxes.forEach((b, j) => {
      const k = tables.length + j;
      b.classList.add('vr-paged', 'vr-box');
      b.dataset.vrT = String(k);
      b.dataset.vrLabel = b.querySelector(':scope > .case-head .case-label').textContent + opts.continuedSuffix;
      const probe = contHead(b);
      b.prepend(probe);
      const reserve = probe.getBoundingClientRect().height + parseFloat(getComputedStyle(probe).marginBottom);
      probe.remove();
      b.dataset.vrL = reserve.toFixed(3);
      const bs = getComputedStyle(b);
      const px = (v) => parseFloat(v) || 0;
      const chrome = px(bs.borderTopWidth) + px(bs.paddingTop) + reserve + px(bs.paddingBottom) + px(bs.borderBottomWidth);
      b.style.paddingTop = (px(bs.paddingTop) + reserve).toFixed(3) + 'px';
      const head = b.firstElementChild;
      head.style.marginTop = (px(getComputedStyle(head).marginTop) - reserve).toFixed(3) + 'px';
      // A box taller than a page breaks all the same: it starts where it is, rather than being
      // pushed to the next page by break-inside: avoid (which it would no longer be, once cut).
      if (b.getBoundingClientRect().height > page.height) b.style.breakInside = 'auto';
      // A piece taller than a page breaks inside all the same: the box is not cut after it.
      boxPieces(b).forEach((el, r) => {
        el.classList.add('vr-piece');
        el.dataset.vrOf = String(k);
        el.dataset.vrR = String(r);
        if (el.getBoundingClientRect().height > page.height - chrome) el.dataset.vrTall = '';
      });
    });
    root.style.width = oldWidth;
    tables.forEach((t, k) => {
      const g = geometry[k];
      t.classList.add('vr-paged');
      t.dataset.vrT = String(k);
      t.style.width = Math.min(100, g.pct).toFixed(3) + '%';
      t.querySelectorAll(':scope > colgroup').forEach((c) => c.remove());
      const cg = document.createElement('colgroup');
      const sum = g.w.reduce((a, b) => a + b, 0) || 1;
      for (const x of g.w) { const col = document.createElement('col'); col.style.width = (x / sum * 100).toFixed(4) + '%'; cg.appendChild(col); }
      t.insertBefore(cg, t.firstChild);
      // Caption row.
      const tr = document.createElement('tr');
      tr.className = 'vr-cap';
      const th = document.createElement('th');
      th.colSpan = g.n;
      th.setAttribute('scope', 'colgroup');
      const text = document.createElement('span');
      text.className = 'vr-cap-text';
      const label = document.createElement('span');
      label.className = 'vr-cont-label';
      label.textContent = opts.continuedLabel;
      if (t.caption) {
        const cap = t.caption;
        if (cap.id) th.id = cap.id;
        if (cap.className) th.className = cap.className;
        while (cap.firstChild) text.appendChild(cap.firstChild);
        Object.assign(th.style, g.cap);
        cap.remove();
      } else {
        th.classList.add('vr-cap-empty');
        text.textContent = opts.continuedLabel;
      }
      th.append(text, label);
      tr.appendChild(th);
      t.tHead.insertBefore(tr, t.tHead.firstChild);
      label.style.bottom = getComputedStyle(th).paddingBottom;
      keepRowspanGroups(t);
      [...t.tBodies].flatMap((b) => [...b.rows]).forEach((row, r) => { row.dataset.vrOf = String(k); row.dataset.vrR = String(r); });
    });
    return { tables: tables.length, boxes: boxes.length, headers };
  }

  // The element becomes a link destination: an id (its own, or a temporary one) and a link to it.
  function placeMarker(el, code, links) {
    if (el.tagName === 'TABLE') el = el.querySelector('tr.vr-cap > th') || el.querySelector('td,th') || el;
    if (!el.id) { el.id = MK + code; el.setAttribute('data-vr-mk', ''); }
    const a = document.createElement('a');
    a.href = '#' + encodeURIComponent(el.id);
    links.appendChild(a);
    return el.id;
  }

  // Where a table or box starts: the caption row, the head.
  function capOf(t) {
    return t.tagName === 'TABLE' ? t.querySelector('tr.vr-cap > th') : t.querySelector(':scope > .case-head');
  }

  // put = false: only list the targets (a layout from the cache will be applied to them).
  function mark(put = true) {
    const links = document.createElement('div');
    links.id = 'vr-mk-links';
    links.style.display = 'none';
    const anchors = [];
    const putMarker = put ? (el, code) => { anchors[code] = placeMarker(el, code, links); } : () => {};
    const targets = [];
    const ids = new Set([...document.querySelectorAll('[data-page-of]')].map((e) => e.getAttribute('data-page-of')));
    document.querySelectorAll('h1[id],h2[id],h3[id],h4[id]').forEach((h) => ids.add(h.id));
    const missing = [];
    for (const id of ids) {
      const el = document.getElementById(id);
      if (!el) { missing.push(id); continue; }
      putMarker(el, targets.length);
      targets.push({ kind: 'id', id });
    }
    for (const t of document.querySelectorAll('.vr-paged')) {
      const k = Number(t.dataset.vrT);
      if (t.classList.contains('vr-cont')) continue;
      putMarker(capOf(t), targets.length);
      targets.push({ kind: 'cap', t: k });
    }
    // Rows of tables, pieces of boxes.
    for (const row of document.querySelectorAll('[data-vr-of]')) {
      putMarker(row, targets.length);
      targets.push({ kind: 'row', t: Number(row.dataset.vrOf), r: Number(row.dataset.vrR) });
    }
    state.targets = targets;
    if (put) {
      document.body.appendChild(links);
      document.documentElement.classList.add('vr-measuring');
    }
    return { count: targets.length, missing, anchors };
  }

  function unmark() {
    document.documentElement.classList.remove('vr-measuring');
    document.getElementById('vr-mk-links')?.remove();
    document.querySelectorAll('[data-vr-mk]').forEach((el) => { el.removeAttribute('id'); el.removeAttribute('data-vr-mk'); });
  }

  // The table or box (or continuation of it) a row or piece is in.
  function holder(row) {
    let el = row.parentElement;
    while (el && el.dataset.vrT !== row.dataset.vrOf) el = el.parentElement;
    return el;
  }

  // Cut the table or box holding row at that row (piece): from it on goes to a continuation after it.
  function splitAt(row) {
    const t = holder(row);
    return t.tagName === 'TABLE' ? splitTable(t, row) : splitBox(t, row);
  }

  function splitTable(table, row) {
    const rows = [...table.querySelectorAll(':scope > tbody > tr')];
    const start = rows.indexOf(row);
    if (start <= 0) return false;
    const chunk = table.cloneNode(false);
    chunk.removeAttribute('id');
    chunk.classList.add('vr-cont');
    chunk.style.breakBefore = 'page';
    for (const child of table.children) {
      if (child.tagName === 'COLGROUP' || child.tagName === 'THEAD') {
        const copy = child.cloneNode(true);
        copy.querySelectorAll('[id]').forEach((e) => e.removeAttribute('id'));
        chunk.appendChild(copy);
      }
    }
    let src = null, dst = null;
    for (const r of rows.slice(start)) {
      if (r.parentElement !== src) { src = r.parentElement; dst = src.cloneNode(false); chunk.appendChild(dst); }
      dst.appendChild(r);
    }
    for (const b of [...table.tBodies]) if (!b.rows.length) b.remove();
    const foot = table.tFoot;
    if (foot) { const copy = foot.cloneNode(true); copy.querySelectorAll('[id]').forEach((e) => e.removeAttribute('id')); chunk.appendChild(copy); }
    table.classList.add('vr-broken');
    table.after(chunk);
    return true;
  }

  // A new box after it, headed by the label, holds the piece and all that follows it (in copies
  // of the lists and body the piece is in). Margins at the cut go, as they do at the page break.
  function splitBox(box, piece) {
    const pieces = [...box.querySelectorAll('[data-vr-of="' + box.dataset.vrT + '"]')];
    const start = pieces.indexOf(piece);
    if (start <= 0) return false;
    const chunk = box.cloneNode(false);
    chunk.removeAttribute('id');
    chunk.classList.add('vr-cont');
    chunk.style.breakBefore = 'page';
    chunk.appendChild(contHead(box));
    const following = (el) => { const out = []; for (let n = el; n; n = n.nextSibling) out.push(n); return out; };
    let el = piece;
    let moving = following(el);
    const left = [];
    piece.style.marginTop = '0';
    while (el.parentElement !== box) {
      const parent = el.parentElement;
      const copy = parent.cloneNode(false);
      copy.removeAttribute('id');
      if (parent.tagName === 'OL') {
        const before = [...parent.children].filter((c) => c.tagName === 'LI').indexOf(el);
        if (before > 0) copy.start = parent.start + before;
      }
      copy.style.marginTop = '0';
      copy.append(...moving);
      moving = [copy, ...following(parent.nextSibling)];
      left.push(parent);
      el = parent;
    }
    chunk.append(...moving);
    for (let n = pieces[start - 1]; n && n !== box; n = n.parentElement) n.style.marginBottom = '0';
    for (const p of left) if (!p.children.length && !p.textContent.trim()) p.remove();
    box.classList.add('vr-broken');
    box.after(chunk);
    return true;
  }

  // pages: marker index → page (1-based) or 0 when not found.
  function apply(pages) {
    const idPage = {};
    const capPage = {};
    const rowPage = {};
    state.targets.forEach((tg, i) => {
      const p = pages[i];
      if (!p) return;
      if (tg.kind === 'id') idPage[tg.id] = p;
      else if (tg.kind === 'cap') capPage[tg.t] = p;
      else (rowPage[tg.t] = rowPage[tg.t] || {})[tg.r] = p;
    });
    let filled = 0;
    for (const el of document.querySelectorAll('[data-page-of]')) {
      const p = idPage[el.getAttribute('data-page-of')];
      if (p) { el.textContent = String(p); filled++; }
    }
    let splits = 0, headerMoves = 0;
    for (const t of document.querySelectorAll('.vr-paged:not(.vr-cont)')) {
      const k = Number(t.dataset.vrT);
      const rp = rowPage[k] || {};
      const rows = [...document.querySelectorAll('[data-vr-of="' + k + '"]')];
      if (rows.length && capPage[k] && rp[rows[0].dataset.vrR] > capPage[k] && t.style.breakBefore !== 'page') {
        t.style.breakBefore = 'page'; headerMoves++;
      }
      // A box is cut only where a piece ended on one page and the next began on the next.
      const box = t.tagName !== 'TABLE';
      for (let i = 1; i < rows.length; i++) {
        const a = rp[rows[i - 1].dataset.vrR], b = rp[rows[i].dataset.vrR];
        if (box && (b !== a + 1 || rows[i - 1].hasAttribute('data-vr-tall'))) continue;
        if (a && b && b > a && splitAt(rows[i])) splits++;
      }
    }
    const conts = [...document.querySelectorAll('.vr-cont')];
    const chunks = conts.map((c) => {
      const first = c.querySelector('[data-vr-of="' + c.dataset.vrT + '"]');
      return first ? (rowPage[c.dataset.vrT] || {})[first.dataset.vrR] || 0 : 0;
    });
    // Each 续表 label becomes a link destination, so the final print says on which page it
    // came out (checked against the measurement without reading the PDF's text).
    document.getElementById('vr-cont-links')?.remove();
    const links = document.createElement('div');
    links.id = 'vr-cont-links';
    links.style.display = 'none';
    const texts = [];
    const labels = conts.map((c, i) => {
      const label = c.querySelector(':scope > thead > tr.vr-cap .vr-cont-label, :scope > .vr-cont-head > .vr-cont-label');
      texts.push(c.tagName === 'TABLE' ? null : c.dataset.vrLabel);
      if (!label) return null;
      label.id = 'vr-cont-' + i;
      const a = document.createElement('a');
      a.href = '#' + label.id;
      links.appendChild(a);
      return label.id;
    });
    if (conts.length) document.body.appendChild(links);
    return { idPage, filled, splits, headerMoves, chunkPages: chunks, chunkLabels: labels, chunkTexts: texts };
  }

  // Margin boxes (running headers, folios) do not make Chromium load a web font subset, so the
  // strings they show are loaded explicitly in every face; the flow's own text is laid out first
  // (offsetHeight) so that the subsets it needs are loading before fonts.ready is awaited.
  async function loadFonts(extra) {
    const text = extra.join('');
    const faces = [];
    if (text) for (const fam of ['${FONT_FAMILY.serif}', '${FONT_FAMILY.sans}'])
      for (const w of [400, 700]) faces.push(document.fonts.load(w + ' 16px "' + fam + '"', text));
    await Promise.all(faces);
    void document.body.offsetHeight;
    await document.fonts.ready;
    return document.fonts.size;
  }

  window.__vr = { prepare, mark, unmark, apply, loadFonts };
})();
`;

async function call<T>(page: Page, expr: string): Promise<T> {
  return (await page.evaluate(expr)) as T;
}

interface ApplyResult {
  idPage: Record<string, number>;
  filled: number;
  splits: number;
  headerMoves: number;
  chunkPages: number[];
  /** The id of each continuation's 续表 label (a link destination in the print), in chunk order. */
  chunkLabels: (string | null)[];
  /** A box continuation's label text (null for a table: its label is continuedLabel). */
  chunkTexts: (string | null)[];
}

/** Pages of a PDF Chromium wrote: the page tree root's /Count (Skia writes the tree uncompressed). */
export function pdfPageCount(pdf: Uint8Array): number {
  let n = 0;
  for (const m of Buffer.from(pdf)
    .toString('latin1')
    .matchAll(/\/Type \/Pages\s*\/Count (\d+)/g))
    n = Math.max(n, Number(m[1]));
  if (n === 0) throw new Error('PDF 中找不到页数（/Type /Pages）');
  return n;
}

/**
 * Sets CreationDate and ModDate (Skia writes the print time) to `date`, and renumbers the
 * structure elements' node ids. The replacement has the
 * same length, so the cross-reference offsets stay valid; the same HTML then gives the same bytes.
 */
export function pinPdfDates(pdf: Uint8Array, date: Date): Uint8Array {
  const d = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const text = Buffer.from(pdf).toString('latin1');
  const pinned = text.replace(
    /\/(CreationDate|ModDate) \(D:\d{14}([^)]*)\)/g,
    (_m, key: string, tz: string) => `/${key} (D:${d}${tz.length === 7 ? "+00'00'" : tz})`,
  );
  // Tagged PDFs name structure elements after Chromium's DOM node ids, a counter that other work
  // in the renderer can advance (seen as every id off by one between two builds). Renumbered by
  // rank, same width: the order (name trees are sorted) and every byte offset stay as they were.
  const ids = [...new Set([...pinned.matchAll(/\(node(\d+)\)/g)].map((m) => m[1]!))].sort((a, b) => Number(a) - Number(b));
  const rank = new Map(ids.map((id, k) => [id, String(k + 1).padStart(id.length, '0')]));
  const renumbered = pinned.replace(/\(node(\d+)\)/g, (m, id: string) => {
    const r = rank.get(id)!;
    return r.length === id.length ? `(node${r})` : m;
  });
  return Buffer.from(renumbered, 'latin1');
}

/** Page count, link destinations and fonts: read in process, or by poppler if that fails. */
async function factsOf(bytes: Uint8Array, file: string): Promise<PdfFacts> {
  try {
    return readPdfFacts(bytes);
  } catch {
    const [dests, fonts] = await Promise.all([pdfDests(file), pdfFonts(file)]);
    return { pageCount: pdfPageCount(bytes), dests, fonts };
  }
}

// ---------------------------------------------------------------- layout cache

/**
 * Where each marker landed, from the last print of the same HTML: the HTML's bytes, the 续表
 * label, the （续） suffix and Chromium's version decide the layout, so they are the key. Printing an unchanged
 * edition again (a fresh out/, --force, another CI shard) then needs no measuring print.
 */
interface CachedLayout {
  pages: number[];
  pageCount: number;
}
// 2: the targets include the pieces of case boxes.
const LAYOUT_FORMAT = 'layout/2';
const versions = new WeakMap<RenderBrowser, Promise<string>>();

/** The layout cache entry's name. */
async function layoutKey(rb: RenderBrowser, htmlPath: string, label: string, suffix: string): Promise<string> {
  let v = versions.get(rb);
  if (!v) versions.set(rb, (v = rb.browser.version()));
  return cacheKey(LAYOUT_FORMAT, await v, label, suffix, await readFile(htmlPath));
}

async function readLayout(key: string): Promise<CachedLayout | null> {
  try {
    const l = JSON.parse((await readEntry('layout', key))?.toString('utf8') ?? 'null') as CachedLayout | null;
    return Array.isArray(l?.pages) && Number.isInteger(l.pageCount) ? l : null;
  } catch {
    return null;
  }
}

async function writeLayout(key: string, layout: CachedLayout): Promise<void> {
  await writeEntry('layout', key, JSON.stringify(layout));
}

/**
 * Prints an HTML file to PDF. The HTML must be a file (page.goto): fonts and images given as
 * file: URLs are refused by Chromium after setContent. Writes pdfPath atomically.
 */
export async function printPdf(rb: RenderBrowser, htmlPath: string, pdfPath: string, opts: PrintOptions = {}): Promise<PrintResult> {
  const t0 = performance.now();
  const timings: PrintTimings = { loadMs: 0, prepareMs: 0, printMs: [], readBackMs: 0, totalMs: 0 };
  const paged = opts.paged ?? true;
  const maxPasses = Math.max(1, opts.maxPasses ?? 3);
  const timeout = opts.timeoutMs ?? 120_000;
  const label = opts.continuedLabel ?? '续表';
  const suffix = opts.continuedSuffix ?? '（续）';
  const warnings: string[] = [];
  const work = await makeTempDir('vet-report-pdf-');
  const guarded = await acquirePage(rb);
  let reusable = false;
  const { page } = guarded;
  page.setDefaultTimeout(timeout);

  const print = async (final: boolean): Promise<Uint8Array> => {
    const t = performance.now();
    const pdfOpts: PDFOptions = {
      format: 'A4',
      preferCSSPageSize: true,
      printBackground: true,
      // Bookmarks need Chromium's tagged PDF; measuring prints skip both (same layout, faster).
      outline: final && (opts.outline ?? true),
      tagged: final && (opts.outline ?? true),
      timeout,
    };
    const bytes = await page.pdf(pdfOpts);
    timings.printMs.push(Math.round(performance.now() - t));
    return bytes;
  };
  const keep = async (bytes: Uint8Array, name: string): Promise<string> => {
    const file = join(work, name);
    await writeFile(file, bytes);
    if (opts.keepPrintsIn) await writeFile(join(opts.keepPrintsIn, name), bytes);
    return file;
  };
  const timed = async <T>(f: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    try {
      return await f();
    } finally {
      timings.readBackMs += performance.now() - t;
    }
  };

  try {
    let t = performance.now();
    await page.goto(pathToFileURL(resolve(htmlPath)).href, { waitUntil: 'load', timeout });
    await page.emulateMediaType('print');
    await call(page, PAGED_RUNTIME);
    await call(page, 'document.fonts.ready.then(() => true)');
    timings.loadMs = Math.round(performance.now() - t);

    let passes = 0;
    let layoutReused = false;
    let continuations = 0;
    let targetPages: Record<string, number> = {};
    let finalFile: string;
    let pageCount: number;
    let fonts: PdfFont[];

    if (!paged) {
      await call(page, 'window.__vr.loadFonts([])');
      const bytes = await print(true);
      finalFile = await keep(bytes, 'final.pdf');
      ({ pageCount, fonts } = await timed(() => factsOf(bytes, finalFile)));
    } else {
      t = performance.now();
      const prep = await call<{ tables: number; boxes: number; headers: string[] }>(
        page,
        `window.__vr.prepare(${JSON.stringify({ continuedLabel: label, continuedSuffix: suffix })})`,
      );
      const extra = JSON.stringify([...prep.headers, label, suffix, '0123456789']);
      await call(page, `window.__vr.loadFonts(${extra})`);
      timings.prepareMs = Math.round(performance.now() - t);
      const layout = opts.reuseLayout ? await layoutKey(rb, htmlPath, label, suffix) : null;
      let reuse = layout ? await readLayout(layout) : null;
      let pristine = true; // no measurement applied to the DOM yet

      for (;;) {
        passes++;
        // Measure: print with every target a link destination, read the page of each.
        let marked = await call<{ count: number; missing: string[]; anchors: string[] }>(page, `window.__vr.mark(${reuse === null})`);
        if (passes === 1) for (const id of marked.missing) warnings.push(`页码引用的目标不存在：#${id}`);
        let pagesOf: number[];
        let measuredPages: number;
        const reusing = reuse !== null && reuse.pages.length === marked.count;
        if (reuse !== null && !reusing) marked = await call(page, 'window.__vr.mark(true)');
        // Only a measurement of the document as written can be reused for it.
        const reusable = !reusing && pristine;
        if (reusing) {
          ({ pages: pagesOf, pageCount: measuredPages } = reuse!);
        } else {
          await call(page, 'window.__vr.loadFonts([])');
          const measureBytes = await print(false);
          const measureFile = await keep(measureBytes, `pass${passes}.pdf`);
          const measured = await timed(() => factsOf(measureBytes, measureFile));
          pagesOf = marked.anchors.map((id) => measured.dests.get(id) ?? 0);
          measuredPages = measured.pageCount;
          if (marked.count > 0 && pagesOf.every((p) => p === 0)) {
            throw new Error('测量页码失败：PDF 中没有标记的链接目标（Chromium 未写出命名目标？）');
          }
        }
        if (!reusing) await call(page, 'window.__vr.unmark()');
        const applied = await call<ApplyResult>(page, `window.__vr.apply(${JSON.stringify(pagesOf)})`);
        pristine = false;
        targetPages = { ...targetPages, ...applied.idPage };
        continuations = applied.chunkPages.length;

        // Final print, checked against the measurement.
        await call(page, 'window.__vr.loadFonts([])');
        const finalBytes = await print(true);
        finalFile = await keep(finalBytes, `final${passes}.pdf`);
        const file = finalFile;
        const facts = await timed(() => factsOf(finalBytes, file));
        const { dests } = facts;
        ({ fonts, pageCount } = facts);
        const problems: string[] = [];
        if (pageCount !== measuredPages) problems.push(`页数 ${measuredPages} → ${pageCount}`);
        for (const [id, p] of Object.entries(applied.idPage)) {
          const d = dests.get(id);
          if (d !== undefined && d !== p) problems.push(`#${id}: 第${p}页 → 第${d}页`);
        }
        applied.chunkPages.forEach((p, i) => {
          const id = applied.chunkLabels[i];
          if (p && (!id || dests.get(id) !== p)) problems.push(`第${p}页缺少“${applied.chunkTexts[i] ?? label}”`);
        });
        if (problems.length === 0) {
          layoutReused = reusing;
          if (layout && reusable) await writeLayout(layout, { pages: pagesOf, pageCount: measuredPages });
          break;
        }
        if (reusing) {
          // The cached layout did not hold: measure as usual, without using up a pass, and drop
          // it (what is measured now is on the changed DOM, so it cannot replace it).
          reuse = null;
          await removeEntry('layout', layout!);
          passes--;
          continue;
        }
        if (passes >= maxPasses) {
          warnings.push(`分页在 ${passes} 次测量后仍不稳定：${problems.join('；')}`);
          break;
        }
      }
    }

    // Written like every output (temporary name, then renamed; a refusal is WRITE_FAILED).
    const out = resolve(pdfPath);
    const bytes = await readFile(finalFile!);
    await writeAtomic(out, opts.date ? pinPdfDates(bytes, opts.date) : bytes);
    timings.readBackMs = Math.round(timings.readBackMs);
    timings.totalMs = Math.round(performance.now() - t0);
    reusable = true;
    return {
      pdfPath: out,
      pages: pageCount!,
      bytes: (await stat(out)).size,
      passes,
      layoutReused,
      blocked: [...guarded.blocked],
      targetPages,
      continuations,
      fonts: fonts!,
      fontProblems: fontProblems(fonts!),
      warnings,
      timings,
    };
  } finally {
    // A page that failed (timeout, crash, a check that threw) is closed, never reused.
    await guarded.release(reusable);
    await rm(work, { recursive: true, force: true });
  }
}

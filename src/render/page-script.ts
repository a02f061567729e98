/// <reference lib="dom" />
// The page script of printPdf (pdf.ts): runs in Chromium's page, never in Node. pdf.ts reads this
// module's compiled file (dist/render/page-script.js; from src, this file transpiled the same way),
// evaluates its text in the page, and calls the functions it installs as window.__vr:
//
//   prepare   paging CSS, named pages for running headers, tables and case boxes made ready to be
//             cut where a page breaks (fixed column widths, caption row, reserved label space)
//   measure   every target (TOC targets, headings, each table's caption row and rows, each case
//             box's head and pieces) made a link destination for the measuring print
//   unmeasure those link destinations taken away again
//   apply     the pages measured: numbers into the TOC, tables and boxes cut where they broke,
//             each continuation's label a link destination
//   verify    the final print's page count and link destinations against what apply expected
//   loadFonts the web font subsets the print needs, loaded
//
// It imports nothing at run time (its compiled text must run on its own in the page) and exports
// only types: what pdf.ts passes in and gets back.

export interface PrepareOptions {
  /** Label above continued tables (续表). */
  continuedLabel: string;
  /** After a case box's own label atop its continuation (（续）). */
  continuedSuffix: string;
}

export interface Prepared {
  tables: number;
  boxes: number;
  /** Running header texts (their glyphs must be loaded explicitly: margin boxes do not load them). */
  headers: string[];
}

export interface Measuring {
  /** Targets listed. */
  count: number;
  /** data-page-of targets that do not exist. */
  missing: string[];
  /** The link destination (id) of each target, by index; empty when measure(false). */
  anchors: string[];
}

export interface Applied {
  /** Page of each id target. */
  idPage: Record<string, number>;
  /** Page-number slots filled. */
  filled: number;
  splits: number;
  headerMoves: number;
  /** Page each continuation should start on (0 if unknown), in document order. */
  chunkPages: number[];
  /** The id of each continuation's 续表 label (a link destination in the print), in chunk order. */
  chunkLabels: (string | null)[];
  /** A box continuation's label text (null for a table: its label is continuedLabel). */
  chunkTexts: (string | null)[];
}

/** What the final print came out as, read from its PDF. */
export interface PrintFacts {
  pageCount: number;
  /** Pages of the measurement the final print was laid out from. */
  measuredPages: number;
  /** Named destinations and their pages. */
  dests: [string, number][];
}

export interface PageScript {
  prepare(opts: PrepareOptions): Prepared;
  /** put = false: only list the targets (a layout from the cache will be applied to them). */
  measure(put: boolean): Measuring;
  unmeasure(): void;
  /** pages: target index → page (1-based) or 0 when not found. */
  apply(pages: number[]): Applied;
  /** What in the final print differs from what the last apply expected (empty: nothing). */
  verify(facts: PrintFacts): string[];
  loadFonts(extra: string[], families: string[]): Promise<number>;
}

type Target = { kind: 'id'; id: string } | { kind: 'cap'; t: number } | { kind: 'row'; t: number; r: number };

type Host = Window & { __vr?: PageScript };

const MK = 'vr-mk-';
const state: { targets: Target[]; label: string; applied: Applied | null } = { targets: [], label: '', applied: null };

const cssString = (s: string): string => '"' + s.replace(/[\\"]/g, (c) => '\\' + c).replace(/[\n\r\f]/g, '\\a ') + '"';

/** The element's parent (the page script only asks this of elements that have one). */
const parentOf = (el: Element): HTMLElement => el.parentElement!;

function pagedTables(): HTMLTableElement[] {
  return [...document.querySelectorAll('table')].filter((t) => t.tHead && !t.hasAttribute('data-no-continue') && !parentOf(t).closest('table'));
}

// Case boxes (.case with a .case-label), not inside another: they run over pages like tables.
function pagedBoxes(): HTMLElement[] {
  return [...document.querySelectorAll<HTMLElement>('.case')].filter(
    (b) => b.querySelector(':scope > .case-head .case-label') && !parentOf(b).closest('.case, table'),
  );
}

// The pieces a box may be cut between: each block of its body (each item of a list) and what follows the body.
function boxPieces(box: HTMLElement): HTMLElement[] {
  const out: HTMLElement[] = [];
  for (const el of box.children as HTMLCollectionOf<HTMLElement>) {
    if (el.classList.contains('case-head') || el.classList.contains('case-meta')) continue;
    if (!el.classList.contains('case-body')) {
      out.push(el);
      continue;
    }
    for (const b of el.children as HTMLCollectionOf<HTMLElement>) {
      if (b.tagName === 'UL' || b.tagName === 'OL') out.push(...[...(b.children as HTMLCollectionOf<HTMLElement>)].filter((li) => li.tagName === 'LI'));
      else out.push(b);
    }
  }
  return out;
}

// The head of a box's continuation: its label followed by the suffix, styled as the box's own head.
function contHead(box: HTMLElement): HTMLElement {
  const head = document.createElement('div');
  head.className = 'case-head vr-cont-head';
  const label = document.createElement('span');
  label.className = 'case-label vr-cont-label';
  label.textContent = box.dataset.vrLabel ?? '';
  head.appendChild(label);
  if (box.dataset.vrL) head.style.marginTop = '-' + box.dataset.vrL + 'px';
  return head;
}

function mmToPx(v: number): number {
  return (v * 96) / 25.4;
}

// The page's content box (A4) in CSS px, from the @page rules without a selector that set margins.
function contentBox(): { width: number; height: number } {
  let left = 20;
  let right = 20;
  let top = 20;
  let bottom = 20;
  const mm = (s: string): number | null => {
    const m = /^([\d.]+)mm$/.exec(s || '');
    return m ? Number(m[1]) : null;
  };
  for (const sheet of document.styleSheets) {
    let rules: CSSRuleList;
    try {
      rules = sheet.cssRules;
    } catch {
      continue;
    }
    for (const r of rules) {
      if (r instanceof CSSPageRule && !r.selectorText) {
        left = mm(r.style.marginLeft) ?? left;
        right = mm(r.style.marginRight) ?? right;
        top = mm(r.style.marginTop) ?? top;
        bottom = mm(r.style.marginBottom) ?? bottom;
      }
    }
  }
  return { width: mmToPx(210 - left - right), height: mmToPx(297 - top - bottom) };
}

// Column grid of a table: number of columns and the width of each (from single-span cells).
function columnWidths(table: HTMLTableElement): { n: number; w: number[] } {
  const occ: Set<number>[] = [];
  const w: (number | undefined)[] = [];
  let n = 0;
  [...table.rows].forEach((tr, r) => {
    occ[r] = occ[r] || new Set();
    let c = 0;
    for (const cell of tr.cells) {
      while (occ[r].has(c)) c++;
      const cs = Math.max(1, cell.colSpan || 1);
      const rs = Math.max(1, cell.rowSpan || 1);
      if (cs === 1 && w[c] === undefined) w[c] = cell.getBoundingClientRect().width;
      for (let dr = 0; dr < rs; dr++) {
        occ[r + dr] = occ[r + dr] || new Set();
        for (let dc = 0; dc < cs; dc++) occ[r + dr].add(c + dc);
      }
      c += cs;
      n = Math.max(n, c);
    }
  });
  const known = w.filter((x): x is number => x !== undefined);
  const total = table.getBoundingClientRect().width;
  const rest = Math.max(0, total - known.reduce((a, b) => a + b, 0));
  const unknown = n - known.length;
  for (let i = 0; i < n; i++) if (w[i] === undefined) w[i] = unknown ? rest / unknown : 0;
  return { n, w: w as number[] };
}

// Rows tied together by rowspan go into their own <tbody> that must not break.
function keepRowspanGroups(table: HTMLTableElement): void {
  const rows = [...table.tBodies].flatMap((b) => [...b.rows]);
  if (!rows.some((tr) => [...tr.cells].some((c) => c.rowSpan > 1))) return;
  let i = 0;
  while (i < rows.length) {
    let end = i;
    for (let j = i; j <= end; j++) for (const c of rows[j].cells) end = Math.max(end, j + Math.max(1, c.rowSpan) - 1);
    end = Math.min(end, rows.length - 1);
    if (end > i) {
      const src = parentOf(rows[i]) as HTMLTableSectionElement;
      const body = src.cloneNode(false) as HTMLTableSectionElement;
      body.classList.add('vr-keep');
      parentOf(src).insertBefore(body, src);
      // Rows of the group before it stay in src; split src so order is preserved.
      const before = [...src.rows].slice(0, [...src.rows].indexOf(rows[i]));
      if (before.length) {
        const b2 = src.cloneNode(false) as HTMLTableSectionElement;
        body.before(b2);
        for (const r of before) b2.appendChild(r);
      }
      for (let j = i; j <= end; j++) body.appendChild(rows[j]);
      if (!src.rows.length) src.remove();
    }
    i = end + 1;
  }
}

function prepare(opts: PrepareOptions): Prepared {
  state.label = opts.continuedLabel;
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
  const names = new Map<string, string>();
  const headers: string[] = [];
  for (const el of document.querySelectorAll<HTMLElement>('[data-running-header],[data-no-folio]')) {
    const h = el.getAttribute('data-running-header');
    const nf = el.hasAttribute('data-no-folio');
    const key = JSON.stringify([h, nf]);
    let name = names.get(key);
    if (!name) {
      name = 'vr-page-' + names.size;
      names.set(key, name);
      css +=
        '@page ' +
        name +
        '{' +
        (h === null ? '' : '@top-center{content:' + (h ? cssString(h) : 'none') + '}') +
        (nf ? '@bottom-center{content:none}' : '') +
        '}';
      if (h) headers.push(h);
    }
    el.style.page = name;
  }
  style.textContent = css;
  document.head.appendChild(style);
  // Page-number slots hold a digit while measuring, so their line boxes match the final ones.
  for (const el of document.querySelectorAll('[data-page-of]')) if (!el.textContent?.trim()) el.textContent = '0';

  // Tables: fixed column widths measured at the print content width, caption into <thead>.
  const root = document.documentElement;
  const oldWidth = root.style.width;
  const page = contentBox();
  root.style.width = page.width + 'px';
  const tables = pagedTables();
  const geometry = tables.map((t) => {
    const parentWidth = parentOf(t).getBoundingClientRect().width || 1;
    const cap = t.caption;
    const capStyle = cap ? getComputedStyle(cap) : null;
    return {
      ...columnWidths(t),
      pct: (t.getBoundingClientRect().width / parentWidth) * 100,
      cap: capStyle && {
        font: capStyle.font,
        color: capStyle.color,
        textAlign: capStyle.textAlign,
        padding: capStyle.padding,
        letterSpacing: capStyle.letterSpacing,
      },
    };
  });
  // Boxes: the space for a continuation's label is reserved atop every fragment (the first
  // fragment's head moves up into it), so cutting the box where it broke moves nothing.
  const boxes = pagedBoxes();
  boxes.forEach((b, j) => {
    const k = tables.length + j;
    b.classList.add('vr-paged', 'vr-box');
    b.dataset.vrT = String(k);
    b.dataset.vrLabel = b.querySelector(':scope > .case-head .case-label')!.textContent + opts.continuedSuffix;
    const probe = contHead(b);
    b.prepend(probe);
    const reserve = probe.getBoundingClientRect().height + parseFloat(getComputedStyle(probe).marginBottom);
    probe.remove();
    b.dataset.vrL = reserve.toFixed(3);
    const bs = getComputedStyle(b);
    const px = (v: string): number => parseFloat(v) || 0;
    const chrome = px(bs.borderTopWidth) + px(bs.paddingTop) + reserve + px(bs.paddingBottom) + px(bs.borderBottomWidth);
    b.style.paddingTop = (px(bs.paddingTop) + reserve).toFixed(3) + 'px';
    const head = b.firstElementChild as HTMLElement;
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
    for (const c of t.querySelectorAll(':scope > colgroup')) c.remove();
    const cg = document.createElement('colgroup');
    const sum = g.w.reduce((a, b) => a + b, 0) || 1;
    for (const x of g.w) {
      const col = document.createElement('col');
      col.style.width = ((x / sum) * 100).toFixed(4) + '%';
      cg.appendChild(col);
    }
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
    const thead = t.tHead!;
    thead.insertBefore(tr, thead.firstChild);
    label.style.bottom = getComputedStyle(th).paddingBottom;
    keepRowspanGroups(t);
    [...t.tBodies]
      .flatMap((b) => [...b.rows])
      .forEach((row, r) => {
        row.dataset.vrOf = String(k);
        row.dataset.vrR = String(r);
      });
  });
  return { tables: tables.length, boxes: boxes.length, headers };
}

// The element becomes a link destination: an id (its own, or a temporary one) and a link to it.
function placeMarker(target: Element, code: number, links: HTMLElement): string {
  let el = target;
  if (el.tagName === 'TABLE') el = el.querySelector('tr.vr-cap > th') || el.querySelector('td,th') || el;
  if (!el.id) {
    el.id = MK + code;
    el.setAttribute('data-vr-mk', '');
  }
  const a = document.createElement('a');
  a.href = '#' + encodeURIComponent(el.id);
  links.appendChild(a);
  return el.id;
}

// Where a table or box starts: the caption row, the head.
function capOf(t: HTMLElement): Element {
  return (t.tagName === 'TABLE' ? t.querySelector('tr.vr-cap > th') : t.querySelector(':scope > .case-head'))!;
}

function measure(put: boolean): Measuring {
  const links = document.createElement('div');
  links.id = 'vr-mk-links';
  links.style.display = 'none';
  const anchors: string[] = [];
  const putMarker = put
    ? (el: Element, code: number) => {
        anchors[code] = placeMarker(el, code, links);
      }
    : () => {};
  const targets: Target[] = [];
  const ids = new Set([...document.querySelectorAll('[data-page-of]')].map((e) => e.getAttribute('data-page-of')!));
  for (const h of document.querySelectorAll('h1[id],h2[id],h3[id],h4[id]')) ids.add(h.id);
  const missing: string[] = [];
  for (const id of ids) {
    const el = document.getElementById(id);
    if (!el) {
      missing.push(id);
      continue;
    }
    putMarker(el, targets.length);
    targets.push({ kind: 'id', id });
  }
  for (const t of document.querySelectorAll<HTMLElement>('.vr-paged')) {
    const k = Number(t.dataset.vrT);
    if (t.classList.contains('vr-cont')) continue;
    putMarker(capOf(t), targets.length);
    targets.push({ kind: 'cap', t: k });
  }
  // Rows of tables, pieces of boxes.
  for (const row of document.querySelectorAll<HTMLElement>('[data-vr-of]')) {
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

function unmeasure(): void {
  document.documentElement.classList.remove('vr-measuring');
  document.getElementById('vr-mk-links')?.remove();
  for (const el of document.querySelectorAll('[data-vr-mk]')) {
    el.removeAttribute('id');
    el.removeAttribute('data-vr-mk');
  }
}

// The table or box (or continuation of it) a row or piece is in.
function holder(row: HTMLElement): HTMLElement {
  let el = row.parentElement;
  while (el && el.dataset.vrT !== row.dataset.vrOf) el = el.parentElement;
  return el!;
}

// Cut the table or box holding row at that row (piece): from it on goes to a continuation after it.
function splitAt(row: HTMLElement): boolean {
  const t = holder(row);
  return t.tagName === 'TABLE' ? splitTable(t as HTMLTableElement, row) : splitBox(t, row);
}

// The empty shell of a table's or box's continuation: same element and classes, no id, on a new page.
function continuationOf<T extends HTMLElement>(holder: T): T {
  const chunk = holder.cloneNode(false) as T;
  chunk.removeAttribute('id');
  chunk.classList.add('vr-cont');
  chunk.style.breakBefore = 'page';
  return chunk;
}

// A deep copy for a continuation (repeated header, footer): ids stay unique to the original.
function copyWithoutIds(e: Element): Element {
  const copy = e.cloneNode(true) as Element;
  for (const d of copy.querySelectorAll('[id]')) d.removeAttribute('id');
  return copy;
}

function splitTable(table: HTMLTableElement, row: HTMLElement): boolean {
  const rows = [...table.querySelectorAll(':scope > tbody > tr')];
  const start = rows.indexOf(row);
  if (start <= 0) return false;
  const chunk = continuationOf(table);
  for (const child of table.children) if (child.tagName === 'COLGROUP' || child.tagName === 'THEAD') chunk.appendChild(copyWithoutIds(child));
  let src: Element | null = null;
  let dst: Element | null = null;
  for (const r of rows.slice(start)) {
    if (r.parentElement !== src) {
      src = parentOf(r);
      dst = src.cloneNode(false) as Element;
      chunk.appendChild(dst);
    }
    dst!.appendChild(r);
  }
  for (const b of [...table.tBodies]) if (!b.rows.length) b.remove();
  const foot = table.tFoot;
  if (foot) chunk.appendChild(copyWithoutIds(foot));
  table.classList.add('vr-broken');
  table.after(chunk);
  return true;
}

// A new box after it, headed by the label, holds the piece and all that follows it (in copies
// of the lists and body the piece is in). Margins at the cut go, as they do at the page break.
function splitBox(box: HTMLElement, piece: HTMLElement): boolean {
  const pieces = [...box.querySelectorAll<HTMLElement>('[data-vr-of="' + box.dataset.vrT + '"]')];
  const start = pieces.indexOf(piece);
  if (start <= 0) return false;
  const chunk = continuationOf(box);
  chunk.appendChild(contHead(box));
  const following = (from: ChildNode | null): ChildNode[] => {
    const out: ChildNode[] = [];
    for (let n = from; n; n = n.nextSibling) out.push(n);
    return out;
  };
  let el: HTMLElement = piece;
  let moving = following(el);
  const left: HTMLElement[] = [];
  piece.style.marginTop = '0';
  while (el.parentElement !== box) {
    const parent = parentOf(el);
    const copy = parent.cloneNode(false) as HTMLElement;
    copy.removeAttribute('id');
    if (parent instanceof HTMLOListElement && copy instanceof HTMLOListElement) {
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
  for (let n: HTMLElement | null = pieces[start - 1]; n && n !== box; n = n.parentElement) n.style.marginBottom = '0';
  for (const p of left) if (!p.children.length && !p.textContent?.trim()) p.remove();
  box.classList.add('vr-broken');
  box.after(chunk);
  return true;
}

function apply(pages: number[]): Applied {
  const idPage: Record<string, number> = {};
  const capPage: Record<number, number> = {};
  const rowPage: Record<number, Record<number, number>> = {};
  state.targets.forEach((tg, i) => {
    const p = pages[i];
    if (!p) return;
    if (tg.kind === 'id') idPage[tg.id] = p;
    else if (tg.kind === 'cap') capPage[tg.t] = p;
    else (rowPage[tg.t] = rowPage[tg.t] || {})[tg.r] = p;
  });
  let filled = 0;
  for (const el of document.querySelectorAll('[data-page-of]')) {
    const p = idPage[el.getAttribute('data-page-of')!];
    if (p) {
      el.textContent = String(p);
      filled++;
    }
  }
  let splits = 0;
  let headerMoves = 0;
  for (const t of document.querySelectorAll<HTMLElement>('.vr-paged:not(.vr-cont)')) {
    const k = Number(t.dataset.vrT);
    const rp = rowPage[k] || {};
    const rows = [...document.querySelectorAll<HTMLElement>('[data-vr-of="' + k + '"]')];
    if (rows.length && capPage[k] && rp[Number(rows[0].dataset.vrR)] > capPage[k] && t.style.breakBefore !== 'page') {
      t.style.breakBefore = 'page';
      headerMoves++;
    }
    // A box is cut only where a piece ended on one page and the next began on the next.
    const box = t.tagName !== 'TABLE';
    for (let i = 1; i < rows.length; i++) {
      const a = rp[Number(rows[i - 1].dataset.vrR)];
      const b = rp[Number(rows[i].dataset.vrR)];
      if (box && (b !== a + 1 || rows[i - 1].hasAttribute('data-vr-tall'))) continue;
      if (a && b && b > a && splitAt(rows[i])) splits++;
    }
  }
  const conts = [...document.querySelectorAll<HTMLElement>('.vr-cont')];
  const chunks = conts.map((c) => {
    const first = c.querySelector<HTMLElement>('[data-vr-of="' + c.dataset.vrT + '"]');
    return first ? rowPage[Number(c.dataset.vrT)]?.[Number(first.dataset.vrR)] || 0 : 0;
  });
  // Each 续表 label becomes a link destination, so the final print says on which page it
  // came out (checked against the measurement without reading the PDF's text).
  document.getElementById('vr-cont-links')?.remove();
  const links = document.createElement('div');
  links.id = 'vr-cont-links';
  links.style.display = 'none';
  const texts: (string | null)[] = [];
  const labels = conts.map((c, i) => {
    const label = c.querySelector(':scope > thead > tr.vr-cap .vr-cont-label, :scope > .vr-cont-head > .vr-cont-label');
    texts.push(c.tagName === 'TABLE' ? null : (c.dataset.vrLabel ?? null));
    if (!label) return null;
    label.id = 'vr-cont-' + i;
    const a = document.createElement('a');
    a.href = '#' + label.id;
    links.appendChild(a);
    return label.id;
  });
  if (conts.length) document.body.appendChild(links);
  state.applied = { idPage, filled, splits, headerMoves, chunkPages: chunks, chunkLabels: labels, chunkTexts: texts };
  return state.applied;
}

function verify(facts: PrintFacts): string[] {
  const applied = state.applied!;
  const dests = new Map(facts.dests);
  const problems: string[] = [];
  if (facts.pageCount !== facts.measuredPages) problems.push(`页数 ${facts.measuredPages} → ${facts.pageCount}`);
  for (const [id, p] of Object.entries(applied.idPage)) {
    const d = dests.get(id);
    if (d !== undefined && d !== p) problems.push(`#${id}: 第${p}页 → 第${d}页`);
  }
  applied.chunkPages.forEach((p, i) => {
    const id = applied.chunkLabels[i];
    if (p && (!id || dests.get(id) !== p)) problems.push(`第${p}页缺少“${applied.chunkTexts[i] ?? state.label}”`);
  });
  return problems;
}

// Margin boxes (running headers, folios) do not make Chromium load a web font subset, so the
// strings they show are loaded explicitly in every face; the flow's own text is laid out first
// (offsetHeight) so that the subsets it needs are loading before fonts.ready is awaited.
async function loadFonts(extra: string[], families: string[]): Promise<number> {
  const text = extra.join('');
  const faces: Promise<FontFace[]>[] = [];
  if (text) for (const fam of families) for (const w of [400, 700]) faces.push(document.fonts.load(w + ' 16px "' + fam + '"', text));
  await Promise.all(faces);
  void document.body.offsetHeight;
  await document.fonts.ready;
  return document.fonts.size;
}

const host = window as Host;
host.__vr ??= { prepare, measure, unmeasure, apply, verify, loadFonts };

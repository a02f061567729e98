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
// What runs in the page (prepare, measure, apply, verify) is page-script.ts, a module of its own
// evaluated in the page (see pageScript); this file prints, reads the PDFs and loops.
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
import { type PdfFacts, type PdfFont, fontProblems, readPdfFacts } from './pdf-read.js';
import type { PageScript } from './page-script.js';

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

// ---------------------------------------------------------------- the page script

/**
 * The text evaluated in the page: page-script.ts as tsc compiled it (dist/render/page-script.js),
 * or, run from src (tsx, vitest: no compiled file beside this one), that file with its types
 * stripped by esbuild (a development dependency, as tsx is; without keepNames, so no __name
 * helpers, which is why no function is ever passed to page.evaluate). The page's own scripts
 * are disabled: the text is evaluated by DevTools, in a function scope of its own, and installs
 * window.__vr.
 */
let pageScriptText: Promise<string> | undefined;
export function pageScript(): Promise<string> {
  pageScriptText ??= (async () => {
    let js: string;
    try {
      js = await readFile(new URL('./page-script.js', import.meta.url), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      const { transform } = await import('esbuild');
      const source = await readFile(new URL('./page-script.ts', import.meta.url), 'utf8');
      ({ code: js } = await transform(source, { loader: 'ts', format: 'esm', target: 'es2022' }));
    }
    return asPageScript(js);
  })();
  pageScriptText.catch(() => (pageScriptText = undefined));
  return pageScriptText;
}

/** A module whose exports are types only (compiled: `export {};`) as a script of its own. */
export function asPageScript(js: string): string {
  const body = js.replace(/^export \{\};$/m, '').replace(/^\/\/# sourceMappingURL=.*$/m, '');
  if (/^\s*(import|export)\b/m.test(body)) throw new Error('page-script.ts 在运行时不得导入或导出任何内容（它在页面中单独运行）');
  return `(() => {\n'use strict';\n${body}\n})();\n//# sourceURL=vet-report/page-script.js`;
}

/** Calls window.__vr.<fn> in the page with JSON arguments. */
async function vr<K extends keyof PageScript>(page: Page, fn: K, ...args: Parameters<PageScript[K]>): Promise<Awaited<ReturnType<PageScript[K]>>> {
  return (await page.evaluate(`window.__vr.${fn}(${args.map((a) => JSON.stringify(a)).join(', ')})`)) as Awaited<ReturnType<PageScript[K]>>;
}

/** The faces loadFonts loads margin-box strings in. */
const FAMILIES = [FONT_FAMILY.serif, FONT_FAMILY.sans];

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
  /** Page count, link destinations and fonts of a print, read in process (pdf-read.ts), timed. */
  const readBack = (bytes: Uint8Array): PdfFacts => {
    const t = performance.now();
    try {
      return readPdfFacts(bytes);
    } finally {
      timings.readBackMs += performance.now() - t;
    }
  };

  try {
    let t = performance.now();
    await page.goto(pathToFileURL(resolve(htmlPath)).href, { waitUntil: 'load', timeout });
    await page.emulateMediaType('print');
    await page.evaluate(await pageScript());
    await page.evaluate('document.fonts.ready.then(() => true)');
    timings.loadMs = Math.round(performance.now() - t);

    let passes = 0;
    let layoutReused = false;
    let continuations = 0;
    let targetPages: Record<string, number> = {};
    let finalFile: string;
    let pageCount: number;
    let fonts: PdfFont[];

    if (!paged) {
      await vr(page, 'loadFonts', [], FAMILIES);
      const bytes = await print(true);
      finalFile = await keep(bytes, 'final.pdf');
      ({ pageCount, fonts } = readBack(bytes));
    } else {
      t = performance.now();
      const prep = await vr(page, 'prepare', { continuedLabel: label, continuedSuffix: suffix });
      await vr(page, 'loadFonts', [...prep.headers, label, suffix, '0123456789'], FAMILIES);
      timings.prepareMs = Math.round(performance.now() - t);
      const layout = opts.reuseLayout ? await layoutKey(rb, htmlPath, label, suffix) : null;
      let reuse = layout ? await readLayout(layout) : null;
      let pristine = true; // no measurement applied to the DOM yet

      for (;;) {
        passes++;
        // Measure: print with every target a link destination, read the page of each.
        let marked = await vr(page, 'measure', reuse === null);
        if (passes === 1) for (const id of marked.missing) warnings.push(`页码引用的目标不存在：#${id}`);
        let pagesOf: number[];
        let measuredPages: number;
        const reusing = reuse !== null && reuse.pages.length === marked.count;
        if (reuse !== null && !reusing) marked = await vr(page, 'measure', true);
        // Only a measurement of the document as written can be reused for it.
        const reusable = !reusing && pristine;
        if (reusing) {
          ({ pages: pagesOf, pageCount: measuredPages } = reuse!);
        } else {
          await vr(page, 'loadFonts', [], FAMILIES);
          const measureBytes = await print(false);
          if (opts.keepPrintsIn) await keep(measureBytes, `pass${passes}.pdf`);
          const measured = readBack(measureBytes);
          pagesOf = marked.anchors.map((id) => measured.dests.get(id) ?? 0);
          measuredPages = measured.pageCount;
          if (marked.count > 0 && pagesOf.every((p) => p === 0)) {
            throw new Error('测量页码失败：PDF 中没有标记的链接目标（Chromium 未写出命名目标？）');
          }
        }
        if (!reusing) await vr(page, 'unmeasure');
        const applied = await vr(page, 'apply', pagesOf);
        pristine = false;
        targetPages = { ...targetPages, ...applied.idPage };
        continuations = applied.chunkPages.length;

        // Final print, checked against the measurement (verify: in the page, which knows what apply expected).
        await vr(page, 'loadFonts', [], FAMILIES);
        const finalBytes = await print(true);
        finalFile = await keep(finalBytes, `final${passes}.pdf`);
        const facts = readBack(finalBytes);
        ({ fonts, pageCount } = facts);
        const problems = await vr(page, 'verify', { pageCount, measuredPages, dests: [...facts.dests] });
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

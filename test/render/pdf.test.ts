// The demo report printed by the real Chromium, read back with poppler-utils.

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type RenderBrowser } from '../../src/render/browser.js';
import { printPdf, type PrintResult } from '../../src/render/pdf.js';
import { pdfDests, pdfFonts, pdfInfo, pdfLang, pdfOutline, pdfPageTexts } from '../poppler.js';
import { buildDemo, DEMO_TITLE, type Demo, LONG_TABLE_HEAD, XSS } from './fixtures/demo.js';
import { assertToolsPresent, rewriteEntry, skipBrowserTests, squash, storeEntries, useEmptyToolCache } from './helpers.js';

const run = promisify(execFile);

describe.skipIf(skipBrowserTests)('printPdf on the demo report', () => {
  let rb: RenderBrowser;
  let dir: string;
  let demo: Demo;
  let result: PrintResult;
  let plain: PrintResult;
  let pages: string[];
  let layoutPages: string[];
  let pdf: string;

  beforeAll(async () => {
    assertToolsPresent();
    dir = await mkdtemp(join(tmpdir(), 'vet-report-pdf-test-'));
    demo = await buildDemo();
    await writeFile(join(dir, 'demo.html'), demo.html);
    rb = await launchBrowser();
    pdf = join(dir, 'demo.pdf');
    result = await printPdf(rb, join(dir, 'demo.html'), pdf);
    plain = await printPdf(rb, join(dir, 'demo.html'), join(dir, 'plain.pdf'), { paged: false });
    pages = await pdfPageTexts(pdf);
    layoutPages = await pdfPageTexts(pdf, { layout: true });
    console.log(
      `demo: ${result.pages} pages; two-pass ${result.timings.totalMs} ms ` +
        `(load ${result.timings.loadMs}, prepare ${result.timings.prepareMs}, prints ${result.timings.printMs.join('+')}, ` +
        `read-back ${result.timings.readBackMs}) vs single print ${plain.timings.totalMs} ms ` +
        `(load ${plain.timings.loadMs}, print ${plain.timings.printMs.join('+')})`,
    );
  }, 180_000);

  afterAll(async () => {
    const profile = rb?.userDataDir;
    await rb?.close();
    if (profile) await expect(stat(profile)).rejects.toThrow(); // fresh profile removed on close
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('builds a self-contained HTML with no missing glyphs and no chart warnings', () => {
    expect(demo.missingGlyphs).toEqual([]);
    expect(demo.chartWarnings).toEqual([]);
    expect(demo.html).not.toMatch(/(?:src|href)=["']?(?:https?:)?\/\//);
    expect(demo.html).not.toContain('file:');
    expect(demo.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(demo.html).not.toContain(XSS);
  });

  it('measures once, checks the final print, and reports nothing wrong', () => {
    expect(result.passes).toBe(1);
    expect(result.warnings).toEqual([]);
    expect(result.blocked).toEqual([]);
    expect(result.fontProblems).toEqual([]);
    expect(result.pages).toBe(pages.length);
    expect(result.timings.printMs).toHaveLength(2);
    expect(plain.timings.printMs).toHaveLength(1);
  });

  it('embeds every font as CID TrueType (no Type 3), all Noto SC', async () => {
    const fonts = await pdfFonts(pdf);
    // One embedded font per face the demo uses (sans headings and tables in both weights, serif
    // body; it has no bold body text), each exactly once: one face per family and weight.
    expect(fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, '')).sort()).toEqual(['NotoSansSC-Bold', 'NotoSansSC-Regular', 'NotoSerifSC-Regular']);
    for (const f of fonts) {
      expect(f.type, f.name).toBe('CID TrueType');
      expect(f.embedded, f.name).toBe(true);
      expect(f.name, f.name).toMatch(/^[A-Z]{6}\+NotoS(ans|erif)SC/);
    }
    expect(fonts.some((f) => /NotoSerifSC/.test(f.name))).toBe(true);
    expect(fonts.some((f) => /NotoSansSC.*Bold/.test(f.name))).toBe(true);
  });

  it('sets the PDF title and language', async () => {
    const info = await pdfInfo(pdf);
    expect(info['Title']).toBe(DEMO_TITLE);
    expect(info['Page size']).toMatch(/^59[45]\.\d+ x 841\.\d+ pts \(A4\)/);
    expect(await pdfLang(pdf)).toBe('zh-CN');
  });

  it('fills the TOC with the pages the headings are on', async () => {
    const tocIndex = pages.findIndex((p) => squash(p).startsWith('目录'));
    expect(tocIndex).toBeGreaterThan(0);
    const tocLines = layoutPages[tocIndex]!.split('\n');
    const dests = await pdfDests(pdf);
    for (const entry of demo.toc) {
      const line = tocLines.find((l) => squash(l).startsWith(squash(entry.text)));
      expect(line, entry.text).toBeDefined();
      const n = Number(/(\d+)\s*$/.exec(line!)![1]);
      // The heading's page is the first page (other than the TOC) whose text holds the heading.
      const first = pages.findIndex((p, i) => i !== tocIndex && squash(p).includes(squash(entry.text))) + 1;
      expect(n, entry.text).toBe(first);
      expect(result.targetPages[entry.id], entry.id).toBe(n);
      expect(dests.get(entry.id), entry.id).toBe(n); // the TOC links land there too
    }
  });

  it('has bookmarks for the parts and their sections', async () => {
    const outline = await pdfOutline(pdf);
    const titles = outline.map((o) => squash(o.title));
    expect(titles).toEqual(expect.arrayContaining(['前言', '目录', '第一编发展成就', '第二编国际合作']));
    const part1 = outline.find((o) => squash(o.title) === '第一编发展成就')!;
    expect(part1.page).toBe(result.targetPages['part-1']);
    const ch = part1.children.find((c) => c.title.startsWith('一、建成世界规模最大'))!;
    expect(ch.page).toBe(result.targetPages['ch-1-1']);
    expect(ch.children.map((c) => c.title)).toContain('（一）形成结构完善的培养体系');
  });

  it('prints running headers with the part title and page numbers in the footer', () => {
    const part1 = result.targetPages['part-1']!;
    const part2 = result.targetPages['part-2']!;
    for (let n = 1; n <= pages.length; n++) {
      const lines = layoutPages[n - 1]!.split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
      const header = squash(lines[0]!);
      const footer = lines[lines.length - 1]!;
      if (n === 1) {
        // Cover: neither header nor folio.
        expect(footer).not.toMatch(/^\d+$/);
        continue;
      }
      expect(footer, `page ${n}`).toBe(String(n));
      if (n >= part1 && n < part2) expect(header, `page ${n}`).toBe('第一编发展成就');
      if (n >= part2) expect(header, `page ${n}`).toBe('第二编国际合作');
      if (n === result.targetPages['preface']) expect(header).toBe('前言');
    }
  });

  it('continues the long table on the next page with 续表 and the repeated header', async () => {
    const head = squash(LONG_TABLE_HEAD.join(''));
    const start = pages.findIndex((p) => squash(p).includes('表2-1职业学校境外办学项目一览表')) + 1;
    expect(start).toBeGreaterThan(0);
    expect(squash(pages[start - 1]!)).toContain(head);
    expect(squash(pages[start - 1]!)).not.toContain('续表');
    const end = pages.findIndex((p) => /\n64\n|(^|\s)64\s/.test(p) && p.includes('印度中文工坊')) + 1;
    expect(end).toBeGreaterThan(start);
    expect(result.continuations).toBe(end - start);
    for (let n = start + 1; n <= end; n++) {
      const text = squash(pages[n - 1]!);
      expect(text, `page ${n}`).toContain('续表');
      expect(text, `page ${n}`).toContain(head);
      // 续表 comes before the header row, the header before the rows.
      expect(text.indexOf('续表')).toBeLessThan(text.indexOf(head));
      expect(text, `page ${n}`).not.toContain('表2-1职业学校境外办学项目一览表');
    }
    // Each 续表 label is a named destination on its page (the print checks the labels there).
    const labels = [...(await pdfDests(pdf))]
      .filter(([id]) => id.startsWith('vr-cont-'))
      .sort(([a], [b]) => Number(a.slice(8)) - Number(b.slice(8)))
      .map(([, p]) => p);
    expect(labels).toEqual(Array.from({ length: end - start }, (_, i) => start + 1 + i));
    // Every row is printed exactly once.
    const all = pages.slice(start - 1, end).join('\n');
    for (let i = 1; i <= 64; i++) {
      const row = new RegExp(`(^|\\n)${i}\\n`, 'g');
      expect(all.match(row)?.length ?? 0, `row ${i}`).toBeGreaterThanOrEqual(1);
    }
  });

  it('says so when a continued table came out without its 续表 label', async () => {
    // A document style that hides the label: the print checks each label's page and cannot find it.
    const html = (await readFile(join(dir, 'demo.html'), 'utf8')).replace('</head>', '<style>.vr-cont-label{display:none!important}</style></head>');
    await writeFile(join(dir, 'no-label.html'), html);
    const r = await printPdf(rb, join(dir, 'no-label.html'), join(dir, 'no-label.pdf'));
    expect(r.continuations).toBeGreaterThan(0);
    expect(r.warnings.join('\n')).toMatch(/第\d+页缺少“续表”/);
  }, 120_000);

  it('prints a table with rowspan groups whole, caption and all', () => {
    const page = pages.findIndex((p) => squash(p).includes('表2-2职业学校关键办学能力提升成果一览表'));
    expect(page).toBeGreaterThan(0);
    const all = squash(pages[page]!);
    const text = all.slice(all.indexOf('表2-2职业学校关键办学能力提升成果一览表'));
    for (const s of ['类别', '国家标准体系', '学校标准', '产教融合实践中心', '支持地方建设公共实训基地', '327个']) {
      expect(text).toContain(s);
    }
    expect(text).not.toContain('续表');
  });

  it('prints data as text: markup in a data value is not interpreted', () => {
    expect(pages.join('\n')).toContain(XSS);
  });

  it('removes its markers from the final PDF (no measuring destinations left)', async () => {
    const dests = [...(await pdfDests(pdf)).keys()];
    expect(dests.length).toBeGreaterThan(5);
    expect(dests.filter((d) => d.startsWith('vr-mk-'))).toEqual([]);
    expect(pages.join('\n')).not.toMatch(/vr-mk/);
  });

  it('renders pages to PNG (for looking at them)', async () => {
    await run('pdftoppm', ['-png', '-r', '60', pdf, join(dir, 'page')]);
    const pngs = (await readdir(dir)).filter((f) => f.startsWith('page') && f.endsWith('.png'));
    expect(pngs).toHaveLength(result.pages);
    const first = await readFile(join(dir, pngs.sort()[0]!));
    expect(first.subarray(1, 4).toString()).toBe('PNG');
  });

  describe('reusing the measured layout of the same HTML', () => {
    const cache = useEmptyToolCache('vet-report-layout-');

    it('skips the measuring print the second time and prints the same pages', async () => {
      const html = join(dir, 'demo.html');
      const first = await printPdf(rb, html, join(dir, 'r1.pdf'), { reuseLayout: true });
      expect(first.layoutReused).toBe(false);
      expect(first.timings.printMs).toHaveLength(2);
      const second = await printPdf(rb, html, join(dir, 'r2.pdf'), { reuseLayout: true });
      expect(second.layoutReused).toBe(true);
      expect(second.timings.printMs).toHaveLength(1);
      expect(second.warnings).toEqual([]);
      expect(second.targetPages).toEqual(result.targetPages);
      expect(second.continuations).toBe(result.continuations);
      expect(await pdfPageTexts(join(dir, 'r2.pdf'))).toEqual(pages);
    }, 120_000);

    it('measures again when the cached layout does not hold, and still gets the pages right', async () => {
      const [file, ...others] = await storeEntries(cache, 'layout');
      expect(others).toEqual([]);
      // Every target one page later, written with its hash (it passes the cache's check): the
      // final print's links and page count contradict it.
      rewriteEntry(file!, (content) => {
        const entry = JSON.parse(String(content)) as { pages: number[]; pageCount: number };
        return JSON.stringify({ pages: entry.pages.map((p) => p + 1), pageCount: entry.pageCount + 1 });
      });
      const r = await printPdf(rb, join(dir, 'demo.html'), join(dir, 'r3.pdf'), { reuseLayout: true });
      expect(r.layoutReused).toBe(false);
      expect(r.passes).toBe(1);
      expect(r.warnings).toEqual([]);
      expect(r.timings.printMs).toHaveLength(3); // the refuted final, the measurement, the final
      expect(r.targetPages).toEqual(result.targetPages);
      expect(await pdfPageTexts(join(dir, 'r3.pdf'))).toEqual(pages);
      expect(existsSync(file!)).toBe(false); // the wrong entry is gone
    }, 120_000);
  });
});

describe.skipIf(skipBrowserTests)('network isolation', () => {
  let rb: RenderBrowser;
  let dir: string;

  beforeAll(async () => {
    assertToolsPresent();
    dir = await mkdtemp(join(tmpdir(), 'vet-report-net-'));
    rb = await launchBrowser();
  });
  afterAll(async () => {
    await rb?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('blocks and reports every request that is not file: or data:', async () => {
    const html = `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>t</title>
      <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
      <link rel="stylesheet" href="http://example.com/style.css">
      <style>@font-face{font-family:X;src:url(https://fonts.example.com/x.woff2)} p{font-family:X,serif}</style>
      </head><body><p>ok</p><img src="https://example.com/logo.png" alt="">
      <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt=""><script src="https://example.com/a.js"></script>
      </body></html>`;
    await writeFile(join(dir, 'net.html'), html);
    const r = await printPdf(rb, join(dir, 'net.html'), join(dir, 'net.pdf'), { paged: false });
    expect(r.blocked).toEqual(expect.arrayContaining(['http://example.com/style.css', 'https://example.com/logo.png', 'https://fonts.example.com/x.woff2']));
    // The document's scripts are disabled: a script is not even requested.
    expect(r.blocked).not.toContain('https://example.com/a.js');
    expect(r.blocked.every((u) => /^https?:/.test(u))).toBe(true);
    expect((await stat(join(dir, 'net.pdf'))).size).toBeGreaterThan(0);
  });

  it('prints the next document in the same tab, with its own list of refused requests', async () => {
    const tabs = (await rb.browser.pages()).length;
    await writeFile(
      join(dir, 'clean.html'),
      '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>c</title></head><body><p>local only</p></body></html>',
    );
    const r1 = await printPdf(rb, join(dir, 'net.html'), join(dir, 'net2.pdf'), { paged: false });
    const r2 = await printPdf(rb, join(dir, 'clean.html'), join(dir, 'clean.pdf'), { paged: false });
    expect(r1.blocked).toContain('https://example.com/logo.png');
    expect(r2.blocked).toEqual([]);
    expect(r1.blocked).toContain('https://example.com/logo.png'); // the result keeps its own copy
    expect((await rb.browser.pages()).length).toBe(tabs);
    expect(await pdfPageTexts(join(dir, 'clean.pdf'))).toEqual([expect.stringContaining('local only')]);
  });

  it('closes, not reuses, a tab whose print failed', async () => {
    const before = (await rb.browser.pages()).length;
    await expect(printPdf(rb, join(dir, 'missing.html'), join(dir, 'x.pdf'), { timeoutMs: 5_000 })).rejects.toThrow();
    expect((await rb.browser.pages()).length).toBe(before - 1);
  });

  it('writes the PDF atomically and leaves no temporary files', async () => {
    await writeFile(
      join(dir, 'a.html'),
      '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>a</title></head><body><h1 id="x">A</h1></body></html>',
    );
    await printPdf(rb, join(dir, 'a.html'), join(dir, 'a.pdf'));
    const files = await readdir(dir);
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(files).toContain('a.pdf');
  });
});

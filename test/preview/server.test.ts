// vet-report preview with the real Chromium: the editor's page follows their edits, errors show
// where they look, and nothing but the output folder is served.

import { readdirSync, readFileSync } from 'node:fs';
import { appendFile, readFile, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { createServer } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BuildResult } from '../../src/pipeline.js';
import { DATA } from '../../src/paths.js';
import { launchBrowser } from '../../src/render/browser.js';
import { runPreview } from '../../src/preview/server.js';
import { assertToolsPresent, skipBrowserTests, useTemplatesCopy } from '../render/helpers.js';

async function until(what: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** GET with the path sent as written (fetch would normalise `/../` away before sending). */
function rawGet(port: number, p: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: p, method: 'GET', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

function htmlFilesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.html'))
    .map((f) => path.join(dir, f));
}

describe.skipIf(skipBrowserTests)('vet-report preview', () => {
  const templatesCopy = useTemplatesCopy('vet-preview-');

  it('shows the index, follows edits of the 中德 preface, overlays a template error until it is fixed, and serves nothing outside out/', async () => {
    assertToolsPresent();
    const { root, templates } = await templatesCopy();
    const out = path.join(root, 'out');
    // What a traversal would reach: beside out/, and the project's own package.json.
    await writeFile(path.join(root, 'package.json'), '{"secret": "beside out"}');
    const preface = path.join(templates, 'bilateral', 'preface.hbs');
    const original = await readFile(preface, 'utf8');

    const builds: { result: BuildResult | null; error?: unknown }[] = [];
    const stop = new AbortController();
    let url = '';
    const done = runPreview({
      paths: [DATA],
      out,
      templates,
      country: 'DE',
      editions: ['bilateral'],
      formats: ['html'],
      port: 0,
      clock: () => new Date('2024-06-01T00:00:00Z'),
      signal: stop.signal,
      debounceMs: 100,
      onListening: (u) => (url = u),
      onBuild: (result, _ms, error) => builds.push({ result, error }),
    });
    const rb = await launchBrowser();
    try {
      await until(() => builds.length === 1, 120_000);
      expect(builds[0]!.error).toBeUndefined();
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const port = Number(new URL(url).port);
      const year = String(builds[0]!.result!.year);

      // The index: the edition with its links, the findings naming file, sheet, row and column.
      const page = await rb.browser.newPage();
      await page.goto(url);
      const row = await page.$eval('#editions tr[data-edition="bilateral-DE"]', (tr) => ({
        text: tr.textContent,
        links: [...tr.querySelectorAll('a')].map((a) => a.getAttribute('href')),
      }));
      expect(row.text).toContain('中德职业教育合作报告');
      expect(row.text).toContain('已生成');
      expect(row.links).toContain(`/${year}/bilateral-DE.html`);
      expect(row.links.some((l) => l!.startsWith(`/${year}/bilateral-DE-data/`) && l!.endsWith('.xlsx'))).toBe(true);
      // The sample data has warnings (late submissions): filtered to them, every row is one, with its place.
      await page.goto(`${url}?severity=warning`);
      const findings = await page.$$eval('#findings tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
      expect(findings.length).toBeGreaterThan(0);
      for (const [severity, file, sheet, rowNo, column, message] of findings) {
        expect(severity).toBe('警告');
        expect(file).toMatch(/\.(xlsx|csv|docx|md)$/);
        expect(sheet).not.toBe('');
        expect(Number(rowNo)).toBeGreaterThan(0);
        expect(column).toMatch(/^[A-Z]+$/);
        expect(message).not.toBe('');
      }

      // Another edition's page (a copy standing in for one) is not reloaded by the 中德 rebuild.
      await writeFile(path.join(out, year, 'bilateral-XX.html'), await readFile(path.join(out, year, 'bilateral-DE.html')));
      const other = await rb.browser.newPage();
      await other.goto(`${url}${year}/bilateral-XX.html`);
      await other.evaluate('window.stillTheSameDocument = true');

      // The 中德 page, scrolled down, follows an edit of its preface without a reload by hand.
      await page.goto(`${url}${year}/bilateral-DE.html`);
      await page.evaluate('window.scrollTo(0, 1500)');
      await appendFile(preface, '\n<p>预览中的前言修订</p>\n');
      await page.waitForFunction('document.body.innerText.includes("预览中的前言修订")', { timeout: 60_000 });
      await page.waitForFunction('window.scrollY > 1000', { timeout: 10_000 }); // restored after the reload
      expect(await other.evaluate('window.stillTheSameDocument')).toBe(true);

      // A broken template: the overlay names the file and the line, with the line in a frame.
      const broken = `${original}\n<p>{{count (v "no_such_indicator")}}</p>\n`;
      const line = broken.split('\n').findIndex((l) => l.includes('no_such_indicator')) + 1;
      await writeFile(preface, broken);
      await page.waitForSelector('#vet-preview-overlay', { timeout: 60_000 });
      const overlay = await page.$eval('#vet-preview-overlay', (e) => e.textContent);
      expect(overlay).toContain('bilateral/preface.hbs');
      expect(overlay).toMatch(new RegExp(`第 ${line} 行第 \\d+ 列`));
      expect(overlay).toContain('no_such_indicator');
      expect(overlay).toMatch(new RegExp(`>\\s*${line} \\| <p>\\{\\{count \\(v "no_such_indicator"\\)\\}\\}</p>`));
      // The index says it failed and still links the last good HTML.
      const index = await rawGet(port, '/');
      expect(index.body).toContain('失败');
      expect(index.body).toContain('上次生成成功的文件');
      expect(index.body).toContain(`href="/${year}/bilateral-DE.html"`);

      // Fixed: the overlay goes and the page is there again.
      await writeFile(preface, `${original}\n<p>改正后的前言</p>\n`);
      await page.waitForFunction('!document.getElementById("vet-preview-overlay") && document.body.innerText.includes("改正后的前言")', { timeout: 60_000 });

      // Only out/ is served: traversal in every spelling, a symlink out of it and folders are 404.
      await symlink(path.join(root, 'package.json'), path.join(out, year, 'linked.json'));
      expect((await rawGet(port, `/${year}/validation.json`)).status).toBe(200);
      for (const p of [
        '/../package.json',
        '/%2e%2e/package.json',
        '/%2E%2E%2Fpackage.json',
        '/..%2fpackage.json',
        `/${year}/..%2f..%2fpackage.json`,
        `/${year}/../../package.json`,
        '/%252e%252e/package.json',
        '/..%5cpackage.json',
        '/%00',
        '/%E0%A4%A',
        `/${year}/linked.json`,
        `/${year}/`,
        `/${year}`,
      ]) {
        const r = await rawGet(port, p);
        expect([p, r.status]).toEqual([p, 404]);
        expect(r.body).not.toContain('secret');
      }

      // A page whose own name was pointed at 127.0.0.1 (DNS rebinding) is refused.
      expect((await rawGet(port, `/${year}/validation.json`, { Host: `evil.example:${port}` })).status).toBe(403);
      expect((await rawGet(port, `/${year}/validation.json`, { Host: `localhost:${port}` })).status).toBe(200);

      // The files written to out/ carry no reload script, and keep their no-script policy.
      const written = htmlFilesUnder(out);
      expect(written.length).toBeGreaterThan(0);
      for (const f of written) {
        const html = readFileSync(f, 'utf8');
        expect(html).not.toContain('__preview');
        expect(html).not.toContain('<script');
        expect(html).not.toContain('script-src');
      }
    } finally {
      await rb.close();
      stop.abort();
      await done;
    }

    // Stopped: the port is free again.
    const port = Number(new URL(url).port);
    await new Promise<void>((resolve, reject) => {
      const s = createServer()
        .once('error', reject)
        .listen(port, '127.0.0.1', () => s.close(() => resolve()));
    });
  }, 300_000);
});

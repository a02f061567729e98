/**
 * The installed command as an analyst runs it: bin/vet-report.js on the compiled dist/ (built by
 * scripts/install.sh before the suite), which drives Chromium through the one-file puppeteer-core
 * in dist/vendor (the package joined into one module, nothing left out). Builds the 中德 edition of the shipped data into a temporary out/.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { pdfInfo, pdfPageTexts } from './poppler.js';
import { skipBrowserTests, squash } from './render/helpers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const VENDORED = path.join(ROOT, 'dist', 'vendor', 'puppeteer-core.js');

describe.skipIf(skipBrowserTests)('bin/vet-report.js (dist)', () => {
  const out = mkdtempSync(path.join(os.tmpdir(), 'vet-report-dist-'));
  const cache = mkdtempSync(path.join(os.tmpdir(), 'vet-report-dist-cache-'));
  afterAll(() => {
    rmSync(out, { recursive: true, force: true });
    rmSync(cache, { recursive: true, force: true });
  });

  it('has puppeteer-core as one file with nothing left out or stubbed, and loads it', async () => {
    expect(existsSync(VENDORED), 'dist/ is built by scripts/install.sh (npm run build)').toBe(true);
    const code = readFileSync(VENDORED, 'utf8');
    // The WebDriver BiDi mapper is there as the package has it, not replaced by a throwing stub.
    expect(code).toContain('BidiServer.createAndStart');
    expect(code).not.toContain('is not in dist/vendor');
    // The compiled loader hands out the bundle's puppeteer, not the package's.
    const { loadPuppeteer } = (await import(pathToFileURL(path.join(ROOT, 'dist', 'render', 'puppeteer.js')).href)) as {
      loadPuppeteer: () => Promise<unknown>;
    };
    const vendored = (await import(pathToFileURL(VENDORED).href)) as { default: unknown; bundledVersion: string };
    expect(await loadPuppeteer()).toBe(vendored.default);
    expect(vendored.bundledVersion).toBe(JSON.parse(readFileSync(path.join(ROOT, 'node_modules', 'puppeteer-core', 'package.json'), 'utf8')).version);
  });

  it('evaluates the page script as tsc compiled it, dist/render/page-script.js, in the page', async () => {
    const { pageScript } = (await import(pathToFileURL(path.join(ROOT, 'dist', 'render', 'pdf.js')).href)) as { pageScript: () => Promise<string> };
    const compiled = readFileSync(path.join(ROOT, 'dist', 'render', 'page-script.js'), 'utf8');
    expect(compiled).toMatch(/^export \{\};$/m); // a module whose exports are types only
    const text = await pageScript();
    expect(text).toContain('// Case boxes (.case with a .case-label)'); // tsc keeps comments; esbuild (src) does not
    expect(text).not.toMatch(/^export|__name/m);
  });

  it('has zod joined into dist/zod.js, and the package entry exports what the CLI calls', async () => {
    const zod = readFileSync(path.join(ROOT, 'dist', 'zod.js'), 'utf8');
    expect(zod).not.toMatch(/from ['"]zod['"]/);
    expect(zod).not.toContain('Ungültige Eingabe'); // only what src/zod.ts names: not zod's 40-odd locales
    const pkg = (await import(pathToFileURL(path.join(ROOT, 'dist', 'index.js')).href)) as Record<string, unknown>;
    for (const name of ['runValidate', 'runAggregate', 'runBuild', 'watchBuild', 'mergeManifestFiles', 'resolveBuildOptions'])
      expect(typeof pkg[name], name).toBe('function');
    expect(() => (pkg.resolveBuildOptions as (o: object) => unknown)({ paths: ['data'], shard: '4/3' })).toThrow('参数“--shard”无效');
  });

  it('builds the 中德 edition with the compiled code and the bundled puppeteer', async () => {
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [path.join(ROOT, 'bin', 'vet-report.js'), 'build', '--country', '德国', '--out', out],
        {
          cwd: ROOT,
          env: { ...process.env, CI: 'true', NO_COLOR: '1', VET_REPORT_CACHE: cache },
        },
        (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
      );
    });
    expect(run.code, run.stderr).toBe(0);
    // Progress goes to stderr as plain timestamped lines (CI=true); nothing else.
    expect(run.stderr).toMatch(/\[1\/1\] 中德职业教育合作报告（2023）：已生成/);
    expect(run.stderr).not.toMatch(/Error|错误|警告/);
    expect(run.stdout).toMatch(/生成 1 个，未变化跳过 0 个，失败 0 个/);
    const pdf = path.join(out, '2023', 'bilateral-DE.pdf');
    expect(Number((await pdfInfo(pdf))['Pages'])).toBeGreaterThanOrEqual(5);
    const pages = (await pdfPageTexts(pdf)).map(squash);
    expect(pages[0]).toContain('中德职业教育合作报告');
    expect(pages.some((p) => p.includes('续表'))).toBe(true);
  }, 120_000);
});

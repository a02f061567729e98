/**
 * The whole picture: `npx tsx scripts/bench.ts [runs]` (run `bash scripts/setup.sh` first: it
 * uses the compiled CLI, as a user does). Prints a table of, each the median of `runs` (default 3):
 *   - full cold build of every edition of the shipped data (fresh out/, empty tool cache, fresh
 *     process), and the same with the tool cache (font subsets, charts, layouts, data) the first one left;
 *   - the naive way: one browser launch per edition, sequential (once: it is slow);
 *   - the floor: bare Chromium loading and printing the same HTML files once each, tabs = cores;
 *   - one bilateral edition (中德) rebuilt in a fresh process after an edit (--force), and
 *     in build --watch after a template edit (one process, the browser kept);
 *   - a no-op rebuild;
 *   - peak RSS of the build's process tree.
 * Targets on this 2-core machine: full ≤ 30 s, ≥ 4× faster than naive, ≤ 1.5× the floor,
 * one country ≤ 2 s, no-op ≤ 1 s, peak ≤ 1.5 GB. `--one [runs]` measures only the one-country case;
 * `--before <checkout> [runs]` compares another checkout of the tool with this one in the same run.
 */
import { readdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median, run, table, fmtS, fmtMB, CLI } from './bench-lib.js';

const SELF = fileURLToPath(import.meta.url);
const mode = process.argv[2];

if (mode === '--watch') {
  // The analyst's loop in one process (build --watch): edit a template, time the rebuild of 中德.
  const { watchBuild } = await import('../dist/watch.js');
  const { TEMPLATES, DATA } = await import('../dist/paths.js');
  const { cpSync, appendFileSync } = await import('node:fs');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vet-bench-watch-'));
  cpSync(TEMPLATES, path.join(dir, 'templates'), { recursive: true });
  const stop = new AbortController();
  const times: number[] = [];
  const edits = Number(process.argv[3] ?? 5);
  await watchBuild({
    paths: [DATA],
    out: path.join(dir, 'out'),
    templates: path.join(dir, 'templates'),
    country: 'DE',
    editions: ['bilateral'],
    signal: stop.signal,
    onBuild(r, ms, e) {
      if (e || !r) throw e;
      if (times.length || r.editions.some((x) => x.status === 'built')) times.push(ms);
      if (times.length > edits) stop.abort();
      else setTimeout(() => appendFileSync(path.join(dir, 'templates', 'bilateral', 'preface.hbs'), `\n<p>修订${times.length}</p>\n`), 300);
    },
  });
  rmSync(dir, { recursive: true, force: true });
  console.log(JSON.stringify({ ms: median(times.slice(1)) }));
  process.exit(0);
}

if (mode === '--naive' || mode === '--floor') {
  const { launchBrowser } = await import('../src/render/browser.js');
  const { printPdf } = await import('../src/render/pdf.js');
  const dir = process.argv[3];
  const htmls = readdirSync(dir)
    .filter((f) => f.endsWith('.html'))
    .map((f) => path.join(dir, f));
  const t0 = performance.now();
  if (mode === '--naive') {
    for (const h of htmls) {
      const b = await launchBrowser();
      await printPdf(b, h, `${h}.naive.pdf`);
      await b.close();
    }
  } else {
    // The floor is Chromium alone: load, wait for fonts, print, write; nothing read back. Each
    // worker keeps one tab for all its files, as the build does.
    const b = await launchBrowser();
    let next = 0;
    await Promise.all(
      Array.from({ length: os.availableParallelism() }, async () => {
        const page = await b.browser.newPage();
        await page.setJavaScriptEnabled(false);
        while (next < htmls.length) {
          const h = htmls[next++];
          await page.emulateMediaType(undefined);
          await page.goto(pathToFileURL(h).href, { waitUntil: 'load' });
          await page.emulateMediaType('print');
          await page.evaluate('document.fonts.ready.then(() => true)');
          writeFileSync(`${h}.floor.pdf`, await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true }));
        }
        await page.close();
      }),
    );
    await b.close();
  }
  console.log(JSON.stringify({ ms: performance.now() - t0, editions: htmls.length }));
  process.exit(0);
}

if (mode === '--before') {
  // Before and after in one run (issue #17's measure): another checkout of the tool, set up and
  // built (`git worktree add --detach ../before <rev> && cd ../before && npm ci && npm run build`),
  // against this one. Each builds its own shipped data, as its users would; for each, cold and
  // warm full builds and the bare-Chromium floor on that version's HTML take turns, then one
  // 中德 edition in a fresh process. `npx tsx scripts/bench.ts --before ../before [runs]`.
  const beforeRoot = path.resolve(process.argv[3] ?? '');
  const n = Number(process.argv[4] ?? 3);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'vet-bench-ba-'));
  const node = process.execPath;
  const versions = [
    { name: '改动前', cli: [path.join(beforeRoot, 'bin', 'vet-report.js')] },
    { name: '改动后', cli: CLI },
  ].map((v) => ({ ...v, cold: [] as number[], warm: [] as number[], floor: [] as number[], one: [] as number[] }));
  const load0 = os.loadavg();
  try {
    for (let k = 0; k < n; k++) {
      for (const [i, v] of versions.entries()) {
        const cache = { VET_REPORT_CACHE: path.join(tmp, `cache-${i}-${k}`) };
        const out = path.join(tmp, `cold-${i}-${k}`);
        const c = await run(node, [...v.cli, 'build', '--out', out, '--quiet'], cache);
        if (c.code !== 0) throw new Error(`${v.name}：构建失败（退出码 ${c.code}${c.signal ? `，信号 ${c.signal}` : ''}）\n${c.stdout.slice(-3000)}`);
        v.cold.push(c.ms);
        v.warm.push((await run(node, [...v.cli, 'build', '--out', path.join(tmp, `warm-${i}-${k}`), '--quiet'], cache)).ms);
        const year = readdirSync(out).find((d) => /^\d{4}$/.test(d))!;
        v.floor.push(JSON.parse((await run(node, ['--import', 'tsx', SELF, '--floor', path.join(out, year)])).stdout).ms);
        v.one.push((await run(node, [...v.cli, 'build', '--out', out, '--country', 'DE', '--force', '--quiet'], cache)).ms);
        rmSync(path.join(tmp, `warm-${i}-${k}`), { recursive: true, force: true });
      }
    }
    const m = versions.map((v) => ({ floor: median(v.floor), cold: median(v.cold), warm: median(v.warm), one: median(v.one) }));
    const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
    const rows = [
      ['测量（中位数）', ...versions.map((v) => v.name), '改动后 / 改动前', '目标'],
      ['下限：Chromium 直接打印该版本的全部 HTML', ...m.map((x) => fmtS(x.floor)), ratio(m[1].floor, m[0].floor), '更低'],
      ['全部版本冷构建（空的工具缓存）', ...m.map((x) => fmtS(x.cold)), ratio(m[1].cold, m[0].cold), ''],
      ['冷构建 / 下限', ...m.map((x) => ratio(x.cold, x.floor)), ratio(m[1].cold / m[1].floor, m[0].cold / m[0].floor), '≤ 1.3×'],
      ['全部版本构建（工具缓存已有）', ...m.map((x) => fmtS(x.warm)), ratio(m[1].warm, m[0].warm), ''],
      ['有缓存构建 / 下限', ...m.map((x) => ratio(x.warm, x.floor)), ratio(m[1].warm / m[1].floor, m[0].warm / m[0].floor), '≤ 1.1×'],
      ['单个国别版（中德，--force，新进程）', ...m.map((x) => fmtS(x.one)), ratio(m[1].one, m[0].one), '≤ 2 s'],
    ];
    console.log(table(rows));
    for (const v of versions)
      console.log(
        `${v.name}：冷 ${v.cold.map(fmtS).join(' ')}；有缓存 ${v.warm.map(fmtS).join(' ')}；下限 ${v.floor.map(fmtS).join(' ')}；单个 ${v.one.map(fmtS).join(' ')}`,
      );
    const l = (xs: number[]) => xs.map((x) => x.toFixed(1)).join(' / ');
    console.log(`\n${n} 轮，两个版本交替运行；机器：${os.cpus().length} 核，负载 ${l(load0)}（开始）→ ${l(os.loadavg())}（结束）`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  process.exit(0);
}

if (mode === '--one') {
  // Only the analyst's case, quickly: one 中德 edition rebuilt (--force) in a fresh process, N
  // times after a warm-up build, with the machine's load (the full run puts it after the naive
  // run's four minutes of printing). `npx tsx scripts/bench.ts --one [runs]`.
  const n = Number(process.argv[3] ?? 9);
  const out = mkdtempSync(path.join(os.tmpdir(), 'vet-bench-one-'));
  try {
    await run(process.execPath, [...CLI, 'build', '--out', out, '--country', 'DE', '--quiet']);
    const ms: number[] = [];
    const load = os.loadavg()[0];
    for (let k = 0; k < n; k++) ms.push((await run(process.execPath, [...CLI, 'build', '--out', out, '--country', 'DE', '--force', '--quiet'])).ms);
    console.log(
      `单个国别版（中德，--force，新进程）：中位数 ${fmtS(median(ms))}（${n} 次：${ms.map((x) => (x / 1000).toFixed(2)).join(' ')}；负载 ${load.toFixed(1)} → ${os.loadavg()[0].toFixed(1)}）`,
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  process.exit(0);
}

const runs = Number(process.argv[2] ?? 3);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'vet-bench-'));
const node = process.execPath;
try {
  // Cold: fresh out/ and an empty tool cache, as on a new CI runner. Warm: fresh out/ again, with
  // the tool cache the first cold build left (a second build on the machine, or CI keeping
  // VET_REPORT_CACHE). Floor: bare Chromium on the first cold build's HTML. The three take turns,
  // so that the load of this shared machine drifts over all of them alike and their ratios
  // compare runs made a minute apart, not a quarter of an hour.
  const cached = { VET_REPORT_CACHE: path.join(tmp, 'cache0') };
  const out = path.join(tmp, 'cold0');
  const dir = path.join(out, '2023');
  const cold = [];
  const warm = [];
  const floors = [];
  for (let k = 0; k < runs; k++) {
    cold.push(await run(node, [...CLI, 'build', '--out', path.join(tmp, `cold${k}`), '--quiet'], { VET_REPORT_CACHE: path.join(tmp, `cache${k}`) }));
    if (cold[k]!.code !== 0) throw new Error('构建失败');
    warm.push(await run(node, [...CLI, 'build', '--out', path.join(tmp, `warm${k}`), '--quiet'], cached));
    floors.push(await run(node, ['--import', 'tsx', SELF, '--floor', dir]));
  }
  const editions = readdirSync(dir).filter((f) => f.endsWith('.pdf') && !f.includes('.html.')).length;

  const naive = await run(node, ['--import', 'tsx', SELF, '--naive', dir]);
  const one = [];
  for (let k = 0; k < runs; k++) one.push(await run(node, [...CLI, 'build', '--out', out, '--country', 'DE', '--force', '--quiet'], cached));
  const watch = await run(node, ['--import', 'tsx', SELF, '--watch', String(Math.max(3, runs))], cached);
  await run(node, [...CLI, 'build', '--out', out, '--quiet'], cached);
  const noop = [];
  for (let k = 0; k < runs; k++) noop.push(await run(node, [...CLI, 'build', '--out', out, '--quiet'], cached));

  const full = median(cold.map((r) => r.ms));
  const naiveMs = JSON.parse(naive.stdout).ms;
  const floor = median(floors.map((r) => JSON.parse(r.stdout).ms));
  const warmMs = median(warm.map((r) => r.ms));
  const rows = [
    ['测量', '结果', '目标'],
    [`全部版本冷构建（${editions} 个版本，空的 out/ 与空的工具缓存，中位数 ${runs} 次）`, fmtS(full), '≤ 30 s'],
    ['全部版本构建，空的 out/，工具缓存（字体子集、图表、分页测量、数据）已有', fmtS(warmMs), ''],
    [
      '朴素方式：每个版本启动一次浏览器，顺序打印（1 次）',
      `${fmtS(naiveMs)}（本工具快 ${(naiveMs / full).toFixed(1)}×；工具缓存已有时 ${(naiveMs / warmMs).toFixed(1)}×）`,
      '≥ 4×',
    ],
    [
      '下限：同样的 HTML 各直接打印一次（同样的并行标签页）',
      `${fmtS(floor)}（本工具为 ${(full / floor).toFixed(2)}×；工具缓存已有时 ${(warmMs / floor).toFixed(2)}×）`,
      '≤ 1.5×',
    ],
    ['单个国别版（中德）重新生成（--force），新进程', fmtS(median(one.map((r) => r.ms))), '≤ 2 s'],
    ['同上，build --watch 中改模板后重新生成（进程与浏览器常驻）', fmtS(JSON.parse(watch.stdout).ms), '约 2 s'],
    ['无变化时重新构建', fmtS(median(noop.map((r) => r.ms))), '≤ 1 s'],
    ['冷构建峰值内存（进程树 PSS，含 Chromium）', fmtMB(Math.max(...cold.map((r) => r.peakMB))), '≤ 1.5 GB'],
  ];
  console.log(table(rows));
  console.log(
    `\n机器：${os.cpus().length} 核，${Math.round(os.totalmem() / 2 ** 30)} GiB；负载 ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' / ')}`,
  );
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

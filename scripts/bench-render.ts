/**
 * Render benchmark: `npx tsx scripts/bench-render.ts`.
 * The annual edition of the shipped data (HTML + PDF, measured prints for TOC page numbers and
 * 续表) beside the floor: bare Chromium printing the same HTML once. Each the median of 3 runs in
 * a fresh process (browser launch included in both); plus chart rendering per figure and the peak
 * RSS of the process tree. Target: build ≤ 1.5× the floor.
 *
 * `npx tsx scripts/bench-render.ts --compare OLD NEW [runs]` compares two builds' HTML of the
 * same editions (annual, 中德, 山东, the smallest bilateral edition), as folders holding
 * <edition>.html (out/2023 of each build): the floor of each (bare Chromium printing it once,
 * fresh process, old and new alternating), medians of `runs` (default 5), and new / old. For the
 * fonts change (issue #17), OLD was built from the parent commit:
 *   git worktree add /tmp/fonts-old <commit> && ln -s "$PWD/node_modules" /tmp/fonts-old/
 *   (cd /tmp/fonts-old && npx tsx src/cli.ts build data --format html --out /tmp/fonts-old-out)
 *   npx tsx src/cli.ts build data --format html --out /tmp/fonts-new-out
 *   npx tsx scripts/bench-render.ts --compare /tmp/fonts-old-out/2023 /tmp/fonts-new-out/2023
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, run, table, fmtS, fmtMB } from './bench-lib.js';

const SELF = fileURLToPath(import.meta.url);
const NOW = new Date(Date.UTC(2024, 5, 30));

const mode = process.argv[2];
if (mode === '--build') {
  const { runAggregate } = await import('../src/pipeline.js');
  const { planEditions } = await import('../src/render/editions/plan.js');
  const { renderEditionHtml, writeEdition } = await import('../src/render/editions/render.js');
  const { launchBrowser } = await import('../src/render/browser.js');
  const out = process.argv[3];
  // Inputs are read and aggregated before the clock starts: this measures the edition's
  // rendering (template, charts, fonts, HTML) and printing, as the floor measures printing.
  const run = await runAggregate(['data']);
  const [annual] = planEditions(run.validation, run.result, { editions: ['annual'] });
  const t0 = performance.now();
  const b = await launchBrowser();
  const html = await renderEditionHtml(annual.job, NOW);
  await writeEdition(annual.job, html, out, { browser: b, now: NOW, pdf: true, html: true });
  await b.close();
  console.log(JSON.stringify({ ms: performance.now() - t0 }));
  process.exit(0);
}
if (mode === '--floor') {
  const { launchBrowser } = await import('../src/render/browser.js');
  const { printPdf } = await import('../src/render/pdf.js');
  const html = process.argv[3];
  const pdf = process.argv[4] ?? `${html}.floor.pdf`;
  const t0 = performance.now();
  const b = await launchBrowser();
  const t1 = performance.now();
  const r = await printPdf(b, html, pdf, { paged: false, outline: false });
  const printMs = performance.now() - t1;
  await b.close();
  console.log(JSON.stringify({ ms: performance.now() - t0, printMs, pages: r.pages }));
  process.exit(0);
}
if (mode === '--compare') {
  const { readdirSync, statSync, readFileSync } = await import('node:fs');
  const [oldDir, newDir] = [process.argv[3], process.argv[4]].map((d) => path.resolve(d ?? '.'));
  const runs = Number(process.argv[5] ?? 5);
  const smallest = readdirSync(newDir)
    .filter((f) => /^bilateral-.*\.html$/.test(f))
    .sort((a, b) => statSync(path.join(newDir, a)).size - statSync(path.join(newDir, b)).size)[0]!;
  const editions = ['annual.html', 'bilateral-DE.html', 'regional-37.html', smallest];
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'vet-bench-fonts-'));
  const faces = (file: string) => (readFileSync(file, 'utf8').match(/@font-face/g) ?? []).length;
  const mb = (file: string) => (statSync(file).size / 1e6).toFixed(2);
  const load = () => os.loadavg().map((x) => x.toFixed(1)).join(' / ');
  const loadBefore = load();
  const times = new Map<string, { print: number[]; total: number[]; pages: number }>();
  try {
    for (let k = 0; k < runs; k++) {
      for (const e of editions) {
        for (const [side, dir] of [['old', oldDir], ['new', newDir]] as const) {
          const r = await run(process.execPath, ['--import', 'tsx', SELF, '--floor', path.join(dir, e), path.join(tmp, `${side}-${e}.pdf`)]);
          const out = JSON.parse(r.stdout) as { ms: number; printMs: number; pages: number };
          const t = times.get(`${side} ${e}`) ?? { print: [], total: [], pages: out.pages };
          t.print.push(out.printMs);
          t.total.push(out.ms);
          times.set(`${side} ${e}`, t);
        }
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const rows: string[][] = [['版本', '@font-face（旧 → 新）', 'HTML（旧 → 新）', '页数（旧 / 新）', '打印下限（旧 → 新）', '新 / 旧', '含启动（旧 → 新）']];
  let sumOld = 0;
  let sumNew = 0;
  for (const e of editions) {
    const o = times.get(`old ${e}`)!;
    const n = times.get(`new ${e}`)!;
    const [po, pn] = [median(o.print), median(n.print)];
    sumOld += po;
    sumNew += pn;
    rows.push([
      e.replace(/\.html$/, ''),
      `${faces(path.join(oldDir, e))} → ${faces(path.join(newDir, e))}`,
      `${mb(path.join(oldDir, e))} → ${mb(path.join(newDir, e))} MB`,
      `${o.pages} / ${n.pages}`,
      `${fmtS(po)} → ${fmtS(pn)}`,
      `${(pn / po).toFixed(2)}`,
      `${fmtS(median(o.total))} → ${fmtS(median(n.total))}`,
    ]);
  }
  rows.push(['合计', '', '', '', `${fmtS(sumOld)} → ${fmtS(sumNew)}`, `${(sumNew / sumOld).toFixed(2)}`, '']);
  console.log(`打印下限：Chromium 载入 HTML 并打印一次（不含启动），中位数 ${runs} 次，旧、新交替，每次新开进程`);
  console.log(table(rows));
  console.log(`\n负载（1 / 5 / 15 分钟）：开始 ${loadBefore}，结束 ${load()}；${os.cpus().length} 核`);
  process.exit(0);
}
if (mode === '--charts') {
  const { readFileSync } = await import('node:fs');
  const { renderChartSvg } = await import('../src/render/charts.js');
  const { runAggregate } = await import('../src/pipeline.js');
  const { createEngine, newState } = await import('../src/render/editions/engine.js');
  const { annualModel } = await import('../src/render/editions/annual.js');
  const { TEMPLATES } = await import('../src/render/editions/plan.js');
  const run = await runAggregate(['data']);
  const state = newState();
  const dir = path.join(TEMPLATES, 'annual');
  createEngine(dir, { year: 2023, region: '全国', indicators: run.result.indicators, sample: true }, state).render(path.join(dir, 'edition.hbs'), annualModel(run.result.indicators, 2023));
  const times: number[] = [];
  for (const req of state.charts) {
    const spec = JSON.parse(readFileSync(path.join(TEMPLATES, 'charts', `${req.name}.vl.json`), 'utf8'));
    spec.data = { values: req.data };
    await renderChartSvg(spec);
    const t = performance.now();
    await renderChartSvg(spec);
    times.push(performance.now() - t);
  }
  console.log(JSON.stringify({ charts: times.length, medianMs: median(times), maxMs: Math.max(...times) }));
  process.exit(0);
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'vet-bench-render-'));
try {
  const tsx = (args: string[]) => run(process.execPath, ['--import', 'tsx', SELF, ...args]);
  const builds = [];
  for (let k = 0; k < 3; k++) {
    const r = await tsx(['--build', path.join(tmp, `b${k}`)]);
    builds.push({ ms: JSON.parse(r.stdout).ms, peak: r.peakMB });
  }
  const html = path.join(tmp, 'b0', 'annual.html');
  const floors = [];
  for (let k = 0; k < 3; k++) {
    const r = await tsx(['--floor', html]);
    floors.push({ ms: JSON.parse(r.stdout).ms, peak: r.peakMB });
  }
  const charts = JSON.parse((await tsx(['--charts'])).stdout);
  const b = median(builds.map((x) => x.ms));
  const f = median(floors.map((x) => x.ms));
  console.log(table([
    ['测量（中位数，3 次）', '用时', '峰值内存（PSS，含 Chromium）'],
    ['年度报告：模板、图表、字体子集、HTML 与 PDF（两次排版：目录页码、续表）', fmtS(b), fmtMB(median(builds.map((x) => x.peak)))],
    ['下限：Chromium 直接打印同一 HTML 一次', fmtS(f), fmtMB(median(floors.map((x) => x.peak)))],
    [`单个图表渲染（${charts.charts} 个图，中位数 / 最长）`, `${charts.medianMs.toFixed(1)} / ${charts.maxMs.toFixed(1)} ms`, ''],
  ]));
  console.log(`\n生成 / 下限 = ${(b / f).toFixed(2)}×（目标 ≤ 1.5×）`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

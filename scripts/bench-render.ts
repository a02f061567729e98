/**
 * Render benchmark: `npx tsx scripts/bench-render.ts`.
 * The annual edition of the shipped data (HTML + PDF, measured prints for TOC page numbers and
 * 续表) beside the floor: bare Chromium printing the same HTML once. Each the median of 3 runs in
 * a fresh process (browser launch included in both); plus chart rendering per figure and the peak
 * RSS of the process tree. Target: build ≤ 1.5× the floor.
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
  const { createPrinter } = await import('../src/render/printer.js');
  const out = process.argv[3];
  // Inputs are read and aggregated before the clock starts: this measures the edition's
  // rendering (template, charts, fonts, HTML) and printing, as the floor measures printing.
  const run = await runAggregate(['data']);
  const [annual] = planEditions(run.validation, run.result, { editions: ['annual'] });
  const t0 = performance.now();
  const printer = createPrinter();
  void printer.warm();
  const html = await renderEditionHtml(annual.job, NOW);
  await writeEdition(annual.job, html, out, { printer, now: NOW, pdf: true, html: true });
  await printer.close();
  console.log(JSON.stringify({ ms: performance.now() - t0 }));
  process.exit(0);
}
if (mode === '--floor') {
  const { launchBrowser } = await import('../src/render/browser.js');
  const { printPdf } = await import('../src/render/pdf.js');
  const html = process.argv[3];
  const t0 = performance.now();
  const b = await launchBrowser();
  await printPdf(b, html, `${html}.floor.pdf`, { paged: false, outline: false });
  await b.close();
  console.log(JSON.stringify({ ms: performance.now() - t0 }));
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

/**
 * Render benchmark: `npx tsx scripts/bench-render.ts`.
 * The annual edition of the shipped data (HTML + PDF, measured prints for TOC page numbers and
 * 续表) beside the floor: bare Chromium printing the same HTML once. Each the median of 3 runs in
 * a fresh process (browser launch included in both); plus chart rendering per figure and the peak
 * RSS of the process tree. Target: build ≤ 1.5× the floor.
 *
 * `npx tsx scripts/bench-render.ts --compare OLD NEW [runs]` compares two builds' HTML of the
 * same editions (annual, 中德, 山东, the smallest bilateral edition), as folders holding
 * <edition>.html (out/2023 of each build): the floor of each (bare Chromium printing it once;
 * old and new in the same browser, in alternating order), medians of `runs` (default 5), and
 * new / old, in wall time and in Chromium's CPU time. For the
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
if (mode === '--pair') {
  // Prints each HTML once in one browser after a warm-up print; per HTML the wall time and the
  // CPU time of Chromium's processes (less disturbed than wall time on a loaded machine).
  const { readFileSync, readdirSync } = await import('node:fs');
  const { launchBrowser } = await import('../src/render/browser.js');
  const { printPdf } = await import('../src/render/pdf.js');
  const [dir, warm, ...htmls] = process.argv.slice(3) as [string, string, ...string[]];
  const tick = 1000 / 100; // ms per clock tick (USER_HZ)
  const cpuOf = (pid: number): number => {
    let ms = 0;
    const stack = [pid];
    while (stack.length) {
      const p = stack.pop()!;
      try {
        const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        // utime, stime, cutime, cstime (fields 14–17): children that exited count in their parent
        ms += (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * tick;
        for (const t of readdirSync(`/proc/${p}/task`)) {
          const c = readFileSync(`/proc/${p}/task/${t}/children`, 'utf8').trim();
          if (c) stack.push(...c.split(/\s+/).map(Number));
        }
      } catch {
        // gone
      }
    }
    return ms;
  };
  const b = await launchBrowser();
  const pid = b.pid!;
  await printPdf(b, warm, path.join(dir, 'warm.pdf'), { paged: false, outline: false });
  const out = [];
  for (const [i, html] of htmls.entries()) {
    const c0 = cpuOf(pid);
    const t0 = performance.now();
    const r = await printPdf(b, html, path.join(dir, `pair-${i}.pdf`), { paged: false, outline: false });
    out.push({ ms: performance.now() - t0, cpuMs: cpuOf(pid) - c0, pages: r.pages });
  }
  await b.close();
  console.log(JSON.stringify(out));
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
  const warm = 'regional-11.html';
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'vet-bench-fonts-'));
  const faces = (file: string) => (readFileSync(file, 'utf8').match(/@font-face/g) ?? []).length;
  const mb = (file: string) => (statSync(file).size / 1e6).toFixed(2);
  const load = () =>
    os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' / ');
  const loadBefore = load();
  const times = new Map<string, { print: number[]; cpu: number[]; pages: number }>();
  try {
    for (let k = 0; k < runs; k++) {
      for (const e of editions) {
        // One browser per edition and run, warmed up on another document; old and new printed
        // in it one after the other, the order swapped every run.
        const order = k % 2 ? ['new', 'old'] : ['old', 'new'];
        const htmls = order.map((side) => path.join(side === 'old' ? oldDir : newDir, e));
        const r = await run(process.execPath, ['--import', 'tsx', SELF, '--pair', tmp, path.join(newDir, warm), ...htmls]);
        const outs = JSON.parse(r.stdout) as { ms: number; cpuMs: number; pages: number }[];
        order.forEach((side, i) => {
          const t = times.get(`${side} ${e}`) ?? { print: [], cpu: [], pages: outs[i]!.pages };
          t.print.push(outs[i]!.ms);
          t.cpu.push(outs[i]!.cpuMs);
          times.set(`${side} ${e}`, t);
        });
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const rows: string[][] = [
    ['版本', '@font-face（旧 → 新）', 'HTML（旧 → 新）', '页数（旧 / 新）', '打印下限，墙钟（旧 → 新）', '新 / 旧', 'Chromium CPU（旧 → 新）', '新 / 旧'],
  ];
  const sum = { po: 0, pn: 0, co: 0, cn: 0 };
  for (const e of editions) {
    const o = times.get(`old ${e}`)!;
    const n = times.get(`new ${e}`)!;
    const [po, pn, co, cn] = [median(o.print), median(n.print), median(o.cpu), median(n.cpu)];
    sum.po += po;
    sum.pn += pn;
    sum.co += co;
    sum.cn += cn;
    rows.push([
      e.replace(/\.html$/, ''),
      `${faces(path.join(oldDir, e))} → ${faces(path.join(newDir, e))}`,
      `${mb(path.join(oldDir, e))} → ${mb(path.join(newDir, e))} MB`,
      `${o.pages} / ${n.pages}`,
      `${fmtS(po)} → ${fmtS(pn)}`,
      (pn / po).toFixed(2),
      `${fmtS(co)} → ${fmtS(cn)}`,
      (cn / co).toFixed(2),
    ]);
  }
  rows.push([
    '合计',
    '',
    '',
    '',
    `${fmtS(sum.po)} → ${fmtS(sum.pn)}`,
    (sum.pn / sum.po).toFixed(2),
    `${fmtS(sum.co)} → ${fmtS(sum.cn)}`,
    (sum.cn / sum.co).toFixed(2),
  ]);
  console.log(
    `打印下限：Chromium 载入 HTML 并打印一次（不含启动；同一浏览器先打印一份别的文档预热，旧、新先后交替），中位数 ${runs} 次；CPU 为 Chromium 全部进程的用户态 + 内核态时间`,
  );
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
  createEngine(dir, { year: 2023, region: '全国', indicators: run.result.indicators, sample: true }, state).render(
    path.join(dir, 'edition.hbs'),
    annualModel(run.result.indicators, 2023),
  );
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
  console.log(
    table([
      ['测量（中位数，3 次）', '用时', '峰值内存（PSS，含 Chromium）'],
      ['年度报告：模板、图表、字体子集、HTML 与 PDF（两次排版：目录页码、续表）', fmtS(b), fmtMB(median(builds.map((x) => x.peak)))],
      ['下限：Chromium 直接打印同一 HTML 一次', fmtS(f), fmtMB(median(floors.map((x) => x.peak)))],
      [`单个图表渲染（${charts.charts} 个图，中位数 / 最长）`, `${charts.medianMs.toFixed(1)} / ${charts.maxMs.toFixed(1)} ms`, ''],
    ]),
  );
  console.log(`\n生成 / 下限 = ${(b / f).toFixed(2)}×（目标 ≤ 1.5×）`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

/**
 * Aggregate benchmark: `npx tsx scripts/bench-aggregate.ts`.
 * The aggregate stage (accepted rows + series → indicator table) on the shipped data (1×) and on
 * the generator's large mode (ten years, all provinces, 10× projects), each the median of 3
 * runs in a fresh process; prints rows, times and the growth ratio (time vs data).
 * Target on this 2-core machine: large ≤ 3 s, and time growing no faster than the data.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, run, table, fmtS, fmtMB } from './bench-lib.js';

const SELF = fileURLToPath(import.meta.url);

if (process.argv[2] === '--child') {
  const { runValidate } = await import('../src/pipeline.js');
  const { aggregate } = await import('../src/aggregate/index.js');
  const paths = process.argv.slice(3);
  const t0 = performance.now();
  const v = await runValidate(paths);
  const t1 = performance.now();
  const year = Math.max(...v.roster.map((r) => r.year));
  const a = aggregate(v, year);
  const t2 = performance.now();
  console.log(
    JSON.stringify({ validateMs: t1 - t0, aggregateMs: t2 - t1, rows: v.roster.length + v.projects.length + v.series.length, indicators: a.indicators.length }),
  );
  process.exit(0);
}

const tmp = mkdtempSync(path.join(os.tmpdir(), 'vet-bench-agg-'));
try {
  const large = path.join(tmp, 'large');
  console.error('生成大数据集（--large）……');
  execFileSync(process.execPath, ['--import', 'tsx', 'scripts/generate-sample.ts', '--large', '--out', large], { stdio: 'inherit' });
  const sets = [
    { name: '1×（data/）', paths: ['data'] },
    { name: '10×（--large）', paths: [large, 'data/series'] },
  ];
  const res = [];
  for (const s of sets) {
    const samples = [];
    for (let k = 0; k < 3; k++) {
      const r = await run(process.execPath, ['--import', 'tsx', SELF, '--child', ...s.paths]);
      samples.push({ ...JSON.parse(r.stdout), peakMB: r.peakMB });
    }
    res.push({
      name: s.name,
      rows: samples[0].rows,
      indicators: samples[0].indicators,
      validate: median(samples.map((x) => x.validateMs)),
      aggregate: median(samples.map((x) => x.aggregateMs)),
      peak: median(samples.map((x) => x.peakMB)),
    });
  }
  console.log(
    table([
      ['数据', '行数', '指标数', 'validate（中位数）', 'aggregate（中位数）', '峰值内存'],
      ...res.map((r) => [r.name, String(r.rows), String(r.indicators), fmtS(r.validate), fmtS(r.aggregate), fmtMB(r.peak)]),
    ]),
  );
  const rowsRatio = res[1].rows / res[0].rows;
  const timeRatio = res[1].aggregate / res[0].aggregate;
  console.log(
    `\n数据量之比 ${rowsRatio.toFixed(2)}×，aggregate 用时之比 ${timeRatio.toFixed(2)}×（${timeRatio <= rowsRatio ? '不快于数据增长' : '快于数据增长'}）；目标：10× 数据 aggregate ≤ 3 s。`,
  );
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

/**
 * Ingest + validate benchmark: `npx tsx scripts/bench-ingest.ts [rows] [--rejected]` (default
 * 100,000 rows; `--rejected`: only the rejected-rows table, i.e. validate and --json of the valid
 * and the rejected CSV, without the xlsx file and the raw parses).
 *
 * Writes a roster of `rows` schools as .xlsx (exceljs streaming writer, shared strings, a title
 * row above the header, as exports come) and as UTF-8 .csv into a temporary folder, then times,
 * each in a fresh child process and as the median of 3 runs:
 *   validate  ingest + validate of the file and the terminal summary (`validate` without the
 *             CLI's start-up)
 *   json      the same with every finding spilled and streamed to a file (`validate --json > f`)
 *   raw       the parse alone: exceljs's streaming reader as ingest opens it (xlsx-reader.ts, same
 *             options) iterating every row's values, or reading, decoding and papaparse-ing the whole text
 * and prints wall time, peak RSS (the child's maxRSS, module loading included) and validate/raw.
 * A third file, rejected.csv, has the same rows shifted one column from 省份 on (a province's
 * broken export): every row rejected with four findings. Its validate and --json times are
 * compared with validate of the valid roster.csv in the same run.
 * Both modes load the same modules before the clock starts. About 1 row in 1,000 carries an
 * error (an unknown province with a suggestion, 落实 > 毕业生), so findings are part of the work.
 * Timings on a shared machine move with its load (printed); each run's time is listed below the
 * table.
 * Targets on a 2-core machine: xlsx ≤ 2.5 s and ≤ 300 MB, CSV ≤ 1 s, validate ≤ 1.3 × raw;
 * rejected rows (text and --json) ≤ 1.5 × the valid file's validate and ≤ 500 MB.
 * Nothing is written outside the temporary folder, which is removed at the end.
 * To profile: `npx tsx scripts/bench-ingest.ts --make DIR`, then
 * `node --cpu-prof --cpu-prof-dir=DIR --import tsx scripts/bench-ingest.ts --child validate DIR/roster.csv`.
 */
import { execFile } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type ExcelJS from 'exceljs';

type Mode = 'validate' | 'raw' | 'json';
interface Sample {
  ms: number;
  /** CPU time of the measured work (user + system): steadier than wall time on a busy machine. */
  cpuMs: number;
  rssMB: number;
  rows: number;
}

const SELF = fileURLToPath(import.meta.url);
const RUNS = 3;

// ── Child: one measurement ──────────────────────────────────────────────────────────────────
async function child(mode: Mode, file: string): Promise<void> {
  const isXlsx = file.endsWith('.xlsx');
  // Modules are loaded before the clock starts: the stage is timed, not Node's start-up.
  const [{ xlsxReader }, { default: Papa }, { ingest }, { validate }, { decodeText }, { formatSummary }, { FindingSpill, findingsJson }] = await Promise.all([
    import('../src/ingest/xlsx-reader.js'),
    import('papaparse'),
    import('../src/ingest/index.js'),
    import('../src/validate/index.js'),
    import('../src/ingest/decode.js'),
    import('../src/validate/summary.js'),
    import('../src/validate/findings.js'),
  ]);
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  let rows = 0;
  if (mode === 'validate') {
    // As `validate` without --json: the findings, then the terminal summary.
    const r = await validate(ingest([file]));
    rows = r.files.reduce((n, f) => n + f.read, 0);
    if (r.roster.length === 0 && !file.includes('rejected')) throw new Error('nothing accepted');
    formatSummary(r);
  } else if (mode === 'json') {
    // As `validate --json > file`: every finding spilled, then streamed out.
    const spill = new FindingSpill();
    // Node writes its stdout to a file synchronously: so here (an async stream waited on chunk by
    // chunk measured the thread pool's delays on a busy machine, not the work).
    const out = openSync(`${file}.json`, 'w');
    try {
      const r = await validate(ingest([file]), { sink: spill });
      rows = r.files.reduce((n, f) => n + f.read, 0);
      // As the CLI writes it: each chunk before the next is read into the same buffer.
      for await (const chunk of findingsJson({ files: r.files }, spill, { reuse: true })) writeSync(out, chunk);
    } finally {
      closeSync(out);
      spill.dispose();
    }
  } else if (isXlsx) {
    const opened = await xlsxReader(file);
    if (opened.kind !== 'reader') throw new Error(opened.detail);
    const reader = opened.reader;
    for await (const ws of reader as unknown as AsyncIterable<AsyncIterable<ExcelJS.Row>>) {
      for await (const row of ws) {
        if ((row.values as unknown[]).length > 0) rows++;
      }
    }
  } else {
    const { text } = decodeText(readFileSync(file));
    const parsed = Papa.parse<string[]>(text, { delimiter: '', delimitersToGuess: [',', '\t', ';', '|'], skipEmptyLines: false });
    rows = parsed.data.length;
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(c0);
  const sample: Sample = { ms, cpuMs: (cpu.user + cpu.system) / 1000, rssMB: process.resourceUsage().maxRSS / 1024, rows };
  process.stdout.write(JSON.stringify(sample) + '\n');
}

// ── Parent: data, runs, table ───────────────────────────────────────────────────────────────
const PROVINCES = [
  '北京',
  '天津',
  '河北',
  '山西',
  '内蒙古',
  '辽宁',
  '吉林',
  '黑龙江',
  '上海',
  '江苏',
  '浙江',
  '安徽',
  '福建',
  '江西',
  '山东',
  '河南',
  '湖北',
  '湖南',
  '广东',
  '广西',
  '海南',
  '重庆',
  '四川',
  '贵州',
  '云南',
  '西藏',
  '陕西',
  '甘肃',
  '青海',
  '宁夏',
  '新疆',
  '兵团',
];
const LEVELS = ['中职', '高职专科', '高职本科', '中等职业学校', '高职'];
const HEADER = [
  '学校标识码',
  '学校名称',
  '省份',
  '办学层次',
  '举办性质',
  '统计年份',
  '在校生数',
  '招生数',
  '毕业生数',
  '毕业去向落实人数',
  '专任教师数',
  '兼职教师数',
];

/**
 * Deterministic rows; about 1 in 1,000 carries an error (unknown province, 落实 > 毕业生).
 * `shifted`: every row as a province's export that shifted one column (from 省份 on, each value
 * one column to the right): every row rejected, four findings each.
 */
function* rosterRows(n: number, shifted = false): Generator<(string | number)[]> {
  let seed = 20230419;
  const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  for (let i = 0; i < n; i++) {
    const enrolled = 200 + Math.floor(rand() * 20000);
    const graduates = Math.floor(enrolled / 3);
    const bad = i % 1000 === 999;
    const row = [
      String(3_000_000_000 + i * 7).padStart(10, '0'),
      `示例职业学校${i + 1}`,
      bad && i % 2000 === 1999 ? '山冬' : PROVINCES[i % PROVINCES.length],
      LEVELS[i % LEVELS.length],
      i % 4 === 0 ? '民办' : '公办',
      2023,
      enrolled,
      Math.floor(enrolled / 3),
      graduates,
      bad ? graduates + 1 : Math.floor(graduates * 0.9),
      Math.floor(enrolled / 18),
      Math.floor(enrolled / 60),
    ];
    if (shifted) {
      row.splice(2, 0, '');
      row.pop();
    }
    yield row;
  }
}

async function makeXlsx(file: string, n: number): Promise<void> {
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: false });
  const ws = wb.addWorksheet('院校基本情况');
  ws.addRow(['2023年职业院校基本情况统计表（基准测试数据）']).commit();
  ws.addRow(HEADER).commit();
  for (const r of rosterRows(n)) ws.addRow(r).commit();
  ws.commit();
  await wb.commit();
}

function makeCsv(file: string, n: number, shifted = false): void {
  const lines = [HEADER.join(',')];
  for (const r of rosterRows(n, shifted)) lines.push(r.join(','));
  writeFileSync(file, lines.join('\r\n') + '\r\n');
}

function runChild(mode: Mode, file: string): Promise<Sample> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', SELF, '--child', mode, file], { maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${mode} ${file}: ${stderr || err.message}`));
      else resolve(JSON.parse(stdout.trim().split('\n').pop()!) as Sample);
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const onlyRejected = args.includes('--rejected');
  const n = Number(args.find((a) => !a.startsWith('--')) ?? 100_000);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vet-report-bench-'));
  try {
    const xlsx = path.join(dir, 'roster.xlsx');
    const csv = path.join(dir, 'roster.csv');
    const rejected = path.join(dir, 'rejected.csv');
    if (!onlyRejected) await makeXlsx(xlsx, n);
    makeCsv(csv, n);
    makeCsv(rejected, n, true);
    const mb = (f: string) => (onlyRejected && f === xlsx ? '–' : (statSync(f).size / 1e6).toFixed(1));
    process.stdout.write(`${n.toLocaleString('en')} roster rows · ${os.cpus().length} CPU · Node ${process.version} · load ${os.loadavg()[0].toFixed(1)}\n`);
    process.stdout.write(
      `roster.xlsx ${mb(xlsx)} MB, roster.csv ${mb(csv)} MB, rejected.csv ${mb(rejected)} MB; median of ${RUNS} runs, each in a fresh process\n\n`,
    );
    const results: Record<string, { ms: number; cpuMs: number; rssMB: number; runs: number[] }> = {};
    const cases = (
      [
        ['xlsx', xlsx, ['raw', 'validate']],
        ['csv', csv, ['raw', 'validate', 'json']],
        ['rejected', rejected, ['validate', 'json']],
      ] as const
    )
      .filter(([name]) => !onlyRejected || name !== 'xlsx')
      .map(([name, file, modes]) => [name, file, onlyRejected ? modes.filter((m) => m !== 'raw') : modes] as const);
    for (const [name, file, modes] of cases) {
      for (const mode of modes) {
        const samples: Sample[] = [];
        for (let i = 0; i < RUNS; i++) samples.push(await runChild(mode, file));
        results[`${name} ${mode}`] = {
          ms: median(samples.map((s) => s.ms)),
          cpuMs: median(samples.map((s) => s.cpuMs)),
          rssMB: median(samples.map((s) => s.rssMB)),
          runs: samples.map((s) => s.ms),
        };
      }
    }
    const targets: Record<string, { ms: number; rssMB?: number }> = { xlsx: { ms: 2500, rssMB: 300 }, csv: { ms: 1000 } };
    const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - s.length));
    const lpad = (s: string, w: number) => ' '.repeat(Math.max(0, w - s.length)) + s;
    if (!onlyRejected)
      process.stdout.write(
        `${pad('file', 6)}${lpad('raw parse', 12)}${lpad('raw RSS', 10)}${lpad('validate', 12)}${lpad('val. RSS', 10)}${lpad('val/raw', 9)}   targets\n`,
      );
    for (const name of onlyRejected ? [] : ['xlsx', 'csv']) {
      const raw = results[`${name} raw`];
      const val = results[`${name} validate`];
      const ratio = val.ms / raw.ms;
      const t = targets[name];
      const ok = [
        `${val.ms <= t.ms ? 'ok' : 'OVER'} ≤ ${t.ms / 1000} s`,
        t.rssMB ? `${val.rssMB <= t.rssMB ? 'ok' : 'OVER'} ≤ ${t.rssMB} MB` : '',
        `${ratio <= 1.3 ? 'ok' : 'OVER'} ≤ 1.3×`,
      ]
        .filter(Boolean)
        .join(', ');
      process.stdout.write(
        `${pad(name, 6)}${lpad((raw.ms / 1000).toFixed(2) + ' s', 12)}${lpad(raw.rssMB.toFixed(0) + ' MB', 10)}` +
          `${lpad((val.ms / 1000).toFixed(2) + ' s', 12)}${lpad(val.rssMB.toFixed(0) + ' MB', 10)}${lpad(ratio.toFixed(2) + '×', 9)}   ${ok}\n`,
      );
    }
    // Every row rejected (four findings each) against the same rows valid, in the same run.
    process.stdout.write(`\n${n.toLocaleString('en')} rejected rows (${(4 * n).toLocaleString('en')} findings) against the same file with valid rows (csv):\n`);
    // CPU time beside wall time: on a shared machine it moves less with the load.
    process.stdout.write(
      `${pad('mode', 8)}${lpad('valid', 9)}${lpad('(cpu)', 8)}${lpad('RSS', 8)}${lpad('rejected', 10)}${lpad('(cpu)', 8)}${lpad('RSS', 8)}${lpad('ratio', 7)}${lpad('(cpu)', 7)}   targets (against valid text)\n`,
    );
    const s = (ms: number) => (ms / 1000).toFixed(2) + ' s';
    for (const mode of ['validate', 'json'] as const) {
      const ok = results[`csv ${mode}`];
      const bad = results[`rejected ${mode}`];
      const base = results['csv validate'];
      const ratio = bad.ms / base.ms;
      const cpuRatio = bad.cpuMs / base.cpuMs;
      process.stdout.write(
        `${pad(mode === 'json' ? '--json' : 'text', 8)}${lpad(s(ok.ms), 9)}${lpad(s(ok.cpuMs), 8)}${lpad(ok.rssMB.toFixed(0) + ' MB', 8)}` +
          `${lpad(s(bad.ms), 10)}${lpad(s(bad.cpuMs), 8)}${lpad(bad.rssMB.toFixed(0) + ' MB', 8)}${lpad(ratio.toFixed(2) + '×', 7)}${lpad(cpuRatio.toFixed(2) + '×', 7)}   ` +
          `${ratio <= 1.5 ? 'ok' : 'OVER'} ≤ 1.5×, ${bad.rssMB <= 500 ? 'ok' : 'OVER'} ≤ 500 MB\n`,
      );
    }
    const list = (xs: number[]) => xs.map((x) => (x / 1000).toFixed(2)).join(' / ');
    process.stdout.write('\nruns (s):');
    for (const [k, v] of Object.entries(results)) process.stdout.write(`  ${k} ${list(v.runs)};`);
    process.stdout.write(`\nload after: ${os.loadavg()[0].toFixed(1)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') await child(process.argv[3] as Mode, process.argv[4]);
else if (process.argv[2] === '--make') {
  // For profiling: `--make DIR [rows]` writes DIR/roster.xlsx and DIR/roster.csv and stops; then
  // `node --cpu-prof --import tsx scripts/bench-ingest.ts --child validate DIR/roster.xlsx`.
  const n = Number(process.argv[4] ?? 100_000);
  await makeXlsx(path.join(process.argv[3], 'roster.xlsx'), n);
  makeCsv(path.join(process.argv[3], 'roster.csv'), n);
  makeCsv(path.join(process.argv[3], 'rejected.csv'), n, true);
} else await main();

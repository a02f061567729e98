/**
 * `vet-report validate` as a user runs it, in a child process: exit codes (0 no error, 1 rows
 * rejected, 2 usage error or nothing readable), the --json shape, --strict and --report.
 * The runs start together in beforeAll (each child pays the TypeScript start-up once).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, loadExpected } from './fixtures/golden.js';
import { shiftedRow, writeCsv } from './fixtures/bad-rows.js';
import { storeEntries } from './render/helpers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ROOT, 'src', 'cli.ts');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in `cwd` (a fixture folder), so file names are as given there. */
function cli(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', CLI, ...args],
      { cwd, env: { ...process.env, NO_COLOR: '1', ...env }, maxBuffer: 64 << 20 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const at = (name: string) => path.join(FIXTURES, name);
let tmp: string;
const runs: Record<string, Run> = {};

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'vet-report-cli-'));
  const jobs: Record<string, [string, string[]]> = {
    messyJson: [at('roster-xlsx-messy'), ['validate', '山东省院校基本情况2023.xlsx', '--json']],
    strict: [at('series-vs-roster'), ['validate', 'roster.xlsx', 'series.csv', '--strict', '--json']],
    rejected: [at('province-near-miss'), ['validate', 'roster.xlsx', '--report', path.join(tmp, 'out', 'findings.xlsx')]],
    folderJson: [at('duplicate-key'), ['validate', 'submissions', '--json']],
    nothingReadable: [at('fake-xls'), ['validate', '旧版导出.xls', 'renamed.xlsx', 'not-a-workbook.xlsx', '--json']],
    unknownOption: [at('province-near-miss'), ['validate', 'roster.xlsx', '--bogus']],
    reportNotXlsx: [at('province-near-miss'), ['validate', 'roster.xlsx', '--report', path.join(tmp, 'findings.csv')]],
    missingPath: [at('province-near-miss'), ['validate', 'no-such-file.xlsx']],
    manyJson: [ROOT, ['validate', path.join(tmp, '河南.csv'), '--json']],
    manyText: [ROOT, ['validate', path.join(tmp, '河南.csv')]],
    manyReport: [ROOT, ['validate', path.join(tmp, '河南.csv'), '--json', '--report', path.join(tmp, 'many', '问题.xlsx')]],
  };
  // A shifted column: four kinds of finding on each of 1,200 rows, beyond the cap of 100 each.
  writeCsv(
    path.join(tmp, '河南.csv'),
    Array.from({ length: 1200 }, (_, i) => shiftedRow(i)),
  );
  await Promise.all(Object.entries(jobs).map(async ([k, [cwd, args]]) => (runs[k] = await cli(cwd, args))));
}, 120_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('exit codes', () => {
  it('0 when there is no error, warnings and information allowed', () => {
    expect(runs.messyJson.code).toBe(0);
    const severities = JSON.parse(runs.messyJson.stdout).findings.map((f: { severity: string }) => f.severity);
    expect(severities).toEqual(['info', 'warning', 'info', 'info']);
  });

  it('1 when a row is rejected', () => {
    expect(runs.rejected.code).toBe(1);
    expect(runs.rejected.stdout).toContain('无法识别的省份“山冬”，是否应为“山东”？');
  });

  it('1 when --strict turns warnings into errors', () => {
    expect(runs.strict.code).toBe(1);
    const out = JSON.parse(runs.strict.stdout);
    expect(out.findings.map((f: { severity: string; code: string }) => [f.severity, f.code])).toEqual([
      ['error', 'SERIES_DISAGREES'],
      ['error', 'SERIES_DISAGREES'],
      ['error', 'SERIES_DISAGREES'],
    ]);
    expect(out.files[1]).toMatchObject({ file: 'series.csv', accepted: 5, rejected: 3 });
  });

  it('2 when no input could be read at all', () => {
    expect(runs.nothingReadable.code).toBe(2);
    expect(runs.nothingReadable.stderr).toContain('没有读到任何可用的输入数据');
    const out = JSON.parse(runs.nothingReadable.stdout);
    expect(out.findings.map((f: { code: string; file: string }) => [f.code, f.file])).toEqual([
      ['FILE_XLS', '旧版导出.xls'],
      ['FILE_XLS', 'renamed.xlsx'],
      ['FILE_CORRUPT', 'not-a-workbook.xlsx'],
    ]);
  });

  it.each(['unknownOption', 'reportNotXlsx', 'missingPath'])('2 on a usage error: %s', (k) => {
    expect(runs[k].code, runs[k].stderr).toBe(2);
    expect(runs[k].stderr).not.toContain('内部错误');
  });

  it('names the problem of a usage error', () => {
    expect(runs.reportNotXlsx.stderr).toContain('问题报告必须是 .xlsx 文件');
    expect(runs.missingPath.stderr).toContain('找不到输入路径：no-such-file.xlsx');
  });
});

describe('--json', () => {
  it('prints files and findings with exactly the contract keys', () => {
    const out = JSON.parse(runs.messyJson.stdout);
    expect(Object.keys(out)).toEqual(['files', 'findings']);
    for (const f of out.files) expect(Object.keys(f)).toEqual(['file', 'sheet', 'table', 'read', 'accepted', 'rejected', 'skipped']);
    for (const f of out.findings) {
      expect(Object.keys(f)).toEqual(['severity', 'code', 'message', 'file', 'sheet', 'row', 'column', 'header', 'value']);
    }
  });

  it('agrees with the golden fixture, file names as given', () => {
    const exp = loadExpected('roster-xlsx-messy');
    const out = JSON.parse(runs.messyJson.stdout);
    expect(out.files).toEqual(exp.files);
    expect(out.findings.map((f: Record<string, unknown>) => [f.severity, f.code, f.file, f.sheet, f.row, f.column])).toEqual(
      exp.findings.map((t) => t.slice(0, 6)),
    );
    const total = out.findings.find((f: { code: string }) => f.code === 'TOTAL_MISMATCH');
    expect(total).toMatchObject({ row: 10, column: 'H', header: '招生人数', value: '9999' });
  });

  it('names files relative to a folder given', () => {
    const exp = loadExpected('duplicate-key');
    const out = JSON.parse(runs.folderJson.stdout);
    expect(runs.folderJson.code).toBe(1);
    expect(out.files).toEqual(exp.files);
    expect(out.findings.map((f: { file: string; row: number }) => [f.file, f.row])).toEqual([
      ['b-补报.csv', 2],
      ['b-补报.csv', 5],
      ['c-projects.csv', 3],
    ]);
  });
});

describe('a file with a finding on every row', () => {
  it('--json lists every finding, beyond the cap too, in reading order', () => {
    expect(runs.manyJson.code).toBe(1);
    const out = JSON.parse(runs.manyJson.stdout);
    expect(out.files[0]).toMatchObject({ read: 1201, rejected: 1200 });
    expect(out.findings).toHaveLength(4 * 1200);
    const province = out.findings.filter((f: { column: string }) => f.column === 'C');
    expect(province.map((f: { row: number }) => f.row)).toEqual(Array.from({ length: 1200 }, (_, i) => i + 2));
    expect(out.findings.map((f: { row: number }) => f.row)).toEqual([...out.findings.map((f: { row: number }) => f.row)].sort((a, b) => a - b));
    // One finding a line, as JSON.stringify writes it; the first and the last as expected.
    const file = path.join(tmp, '河南.csv');
    const lines = runs.manyJson.stdout.split('\n').filter((l) => l.startsWith('    {"severity"'));
    expect(lines).toHaveLength(4 * 1200);
    expect(lines[0]).toBe(
      `    {"severity":"error","code":"VALUE_REQUIRED","message":"必填项“省份”为空。请填写有效的省份。","file":${JSON.stringify(file)},"sheet":"河南","row":2,"column":"C","header":"省份","value":""},`,
    );
    expect(lines.at(-1)).toBe(
      `    {"severity":"error","code":"YEAR_INVALID","message":"统计年份“公办”无效。请填写 4 位年份，如 2023。","file":${JSON.stringify(file)},"sheet":"河南","row":1201,"column":"F","header":"统计年份","value":"公办"}`,
    );
    expect(runs.manyJson.stdout.endsWith(`${lines.at(-1)}\n  ]\n}\n`)).toBe(true);
  });

  it('--report with --json: the same JSON, and the annotated copy marks every bad cell, beyond the cap too', async () => {
    expect(runs.manyReport.code).toBe(1);
    expect(runs.manyReport.stdout).toBe(runs.manyJson.stdout);
    const copy = new ExcelJS.Workbook();
    await copy.xlsx.readFile(path.join(tmp, 'many', '河南（问题标注）.xlsx'));
    const ws = copy.getWorksheet('河南')!;
    for (const cell of ['C2', 'C101', 'C102', 'C1201', 'D1201', 'F1201']) {
      expect((ws.getCell(cell).fill as ExcelJS.FillPattern | undefined)?.fgColor?.argb, cell).toBe('FFFFC7CE');
    }
    expect(ws.getCell('G1201').fill).toBeUndefined();
  });

  it('the terminal lists the first ones and says how many more of each kind', () => {
    expect(runs.manyText.code).toBe(1);
    expect(runs.manyText.stdout).toContain('发现 4,800 个错误');
    expect(runs.manyText.stdout).toContain('同类问题另有 1,100 处');
    expect(runs.manyText.stdout.split('\n').filter((l) => l.includes('同类问题另有 1,100 处'))).toHaveLength(4);
  });
});

describe('--report', () => {
  it('writes the findings workbook and an annotated copy, creating the folder', async () => {
    const dir = path.join(tmp, 'out');
    expect(readdirSync(dir).sort()).toEqual(['findings.xlsx', 'roster（问题标注）.xlsx']);
    const findings = loadExpected('province-near-miss').findings.map(([, code, , , row, column]) => ({ code, row, column }));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dir, 'findings.xlsx'));
    const ws = wb.getWorksheet('问题汇总')!;
    expect(ws.rowCount).toBe(1 + findings.length);
    const cells: string[] = [];
    ws.eachRow((row, n) => n > 1 && cells.push(String(row.getCell(8).value)));
    expect(cells).toEqual(findings.map((f) => `${f.column}${f.row}`));
    const copy = new ExcelJS.Workbook();
    await copy.xlsx.readFile(path.join(dir, 'roster（问题标注）.xlsx'));
    const c3 = copy.getWorksheet('Sheet1')!.getCell('C3');
    expect((c3.fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFC7CE');
    expect(JSON.stringify(c3.note)).toContain('是否应为“山东”');
    expect(runs.rejected.stderr).toContain('已写出问题报告');
  });
});

describe('validating again', () => {
  it('reads the sheets of files it has read before from the tool cache, with the same findings', async () => {
    const cache = mkdtempSync(path.join(os.tmpdir(), 'vet-report-cli-cache-'));
    try {
      const first = await cli(at('roster-xlsx-messy'), ['validate', '山东省院校基本情况2023.xlsx', '--json'], { VET_REPORT_CACHE: cache });
      expect(await storeEntries(cache, 'sheets')).toHaveLength(1);
      const again = await cli(at('roster-xlsx-messy'), ['validate', '山东省院校基本情况2023.xlsx', '--json'], { VET_REPORT_CACHE: cache });
      expect(again.code).toBe(first.code);
      expect(again.stdout).toBe(first.stdout);
      expect(JSON.parse(again.stdout).findings.length).toBeGreaterThan(0);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  }, 60_000);
});

/**
 * Every input accounted for: each path given or found in a folder is in `files` (read, or with
 * the reason it was not) and, when not read, in `findings`. Links to files are read under the
 * link's name; FIFOs, devices, links to nothing or in a circle, and files over the size limit are
 * refused before anything opens them (a FIFO would hang the read, /dev/zero never end it).
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listInputs } from '../../src/ingest/files.js';
import { runAggregate, runValidate, validateExitCode } from '../../src/pipeline.js';
import { goldenCase, inputsOf } from '../fixtures/golden.js';
import { useEmptyToolCache } from '../render/helpers.js';

goldenCase('zip-not-workbook');
goldenCase('csv-unclosed-quote');
goldenCase('csv-mixed-encoding');

const HEADER = '学校标识码,学校名称,省份,办学层次,举办性质,统计年份,在校生数,招生数,毕业生数,毕业去向落实人数,专任教师数,兼职教师数';
const ROW = '3737000501,示例职业技术学院,山东,高职专科,公办,2023,12000,4000,3500,3300,600,120';

let dir: string;
const at = (...p: string[]) => path.join(dir, ...p);
const summary = (r: Awaited<ReturnType<typeof runValidate>>) => ({
  files: r.files.map((f) => [f.file, f.table, f.read]),
  findings: r.findings.map((f) => [f.severity, f.code, f.file]),
});

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vet-report-accounting-'));
  writeFileSync(at('good.csv'), `${HEADER}\n${ROW}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('links', () => {
  it('reads a folder holding only a link to a file, named by the link', async () => {
    mkdirSync(at('only-link'));
    symlinkSync('../good.csv', at('only-link', '山东-link.csv'));
    const r = await runValidate([at('only-link')]);
    expect(summary(r)).toEqual({ files: [['山东-link.csv', 'roster', 2]], findings: [] });
    expect(r.roster.map((x) => [x.origin.file, x.schoolId])).toEqual([['山东-link.csv', '3737000501']]);
  });

  it('refuses a link to nothing and a link to itself, each by a finding; a link back to a folder above is not walked', async () => {
    mkdirSync(at('links'));
    symlinkSync('nothing.csv', at('links', 'a-dangling.csv'));
    symlinkSync('b-loop.csv', at('links', 'b-loop.csv'));
    symlinkSync('..', at('links', 'c-up'));
    symlinkSync('../good.csv', at('links', 'd-good.csv'));
    const r = await runValidate([at('links')]);
    expect(summary(r)).toEqual({
      files: [
        ['a-dangling.csv', null, 0],
        ['b-loop.csv', null, 0],
        ['c-up', null, 0],
        ['d-good.csv', 'roster', 2],
      ],
      findings: [
        ['error', 'FILE_LINK_BROKEN', 'a-dangling.csv'],
        ['error', 'FILE_LINK_LOOP', 'b-loop.csv'],
        ['error', 'FILE_LINK_LOOP', 'c-up'],
      ],
    });
    expect(r.findings[0]!.message).toContain('nothing.csv');
    expect(r.files[0]!.reason).toContain('不存在');
  });

  it('refuses a link given directly that leads nowhere (a finding, not “path not found”)', async () => {
    symlinkSync('gone.csv', at('given-dangling.csv'));
    const r = await runValidate([at('given-dangling.csv'), at('good.csv')]);
    expect(r.findings.map((f) => f.code)).toEqual(['FILE_LINK_BROKEN']);
    expect(validateExitCode(r)).toBe(1);
  });
});

describe('files that are not regular files', () => {
  it('refuses a FIFO named .csv, in a folder or given, without opening it (opening would hang)', async () => {
    mkdirSync(at('fifo'));
    execFileSync('mkfifo', [at('fifo', 'pipe.csv')]);
    writeFileSync(at('fifo', 'z-good.csv'), `${HEADER}\n${ROW}\n`);
    // keepSheets as the CLI and builds read: the sheet cache's look-ahead must not open it either.
    const r = await runValidate([at('fifo')], { keepSheets: true });
    expect(summary(r)).toEqual({
      files: [
        ['pipe.csv', null, 0],
        ['z-good.csv', 'roster', 2],
      ],
      findings: [['error', 'FILE_NOT_REGULAR', 'pipe.csv']],
    });
    expect(r.findings[0]!.message).toContain('命名管道');
    const given = await runValidate([at('fifo', 'pipe.csv')]);
    expect(given.findings.map((f) => f.code)).toEqual(['FILE_NOT_REGULAR']);
    expect(validateExitCode(given)).toBe(2);
  });

  it('refuses a link to /dev/zero as a device, reading nothing', async () => {
    mkdirSync(at('zero'));
    symlinkSync('/dev/zero', at('zero', 'zero.csv'));
    const r = await runValidate([at('zero'), at('good.csv')], { keepSheets: true });
    expect(summary(r).findings).toEqual([['error', 'FILE_NOT_REGULAR', 'zero.csv']]);
    expect(r.findings[0]!.message).toContain('设备文件');
  });

  it('refuses a socket named .csv', async () => {
    mkdirSync(at('socket'));
    const server = net.createServer().listen(at('socket', 'live.csv'));
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const r = await runValidate([at('socket'), at('good.csv')]);
      expect(summary(r).findings).toEqual([['error', 'FILE_NOT_REGULAR', 'live.csv']]);
      expect(r.findings[0]!.message).toContain('套接字');
    } finally {
      server.close();
    }
  });

  it('the aggregate (and build) read the same accounting', async () => {
    const run = await runAggregate([at('fifo')], { keepSheets: true });
    expect(run.validation.files.map((f) => f.file)).toEqual(['pipe.csv', 'z-good.csv']);
    expect(run.validation.findings.map((f) => f.code)).toEqual(['FILE_NOT_REGULAR']);
    expect(run.rejected).toBe(true);
  });
});

describe('aggregate says what it did not read', () => {
  const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  const CLI = path.join(ROOT, 'src', 'cli.ts');
  const cli = (args: string[]) =>
    new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', CLI, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } }, (err, _out, stderr) =>
        resolve({ code: err ? Number(err.code) : 0, stderr }),
      );
    });

  it('names each file not read, with its reason, and exits 1', async () => {
    const r = await cli(['aggregate', at('fifo'), '--json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('错误：1 个文件未能读取，未计入汇总：\n  pipe.csv：这不是普通文件，而是命名管道（FIFO）');
  });

  it('says why when nothing at all could be read (exit 2)', async () => {
    const zip = path.join('test', 'fixtures', 'zip-not-workbook', '学校名单.xlsx');
    await expect(runAggregate([at('fifo', 'pipe.csv')])).rejects.toMatchObject({
      code: 'NO_INPUT_READ',
      message: expect.stringContaining('pipe.csv：这不是普通文件'),
    });
    const r = await cli(['aggregate', zip]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/学校名单\.xlsx：这是一个 zip 压缩文件，但不是 Excel 工作簿/);
  });
});

describe('size limit (VET_REPORT_MAX_FILE_MB)', () => {
  const set = (v: string | undefined) => {
    if (v === undefined) delete process.env['VET_REPORT_MAX_FILE_MB'];
    else process.env['VET_REPORT_MAX_FILE_MB'] = v;
  };
  afterAll(() => set(undefined));

  it('refuses a file over the limit by a finding naming both sizes, and reads the others', async () => {
    mkdirSync(at('large'));
    const rows = Array.from({ length: 40 }, (_v, i) => ROW.replace('3737000501', String(3737000600 + i))).join('\n');
    writeFileSync(at('large', 'big.csv'), `${HEADER}\n${rows}\n`); // ~4 KB
    writeFileSync(at('large', 'small.csv'), `${HEADER}\n${ROW}\n`); // < 1 KB
    set('0.002'); // 2 KB
    const r = await runValidate([at('large')]);
    expect(summary(r)).toEqual({
      files: [
        ['big.csv', null, 0],
        ['small.csv', 'roster', 2],
      ],
      findings: [['error', 'FILE_TOO_LARGE', 'big.csv']],
    });
    expect(r.findings[0]!.message).toMatch(/文件大小 \d\.\d KB 超过每个文件 2\.0 KB 的上限.*VET_REPORT_MAX_FILE_MB/);
    set(undefined);
    expect((await runValidate([at('large')])).findings).toEqual([]);
  });

  it('says so when the limit is not a positive number', async () => {
    set('lots');
    await expect(listInputs([at('good.csv')])).rejects.toMatchObject({ code: 'BAD_OPTION', exitCode: 2 });
    set(undefined);
  });
});

describe('quotes', () => {
  it('warns of a cell spanning lines: a stray quote closed by a later one merges the next school into it', async () => {
    const row = (id: string, name: string) => ROW.replace('3737000501', id).replace('示例职业技术学院', name);
    // Row 3 opens a quote in the name, row 4's name closes it: one record of two lines.
    const lines = [
      HEADER,
      row('3737000701', '示例学院一'),
      row('3737000702', '"示例学院二'),
      row('3737000703', '示例学院三"'),
      row('3737000704', '示例学院四'),
    ];
    // More rows than one parse chunk, so the sign is looked for chunk by chunk.
    for (let i = 0; i < 3000; i++) lines.push(row(String(3737100000 + i), `示例学校${i}`));
    writeFileSync(at('stray-quote.csv'), lines.join('\n') + '\n');
    const r = await runValidate([at('stray-quote.csv')]);
    const lineBreak = r.findings.filter((f) => f.code === 'CSV_CELL_LINE_BREAK');
    expect(lineBreak.map((f) => [f.severity, f.row])).toEqual([['warning', 3]]);
    expect(lineBreak[0]!.message).toContain('跨了 2 行');
  });
});

describe('findings of the reader, read back from the tool cache', () => {
  useEmptyToolCache('vet-accounting-');

  it('says an unclosed quote and mixed encodings again when the sheets come from the cache', async () => {
    const inputs = [...inputsOf('csv-unclosed-quote'), ...inputsOf('csv-mixed-encoding')];
    const first = await runValidate(inputs, { keepSheets: true });
    const again = await runValidate(inputs, { keepSheets: true });
    expect(first.findings.map((f) => f.code)).toEqual(['CSV_UNCLOSED_QUOTE', 'TEXT_MIXED_ENCODING']);
    expect(again.findings).toEqual(first.findings);
    expect(again.files).toEqual(first.files);
  });
});

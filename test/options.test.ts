/**
 * src/options.ts: what the CLI passes (strings) and what a library caller passes (lists, numbers)
 * resolve to the same strict options; every bad value is a VetError that names the option as the
 * CLI spells it, in Chinese, with exit code 2.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { AggregateOptionsSchema, resolveBuildOptions, resolveOptions } from '../src/options.js';
import { VetError } from '../src/errors.js';
import { runBuild, runValidate } from '../src/pipeline.js';

const NOW = new Date('2024-06-30T00:00:00Z');

function failure(f: () => unknown): VetError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(VetError);
    return e as VetError;
  }
  throw new Error('expected a VetError');
}

describe('resolveBuildOptions', () => {
  it('resolves the CLI strings once into strict types', () => {
    const o = resolveBuildOptions({ paths: ['data'], year: ' 2023 ', formats: 'PDF, html,pdf', editions: 'bilateral', shard: '2/4', country: ' 德国 ' });
    // Lists in one order whatever order they were given in: 'pdf,html' and 'html,pdf' are one build.
    expect(o).toMatchObject({
      paths: ['data'],
      year: 2023,
      out: 'out',
      formats: ['html', 'pdf'],
      editions: ['bilateral'],
      shard: { index: 2, count: 4 },
      country: '德国',
    });
  });

  it('fills the defaults a bare call leaves out', () => {
    const o = resolveBuildOptions({ paths: ['data'] });
    expect(o.formats).toEqual(['html', 'pdf']);
    expect(o.out).toBe('out');
    expect(o.year).toBeUndefined();
    expect(o.shard).toBeUndefined();
  });

  it('accepts lists and numbers from a library caller, and passes the effects through as given', () => {
    const onEvent = (): void => {};
    const now = new Date('2024-06-01T00:00:00Z');
    const o = resolveBuildOptions({ paths: ['a', 'b'], year: 2022, formats: ['html'], editions: ['annual', 'regional'], now, onEvent });
    expect(o.year).toBe(2022);
    expect(o.now).toBe(now);
    expect(o.onEvent).toBe(onEvent);
  });

  it.each([
    [{ year: '23' }, '参数“--year”无效：23 不是有效年份（2000—2100 的 4 位数字）'],
    [{ year: '二〇二三' }, '参数“--year”无效：“二〇二三” 不是有效年份（2000—2100 的 4 位数字）'],
    [{ year: 2023.5 }, '参数“--year”无效：2023.5 不是有效年份（2000—2100 的 4 位数字）'],
    [{ year: 1999 }, '参数“--year”无效：1999 不是有效年份（2000—2100 的 4 位数字）'],
    [{ formats: 'pdf,docx' }, '参数“--format”无效：不支持的输出格式 “docx”（可用：html、pdf）'],
    [{ formats: ' , ' }, '参数“--format”无效：至少给出一种输出格式（可用：html、pdf）'],
    [{ editions: 'provincial' }, '参数“--edition”无效：不支持的版本 “provincial”（可用：annual、regional、bilateral）'],
    [{ shard: '3/2' }, '参数“--shard”无效：应为 i/n，且 1 ≤ i ≤ n（如 2/4），而不是“3/2”'],
    [{ shard: '0/2' }, '参数“--shard”无效：应为 i/n，且 1 ≤ i ≤ n（如 2/4），而不是“0/2”'],
    [{ shard: 'half' }, '参数“--shard”无效：应为 i/n，且 1 ≤ i ≤ n（如 2/4），而不是“half”'],
    [{ country: '  ' }, '参数“--country”无效：不能为空'],
    [{ templates: 'no-such-templates' }, '参数“--templates”无效：模板文件夹 “no-such-templates” 不存在'],
    [{ templates: 'test' }, '参数“--templates”无效：文件夹 test/aggregate 不是模板文件夹（可用：annual、regional、bilateral、partials、charts）'],
    [
      { templates: 'test/fixtures/template-overlays/typo-folder' },
      '参数“--templates”无效：文件夹 test/fixtures/template-overlays/typo-folder/bilatral 不是模板文件夹，是否应为“bilateral”？（可用：annual、regional、bilateral、partials、charts）',
    ],
    [{ templates: 'README.md' }, '参数“--templates”无效：模板文件夹 “README.md” 是文件，不是文件夹'],
    [{ out: 'README.md' }, '参数“--out”无效：“README.md” 是文件，不是文件夹'],
    [{ out: 'README.md/out' }, '参数“--out”无效：“README.md/out” 路径中有一部分是文件，不是文件夹'],
    [{ now: new Date(NaN) }, '参数“now”无效：应为有效日期'],
    [{ out: 7 }, '参数“--out”无效：应为输出目录'],
    [{ paths: [] }, '参数“路径”无效：至少给出一个文件或文件夹'],
    [{ force: 'yes' }, '参数“--force”无效：应为 true 或 false，而不是 “yes”'],
  ])('%j → %s', (bad, message) => {
    const e = failure(() => resolveBuildOptions({ paths: ['data'], ...bad } as never));
    expect(e.code).toBe('BAD_OPTION');
    expect(e.exitCode).toBe(2);
    expect(e.message).toBe(message);
  });

  it.each([
    [
      'country-name',
      '参数“--templates”无效：文件夹 test/fixtures/template-overlays/country-name/bilateral/德国：应以 ISO 两位代码命名，即 bilateral/DE/（德国）',
    ],
    [
      'province-name',
      '参数“--templates”无效：文件夹 test/fixtures/template-overlays/province-name/regional/山东：应以行政区划代码命名，即 regional/37/（山东）',
    ],
  ])('refuses an overlay whose edition folder is not named by code (%s), before anything is written', async (name, message) => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'vet-overlay-'));
    const e = await runBuild({ paths: ['data'], out, formats: 'html', now: NOW, templates: `test/fixtures/template-overlays/${name}` }).catch(
      (x: VetError) => x,
    );
    expect(e).toBeInstanceOf(VetError);
    expect((e as VetError).message).toBe(message);
    expect((e as VetError).exitCode).toBe(2);
    expect(existsSync(path.join(out, '2023'))).toBe(false);
  });

  it('accepts an overlay holding one file (only what differs from the shipped templates)', () => {
    expect(resolveBuildOptions({ paths: ['data'], templates: 'test/fixtures/template-overlays/one-file' }).templates).toBe(
      'test/fixtures/template-overlays/one-file',
    );
  });

  it('names an unknown key instead of ignoring it (a caller writing format for formats)', () => {
    const e = failure(() => resolveBuildOptions({ paths: ['data'], format: 'pdf' } as never));
    expect(e.message).toMatch(/^参数“format”无效：没有这个选项（可用：.*formats.*）$/);
  });
});

describe('the stages resolve their options at the edge', () => {
  it('aggregate options take the year as the CLI gives it', () => {
    expect(resolveOptions(AggregateOptionsSchema, { year: '2023', strict: true })).toEqual({ year: 2023, strict: true });
  });

  it('runBuild rejects a bad option before it reads or launches anything', async () => {
    await expect(runBuild({ paths: ['no-such-folder'], formats: 'docx' })).rejects.toThrow('参数“--format”无效');
  });

  it('a build checks its input paths before it decides that nothing changed', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'vet-options-'));
    const first = await runBuild({ paths: ['data'], out, formats: 'html', country: 'DE', now: NOW });
    expect(first.editions.map((e) => e.status)).toEqual(['built']);
    // The missing path added nothing to the inputs hash: this used to be "unchanged", exit 0.
    await expect(runBuild({ paths: ['data', 'no-such-folder'], out, formats: 'html', country: 'DE', now: NOW })).rejects.toThrow(
      '找不到输入路径：no-such-folder',
    );
  }, 120_000);

  it('a misspelt --region is refused before any data is read or written', async () => {
    const out = path.join(await mkdtemp(path.join(os.tmpdir(), 'vet-options-')), 'out');
    await expect(runBuild({ paths: ['data'], out, region: '山冬' })).rejects.toThrow('参数“--region”无效：无法识别的省份“山冬”，是否应为“山东”？');
    expect(existsSync(out)).toBe(false);
  });

  it('runValidate names an unknown option', async () => {
    await expect(runValidate(['data'], { strickt: true } as never)).rejects.toThrow('参数“strickt”无效');
  });
});

describe('on the command line', () => {
  const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const cli = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src', 'cli.ts'), ...args], { cwd: ROOT }, (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
      );
    });

  it("commander's own usage errors are in Chinese too, with its suggestion", async () => {
    const r = await cli(['build', '--forse']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('错误：没有选项“--forse”\n（是否应为 --force？）');
    const m = await cli(['manifest', 'merge', 'a.json']);
    expect(m.code).toBe(2);
    expect(m.stderr).toContain('错误：缺少必需的选项“--out <文件>”');
    expect(m.stderr + r.stderr).not.toMatch(/error:|Did you mean/);
  });

  it('help is Chinese, with defaults, environment variables, and descriptions aligned by display width', async () => {
    const r = await cli(['build', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^用法： vet-report build \[选项\] \[路径\.\.\.\]/);
    expect(r.stdout).toContain('（默认：html,pdf）');
    expect(r.stdout).toMatch(/环境变量：\n {2}SOURCE_DATE_EPOCH /);
    expect(r.stdout).not.toMatch(/Usage:|Options:|default:/);
    // '--year <年份>' is 13 columns wide (a CJK character takes two), '--shard <i/n>' 13: their descriptions start in one column.
    const col = (flag: string) => {
      const line = r.stdout.split('\n').find((l) => l.startsWith(`  ${flag}`))!;
      const desc = line.slice(2 + flag.length).search(/\S/);
      return 2 + [...flag].reduce((w, ch) => w + (/[\u4e00-\u9fff]/.test(ch) ? 2 : 1), 0) + desc;
    };
    expect(col('--year <年份>')).toBe(col('--shard <i/n>'));
    expect(col('--templates <目录>')).toBe(col('--force'));
    // Wrapped to the 80 columns of a terminal or a CI log, by display width.
    const width = (l: string) => [...l].reduce((w, ch) => w + (/[\u3000-\u9fff\uff00-\uff60]/.test(ch) ? 2 : 1), 0);
    for (const l of r.stdout.split('\n')) expect(width(l), l).toBeLessThanOrEqual(80);
  });

  it('a bad option is a usage error (exit 2) with the Chinese message, before anything is built', async () => {
    const r = await cli(['build', '--format', 'pdf,docx', '--out', path.join(ROOT, 'no-such-out')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('错误：参数“--format”无效：不支持的输出格式 “docx”（可用：html、pdf）');
  });

  it('a bad SOURCE_DATE_EPOCH is named, not ignored or reported as an internal option', async () => {
    const r = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', path.join(ROOT, 'src', 'cli.ts'), 'build', '--out', path.join(ROOT, 'no-such-out')],
        { cwd: ROOT, env: { ...process.env, SOURCE_DATE_EPOCH: '99999999999999' } },
        (err, _o, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stderr }),
      );
    });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('错误：参数“SOURCE_DATE_EPOCH”无效：应为 1970 年以来的秒数（整数），而不是“99999999999999”');
  });

  it('manifest merge of an unreadable file is a usage error naming it, not an internal error', async () => {
    const r = await cli(['manifest', 'merge', 'no-such-manifest.json', '--out', path.join(ROOT, 'no-such-out', 'm.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('错误：无法读取清单 no-such-manifest.json：文件不存在');
  });
});

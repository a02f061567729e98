// `vet-report build` with a browser that cannot print: the HTML is still written, every PDF
// edition is marked failed with the Chinese reason naming CHROMIUM_PATH, the exit code is 1,
// and nothing is left running or lying in the temp folder. The CLI runs as a person runs it.

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROFILE_PREFIX } from '../src/render/browser.js';

const ROOT = path.resolve(import.meta.dirname, '..');
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'vet-build-browser-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  pid: number;
}

/** Runs the CLI's build of the German edition; `during` is called with the child while it runs. */
function build(out: string, env: Record<string, string>, during?: (pid: number) => Promise<void>): Promise<Run> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli.ts', 'build', 'data', '--country', 'DE', '--edition', 'bilateral', '--out', out, '--quiet'],
    {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  void during?.(child.pid!);
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr, pid: child.pid! })));
}

const profilesOf = async (pid: number) => (await readdir(tmpdir())).filter((n) => n.startsWith(`${PROFILE_PREFIX}${pid}-`));
/** Running (a killed process whose parent has exited may stay a zombie until it is reaped: that is not running). */
const alive = (pid: number): boolean => {
  try {
    return !/^\d+ \(.*\) [ZX]/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

async function fakeBrowser(name: string, body: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, `#!/bin/sh\n${body}\n`);
  await chmod(file, 0o755);
  return file;
}

async function expectHtmlOnly(out: string, message: RegExp): Promise<void> {
  const year = path.join(out, '2023');
  expect((await readFile(path.join(year, 'bilateral-DE.html'), 'utf8')).trimEnd().endsWith('</html>')).toBe(true);
  await expect(stat(path.join(year, 'bilateral-DE.pdf'))).rejects.toThrow();
  const manifest = JSON.parse(await readFile(path.join(year, 'manifest.json'), 'utf8')) as { editions: { id: string; status: string; error?: string }[] };
  expect(manifest.editions.map((e) => [e.id, e.status])).toEqual([['bilateral-DE', 'failed']]);
  expect(manifest.editions[0]!.error).toMatch(message);
}

describe('build with a browser that cannot print', () => {
  it('CHROMIUM_PATH=/etc/passwd: HTML written, the edition failed in Chinese, exit 1, no stack trace', async () => {
    const out = path.join(dir, 'passwd');
    const r = await build(out, { CHROMIUM_PATH: '/etc/passwd' });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain(
      '错误：中德职业教育合作报告（2023） 生成失败：用来生成 PDF 的浏览器 /etc/passwd 不是可执行的程序（没有执行权限），无法启动。请把环境变量 CHROMIUM_PATH 设为',
    );
    expect(r.stdout).toContain('失败 1 个');
    expect(r.stderr).not.toMatch(/Unhandled|node:events|EACCES| {4}at /);
    await expectHtmlOnly(out, /CHROMIUM_PATH/);
    expect(await profilesOf(r.pid)).toEqual([]);
  }, 300_000);

  it('a browser that never answers: stopped after VET_REPORT_BROWSER_TIMEOUT, killed, its profile removed, exit 1', async () => {
    const out = path.join(dir, 'silent');
    const pidFile = path.join(dir, 'silent.pid');
    const exe = await fakeBrowser('silent-browser', `echo $$ > ${pidFile}\nexec sleep 600`);
    const r = await build(out, { CHROMIUM_PATH: exe, VET_REPORT_BROWSER_TIMEOUT: '2' });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain(`浏览器 ${exe} 启动后 2 秒内没有响应，已结束它。请确认环境变量 CHROMIUM_PATH 指向 Chromium`);
    await expectHtmlOnly(out, /没有响应/);
    expect(alive(Number(await readFile(pidFile, 'utf8')))).toBe(false);
    expect(await profilesOf(r.pid)).toEqual([]);
  }, 300_000);

  it('Ctrl-C while the browser starts: exit 130, the browser killed and its profile removed', async () => {
    const out = path.join(dir, 'interrupted');
    const pidFile = path.join(dir, 'interrupted.pid');
    const exe = await fakeBrowser('interrupted-browser', `echo $$ > ${pidFile}\nexec sleep 600`);
    let seen: string[] = [];
    const r = await build(out, { CHROMIUM_PATH: exe, VET_REPORT_BROWSER_TIMEOUT: '600' }, async (pid) => {
      // Interrupted once its browser runs (it wrote its pid; its profile folder is there).
      const deadline = Date.now() + 240_000;
      while (!(await stat(pidFile).catch(() => null)) && Date.now() < deadline) await new Promise((res) => setTimeout(res, 100));
      seen = await profilesOf(pid);
      process.kill(pid, 'SIGINT');
    });
    expect(seen).toHaveLength(1);
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toContain('已中止（SIGINT）');
    expect(alive(Number(await readFile(pidFile, 'utf8')))).toBe(false);
    expect(await profilesOf(r.pid)).toEqual([]);
  }, 300_000);

  it('a VET_REPORT_BROWSER_TIMEOUT that is not a number is a usage error (exit 2)', async () => {
    const r = await build(path.join(dir, 'bad-timeout'), { VET_REPORT_BROWSER_TIMEOUT: '半分钟' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('错误：参数“VET_REPORT_BROWSER_TIMEOUT”无效：应为正数（秒），而不是“半分钟”');
  }, 300_000);
});

// `vet-report preview` as an editor runs it: one command serves the index, and Ctrl-C (SIGINT)
// ends it cleanly: exit 0, Chromium closed and its profile removed, the port free again.

import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROFILE_PREFIX } from '../../src/render/browser.js';
import { assertToolsPresent, skipBrowserTests } from '../render/helpers.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
let dir: string | undefined;
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

function cli(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const io = { stdout: '', stderr: '' };
  child.stdout.on('data', (d) => (io.stdout += d));
  child.stderr.on('data', (d) => (io.stderr += d));
  const closed = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, io, closed };
}

async function until(what: () => boolean, ms: number, why: () => string): Promise<void> {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error(`timed out waiting: ${why()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('vet-report preview (the command)', () => {
  it('--help names the port, the loopback default and the opening of a browser, in Chinese', async () => {
    const { io, closed } = cli(['preview', '--help']);
    expect(await closed).toBe(0);
    expect(io.stdout).toContain('--port <端口>');
    expect(io.stdout).toContain('（默认：4321）');
    expect(io.stdout).toContain('（默认：127.0.0.1）');
    expect(io.stdout).toContain('--open');
    expect(io.stdout).toContain('不写入输出目录');
  }, 60_000);

  it.skipIf(skipBrowserTests)(
    'serves the index, and stops on Ctrl-C with Chromium closed and the port freed',
    async () => {
      assertToolsPresent();
      dir = await mkdtemp(path.join(tmpdir(), 'vet-preview-cli-'));
      const { child, io, closed } = cli(['preview', 'data', '--country', 'DE', '--edition', 'bilateral', '--out', path.join(dir, 'out'), '--port', '0']);
      await until(
        () => io.stdout.includes('完成：'),
        180_000,
        () => io.stderr + io.stdout,
      );
      const url = /预览：(http:\/\/127\.0\.0\.1:\d+\/)/.exec(io.stderr)?.[1];
      expect(url, io.stderr).toBeDefined();
      const index = await (await fetch(url!)).text();
      expect(index).toContain('中德职业教育合作报告（2023）');
      expect(index).toContain('/2023/bilateral-DE.pdf');
      // The build printed a PDF: this process has a Chromium (its profile folder is named by its pid).
      expect((await readdir(tmpdir())).some((n) => n.startsWith(`${PROFILE_PREFIX}${child.pid}-`))).toBe(true);

      child.kill('SIGINT');
      expect(await closed).toBe(0);
      expect(io.stderr).toContain('预览已结束。');
      expect((await readdir(tmpdir())).filter((n) => n.startsWith(`${PROFILE_PREFIX}${child.pid}-`))).toEqual([]);
      const port = Number(new URL(url!).port);
      await new Promise<void>((resolve, reject) => {
        const s = createServer()
          .once('error', reject)
          .listen(port, '127.0.0.1', () => s.close(() => resolve()));
      });
    },
    240_000,
  );
});

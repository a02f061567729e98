// Chromium's life: every way the browser can fail is a Chinese VetError naming CHROMIUM_PATH,
// a crash while printing is survived once, and profile folders do not outlive their run.

import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isVetError } from '../../src/errors.js';
import { launchBrowser, PROFILE_PREFIX, sweepStaleProfiles, type RenderBrowser } from '../../src/render/browser.js';
import { printPdf } from '../../src/render/pdf.js';
import { pdfPageTexts } from '../poppler.js';
import { createPrinter } from '../../src/render/printer.js';
import { assertToolsPresent, skipBrowserTests } from './helpers.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'vet-browser-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function script(name: string, body: string, mode = 0o755): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, `#!/bin/sh\n${body}\n`);
  await chmod(file, mode);
  return file;
}

/** This process's profile folders now in the temp folder. */
async function ownProfiles(): Promise<string[]> {
  return (await readdir(tmpdir())).filter((n) => n.startsWith(`${PROFILE_PREFIX}${process.pid}-`));
}

async function launchError(executablePath: string, timeoutMs = 30_000): Promise<Error> {
  const before = await ownProfiles();
  const e = await launchBrowser({ executablePath, timeoutMs }).then(
    (rb) => rb.close().then(() => new Error('launched')),
    (err: unknown) => err as Error,
  );
  // No profile folder is left behind by a launch that failed.
  expect(await ownProfiles()).toEqual(before);
  return e;
}

function expectBrowserError(e: Error, code: string, exe: string): void {
  expect(isVetError(e), e.stack).toBe(true);
  expect(e).toMatchObject({ code, exitCode: 1 });
  expect(e.message).toContain(exe);
  expect(e.message).toContain('CHROMIUM_PATH');
  // Chinese, not puppeteer's or Node's English.
  expect(e.message).not.toMatch(/Browser was not found|Target closed|EACCES|ENOENT|spawn|Failed to launch/);
}

describe('launching a browser that cannot run', () => {
  it('a path that does not exist: BROWSER_MISSING, saying how to install Chromium', async () => {
    const exe = path.join(dir, 'no-such-chromium');
    const e = await launchError(exe);
    expectBrowserError(e, 'BROWSER_MISSING', exe);
    expect(e.message).toContain('apt-get install chromium');
  });

  it('/etc/passwd, a folder and a script without the execute bit: BROWSER_NOT_EXECUTABLE (not an unhandled spawn error)', async () => {
    const e1 = await launchError('/etc/passwd');
    expectBrowserError(e1, 'BROWSER_NOT_EXECUTABLE', '/etc/passwd');
    expect(e1.message).toContain('没有执行权限');
    const e2 = await launchError(dir);
    expectBrowserError(e2, 'BROWSER_NOT_EXECUTABLE', dir);
    expect(e2.message).toContain('是一个文件夹');
    const plain = await script('not-executable', 'exec /usr/bin/chromium "$@"', 0o644);
    expectBrowserError(await launchError(plain), 'BROWSER_NOT_EXECUTABLE', plain);
  });

  it('a program that exits at once: BROWSER_CRASHED with its exit code', async () => {
    const exe = await script('exits', 'exit 3');
    const e = await launchError(exe);
    expectBrowserError(e, 'BROWSER_CRASHED', exe);
    expect(e.message).toContain('启动时意外退出（退出码 3）');
  });

  it('a program that never answers: BROWSER_TIMEOUT after the launch timeout, and it is ended', async () => {
    const pidFile = path.join(dir, 'silent.pid');
    const exe = await script('silent', `echo $$ > ${pidFile}\nexec sleep 600`);
    const e = await launchError(exe, 1500);
    expectBrowserError(e, 'BROWSER_TIMEOUT', exe);
    expect(e.message).toContain('1.5 秒内没有响应');
    expect(e.message).toContain('VET_REPORT_BROWSER_TIMEOUT');
    const pid = Number(await readFile(pidFile, 'utf8'));
    expect(() => process.kill(pid, 0)).toThrow(); // the sleeping "browser" was killed
  });

  it('a printer whose launch failed fails every print with that error, without launching again', async () => {
    let launches = 0;
    const exe = path.join(dir, 'missing');
    const printer = createPrinter({
      launch: () => {
        launches++;
        return launchBrowser({ executablePath: exe });
      },
    });
    void printer.warm();
    const errors = await Promise.all([1, 2, 3].map(() => printer.use(async () => 'printed').catch((e: Error) => e)));
    for (const e of errors) expectBrowserError(e as Error, 'BROWSER_MISSING', exe);
    expect(launches).toBe(1);
    printer.retryLaunch();
    await expect(printer.use(async () => 'printed')).rejects.toMatchObject({ code: 'BROWSER_MISSING' });
    expect(launches).toBe(2);
    await printer.close();
  });

  it('a bad VET_REPORT_BROWSER_TIMEOUT is a usage error when the printer is made', () => {
    const before = process.env['VET_REPORT_BROWSER_TIMEOUT'];
    process.env['VET_REPORT_BROWSER_TIMEOUT'] = '半分钟';
    try {
      expect(() => createPrinter()).toThrow(
        expect.objectContaining({ code: 'BAD_OPTION', exitCode: 2, message: expect.stringContaining('VET_REPORT_BROWSER_TIMEOUT') }),
      );
    } finally {
      if (before === undefined) delete process.env['VET_REPORT_BROWSER_TIMEOUT'];
      else process.env['VET_REPORT_BROWSER_TIMEOUT'] = before;
    }
  });
});

describe.skipIf(skipBrowserTests)('a browser that crashes while printing', () => {
  let html: string;
  beforeAll(async () => {
    assertToolsPresent();
    html = path.join(dir, 'page.html');
    await writeFile(html, '<!doctype html><html><head><meta charset="utf-8"><title>t</title></head><body><p>Printed after the crash</p></body></html>');
  });

  /** A printer over the real Chromium that records each browser it launched. */
  function recordingPrinter(): { printer: ReturnType<typeof createPrinter>; launched: RenderBrowser[] } {
    const launched: RenderBrowser[] = [];
    const printer = createPrinter({
      launch: async () => {
        const rb = await launchBrowser();
        launched.push(rb);
        return rb;
      },
    });
    return { printer, launched };
  }

  it("is relaunched and the document printed again; the dead one's profile is removed", async () => {
    const { printer, launched } = recordingPrinter();
    const pdf = path.join(dir, 'after-crash.pdf');
    let kills = 0;
    try {
      const result = await printer.use(async (rb) => {
        const printing = printPdf(rb, html, pdf, { paged: false });
        // Chromium (its whole process group) is killed while the print is under way, once.
        if (kills++ === 0) process.kill(-rb.pid!, 'SIGKILL');
        return printing;
      });
      expect(result.pages).toBe(1);
      expect((await pdfPageTexts(pdf)).join('')).toContain('Printed after the crash');
      expect(launched).toHaveLength(2);
      expect(launched[0]!.exitReason()).toBe('被信号 SIGKILL 结束');
    } finally {
      await printer.close();
    }
    for (const rb of launched) await expect(stat(rb.userDataDir)).rejects.toThrow();
    expect(() => process.kill(launched[1]!.pid!, 0)).toThrow();
  }, 120_000);

  it('crashing again on the retry is BROWSER_CRASHED in Chinese, not "Target closed"', async () => {
    const { printer, launched } = recordingPrinter();
    try {
      const e = await printer
        .use(async (rb) => {
          const printing = printPdf(rb, html, path.join(dir, 'never.pdf'), { paged: false });
          process.kill(-rb.pid!, 'SIGKILL');
          return printing;
        })
        .catch((err: Error) => err);
      expectBrowserError(e as Error, 'BROWSER_CRASHED', '/usr/bin/chromium');
      expect((e as Error).message).toContain('在打印时意外退出（被信号 SIGKILL 结束）');
      expect(launched).toHaveLength(2);
    } finally {
      await printer.close();
    }
    for (const rb of launched) await expect(stat(rb.userDataDir)).rejects.toThrow();
  }, 120_000);
});

describe('profile folders left by killed runs', () => {
  it("are removed when their owner's pid is no longer running; a live owner's folder stays", async () => {
    const tmp = await mkdtemp(path.join(dir, 'tmp-'));
    // A pid that surely ended: a child that has exited.
    const child = spawn('true');
    const dead = child.pid!;
    await new Promise((r) => child.once('exit', r));
    const stale = `${PROFILE_PREFIX}${dead}-AbC123`;
    const live = `${PROFILE_PREFIX}${process.pid}-XyZ789`;
    const other = 'vet-report-pdf-Qq1234';
    for (const d of [stale, live, other]) {
      await mkdir(path.join(tmp, d, 'Default'), { recursive: true });
      await writeFile(path.join(tmp, d, 'Default', 'Preferences'), '{}');
    }
    expect(await sweepStaleProfiles(tmp)).toEqual([stale]);
    expect((await readdir(tmp)).sort()).toEqual([live, other].sort());
  });

  it('of older versions, without a pid in the name, are removed once untouched for a day', async () => {
    const tmp = await mkdtemp(path.join(dir, 'tmp-'));
    const old = `${PROFILE_PREFIX}AbC123`;
    const recent = `${PROFILE_PREFIX}XyZ789`;
    // Named like one but not a folder of ours: a file, and a suffix mkdtemp does not make.
    const file = `${PROFILE_PREFIX}Qq1234`;
    const odd = `${PROFILE_PREFIX}toolong1`;
    for (const d of [old, recent, odd]) {
      await mkdir(path.join(tmp, d, 'Default'), { recursive: true });
      await writeFile(path.join(tmp, d, 'Default', 'Preferences'), '{}');
    }
    await writeFile(path.join(tmp, file), '');
    const day = 24 * 60 * 60;
    const twoDaysAgo = Date.now() / 1000 - 2 * day;
    // 23 hours ago: an older version's run may still be printing into it.
    const hoursAgo = Date.now() / 1000 - day + 3600;
    for (const d of [old, file, odd]) await utimes(path.join(tmp, d), twoDaysAgo, twoDaysAgo);
    await utimes(path.join(tmp, recent), hoursAgo, hoursAgo);
    expect(await sweepStaleProfiles(tmp)).toEqual([old]);
    expect((await readdir(tmp)).sort()).toEqual([recent, file, odd].sort());
  });
});

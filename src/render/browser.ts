// Headless Chromium for rendering: Debian's /usr/bin/chromium driven by puppeteer-core,
// with a throw-away profile and pages that can load nothing but file: and data: URLs.
//
// Chromium is spawned here, not by puppeteer.launch: so every way it can fail (missing, not
// executable, exiting at start, never answering) is seen and reported in Chinese, no 'error'
// event of its process goes unhandled, and its profile folder is ours to remove on every exit.

import { spawn, type ChildProcess } from 'node:child_process';
import { constants, rmSync } from 'node:fs';
import { access, lstat, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { Browser, ConnectionTransport, Page } from 'puppeteer-core';
import { loadPuppeteer } from './puppeteer.js';
import { makeTempDir } from '../io.js';
import { VetError } from '../errors.js';
import { fsReason } from '../messages.js';

export { loadPuppeteer };

/** Flags that work headless as root on a machine without network. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Profile folders are named with the pid of the process that owns them (see sweepStaleProfiles). */
export const PROFILE_PREFIX = 'vet-report-chromium-';

export interface LaunchOptions {
  /** Defaults to env CHROMIUM_PATH, then /usr/bin/chromium. */
  executablePath?: string;
  /** Appended to CHROMIUM_ARGS. */
  extraArgs?: string[];
  /** How long Chromium may take to answer, in ms (default: env VET_REPORT_BROWSER_TIMEOUT seconds, else 30 s). */
  timeoutMs?: number;
}

export interface RenderBrowser {
  readonly browser: Browser;
  /** The executable that was started (for messages). */
  readonly executablePath: string;
  /** The fresh profile directory; removed by close(). */
  readonly userDataDir: string;
  /** Chromium's pid (tests end it to play a crash). */
  readonly pid: number | undefined;
  /** How Chromium's process ended, in Chinese ("退出码 1", "被信号 SIGKILL 结束"); null while it runs. */
  exitReason(): string | null;
  /** The same, once it has ended (its pipe may close a moment before its exit is seen). */
  readonly exited: Promise<string>;
  /** Closes Chromium and removes the profile directory. Safe to call twice. */
  close(): Promise<void>;
}

export function chromiumPath(explicit?: string): string {
  return explicit ?? (process.env['CHROMIUM_PATH'] || '/usr/bin/chromium');
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** The launch timeout from VET_REPORT_BROWSER_TIMEOUT (seconds), else 30 s. */
export function launchTimeoutMs(): number {
  const v = process.env['VET_REPORT_BROWSER_TIMEOUT'];
  if (v === undefined || v === '') return DEFAULT_TIMEOUT_MS;
  const s = Number(v);
  if (!Number.isFinite(s) || s <= 0) throw new VetError('BAD_OPTION', { option: 'VET_REPORT_BROWSER_TIMEOUT', detail: `应为正数（秒），而不是“${v}”` });
  return Math.round(s * 1000);
}

/** Missing or not executable: said before spawning (spawn would only say EACCES or ENOENT). */
async function checkExecutable(exe: string): Promise<void> {
  let st: Awaited<ReturnType<typeof stat>>;
  try {
    st = await stat(exe);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new VetError('BROWSER_MISSING', { path: exe });
    throw new VetError('BROWSER_NOT_EXECUTABLE', { path: exe, detail: `无法读取（${fsReason(e)}）` });
  }
  if (st.isDirectory()) throw new VetError('BROWSER_NOT_EXECUTABLE', { path: exe, detail: '是一个文件夹，不是程序' });
  try {
    await access(exe, constants.X_OK);
  } catch {
    throw new VetError('BROWSER_NOT_EXECUTABLE', { path: exe, detail: '不是可执行的程序（没有执行权限）' });
  }
}

/** What ended a process, in Chinese. */
function describeExit(code: number | null, signal: NodeJS.Signals | null, error?: Error): string {
  if (error) return `无法运行：${fsReason(error)}`;
  if (signal) return `被信号 ${signal} 结束`;
  return `退出码 ${code ?? '未知'}`;
}

// Chromium processes and profiles of this process: ended and removed when it exits, however it
// exits (the CLI's signal handlers call process.exit; a thrown error ends the run too).
const live = new Map<ChildProcess, string>();
let exitHook = false;

function killGroup(proc: ChildProcess): void {
  if (proc.pid === undefined || proc.exitCode !== null || proc.signalCode !== null) return;
  try {
    // Chromium leads its own process group (detached): its renderers go with it.
    process.kill(-proc.pid, 'SIGKILL');
  } catch {
    try {
      proc.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
}

function track(proc: ChildProcess, dir: string): void {
  live.set(proc, dir);
  if (exitHook) return;
  exitHook = true;
  process.on('exit', () => {
    for (const [p, d] of live) {
      killGroup(p);
      try {
        rmSync(d, { recursive: true, force: true, maxRetries: 3 });
      } catch {
        // swept by the next run (sweepStaleProfiles)
      }
    }
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A profile folder named by its owner's pid: `vet-report-chromium-<pid>-XXXXXX`. */
const OWNED = new RegExp(`^${PROFILE_PREFIX}(\\d+)-`);
/** A folder of the versions before the pid was in the name: `vet-report-chromium-XXXXXX` (mkdtemp's six). */
const UNOWNED = new RegExp(`^${PROFILE_PREFIX}[A-Za-z0-9]{6}$`);
/** An unowned folder untouched this long is left behind: no render runs for a day. */
const UNOWNED_STALE_MS = 24 * 60 * 60 * 1000;

/**
 * Removes profile folders left in `dir` by runs that were killed (SIGKILL leaves no chance to
 * clean up): those whose owning pid, in the folder's name, is no longer running, and those of
 * older versions without a pid that were last changed more than a day ago (a run of an older
 * version may still be using a newer one). Returns their names.
 */
export async function sweepStaleProfiles(dir: string = tmpdir()): Promise<string[]> {
  const now = Date.now();
  const removed: string[] = [];
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const m = OWNED.exec(name);
    if (m ? isAlive(Number(m[1])) : !UNOWNED.test(name) || !(await unchangedSince(path.join(dir, name), now - UNOWNED_STALE_MS))) continue;
    await rm(path.join(dir, name), { recursive: true, force: true, maxRetries: 3 }).then(
      () => removed.push(name),
      () => undefined,
    );
  }
  return removed;
}

/** A folder (not a link to one) last modified before `time`. */
async function unchangedSince(folder: string, time: number): Promise<boolean> {
  const s = await lstat(folder).catch(() => null);
  return !!s && s.isDirectory() && s.mtimeMs < time;
}
let _swept: Promise<unknown> | undefined;

/** Chromium's remote-debugging pipe: JSON messages ended by NUL, written to its fd 3, read from its fd 4. */
class PipeTransport implements ConnectionTransport {
  onmessage?: (message: string) => void;
  onclose?: () => void;
  #closed = false;
  #pending: Buffer[] = [];
  constructor(
    private readonly out: Writable,
    input: Readable,
  ) {
    // A pipe to a process that died errs (EPIPE): that is the close below, not an exception.
    out.on('error', () => undefined);
    input.on('error', () => undefined);
    input.on('data', (chunk: Buffer) => this.#read(chunk));
    input.on('close', () => this.close());
  }
  send(message: string): void {
    if (this.#closed) return;
    this.out.write(message);
    this.out.write('\0');
  }
  #read(chunk: Buffer): void {
    let at = chunk.indexOf(0);
    if (at < 0) {
      this.#pending.push(chunk);
      return;
    }
    let buf = Buffer.concat([...this.#pending, chunk]);
    this.#pending = [];
    for (at = buf.indexOf(0); at >= 0; at = buf.indexOf(0)) {
      const message = buf.toString('utf8', 0, at);
      // Dispatched as puppeteer's own pipe does: one message per macrotask.
      setImmediate(() => this.onmessage?.(message));
      buf = buf.subarray(at + 1);
    }
    if (buf.length) this.#pending.push(buf);
  }
  /** Also when puppeteer never got its answer: its pending calls end now instead of at their timeout. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.onclose?.();
  }
}

/**
 * Starts Chromium and connects to it within the timeout. Every failure is a VetError naming the
 * executable and what to do: missing, not executable, exited while starting, did not answer.
 */
export async function launchBrowser(opts: LaunchOptions = {}): Promise<RenderBrowser> {
  const exe = chromiumPath(opts.executablePath);
  const timeoutMs = opts.timeoutMs ?? launchTimeoutMs();
  await checkExecutable(exe);
  _swept ??= sweepStaleProfiles();
  const puppeteer = await loadPuppeteer();
  const userDataDir = await makeTempDir(`${PROFILE_PREFIX}${process.pid}-`);
  const args = [...puppeteer.defaultArgs({ headless: true, userDataDir, args: [...CHROMIUM_ARGS, ...(opts.extraArgs ?? [])] }), '--remote-debugging-pipe'];
  let proc: ChildProcess;
  try {
    proc = spawn(exe, args, { detached: true, stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'], env: process.env });
  } catch (e) {
    await rm(userDataDir, { recursive: true, force: true });
    throw new VetError('BROWSER_NOT_EXECUTABLE', { path: exe, detail: `无法运行（${fsReason(e)}）` });
  }
  track(proc, userDataDir);
  let reason: string | null = null;
  const ended = new Promise<string>((resolve) => {
    proc.once('exit', (code, signal) => resolve((reason ??= describeExit(code, signal))));
    proc.once('error', (e) => resolve((reason ??= describeExit(null, null, e))));
  });
  // Chromium's own log is not shown; read so that a full pipe never blocks it.
  proc.stderr!.on('error', () => undefined).resume();
  const transport = new PipeTransport(proc.stdio[3] as Writable, proc.stdio[4] as Readable);

  const dispose = async (): Promise<void> => {
    killGroup(proc);
    if (proc.pid !== undefined) await ended;
    transport.close();
    live.delete(proc);
    await rm(userDataDir, { recursive: true, force: true, maxRetries: 3 });
  };

  let timer: NodeJS.Timeout | undefined;
  const connecting = puppeteer.connect({ transport });
  const outcome = await Promise.race([
    connecting.then(
      (browser) => ({ browser }),
      () => ({ failed: true as const }),
    ),
    ended.then((how) => ({ how })),
    new Promise<{ timeout: true }>((resolve) => (timer = setTimeout(() => resolve({ timeout: true }), timeoutMs))),
  ]);
  clearTimeout(timer);
  if (!('browser' in outcome)) {
    void connecting.then(
      (b) => b.disconnect(),
      () => undefined,
    );
    // A connection that failed is Chromium going away: its exit says how (give it a moment).
    const how =
      'how' in outcome
        ? outcome.how
        : 'failed' in outcome
          ? await Promise.race([ended, new Promise<string>((r) => setTimeout(() => r('连接中断'), 1000))])
          : null;
    await dispose();
    if (how === null) throw new VetError('BROWSER_TIMEOUT', { path: exe, seconds: Math.round(timeoutMs / 100) / 10 });
    throw new VetError('BROWSER_CRASHED', { path: exe, when: '启动时', how });
  }
  const { browser } = outcome;
  let closed: Promise<void> | undefined;
  return {
    browser,
    executablePath: exe,
    userDataDir,
    pid: proc.pid,
    exitReason: () => reason,
    exited: ended,
    close() {
      // The profile is thrown away, so there is nothing for Chromium to save: ending it outright
      // instead of a graceful close saves ~0.2 s of every run.
      closed ??= (async () => {
        try {
          await dispose();
        } finally {
          await browser.disconnect().catch(() => undefined);
        }
      })();
      return closed;
    },
  };
}

/** Opens a guarded tab into the pool now, so that the first document does not wait for one. */
export async function warmPage(rb: RenderBrowser | Browser): Promise<void> {
  await (await acquirePage(rb)).release(true);
}

/** Only local files and inline data may be loaded while rendering. */
export function isAllowedUrl(url: string): boolean {
  return url.startsWith('file:') || url.startsWith('data:');
}

export interface GuardedPageOptions {
  /** Run the document's own scripts (default false; our page.evaluate calls work either way). */
  javaScript?: boolean;
  /** Viewport width in CSS px (default 794 = A4 width at 96 dpi). */
  viewportWidth?: number;
}

export interface GuardedPage {
  readonly page: Page;
  /** Every URL that was refused, in request order (duplicates kept once). */
  readonly blocked: string[];
  close(): Promise<void>;
}

export interface PooledPage extends GuardedPage {
  /**
   * Done with the page: a page that served its document without error goes back to the
   * browser's pool for the next document (reusable = true); any other is closed.
   */
  release(reusable: boolean): Promise<void>;
}

/**
 * Tabs with default options, kept per browser between documents. Opening a tab (a renderer
 * process and five protocol calls to guard it) cost ~0.1 s per edition of a full build; a tab
 * that navigates to the next file is guarded already and keeps its renderer.
 */
const pools = new WeakMap<Browser, GuardedPage[]>();

export async function acquirePage(rb: RenderBrowser | Browser): Promise<PooledPage> {
  const browser = 'browser' in rb ? rb.browser : rb;
  let pool = pools.get(browser);
  if (!pool) pools.set(browser, (pool = []));
  let g: GuardedPage | undefined;
  while ((g = pool.pop()) && g.page.isClosed());
  g ??= await openGuardedPage(browser);
  g.blocked.length = 0;
  const page = g;
  return {
    page: page.page,
    blocked: page.blocked,
    close: () => page.close(),
    async release(reusable) {
      if (reusable && browser.connected && !page.page.isClosed()) {
        // As a new tab is: screen media (the next document is loaded, then emulated for print).
        try {
          await page.page.emulateMediaType(undefined);
          pool.push(page);
          return;
        } catch {
          // closed below
        }
      }
      await page.close().catch(() => undefined);
    },
  };
}

/**
 * A new tab that aborts every request that is not file: or data: and records it.
 * The document's Content-Security-Policy is bypassed so that a reference to the network is
 * refused here (and reported) rather than silently by CSP.
 */
export async function openGuardedPage(rb: RenderBrowser | Browser, opts: GuardedPageOptions = {}): Promise<GuardedPage> {
  const browser = 'browser' in rb ? rb.browser : rb;
  const page = await browser.newPage();
  const blocked: string[] = [];
  try {
    await page.setBypassCSP(true);
    await page.setJavaScriptEnabled(opts.javaScript ?? false);
    await page.setViewport({ width: opts.viewportWidth ?? 794, height: 1123 });
    await page.setRequestInterception(true);
    page.on('request', (req) => {
      const url = req.url();
      if (isAllowedUrl(url)) {
        void req.continue().catch(() => undefined);
      } else {
        if (!blocked.includes(url)) blocked.push(url);
        void req.abort('blockedbyclient').catch(() => undefined);
      }
    });
  } catch (err) {
    await page.close().catch(() => undefined);
    throw err;
  }
  return {
    page,
    blocked,
    async close() {
      if (!page.isClosed()) await page.close();
    },
  };
}

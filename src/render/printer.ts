/**
 * The one owner of Chromium's life in a build: launch (with a timeout, failures in Chinese),
 * relaunch after a crash, the tab pool (browser.ts's acquirePage, per browser) and close. Its
 * caller creates it (runBuild when given none, watch for all its builds, tests) and passes it
 * down; nothing else launches Chromium.
 */
import { VetError } from '../errors.js';
import { launchBrowser, launchTimeoutMs, loadPuppeteer, warmPage, type LaunchOptions, type RenderBrowser } from './browser.js';

export interface PrinterOptions extends LaunchOptions {
  /** How a browser is started (default launchBrowser with these options); tests wrap it. */
  launch?: () => Promise<RenderBrowser>;
  /** A browser the caller keeps: printed with while it runs, never closed here. */
  lent?: RenderBrowser;
}

export interface Printer {
  /**
   * Starts Chromium and its first tab now, unless one runs or a launch failed: an analyst's
   * one-edition build renders its HTML meanwhile. Resolves once puppeteer is loaded (the launch
   * is under way); never rejects (the launch's failure comes from use()).
   */
  warm(): Promise<void>;
  /**
   * Runs fn with a running browser, launching one if needed. If the browser dies during fn
   * (a crash, a kill), fn runs once more with a fresh one; dying again is BROWSER_CRASHED.
   * A launch that failed fails every later use with the same VetError, without trying again,
   * until retryLaunch().
   */
  use<T>(fn: (rb: RenderBrowser) => Promise<T>): Promise<T>;
  /** Forgets a failed launch: the next use() tries again (watch mode, before each build). */
  retryLaunch(): void;
  /** Closes the browser it launched and removes its profile. Safe to call twice. */
  close(): Promise<void>;
}

export function createPrinter(opts: PrinterOptions = {}): Printer {
  const { lent } = opts;
  // A bad VET_REPORT_BROWSER_TIMEOUT is a usage error before the build, not a failure per edition.
  const launchOpts = { ...opts, timeoutMs: opts.timeoutMs ?? launchTimeoutMs() };
  const launchOne = opts.launch ?? (() => launchBrowser(launchOpts));
  let current: Promise<RenderBrowser> | null = lent ? Promise.resolve(lent) : null;
  let failure: unknown = null;
  const retiring = new Set<Promise<void>>();

  const retire = (rb: RenderBrowser): void => {
    if (rb === lent) return;
    const p = rb.close().catch(() => undefined);
    retiring.add(p);
    void p.then(() => retiring.delete(p));
  };

  const start = (warm: boolean): Promise<RenderBrowser> => {
    const p = launchOne().then(async (rb) => {
      if (warm) await warmPage(rb).catch(() => undefined);
      return rb;
    });
    p.catch((e: unknown) => {
      if (current === p) {
        failure = e;
        current = null;
      }
    });
    return (current = p);
  };

  /** The running browser; one that crashed is replaced (once, however many tabs ask at the same time). */
  const get = async (): Promise<RenderBrowser> => {
    for (;;) {
      if (failure) throw failure;
      const p = current ?? start(false);
      let rb: RenderBrowser;
      try {
        rb = await p;
      } catch (e) {
        throw failure ?? e;
      }
      if (rb.browser.connected) return rb;
      if (current === p) {
        current = null;
        retire(rb);
      }
    }
  };

  const crashed = async (rb: RenderBrowser): Promise<VetError> => {
    const how = await Promise.race([rb.exited, new Promise<string>((r) => setTimeout(() => r('连接中断'), 1000).unref())]);
    return new VetError('BROWSER_CRASHED', { path: rb.executablePath, when: '在打印时', how });
  };

  return {
    async warm() {
      if (current || failure) return;
      const loading = loadPuppeteer();
      start(true);
      await loading.then(
        () => undefined,
        () => undefined,
      );
    },
    async use(fn) {
      const rb = await get();
      try {
        return await fn(rb);
      } catch (e) {
        if (rb.browser.connected) throw e;
      }
      // The browser went away while printing: once more with a fresh one.
      const again = await get();
      try {
        return await fn(again);
      } catch (e) {
        if (again.browser.connected) throw e;
        throw await crashed(again);
      }
    },
    retryLaunch() {
      failure = null;
    },
    async close() {
      const p = current;
      current = null;
      failure = new Error('printer closed');
      const rb = p ? await p.catch(() => null) : null;
      if (rb) retire(rb);
      await Promise.all(retiring);
    },
  };
}

// Headless Chromium for rendering: Debian's /usr/bin/chromium driven by puppeteer-core,
// with a throw-away profile and pages that can load nothing but file: and data: URLs.

import { rm } from 'node:fs/promises';
import type { Browser, Page } from 'puppeteer-core';
import { loadPuppeteer } from './puppeteer.js';
import { makeTempDir } from '../io.js';

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

export interface LaunchOptions {
  /** Defaults to env CHROMIUM_PATH, then /usr/bin/chromium. */
  executablePath?: string;
  /** Appended to CHROMIUM_ARGS. */
  extraArgs?: string[];
  /** Launch timeout in ms (default 30 s). */
  timeoutMs?: number;
}

export interface RenderBrowser {
  readonly browser: Browser;
  /** The fresh profile directory; removed by close(). */
  readonly userDataDir: string;
  /** Closes Chromium and removes the profile directory. Safe to call twice. */
  close(): Promise<void>;
}

export function chromiumPath(explicit?: string): string {
  return explicit ?? process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
}

export async function launchBrowser(opts: LaunchOptions = {}): Promise<RenderBrowser> {
  const puppeteer = await loadPuppeteer();
  const userDataDir = await makeTempDir('vet-report-chromium-');
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      executablePath: chromiumPath(opts.executablePath),
      headless: true,
      // A pipe instead of a debugging port: Chromium opens no TCP socket.
      pipe: true,
      userDataDir,
      args: [...CHROMIUM_ARGS, ...(opts.extraArgs ?? [])],
      timeout: opts.timeoutMs ?? 30_000,
      // A signal ends the whole run (the CLI exits; puppeteer's exit hook kills Chromium). With
      // puppeteer's own handlers the browser closed but the build went on, failing every edition.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  } catch (err) {
    await rm(userDataDir, { recursive: true, force: true });
    throw err;
  }
  let closed: Promise<void> | undefined;
  return {
    browser,
    userDataDir,
    close() {
      closed ??= (async () => {
        try {
          const proc = browser.process();
          if (proc && proc.exitCode === null && proc.signalCode === null) {
            // The profile is thrown away, so there is nothing for Chromium to save: ending it
            // outright instead of a graceful close saves ~0.2 s of every run.
            const exited = new Promise((resolve) => proc.once('exit', resolve));
            proc.kill('SIGKILL');
            await exited;
            await browser.disconnect().catch(() => undefined);
          } else {
            await browser.close();
          }
        } finally {
          await rm(userDataDir, { recursive: true, force: true, maxRetries: 3 });
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
export async function openGuardedPage(
  rb: RenderBrowser | Browser,
  opts: GuardedPageOptions = {},
): Promise<GuardedPage> {
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

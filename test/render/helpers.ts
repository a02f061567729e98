import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { chromiumPath } from '../../src/render/browser.js';
import { TEMPLATES } from '../../src/paths.js';

/**
 * Browser tests run against the real Chromium and poppler-utils. They fail (not skip) when those
 * are missing, unless VET_REPORT_SKIP_BROWSER_TESTS=1 says this machine cannot run them.
 */
export const skipBrowserTests = process.env['VET_REPORT_SKIP_BROWSER_TESTS'] === '1';

export function assertToolsPresent(): void {
  if (!existsSync(chromiumPath())) {
    throw new Error(`Chromium not found at ${chromiumPath()} (set CHROMIUM_PATH, or VET_REPORT_SKIP_BROWSER_TESTS=1)`);
  }
  if (!existsSync('/usr/bin/pdftotext') && !process.env['PATH']?.split(':').some((d) => existsSync(`${d}/pdftotext`))) {
    throw new Error('pdftotext not found: install poppler-utils (or VET_REPORT_SKIP_BROWSER_TESTS=1)');
  }
}

/** Text with all whitespace removed (pdftotext splits and spaces CJK text freely). */
export function squash(s: string): string {
  return s.replace(/\s+/g, '');
}

/**
 * Points the tool cache ($VET_REPORT_CACHE) at a fresh empty folder for the calling describe
 * block (call it in the block's body) and restores it after; returns the folder.
 */
export function useEmptyToolCache(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  // Set when the block runs, not when it is collected: two blocks in one file each get their own.
  let before: string | undefined;
  beforeAll(() => {
    before = process.env['VET_REPORT_CACHE'];
    process.env['VET_REPORT_CACHE'] = dir;
  });
  afterAll(() => {
    if (before === undefined) delete process.env['VET_REPORT_CACHE'];
    else process.env['VET_REPORT_CACHE'] = before;
    rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

/**
 * For the calling describe block (call it in the block's body): a function that makes a temporary
 * folder holding a copy of the shipped templates, to edit; the folder is removed afterwards.
 */
export function useTemplatesCopy(prefix: string): () => Promise<{ root: string; templates: string }> {
  let root: string | undefined;
  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });
  return async () => {
    root = await mkdtemp(path.join(tmpdir(), prefix));
    const templates = path.join(root, 'templates');
    await cp(TEMPLATES, templates, { recursive: true });
    return { root, templates };
  };
}

import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { chromiumPath } from '../../src/render/browser.js';
import { TEMPLATES, type CacheKind } from '../../src/paths.js';
import { entryKind } from '../../src/cache.js';

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

/** The entry files of the tool cache in `cache` (a VET_REPORT_CACHE folder) whose kind is `kind` (any kind if not given), sorted. */
export async function storeEntries(cache: string, kind?: CacheKind): Promise<string[]> {
  const store = path.join(cache, 'store');
  const files = existsSync(store) ? readdirSync(store, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.vrc')) : [];
  const out: string[] = [];
  for (const e of files) {
    const file = path.join(e.parentPath, e.name);
    const k = await entryKind(file);
    if (k && (!kind || k === kind)) out.push(file);
  }
  return out.sort();
}

/** The content of an entry file (after its header line and hash). */
export function entryContent(file: string): Buffer {
  const stored = readFileSync(file);
  return stored.subarray(stored.indexOf(0x0a) + 1 + 32);
}

/**
 * Replaces the content of an entry file and writes its hash to match, as one who meant to would:
 * the entry passes the cache's check, so what happens next is up to the code that reads it.
 */
export function rewriteEntry(file: string, edit: (content: Buffer) => string | Buffer): void {
  const stored = readFileSync(file);
  const head = stored.indexOf(0x0a) + 1;
  const body = Buffer.from(edit(entryContent(file)));
  writeFileSync(file, Buffer.concat([stored.subarray(0, head), createHash('sha256').update(body).digest(), body]));
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

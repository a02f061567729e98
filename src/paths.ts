/** Where the package's own folders are, from src/ or dist/ alike (both sit one level below the root). */
import { mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { homedir, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const TEMPLATES = fileURLToPath(new URL('../templates', import.meta.url));
export const DATA = fileURLToPath(new URL('../data', import.meta.url));

/** What the tool cache keeps, each kind named in the build log when an entry of it was damaged. */
export const CACHE_KINDS = ['charts', 'data', 'layout', 'sheets', 'subsets', 'xlsx'] as const;
export type CacheKind = (typeof CACHE_KINDS)[number];

/**
 * The tool's own cache of work that depends only on content (font subsets, charts, layouts,
 * workbooks, the sheets of input files, validated data): one store, store/ under
 * VET_REPORT_CACHE, else $XDG_CACHE_HOME/vet-report or ~/.cache/vet-report (entries are read and
 * written by src/cache.ts only). Safe to delete; a CI job may keep it.
 */
export function storeDir(): string {
  return join(cacheRoot(), 'store');
}

const roots = new Map<string, string>();

/**
 * The cache holds what the build publishes (workbooks, charts, validated figures). Its check
 * finds damage, not intent (anyone who can write an entry can write its hash), so it is used
 * only in a folder this user owns and other users cannot write to; a VET_REPORT_CACHE that is
 * not is passed over (said once on stderr) for the user's own cache folder.
 */
export function cacheRoot(): string {
  const given = process.env['VET_REPORT_CACHE'] || '';
  let root = roots.get(given);
  if (root === undefined) {
    const own = process.env['XDG_CACHE_HOME'] || join(homedir(), '.cache');
    const candidates = [...(given ? [given] : []), join(own, 'vet-report'), join(tmpdir(), `vet-report-cache-${userTag()}`)];
    root = candidates.find(safeFolder);
    if (given && root !== given) process.stderr.write(`提示：VET_REPORT_CACHE=${given} 不属于当前用户或其他用户可写，改用 ${root ?? '临时文件夹'}。\n`);
    if (root === undefined) {
      // Nowhere safe to keep it: a private folder for this run, removed at exit.
      const tmp = mkdtempSync(join(tmpdir(), 'vet-report-cache-'));
      process.once('exit', () => rmSync(tmp, { recursive: true, force: true }));
      root = tmp;
    }
    roots.set(given, root);
  }
  return root;
}

function userTag(): string {
  return String(process.getuid?.() ?? userInfo().username);
}

function safeFolder(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = statSync(dir);
    const uid = process.getuid?.();
    return st.isDirectory() && (uid === undefined || st.uid === uid) && (st.mode & 0o002) === 0;
  } catch {
    return false;
  }
}

// The tool cache (cacheDir, $VET_REPORT_CACHE): outputs kept by a key of everything they are
// made from, so that a build on the same machine, or a CI run that keeps the folder, does not
// make them again. Entries are written atomically and any failure to read or write one only
// means the work is done again.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCacheFile, writeCacheFileSync } from './io.js';
import { CACHE_AREAS, cacheDir, cacheRoot, type CacheArea } from './paths.js';

/** The bytes under cacheDir(area, name), or build() stored there. */
export async function cachedBytes(area: CacheArea, name: string, build: () => Promise<Uint8Array>): Promise<Uint8Array> {
  const file = cacheDir(area, name);
  try {
    return new Uint8Array(await readFile(file));
  } catch {
    const bytes = await build();
    await writeCacheFile(file, bytes);
    return bytes;
  }
}

/**
 * For synchronous callers (template compilation runs inside Handlebars helpers): use() of the
 * text under cacheDir(area, name), or of build()'s, stored there. An entry use() throws on (a
 * write cut short) is built again and replaced; an error of build() itself is thrown.
 */
export function cachedTextSync<T>(area: CacheArea, name: string, build: () => string, use: (text: string) => T): T {
  const file = cacheDir(area, name);
  try {
    return use(readFileSync(file, 'utf8'));
  } catch {
    const text = build();
    writeCacheFileSync(file, text);
    return use(text);
  }
}

/**
 * A hash of the code that makes a cached output: the source files (URLs relative to `base`, as
 * .js in dist/ or .ts under tsx) and any library versions given. An edit to that code then never
 * reuses an old entry; a file that cannot be read makes a hash that matches nothing.
 */
export function sourceHash(base: string, files: readonly string[], extra: readonly string[] = []): string {
  const h = createHash('sha256').update(extra.join('\n'));
  for (const f of files) {
    const found = [f, f.replace(/\.js$/, '.ts')].map((x) => fileURLToPath(new URL(x, base))).find((p) => existsSync(p));
    h.update(found ? readFileSync(found) : String(Math.random()));
  }
  return h.digest('hex');
}

/** sha256 of the parts, for cache entry names. */
export function cacheKey(...parts: readonly (string | Uint8Array)[]): string {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex');
}

/** A package's version from its package.json, found above its entry point (vega exports no ./package.json). */
export function packageVersion(name: string): string {
  let dir = dirname(createRequire(import.meta.url).resolve(name));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === name) return pkg.version ?? '?';
    }
    const up = dirname(dir);
    if (up === dir) return '?';
    dir = up;
  }
}

/** VET_REPORT_CACHE_MAX_MB, default 1024: the tool cache is cut back below this once a day. */
export function cacheLimitBytes(): number {
  const mb = Number(process.env['VET_REPORT_CACHE_MAX_MB']);
  return (Number.isFinite(mb) && mb > 0 ? mb : 1024) * 2 ** 20;
}

const PRUNE_EVERY_MS = 24 * 3600 * 1000;

/**
 * Keeps the tool cache under its limit: when it is over, the entries written longest ago are
 * removed until it is at 80 % (anything removed is only made again when next needed; reading an
 * entry does not renew it, so this is oldest-written, not least-recently-used). Walking
 * the cache is ~0.1 s, so it is done at most once a day (a stamp file's time says when); `force`
 * walks now. Failures are ignored: the cache is an optimisation.
 */
export async function pruneCache(opts: { force?: boolean; now?: number } = {}): Promise<{ removed: number; bytes: number } | null> {
  const now = opts.now ?? Date.now();
  const stamp = join(cacheRoot(), '.pruned');
  try {
    const age = now - (await stat(stamp)).mtimeMs;
    // (A stamp from the future, after the clock was set back, counts as old.)
    if (!opts.force && age >= 0 && age < PRUNE_EVERY_MS) return null;
  } catch {
    // never pruned
  }
  try {
    const files: { file: string; bytes: number; t: number }[] = [];
    // Only the tool's own folders: VET_REPORT_CACHE may point at a folder that holds other things.
    const walk = async (dir: string): Promise<void> => {
      for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
        const full = join(dir, e.name);
        if (e.isDirectory()) await walk(full);
        else {
          const st = await stat(full).catch(() => null);
          if (st) files.push({ file: full, bytes: st.size, t: st.mtimeMs });
        }
      }
    };
    for (const area of CACHE_AREAS) await walk(cacheDir(area));
    let total = files.reduce((n, f) => n + f.bytes, 0);
    const limit = cacheLimitBytes();
    let removed = 0;
    if (total > limit) {
      for (const f of files.sort((a, b) => a.t - b.t)) {
        if (total <= limit * 0.8) break;
        await rm(f.file, { force: true });
        total -= f.bytes;
        removed++;
      }
    }
    await writeFile(stamp, '').catch(async () => undefined);
    await utimes(stamp, now / 1000, now / 1000).catch(() => undefined);
    return { removed, bytes: total };
  } catch {
    return null;
  }
}

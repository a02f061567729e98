// The tool cache (cacheDir, $VET_REPORT_CACHE): outputs kept by a key of everything they are
// made from, so that a build on the same machine, or a CI run that keeps the folder, does not
// make them again. Entries are written atomically and any failure to read or write one only
// means the work is done again.

import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCacheFile, writeCacheFileSync } from './io.js';
import { cacheDir } from './paths.js';

/** The bytes under cacheDir(area, name), or build() stored there. */
export async function cachedBytes(area: string, name: string, build: () => Promise<Uint8Array>): Promise<Uint8Array> {
  const file = cacheDir(area, name);
  try {
    return new Uint8Array(await readFile(file));
  } catch {
    const bytes = await build();
    await writeCacheFile(file, bytes);
    return bytes;
  }
}

/** The same for synchronous callers (template compilation runs inside Handlebars helpers). */
export function cachedTextSync(area: string, name: string, build: () => string): string {
  const file = cacheDir(area, name);
  try {
    return readFileSync(file, 'utf8');
  } catch {
    const text = build();
    writeCacheFileSync(file, text);
    return text;
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

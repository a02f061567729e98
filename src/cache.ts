// The tool cache (storeDir, $VET_REPORT_CACHE): outputs kept by a key of everything they are
// made from, so that a build on the same machine, or a CI run that keeps the folder, does not
// make them again. One store: every entry is read and written through this module (readEntry,
// writeEntry, cachedBytes), which names it by the hash of its kind and key and checks its content
// against the hash written with it, and one size limit with one eviction (pruneCache) keeps it
// small. The cache is an optimisation, so a damaged entry, like a failure to read or write one,
// only means the work is done again. It holds data only, never code the build runs.

import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCacheFile } from './io.js';
import { UI } from './messages.js';
import { CACHE_KINDS, cacheRoot, storeDir, type CacheKind } from './paths.js';

// ---------------------------------------------------------------- entries

/**
 * An entry on disk: a header naming the format and the kind (one line), the sha256 of the
 * content, the content. A flipped bit, a write cut short or an edit by hand then fails the check
 * on read instead of reaching a published output (a workbook with a CRC error, an SVG with a
 * damaged attribute, a PDF laid out by wrong page numbers). Files of other formats (an older
 * version's) never pass the check, so are never read; they age out in pruneCache.
 */
const headerOf = (kind: string): Buffer => Buffer.from(`vet-report cache 2 ${kind}\n`);
const ENTRY = '.vrc';

const sha256 = (data: Uint8Array): Buffer => createHash('sha256').update(data).digest();

/** Where the entry `name` of `kind` is kept: store/ab/abcd….vrc, named by the hash of both. */
export function entryFile(kind: CacheKind, name: string): string {
  const key = cacheKey(kind, name);
  return join(storeDir(), key.slice(0, 2), key + ENTRY);
}

function seal(kind: CacheKind, data: string | Uint8Array): Buffer {
  const body = typeof data === 'string' ? Buffer.from(data) : data;
  return Buffer.concat([headerOf(kind), sha256(body), body]);
}

function unseal(kind: string, stored: Buffer): Buffer | null {
  const header = headerOf(kind);
  const at = header.length + 32;
  if (stored.length < at || !stored.subarray(0, header.length).equals(header)) return null;
  const body = stored.subarray(at);
  return sha256(body).equals(stored.subarray(header.length, at)) ? body : null;
}

/**
 * The kind of the entry in `file` when it is sound (its content has its hash), else null: for
 * looking into the store from outside (tests, a user wondering what a file is).
 */
export async function entryKind(file: string): Promise<CacheKind | null> {
  const stored = await readFile(file).catch(() => null);
  const kind = stored ? /^vet-report cache 2 ([a-z]+)\n/.exec(stored.subarray(0, 64).toString('latin1'))?.[1] : undefined;
  return kind && (CACHE_KINDS as readonly string[]).includes(kind) && unseal(kind, stored!) ? (kind as CacheKind) : null;
}

/** Entries found damaged since the last takeCacheNotices(), as kind/name. */
const damaged = new Set<string>();

/**
 * The content of an entry, checked against its hash; null when there is none. A damaged entry is
 * removed (the caller makes it again and writes it) and said in the next takeCacheNotices().
 */
export async function readEntry(kind: CacheKind, name: string): Promise<Buffer | null> {
  const file = entryFile(kind, name);
  let stored: Buffer;
  try {
    stored = await readFile(file);
  } catch {
    return null;
  }
  const body = unseal(kind, stored);
  if (!body) {
    damaged.add(`${kind}/${name}`);
    await rm(file, { force: true }).catch(() => undefined);
  }
  return body;
}

/** Writes an entry with its hash (atomically; a cache that cannot be written only costs speed). */
export async function writeEntry(kind: CacheKind, name: string, data: string | Uint8Array): Promise<void> {
  await writeCacheFile(entryFile(kind, name), seal(kind, data));
}

/** Removes an entry that read well but proved wrong for its purpose (a layout that did not hold). */
export async function removeEntry(kind: CacheKind, name: string): Promise<void> {
  await rm(entryFile(kind, name), { force: true }).catch(() => undefined);
}

/** The bytes of the entry `name` of `kind`, or build()'s, stored there. */
export async function cachedBytes(kind: CacheKind, name: string, build: () => Promise<Uint8Array>): Promise<Uint8Array> {
  const hit = await readEntry(kind, name);
  if (hit) return hit;
  const bytes = await build();
  await writeEntry(kind, name, bytes);
  return bytes;
}

/**
 * The build log's line about damaged entries found since the last call (each was made again),
 * or none; the caller prints it with its other notices.
 */
export function takeCacheNotices(): string[] {
  if (!damaged.size) return [];
  const byKind = new Map<string, number>();
  for (const e of damaged) {
    const kind = e.slice(0, e.indexOf('/'));
    byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
  }
  damaged.clear();
  const what = [...byKind].map(([kind, n]) => `${UI.cacheKind[kind] ?? kind} ${n} 个`).join('、');
  return [UI.cacheDamaged(what, cacheRoot())];
}

// ---------------------------------------------------------------- keys

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

/** What an input file's bytes hash to, and the file's state when they were read. */
export interface FileDigest {
  /** sha256 of the bytes, hex. */
  digest: string;
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

const digests = new Map<string, FileDigest>();
let hashedCount = 0;

const sameState = (a: Stats | FileDigest, b: FileDigest) => a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino;

/**
 * The sha256 of a file's bytes, hashed once per process while the file is unchanged (same size,
 * modification and change times, inode): the build's input hash and the sheet cache's lookups
 * ask for the same files, and hashing every input again for each was a cost on every cold build.
 * A digest whose file changed while it was read is not kept. Rejects when the file cannot be read.
 */
export async function fileDigest(file: string): Promise<FileDigest> {
  const before = await stat(file);
  const known = digests.get(file);
  if (known && sameState(before, known)) return known;
  // A large file is hashed as it streams past, not held whole.
  const digest = before.size <= 8 << 20 ? sha256(await readFile(file)).toString('hex') : await streamedSha256(file);
  hashedCount++;
  const d: FileDigest = { digest, size: before.size, mtimeMs: before.mtimeMs, ctimeMs: before.ctimeMs, ino: before.ino };
  if (sameState(await stat(file), d)) digests.set(file, d);
  return d;
}

async function streamedSha256(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** Whether `file` is still as it was when `d` was taken (saved again since, it is not). */
export async function unchangedSince(file: string, d: FileDigest): Promise<boolean> {
  return stat(file).then(
    (st) => sameState(st, d),
    () => false,
  );
}

/** How many times file bytes were hashed by fileDigest in this process (tests count the work). */
export function filesHashed(): number {
  return hashedCount;
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

/** The folders earlier versions kept their entries in, one per kind: never read now, removed at the next prune. */
const OLD_FOLDERS = ['charts', 'data', 'fonts', 'layout', 'sheets', 'subsets', 'templates', 'xlsx'];

/**
 * Keeps the tool cache under its limit: when the store is over it, the entries written longest
 * ago are removed until it is at 80 % (anything removed is only made again when next needed;
 * reading an entry does not renew it, so this is oldest-written, not least-recently-used).
 * Walking the store is ~0.1 s, so it is done at most once a day (a stamp file's time says when);
 * `force` walks now. Failures are ignored: the cache is an optimisation.
 */
export async function pruneCache(opts: { force?: boolean; now?: number } = {}): Promise<{ removed: number; bytes: number } | null> {
  const now = opts.now ?? Date.now();
  const root = cacheRoot();
  const stamp = join(root, '.pruned');
  try {
    const age = now - (await stat(stamp)).mtimeMs;
    // (A stamp from the future, after the clock was set back, counts as old.)
    if (!opts.force && age >= 0 && age < PRUNE_EVERY_MS) return null;
  } catch {
    // never pruned
  }
  try {
    // Only the tool's own folders: VET_REPORT_CACHE may point at a folder that holds other things.
    for (const old of OLD_FOLDERS) await rm(join(root, old), { recursive: true, force: true }).catch(() => undefined);
    const files: { file: string; bytes: number; t: number }[] = [];
    const store = storeDir();
    for (const sub of await readdir(store).catch(() => [] as string[])) {
      for (const name of await readdir(join(store, sub)).catch(() => [] as string[])) {
        const file = join(store, sub, name);
        const st = await stat(file).catch(() => null);
        if (st?.isFile()) files.push({ file, bytes: st.size, t: st.mtimeMs });
      }
    }
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

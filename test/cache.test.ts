/**
 * The tool cache's store: an entry is read back only if its content has the hash written with it
 * (anything else is a miss, made again, and said in the build log), and the cache stays under its
 * size limit: the entries written longest ago go first, once a day.
 */
import { createHash } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  cachedBytes,
  cacheKey,
  cacheLimitBytes,
  entryFile,
  entryKind,
  fileDigest,
  filesHashed,
  pruneCache,
  readEntry,
  takeCacheNotices,
  unchangedSince,
  writeEntry,
} from '../src/cache.js';
import { cacheRoot, storeDir } from '../src/paths.js';
import { useEmptyToolCache } from './render/helpers.js';

const MB = 2 ** 20;
const DAY = 24 * 3600 * 1000;

describe('cache entries', () => {
  // Its own folder for this block's tests only (useEmptyToolCache sets it for the whole file).
  let cache = '';
  let before: string | undefined;
  beforeAll(() => {
    before = process.env['VET_REPORT_CACHE'];
    process.env['VET_REPORT_CACHE'] = cache = mkdtempSync(path.join(os.tmpdir(), 'vet-store-'));
  });
  afterAll(() => {
    if (before === undefined) delete process.env['VET_REPORT_CACHE'];
    else process.env['VET_REPORT_CACHE'] = before;
    rmSync(cache, { recursive: true, force: true });
  });

  it('reads back what was written, as written', async () => {
    const bytes = Buffer.from([0, 1, 2, 255, 0x50, 0x4b]);
    await writeEntry('xlsx', 'a', bytes);
    expect(await readEntry('xlsx', 'a')).toEqual(bytes);
    await writeEntry('charts', 'b', '{"svg":"<svg text-anchor=\\"end\\"/>"}');
    expect((await readEntry('charts', 'b'))!.toString('utf8')).toBe('{"svg":"<svg text-anchor=\\"end\\"/>"}');
    expect(await readEntry('charts', 'missing')).toBeNull();
    expect(takeCacheNotices()).toEqual([]);
  });

  it('treats any flipped byte, in the header or the content, as a damaged entry: removed, a miss, one notice', async () => {
    const content = Buffer.from('一个图表的 SVG：text-anchor="end"');
    await writeEntry('charts', 'c', content);
    const file = entryFile('charts', 'c');
    const good = readFileSync(file);
    // Every position: the header's marker, its hash, the content.
    for (let i = 0; i < good.length; i++) {
      const bad = Buffer.from(good);
      bad[i]! ^= 0x01;
      writeFileSync(file, bad);
      expect(await readEntry('charts', 'c'), `byte ${i}`).toBeNull();
      expect(existsSync(file), `byte ${i}`).toBe(false);
    }
    // Cut short, and empty.
    for (const bad of [good.subarray(0, good.length - 1), Buffer.alloc(0)]) {
      writeFileSync(file, bad);
      expect(await readEntry('charts', 'c')).toBeNull();
    }
    // Reported once per entry, by kind, naming the cache folder; then cleared.
    expect(takeCacheNotices()).toEqual([`提示：工具缓存中的条目已损坏，已重新生成：图表 1 个（缓存目录 ${cache}）。`]);
    expect(takeCacheNotices()).toEqual([]);
  });

  it('makes a damaged entry again and writes it back (cachedBytes)', async () => {
    const made = Buffer.from('the subset');
    let builds = 0;
    const build = async () => {
      builds++;
      return made;
    };
    expect(await cachedBytes('subsets', 'd', build)).toEqual(made);
    expect(await cachedBytes('subsets', 'd', build)).toEqual(made);
    expect(builds).toBe(1);
    const file = entryFile('subsets', 'd');
    const bad = readFileSync(file);
    bad[bad.length - 3]! ^= 0x40;
    writeFileSync(file, bad);
    expect(await cachedBytes('subsets', 'd', build)).toEqual(made);
    expect(builds).toBe(2);
    expect(await readEntry('subsets', 'd')).toEqual(made); // rewritten whole
    expect(takeCacheNotices()).toEqual([`提示：工具缓存中的条目已损坏，已重新生成：字体子集 1 个（缓存目录 ${cache}）。`]);
  });

  it('keeps every kind in one store, each entry named by the hash of its kind and key', async () => {
    await writeEntry('layout', 'same name', 'a layout');
    await writeEntry('sheets', 'same name', 'some sheets');
    const a = entryFile('layout', 'same name');
    const b = entryFile('sheets', 'same name');
    expect(a).not.toBe(b);
    for (const [file, kind] of [
      [a, 'layout'],
      [b, 'sheets'],
    ] as const) {
      const key = cacheKey(kind, 'same name');
      expect(file).toBe(path.join(cache, 'store', key.slice(0, 2), `${key}.vrc`));
      expect(await entryKind(file)).toBe(kind);
    }
    // The first line names the format and the kind, for whoever looks into the folder.
    expect(readFileSync(a).subarray(0, 26).toString()).toBe('vet-report cache 2 layout\n');
    // An entry of one kind is not read as another's, even if copied over it.
    writeFileSync(b, readFileSync(a));
    expect(await readEntry('sheets', 'same name')).toBeNull();
    expect(await entryKind(a)).toBe('layout');
    takeCacheNotices();
  });

  it('never reads what an earlier version kept (one folder per kind, another header): the next prune removes it', async () => {
    const body = Buffer.from('PK old workbook');
    const old = Buffer.concat([Buffer.from('vet-report cache 1\n'), createHash('sha256').update(body).digest(), body]);
    mkdirSync(path.join(cache, 'xlsx'), { recursive: true });
    writeFileSync(path.join(cache, 'xlsx', 'e.vrc'), old);
    // The same bytes where this version looks: not the header it wrote, so damaged and made again.
    expect(await readEntry('xlsx', 'e')).toBeNull();
    mkdirSync(path.dirname(entryFile('xlsx', 'e')), { recursive: true });
    writeFileSync(entryFile('xlsx', 'e'), old);
    expect(await readEntry('xlsx', 'e')).toBeNull();
    expect(await entryKind(path.join(cache, 'xlsx', 'e.vrc'))).toBeNull();
    takeCacheNotices();
    await pruneCache({ force: true });
    expect(existsSync(path.join(cache, 'xlsx'))).toBe(false);
    expect(existsSync(path.join(cache, 'store'))).toBe(true);
  });
});

describe('fileDigest', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vet-digest-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('hashes a file once while it is unchanged, again once it is saved', async () => {
    const file = path.join(dir, '山东.csv');
    writeFileSync(file, '学校名称\n甲\n');
    const n = filesHashed();
    const a = await fileDigest(file);
    expect(a.digest).toBe(createHash('sha256').update('学校名称\n甲\n').digest('hex'));
    expect(await fileDigest(file)).toBe(a);
    expect(filesHashed() - n).toBe(1);
    expect(await unchangedSince(file, a)).toBe(true);
    // Saved again with other bytes of the same length: another state, hashed again.
    writeFileSync(file, '学校名称\n乙\n');
    expect(await unchangedSince(file, a)).toBe(false);
    const b = await fileDigest(file);
    expect(b.digest).toBe(createHash('sha256').update('学校名称\n乙\n').digest('hex'));
    expect(filesHashed() - n).toBe(2);
    rmSync(file);
    expect(await unchangedSince(file, b)).toBe(false);
    await expect(fileDigest(file)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('hashes a large file as it streams, to the same digest', async () => {
    const file = path.join(dir, 'large.csv');
    const bytes = Buffer.alloc(9 * MB, '院校,');
    writeFileSync(file, bytes);
    expect((await fileDigest(file)).digest).toBe(createHash('sha256').update(bytes).digest('hex'));
  });
});

describe('pruneCache', () => {
  const cache = useEmptyToolCache('vet-prune-');
  const limit = process.env['VET_REPORT_CACHE_MAX_MB'];
  beforeEach(() => {
    delete process.env['VET_REPORT_CACHE_MAX_MB'];
  });
  afterEach(() => {
    if (limit === undefined) delete process.env['VET_REPORT_CACHE_MAX_MB'];
    else process.env['VET_REPORT_CACHE_MAX_MB'] = limit;
  });

  const put = (name: string, mb: number, ageDays: number, now: number) => {
    mkdirSync(path.join(cache, 'store', name.slice(0, 2)), { recursive: true });
    const file = path.join(cache, 'store', name.slice(0, 2), name);
    writeFileSync(file, Buffer.alloc(mb * MB));
    const t = (now - ageDays * DAY) / 1000;
    utimesSync(file, t, t);
  };
  const left = () =>
    readdirSync(cache, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name !== '.pruned' && e.name !== 'notes.txt')
      .map((e) => e.name)
      .sort();

  it('defaults to 1 GB and reads VET_REPORT_CACHE_MAX_MB', () => {
    expect(cacheLimitBytes()).toBe(1024 * MB);
    process.env['VET_REPORT_CACHE_MAX_MB'] = '5';
    expect(cacheLimitBytes()).toBe(5 * MB);
    process.env['VET_REPORT_CACHE_MAX_MB'] = 'lots';
    expect(cacheLimitBytes()).toBe(1024 * MB);
  });

  it('removes the oldest entries down to 80 % of the limit, then waits a day before walking again', async () => {
    const now = Date.UTC(2026, 11, 1, 12);
    put('a1.vrc', 2, 30, now);
    put('b2.vrc', 2, 20, now);
    put('c3.vrc', 2, 10, now);
    put('d4.vrc', 2, 1, now);
    process.env['VET_REPORT_CACHE_MAX_MB'] = '7'; // 8 MB kept: over; 80 % is 5.6 MB
    expect(await pruneCache({ now })).toEqual({ removed: 2, bytes: 4 * MB });
    expect(left()).toEqual(['c3.vrc', 'd4.vrc']);

    // Over the limit again within the day: not walked, nothing removed.
    put('e5.vrc', 4, 0, now);
    expect(await pruneCache({ now: now + DAY / 2 })).toBeNull();
    expect(left()).toEqual(['c3.vrc', 'd4.vrc', 'e5.vrc']);
    // A day later it is.
    expect(await pruneCache({ now: now + DAY + 1 })).toEqual({ removed: 2, bytes: 4 * MB }); // 8 → 6 → 4 MB
    expect(left()).toEqual(['e5.vrc']);
    expect(statSync(path.join(cache, '.pruned')).mtimeMs).toBeCloseTo(now + DAY + 1, -3);
  });

  it('touches only its own folders: VET_REPORT_CACHE may hold other files', async () => {
    const now = Date.UTC(2026, 11, 2);
    writeFileSync(path.join(cache, 'notes.txt'), Buffer.alloc(3 * MB));
    mkdirSync(path.join(cache, 'other-tool'), { recursive: true });
    writeFileSync(path.join(cache, 'other-tool', 'big.bin'), Buffer.alloc(3 * MB));
    utimesSync(path.join(cache, 'other-tool', 'big.bin'), 0, 0);
    process.env['VET_REPORT_CACHE_MAX_MB'] = '1';
    await pruneCache({ force: true, now });
    expect(existsSync(path.join(cache, 'notes.txt'))).toBe(true);
    expect(existsSync(path.join(cache, 'other-tool', 'big.bin'))).toBe(true);
  });

  it('walks again when the last walk is dated in the future (the clock was set back)', async () => {
    const now = Date.UTC(2026, 11, 4);
    await pruneCache({ force: true, now: now + 30 * DAY });
    expect(await pruneCache({ now })).not.toBeNull();
  });

  it('leaves a cache under its limit alone', async () => {
    const now = Date.UTC(2026, 11, 3);
    put('f6.vrc', 1, 400, now);
    expect((await pruneCache({ force: true, now }))!.removed).toBe(0);
    expect(left()).toContain('f6.vrc');
  });
});

describe('cache folder', () => {
  it('is not used when other users can write to it, nor when it belongs to someone else', () => {
    const open = mkdtempSync(path.join(os.tmpdir(), 'vet-open-cache-'));
    chmodSync(open, 0o777);
    const before = process.env['VET_REPORT_CACHE'];
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      process.env['VET_REPORT_CACHE'] = open;
      expect(cacheRoot()).not.toBe(open);
      expect(storeDir().startsWith(open)).toBe(false);
      expect(String(err.mock.calls[0]?.[0])).toContain(`VET_REPORT_CACHE=${open} 不属于当前用户或其他用户可写`);
      if (process.getuid?.() === 0) {
        // Root can give a folder away: one owned by nobody is not used either.
        const theirs = mkdtempSync(path.join(os.tmpdir(), 'vet-their-cache-'));
        chownSync(theirs, 65534, 65534);
        process.env['VET_REPORT_CACHE'] = theirs;
        expect(cacheRoot()).not.toBe(theirs);
        rmSync(theirs, { recursive: true, force: true });
      }
      // A folder of this user's that only it can write to is used as given.
      const mine = mkdtempSync(path.join(os.tmpdir(), 'vet-own-cache-'));
      process.env['VET_REPORT_CACHE'] = mine;
      expect(cacheRoot()).toBe(mine);
      expect(statSync(mine).mode & 0o777).toBe(0o700);
      rmSync(mine, { recursive: true, force: true });
    } finally {
      err.mockRestore();
      if (before === undefined) delete process.env['VET_REPORT_CACHE'];
      else process.env['VET_REPORT_CACHE'] = before;
      rmSync(open, { recursive: true, force: true });
    }
  });
});

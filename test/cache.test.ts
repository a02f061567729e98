/** The tool cache stays under its size limit: the entries written longest ago go first, once a day. */
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cacheLimitBytes, pruneCache } from '../src/cache.js';
import { cacheDir, cacheRoot } from '../src/paths.js';
import { useEmptyToolCache } from './render/helpers.js';

const MB = 2 ** 20;
const DAY = 24 * 3600 * 1000;

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

  const put = (area: string, name: string, mb: number, ageDays: number, now: number) => {
    mkdirSync(path.join(cache, area), { recursive: true });
    const file = path.join(cache, area, name);
    writeFileSync(file, Buffer.alloc(mb * MB));
    const t = (now - ageDays * DAY) / 1000;
    utimesSync(file, t, t);
  };
  const left = () => readdirSync(cache, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name !== '.pruned' && e.name !== 'notes.txt').map((e) => e.name).sort();

  it('defaults to 1 GB and reads VET_REPORT_CACHE_MAX_MB', () => {
    expect(cacheLimitBytes()).toBe(1024 * MB);
    process.env['VET_REPORT_CACHE_MAX_MB'] = '5';
    expect(cacheLimitBytes()).toBe(5 * MB);
    process.env['VET_REPORT_CACHE_MAX_MB'] = 'lots';
    expect(cacheLimitBytes()).toBe(1024 * MB);
  });

  it('removes the oldest entries down to 80 % of the limit, then waits a day before walking again', async () => {
    const now = Date.UTC(2026, 11, 1, 12);
    put('subsets', 'a.woff', 2, 30, now);
    put('charts', 'b.json', 2, 20, now);
    put('layout', 'c.json', 2, 10, now);
    put('sheets', 'd.v8', 2, 1, now);
    process.env['VET_REPORT_CACHE_MAX_MB'] = '7'; // 8 MB kept: over; 80 % is 5.6 MB
    expect(await pruneCache({ now })).toEqual({ removed: 2, bytes: 4 * MB });
    expect(left()).toEqual(['c.json', 'd.v8']);

    // Over the limit again within the day: not walked, nothing removed.
    put('charts', 'e.json', 4, 0, now);
    expect(await pruneCache({ now: now + DAY / 2 })).toBeNull();
    expect(left()).toEqual(['c.json', 'd.v8', 'e.json']);
    // A day later it is.
    expect(await pruneCache({ now: now + DAY + 1 })).toEqual({ removed: 2, bytes: 4 * MB }); // 8 → 6 → 4 MB
    expect(left()).toEqual(['e.json']);
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
    put('templates', 'f.js', 1, 400, now);
    expect((await pruneCache({ force: true, now }))!.removed).toBe(0);
    expect(left()).toContain('f.js');
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
      expect(cacheDir('templates', 'x.js').startsWith(open)).toBe(false);
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

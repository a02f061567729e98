/** The tool cache stays under its size limit: the entries written longest ago go first, once a day. */
import { mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cacheLimitBytes, pruneCache } from '../src/cache.js';
import { useEmptyToolCache } from './render/helpers.js';

const MB = 2 ** 20;
const DAY = 24 * 3600 * 1000;

describe('pruneCache', () => {
  const cache = useEmptyToolCache('vet-prune-');
  afterEach(() => {
    delete process.env['VET_REPORT_CACHE_MAX_MB'];
  });

  const put = (area: string, name: string, mb: number, ageDays: number, now: number) => {
    mkdirSync(path.join(cache, area), { recursive: true });
    const file = path.join(cache, area, name);
    writeFileSync(file, Buffer.alloc(mb * MB));
    const t = (now - ageDays * DAY) / 1000;
    utimesSync(file, t, t);
  };
  const left = () => readdirSync(cache, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name !== '.pruned').map((e) => e.name).sort();

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

  it('leaves a cache under its limit alone', async () => {
    const now = Date.UTC(2026, 11, 3);
    put('templates', 'f.js', 1, 400, now);
    expect((await pruneCache({ force: true, now }))!.removed).toBe(0);
    expect(left()).toContain('f.js');
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runValidate } from '../../src/pipeline.js';
import { aggregate, lookup } from '../../src/aggregate/index.js';
import type { Indicator } from '../../src/aggregate/types.js';

const dir = path.resolve('test/fixtures/aggregate-small');
const expected = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8'));
const inputs = ['roster.csv', 'projects.csv', 'series.csv'].map((f) => path.join(dir, f));

describe('aggregate on hand-computed fixtures', async () => {
  const v = await runValidate(inputs);
  const r = aggregate(v, 2023);

  it('rejects the duplicate rows and leaves them out', () => {
    for (const [file, n] of Object.entries(expected.rejected)) {
      expect(v.files.find((f) => f.file.endsWith(file))!.rejected).toBe(n);
    }
  });

  for (const e of expected.values as (Partial<Indicator> & { id: string; year: number; value: number | string })[]) {
    const dims = ['region', 'level', 'country', 'continent', 'brand', 'type']
      .filter((k) => k in e)
      .map((k) => `${k}=${(e as unknown as Record<string, unknown>)[k]}`)
      .join(' ');
    it(`${e.id} ${e.year} ${dims} = ${e.value}`, () => {
      const got = lookup(r.indicators, e);
      expect(got, 'indicator present').toBeDefined();
      if (typeof e.value === 'number') expect(got!.value as number).toBeCloseTo(e.value, 9);
      else expect(got!.value).toBe(e.value);
      if (e.basis) expect(got!.basis).toBe(e.basis);
    });
  }

  it('leaves out what cannot be computed', () => {
    for (const e of expected.absent) expect(lookup(r.indicators, e)).toBeUndefined();
  });

  it('keeps sources: files with row counts, series with their 来源 and 备注', () => {
    const schools = lookup(r.indicators, { id: 'schools', year: 2023, region: '山东', level: '合计' })!;
    expect(schools.sources).toEqual([{ type: 'rows', table: 'roster', file: inputs[0], rows: 3 }]);
    const jobs = lookup(r.indicators, { id: 'new_urban_jobs', year: 2023, level: '合计' })!;
    expect(jobs.sources[0]).toMatchObject({ type: 'series', source: '测试来源B', note: '测试备注：口径说明' });
  });

  it('passes its consistency checks', () => {
    expect(r.errors).toEqual([]);
  });
});

/**
 * Project indicators over years, on three yearly project files (test/fixtures/project-history):
 * every expectation in expected.json was worked out by hand from the files, not taken from the
 * output. A project keeps its 项目编号 across years, whatever the spelling of its country.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runValidate } from '../../src/pipeline.js';
import { aggregate, lookup } from '../../src/aggregate/index.js';
import type { Indicator } from '../../src/aggregate/types.js';
import { createEngine, newState } from '../../src/render/editions/engine.js';

const dir = path.resolve('test/fixtures/project-history');
const expected = JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')) as {
  values: (Partial<Indicator> & { id: string; year: number; value: number })[];
  absent: (Partial<Indicator> & { id: string; year: number })[];
  newCountries: Record<string, string[]>;
};
const inputs = [2021, 2022, 2023].map((y) => path.join(dir, `对外合作项目_${y}.csv`));

describe('project history over three years', async () => {
  const v = await runValidate(inputs);
  const { indicators, errors } = aggregate(v, 2023);

  it('reads every row of the three files', () => {
    expect(v.files.map((f) => [path.basename(f.file), f.accepted, f.rejected])).toEqual([
      ['对外合作项目_2021.csv', 3, 0],
      ['对外合作项目_2022.csv', 4, 0],
      ['对外合作项目_2023.csv', 4, 0],
    ]);
    expect(errors).toEqual([]);
  });

  for (const e of expected.values) {
    const dims = ['region', 'country']
      .filter((k) => k in e)
      .map((k) => `${k}=${(e as Record<string, unknown>)[k]}`)
      .join(' ');
    it(`${e.id} ${e.year} ${dims} = ${e.value}`, () => {
      const got = lookup(indicators, e);
      expect(got, 'indicator present').toBeDefined();
      expect(got!.value as number).toBeCloseTo(e.value, 9);
    });
  }

  it('leaves out what is not there (no such project, no previous year, no rank for the nation)', () => {
    for (const e of expected.absent) expect(lookup(indicators, e)).toBeUndefined();
  });

  it('gives a partner country’s projects, new and ended ones, and its rank as series over the years', async () => {
    const tdir = await mkdtemp(path.join(os.tmpdir(), 'vet-hist-'));
    await writeFile(
      path.join(tdir, 'edition.hbs'),
      '{{#let (series "projects,projects_new,projects_ended" country="DE") (series "projects.rank" region="山东") as |de sd|}}{{#each de.rows}}{{year}}{{group}}{{label}};{{/each}}|{{#each sd.rows}}{{label}};{{/each}}{{/let}}',
    );
    const html = createEngine(tdir, { year: 2023, region: '全国', indicators, sample: false }, newState()).render(path.join(tdir, 'edition.hbs'), {
      year: 2023,
    });
    // Germany: H001+H003 in 2021; +H004 (new) with H003 ending in 2022; H001+H004 in 2023. 山东 leads in 2021 and ties 广东 after.
    expect(html).toBe(
      '2021年项目数2;2021年新设项目数0;2021年已结束项目数0;2022年项目数3;2022年新设项目数1;2022年已结束项目数1;2023年项目数2;2023年新设项目数0;2023年已结束项目数0;|1;1;1;',
    );
  });

  it('names the partners new each year, and ranks a country in the compare helper', async () => {
    const tdir = await mkdtemp(path.join(os.tmpdir(), 'vet-hist-'));
    await writeFile(
      path.join(tdir, 'edition.hbs'),
      '{{#let (breakdown "projects" by="country" new=true) (compare "projects" country="DE") as |fresh de|}}{{#each fresh.rows}}{{name}}{{/each}}|{{#each de.rows}}{{label}},{{rank}},{{percent share}}{{/each}}{{/let}}',
    );
    for (const year of [2021, 2022, 2023]) {
      const html = createEngine(tdir, { year, region: '全国', indicators, sample: false }, newState()).render(path.join(tdir, 'edition.hbs'), { year });
      const [fresh, de] = html.split('|');
      expect(fresh, String(year)).toBe(expected.newCountries[String(year)]!.join(''));
      // Germany leads every year: 2 of 3, 3 of 4, 2 of 4 projects.
      expect(de, String(year)).toBe({ 2021: '2,1,66.67%', 2022: '3,1,75.00%', 2023: '2,1,50.00%' }[year]);
    }
  });
});

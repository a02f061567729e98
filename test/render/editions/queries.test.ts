/**
 * The query helpers on the hand-computed fixture (test/fixtures/aggregate-small): the rows and
 * sources a template gets, checked against values worked out by hand from roster.csv and
 * projects.csv (see expected.json), not against the output of the helpers themselves.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runValidate } from '../../../src/pipeline.js';
import { aggregate } from '../../../src/aggregate/index.js';
import { createEngine, newState } from '../../../src/render/editions/engine.js';
import { dashBeforeUnit, superlativeOverOne } from '../../../src/render/editions/prose.js';

const dir = path.resolve('test/fixtures/aggregate-small');
const inputs = ['roster.csv', 'projects.csv', 'series.csv'].map((f) => path.join(dir, f));
const [roster, projects] = inputs;

describe('query helpers over the indicator table', async () => {
  const v = await runValidate(inputs);
  const { indicators } = aggregate(v, 2023);
  const render = async (template: string, region = '全国') => {
    const tdir = await mkdtemp(path.join(os.tmpdir(), 'vet-q-'));
    await writeFile(path.join(tdir, 'edition.hbs'), template);
    const state = newState();
    const html = createEngine(tdir, { year: 2023, region, indicators, sample: false }, state).render(path.join(tdir, 'edition.hbs'), { year: 2023 });
    return { html, state };
  };
  const rows = '{{#each ds.rows}}{{year}}{{name}}|{{group}}|{{value}}|{{label}};{{/each}}';
  const each = (q: string) => `{{#let ${q} as |ds|}}${rows}{{/let}}`;

  it('series by level: 生师比 of 广东 by year (enrolled / full-time teachers, by hand), from the roster', async () => {
    // 2022: 中职 2100/100; 2023: 中职 2000/100, 高职 (本科) 9000/400. No 高职 school in 2022.
    const { html } = await render(
      `{{#let (series "student_teacher_ratio" levels="中职,高职") as |ds|}}${rows}{{#each ds.sources}}{{type}}:{{file}}:{{rows}};{{/each}}{{/let}}`,
      '广东',
    );
    // Each value is one school's row of roster.csv: one source, listed once.
    expect(html).toBe(`2022年|中职|21|21.00;2023年|中职|20|20.00;2023年|高职|22.5|22.50;rows:${roster}:1;`);
  });

  it('series in 万人 with the unit asked for, and a range of years', async () => {
    // 在校生 全国 中职: 2022 900+2100, 2023 1000+2000.
    const { html } = await render(each('(series "enrolled" levels="中职" unit="万人" from=2023)'));
    expect(html).toBe('2023年|中职|0.3|0.30;');
  });

  it('series by region: the edition beside the nation', async () => {
    const { html } = await render(each('(series "schools" regions="山东,全国" from=2023)'), '山东');
    expect(html).toBe('2023年|山东|3|3;2023年|全国|5|5;');
  });

  it('breakdown by country, largest first, coloured by continent; projects from projects.csv', async () => {
    // 德国 P001 + P004, 泰国 P002 + P005, 中国香港 P003 (the duplicate P002 is rejected).
    const { html } = await render(
      '{{#let (breakdown "projects" by="country" group="continent" also="students=project_students") as |b|}}{{#each b.rows}}{{key}}:{{name}}:{{value}}:{{group}}:{{students}};{{/each}}{{/let}}',
    );
    expect(html).toBe('DE:德国:2:欧洲:50;TH:泰国:2:亚洲:60;HK:中国香港:1:亚洲:;');
  });

  it('breakdown keeps the sources of every value it read: the project rows', async () => {
    const { html } = await render('{{#let (breakdown "projects" by="country") as |b|}}{{#each b.sources}}{{type}}:{{file}};{{/each}}{{/let}}');
    expect(new Set(html.split(';').filter(Boolean))).toEqual(new Set([`rows:${projects}`]));
  });

  it('breakdown by province of one partner country, and by type', async () => {
    const { html } = await render(
      '{{#let (breakdown "projects" by="province" country="DE") (breakdown "projects" by="type" top=2) as |p t|}}{{#each p.rows}}{{name}}{{label}};{{/each}}/{{#each t.rows}}{{name}};{{/each}}{{/let}}',
    );
    // Ties (one each) go by the name's Chinese collation.
    expect(html).toMatch(/^(山东1;广东1;|广东1;山东1;)\/\S+;\S+;$/);
    expect(html.split('/')[1]!.split(';').filter(Boolean)).toHaveLength(2);
  });

  it('ranking marks the edition’s own province and numbers from 1', async () => {
    // 在校生 2023: 广东 2000+9000 = 11000, 山东 1000+5000+4000 = 10000.
    const { html } = await render(
      '{{#let (ranking "enrolled" unit="万人") as |r|}}{{#each r.rows}}{{rank}}{{name}}{{label}}:{{mine}};{{/each}}{{/let}}',
      '山东',
    );
    expect(html).toBe('1广东1.10:0;2山东1.00:1;');
  });

  it('compare: the province beside the nation with share and rank', async () => {
    const { html } = await render(
      '{{#let (compare "schools,enrolled" unit="万人") as |c|}}{{#each c.rows}}{{name}}（{{unit}}）{{label}}/{{nationLabel}}/{{percent share}}/{{rank}};{{/each}}{{/let}}',
      '山东',
    );
    expect(html).toBe('学校数（所）3/5/60.00%/1;在校生数（万人）1.00/2.10/47.62%/2;');
  });

  it('compare for a partner country: its share of the nation', async () => {
    const { html } = await render(
      '{{#let (compare "projects" country="DE") as |c|}}{{#each c.rows}}{{label}}/{{nationLabel}}/{{percent share}};{{/each}}{{/let}}',
    );
    expect(html).toBe('2/5/40.00%;');
  });

  it('place words a rank as 居第N位, and a shared one as 并列第N位', async () => {
    // Projects 2023 by hand: 德国 P001 + DE P004 = 2, 泰国 P002 (listed twice, one project) +
    // Thailand P005 = 2, 中国香港 P003 = 1; 山东 P001, P002 = 2 against 广东 P003–P005 = 3;
    // 在校生 广东 11000 > 山东 10000.
    const { html } = await render(
      '{{place "projects.rank" country="DE"}}|{{place "projects.rank" country="TH"}}|{{place "projects.rank" country="HK"}}|{{place "projects.rank"}}|{{place "enrolled.rank"}}|{{place "enrolled.rank" region="广东"}}|{{place "projects.rank" country="FR"}}',
      '山东',
    );
    expect(html).toBe('并列第1位|并列第1位|居第3位|居第2位|居第2位|居第1位|—');
    await expect(render('{{place "projects"}}')).rejects.toThrow(/排名指标/);
  });

  it('tally counts a dataset’s rows by a field, in order', async () => {
    const { html } = await render(
      '{{#let (tally (breakdown "projects" by="country") by="group" series="国家数") as |t|}}{{#each t.rows}}{{name}}{{value}}{{group}};{{/each}}{{/let}}',
    );
    expect(html).toBe('项目数3国家数;');
  });

  it('names an unknown indicator or dimension with the template line', async () => {
    await expect(render('\n{{chart "hbars" data=(breakdown "projets" by="country")}}')).rejects.toThrow(/第 2 行.*projets/);
    await expect(render('{{chart "hbars" data=(breakdown "projects" by="planet")}}')).rejects.toThrow(/by 应为/);
  });

  it('draws no chart of fewer than two values: a sentence instead, and the next figure keeps the number', async () => {
    const { html, state } = await render(
      '{{#part title="甲"}}{{chart "hbars" data=(breakdown "projects" by="type" country="HK") title="只有一项"}}' +
        '{{chart "hbars" data=(breakdown "projects" by="country") title="三项" unit="个"}}{{/part}}',
    );
    expect(html).toContain('<p class="chart-sentence">');
    expect(html).toContain('只有一项：学生交流1。');
    expect(html).toContain('图1-1　三项');
    expect(state.charts.map((c) => c.title)).toEqual(['图1-1 三项']);
    expect(state.attachments.map((a) => a.file)).toEqual(['data/图1-1.xlsx']);
  });

  it('gives the download Chinese headers with the unit the values are in, and the 数据来源', async () => {
    const { state } = await render(
      '{{#part title="甲"}}{{chart "labelled-bars" data=(series "enrolled" levels="中职,高职" unit="万人") title="在校生" unit="万人"}}{{/part}}',
    );
    const [a] = state.attachments;
    expect(a!.columns).toEqual([
      { field: 'year', header: '年份' },
      { field: 'group', header: '层次' },
      { field: 'value', header: '在校生数', unit: '万人' },
    ]);
    // 2023 全国 高职: 5000 + 4000 + 9000 = 18000 人 = 1.8 万人.
    expect(a!.rows.find((r) => r.year === '2023年' && r.group === '高职')!.value).toBe(1.8);
    expect(a!.source).toBe('各省（区、市）报送的院校基本情况统计表（1个文件）');
  });
});

describe('a missing value beside a unit in running text', () => {
  it('is found in paragraphs, not in tables or year spans', () => {
    const html = '<p>学历教育在读学生—人，开展培训263人次。</p><p>2012—2023年，中职—高职</p><table><tr><td>—人</td></tr></table><p class="x">占比<b>—</b>%</p>';
    const w = dashBeforeUnit(html);
    expect(w).toHaveLength(2);
    expect(w[0]).toContain('“—人”');
    expect(w[0]).toContain('学历教育在读学生—人');
    expect(w[1]).toContain('“—%”');
  });
});

describe('a superlative over one item in running text', () => {
  it('is found where the lone figure is one, not where it compares several', () => {
    const html = [
      '<p>与瑞士合作项目最多的省份是山东（1个）。</p>',
      '<p>合作项目最多的国家（地区）是泰国（30个）、德国（28个）、英国（12个）。</p>',
      '<p>合作项目最多的是甲（1个）、乙（1个）。</p>',
      '<p>本年报送的项目中，最早的设立于2004年。</p>',
      '<table><tr><td>最多的省份是山东（1个）</td></tr></table>',
    ].join('');
    const w = superlativeOverOne(html);
    expect(w).toHaveLength(2);
    expect(w[0]).toContain('最多的省份是山东（1个）');
    expect(w[1]).toContain('最多的是甲（1个）');
  });
});

describe('the query helpers’ reference examples', async () => {
  const v = await runValidate(inputs);
  const { indicators } = aggregate(v, 2023);
  const { QUERY_HELPERS } = await import('../../../src/render/editions/queries.js');
  for (const h of QUERY_HELPERS) {
    it(`${h.name}: its example renders on the fixture data`, async () => {
      const tdir = await mkdtemp(path.join(os.tmpdir(), 'vet-qx-'));
      await writeFile(path.join(tdir, 'edition.hbs'), h.example);
      const html = createEngine(tdir, { year: 2023, region: '全国', indicators, sample: false }, newState()).render(path.join(tdir, 'edition.hbs'), {
        year: 2023,
      });
      expect(html.trim()).not.toBe('');
      expect(h.description).toMatch(/[\u4e00-\u9fff]/);
    });
  }
});

/**
 * Views from templates, built for real: a figure added by a template edit alone, data downloads
 * a Chinese reader can use, and the smallest editions reading well.
 */
import ExcelJS from 'exceljs';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBuild, runValidate } from '../../../src/pipeline.js';
import { aggregate, lookup } from '../../../src/aggregate/index.js';
import { DATA } from '../../../src/paths.js';
import { pdfPageTexts } from '../../poppler.js';
import { assertToolsPresent, skipBrowserTests, squash, useTemplatesCopy } from '../helpers.js';

const NOW = new Date(Date.UTC(2024, 5, 30, 4, 0, 0));

async function sheetRows(file: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await readFile(file)) as never);
  const out: unknown[][] = [];
  wb.getWorksheet('数据')!.eachRow({ includeEmpty: true }, (r) => out.push((r.values as unknown[]).slice(1)));
  return out;
}

describe('a figure added by template only', () => {
  const templatesCopy = useTemplatesCopy('vet-views-');

  it('生师比 by level in the provincial edition: three lines of template, its rows and sources as computed by hand', async () => {
    const { root, templates } = await templatesCopy();
    const file = path.join(templates, 'regional', 'edition.hbs');
    const tpl = await readFile(file, 'utf8');
    const anchor = '{{/section}}\n{{/part}}\n\n{{#part title="招生与师资"}}';
    expect(tpl).toContain(anchor);
    // The README's example, as an editor would paste it.
    await writeFile(
      file,
      tpl.replace(
        anchor,
        `{{#let (series "student_teacher_ratio" levels="中职,高职") as |ratio|}}
{{chart "grouped-bars" data=ratio title=(concat (yearSpan ratio) region "职业学校生师比") datatable="group"}}
{{/let}}
${anchor}`,
      ),
    );
    const data = path.join(root, 'data');
    await cp(path.resolve('test/fixtures/aggregate-small'), data, { recursive: true });
    const out = path.join(root, 'out');
    const r = await runBuild({ paths: [data], out, templates, region: '广东', year: 2023, formats: ['html'], now: NOW });
    expect(r.editions.map((e) => [e.id, e.status, e.error])).toEqual([['regional-44', 'built', undefined]]);
    const html = await readFile(r.outputs.find((o) => o.endsWith('regional-44.html'))!, 'utf8');
    // After the two figures of 第一编: 图1-3, with its source under it and its values in the chart's data table.
    expect(html).toContain('图1-3　2022—2023年广东职业学校生师比');
    const figure = html.slice(html.indexOf('图1-3　2022—2023年广东职业学校生师比'));
    expect(figure.slice(0, figure.indexOf('</figure>'))).toContain('数据来源：各省（区、市）报送的院校基本情况统计表（1个文件）');
    // 广东: 2022 中职 2100/100; 2023 中职 2000/100, 高职 (one 本科 school) 9000/400; no 高职 in 2022.
    expect(await sheetRows(path.join(out, '2023', 'regional-44-data', '图1-3.xlsx'))).toEqual([
      ['图1-3 2022—2023年广东职业学校生师比'],
      ['数据来源：各省（区、市）报送的院校基本情况统计表（1个文件）'],
      [],
      ['年份', '层次', '生师比'],
      ['2022年', '中职', 21],
      ['2023年', '中职', 20],
      ['2023年', '高职', 22.5],
    ]);
  }, 120_000);
});

describe('data downloads for Chinese readers', () => {
  it('states the unit in the header and holds the values in it, at full precision (checked against the indicator table)', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'vet-dl-'));
    const r = await runBuild({ paths: [DATA], out, editions: ['annual'], formats: ['html'], now: NOW });
    expect(r.editions[0]!.status).toBe('built');
    const { indicators } = aggregate(await runValidate([DATA]), 2023);
    const enrolled = (year: number, level: string) => lookup(indicators, { id: 'enrolled', year, region: '全国', level })!.value as number;

    // 图1-2 职业学校在校生规模（单位：万人）
    const fig = await sheetRows(path.join(out, '2023', 'annual-data', '图1-2.xlsx'));
    expect(String(fig[0]![0])).toMatch(/^图1-2 .*职业学校在校生规模（单位：万人）$/);
    expect(String(fig[1]![0])).toMatch(/^数据来源：/);
    const head = fig.findIndex((row) => row[0] === '年份');
    expect(fig[head]).toEqual(['年份', '层次', '在校生数（万人）']);
    const body = fig.slice(head + 1);
    expect(body.length).toBeGreaterThan(0);
    for (const [year, level, value] of body as [string, string, number][]) {
      const base = level === '中职' ? '中职' : '高职';
      expect(level).toMatch(/^(中职|高职（含本科）)$/);
      expect(value).toBe(enrolled(parseInt(year, 10), base) / 1e4);
    }
    // 3,478.28万人 in the text is the sum of the two 2023 values, unrounded.
    const sum2023 = (body as [string, string, number][]).filter((row) => row[0] === '2023年').reduce((a, row) => a + row[2], 0);
    expect(sum2023 * 1e4).toBeCloseTo(enrolled(2023, '合计'), 3);

    // 表3-1: counts in their base unit, rates in %; headers say so.
    const tab = await sheetRows(path.join(out, '2023', 'annual-data', '表3-1.xlsx'));
    const th = tab.find((row) => row[0] === '省份')!;
    expect(th).toEqual([
      '省份',
      '在校生数（人）',
      '学校数（所）',
      '中职学校数（所）',
      '高职学校数（所）',
      '在校生数占全国比例（%）',
      '在校生数全国排名（位）',
      '毕业生数（人）',
      '专任教师数（人）',
      '毕业去向落实率（%）',
    ]);
    const shandong = tab.find((row) => row[0] === '山东')!;
    expect(shandong[1]).toBe(lookup(indicators, { id: 'enrolled', year: 2023, region: '山东', level: '合计' })!.value);
    expect(shandong[9]).toBe(lookup(indicators, { id: 'placement_rate', year: 2023, region: '山东', level: '合计' })!.value);
  }, 180_000);
});

describe.skipIf(skipBrowserTests)('the smallest bilateral edition (one project)', () => {
  const templatesCopy = useTemplatesCopy('vet-thin-');

  it('瑞士: no dash beside a unit, no one-bar chart, no superlative over one item', async () => {
    assertToolsPresent();
    const out = await mkdtemp(path.join(os.tmpdir(), 'vet-thin-'));
    const r = await runBuild({ paths: [DATA], out, country: 'CH', editions: ['bilateral'], now: NOW });
    const [ch] = r.editions;
    expect([ch!.status, ch!.warnings]).toEqual(['built', undefined]);
    const pages = await pdfPageTexts(r.outputs.find((o) => o.endsWith('bilateral-CH.pdf'))!);
    const text = squash(pages.join('\n'));
    expect(text).toContain('中瑞职业教育合作报告（2023）');
    // Cover, preface, the one page of content: no contents page listing one section.
    expect(pages).toHaveLength(3);
    expect(text).not.toContain('目录');
    // The project has no students: the sentence says what there is, not 学历教育在读学生—人.
    expect(text).toContain('开展职业培训263人次');
    expect(text).not.toMatch(/—(人|个|所|%)/);
    expect(text).not.toContain('学历教育在读学生');
    // No figure at all (each would have one bar), so no 图 number and no axis of 0.1 steps.
    expect(text).not.toMatch(/图1-\d/);
    expect(text).not.toContain('0.1');
    expect(text).not.toMatch(/最多|最早/);
    // The compact layout: one part, the project told in a sentence (its school, partner, type and
    // date, as the 2023 project file gives them), then the list as 表1-1; no second part.
    expect(text).toContain('威海电子信息职业技术学院与瑞士苏黎世理工学院的合作项目（师资培训）于2010年6月8日设立');
    expect(text).toContain('表1-1');
    expect(text).not.toContain('第二编');
  }, 180_000);

  it('warns, in the manifest, on a missing value printed beside its unit in running text', async () => {
    const { root, templates } = await templatesCopy();
    await writeFile(path.join(templates, 'bilateral', 'preface.hbs'), '<p>学历教育在读学生{{count (v "project_students" country=country.code)}}人。</p>\n');
    const r = await runBuild({ paths: [DATA], out: path.join(root, 'out'), templates, country: 'CH', editions: ['bilateral'], formats: ['html'], now: NOW });
    expect(r.editions[0]!.status).toBe('built');
    expect(r.editions[0]!.warnings).toEqual([expect.stringContaining('学历教育在读学生—人')]);
    expect(r.log.join('\n')).toContain('学历教育在读学生—人');
  }, 120_000);
});

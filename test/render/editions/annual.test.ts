/**
 * The annual edition, built for real: shipped data → aggregate → HTML → PDF in Debian's Chromium,
 * then read back with poppler as a person would check it.
 */
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBuild } from '../../../src/pipeline.js';
import { pdfFonts, pdfInfo, pdfPageTexts } from '../../poppler.js';

const NOW = new Date(Date.UTC(2024, 5, 30, 4, 0, 0));
const squash = (s: string) => s.replace(/\s+/g, ' ');

describe('annual edition of the shipped data', () => {
  let pdf = '';
  let html = '';
  let pages: string[] = [];
  let warned: { title: string; warnings?: string[] }[] = [];
  beforeAll(async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'vet-annual-'));
    const r = await runBuild({ paths: ['data'], out, now: NOW });
    warned = r.editions.filter((e) => e.warnings?.length);
    pdf = r.outputs.find((o) => o.endsWith('annual.pdf'))!;
    html = await readFile(r.outputs.find((o) => o.endsWith('annual.html'))!, 'utf8');
    pages = await pdfPageTexts(pdf, { layout: true });
  }, 300_000);

  it('builds every edition of the shipped data without a warning (charts, page references, pagination, fonts)', () => {
    expect(warned).toEqual([]);
  });

  it('prints the national figures as the seed report prints them', () => {
    const text = squash(pages.join('\n'));
    for (const s of [
      '11,133所',
      '9,553所',
      '1,547所',
      '33所',
      '3,478.28万人',
      '1,737.96万人',
      '1,740.32万人',
      '44.77%',
      '94.44%',
      '91.88%',
      '145.02万人',
      '25.37万人',
      '增加9.40%',
      '1,094万人',
    ]) {
      expect(text, s).toContain(s);
    }
    // 表1-3's rows, as printed in the seed (brand, province, first year, countries, projects).
    for (const row of [
      /丝路学院 浙江 2016年 34个 52个/,
      /郑和学院 江苏 2018年 9个 9个/,
      /海丝学院 福建 2019年 17个 20个/,
      /班·墨学院 山东 2023年 17个 34个/,
      /墨子工坊 辽宁 2023年 14个 16个/,
      /中国-东盟现代工匠学院 广西 2023年 10个 17个/,
    ])
      expect(text).toMatch(row);
  });

  it('says 示例数据 on the cover and on every page header', () => {
    expect(pages[0]).toContain('示例数据（非真实统计）');
  });

  it('embeds every font, none of them Type 3', async () => {
    const fonts = await pdfFonts(pdf);
    expect(fonts.length).toBeGreaterThan(0);
    for (const f of fonts) {
      expect(f.embedded, f.name).toBe(true);
      expect(f.type, f.name).not.toMatch(/Type 3/);
      expect(f.name).toMatch(/NotoS(ans|erif)SC/);
    }
  });

  it('has the title and language in the PDF metadata', async () => {
    const info = await pdfInfo(pdf);
    expect(info['Title']).toBe('中国职业教育发展年度报告（2023）');
    expect(html).toContain('<html lang="zh-CN">');
  });

  it('gives each TOC entry the page its heading is on', () => {
    const tocPage = pages.findIndex((p) => p.includes('目') && p.includes('录') && /第一编.*\d+\s*$/m.test(p));
    expect(tocPage).toBeGreaterThan(0);
    const entries = [...pages[tocPage].matchAll(/^\s*(第[一二三四五六七八九十]+编|[一二三四五六七八九十]+、)\s*(\S+)\s+(\d+)\s*$/gm)];
    expect(entries.filter(([, no]) => no.endsWith('编')).length).toBe(4);
    expect(entries.length).toBeGreaterThanOrEqual(12);
    for (const [, no, title, page] of entries) {
      const n = Number(page);
      const heading = no.endsWith('编') ? `${no} ${title}` : `${no}${title}`;
      // The first page after the TOC that shows the heading (a part's title also runs in its headers).
      const first = pages.findIndex((p, i) => i > tocPage && squash(p).includes(heading));
      expect(first + 1, `${heading} → ${page}`).toBe(n);
      // The printed folio is the PDF page number.
      expect(pages[n - 1]).toMatch(new RegExp(`\\n\\s*${n}\\s*$`));
    }
  });

  it('continues a long table on the next page with 续表 and its header repeated', () => {
    const cont = pages.findIndex((p) => p.includes('续表') && p.includes('省份') && p.includes('在校生'));
    expect(cont).toBeGreaterThan(0);
    expect(pages[cont - 1]).toContain('各省份职业学校基本情况');
  });

  it('numbers figures and tables and puts a 数据来源 under them', () => {
    const text = squash(pages.join('\n'));
    expect(text).toMatch(/图1-1 /);
    expect(text).toMatch(/表3-1 /);
    expect(text).toContain('数据来源：全国教育事业发展统计公报(2012年—2023年)');
    expect(text).toContain('注：2021年—2023年数据不含技工学校');
  });
});

describe('annual edition on hostile and small data', () => {
  it('prints data as text, never as markup', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'vet-xss-'));
    const src = path.resolve('test/fixtures/aggregate-small');
    for (const f of ['roster.csv', 'projects.csv']) await cp(path.join(src, f), path.join(dir, f));
    const payload = '<img src=x onerror=alert(1)>';
    await writeFile(
      path.join(dir, 'series.csv'),
      `年份,地区,指标,层次,数值,单位,来源,备注\n2023,全国,毕业生数,高职,0.35,万人,"数据来源：${payload}",\n2023,全国,新增城镇就业人口,合计,1,万人,测试来源B,\n`,
    );
    const out = path.join(dir, 'out');
    const r = await runBuild({ paths: [dir], out, now: NOW, year: 2023 });
    const html = await readFile(r.outputs.find((o) => o.endsWith('.html'))!, 'utf8');
    expect(html).not.toContain(payload);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const text = (await pdfPageTexts(r.outputs.find((o) => o.endsWith('.pdf'))!)).join('\n');
    expect(text).toContain(payload);
    expect(text).toContain('2024年6月30日');
  }, 120_000);
});

describe('annual edition of an earlier year', () => {
  it('2022 (schools reported, no cooperation projects yet): says so, with no dashes for missing figures and no empty charts', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'vet-annual-2022-'));
    // The shipped 2022 rosters and the published series, without the 2022 project files.
    const data = await mkdtemp(path.join(os.tmpdir(), 'vet-annual-2022-data-'));
    await cp('data/series', path.join(data, 'series'), { recursive: true });
    await cp('data/submissions/2022', path.join(data, '2022'), { recursive: true, filter: (f) => !path.basename(f).startsWith('对外合作项目') });
    const r = await runBuild({ paths: [data], out, now: NOW, year: 2022, editions: ['annual'] });
    expect(r.editions.map((e) => [e.id, e.status, e.warnings])).toEqual([['annual', 'built', undefined]]);
    const text = squash((await pdfPageTexts(r.outputs.find((o) => o.endsWith('annual.pdf'))!)).join('\n'));
    expect(text).toContain('第四编 国际交流合作');
    expect(text).toContain('2022年的数据中没有职业学校对外合作项目（未报送对外合作项目表）。');
    expect(text).not.toContain('居前0位');
    // "—" in place of a figure is a missing value: none is printed (a dash joining years or
    // levels, 2012—2022年 or 中等职业教育—高等职业教育, is not one).
    expect(text).not.toMatch(/—[个所人万%。，；）]|较上一年—/);
  }, 120_000);

  it('2022 from the submissions alone (no published series): what the data lacks is left out, not an unknown indicator or a dash', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'vet-annual-subs-'));
    // Used to fail: 模板 … 出错：未知的指标“schools.yoy” (no 2021 submissions to compare with).
    const r = await runBuild({ paths: ['data/submissions/2022'], out, now: NOW, formats: ['html'], editions: ['annual'] });
    expect(r.editions.map((e) => [e.id, e.status, e.error])).toEqual([['annual', 'built', undefined]]);
    const html = await readFile(r.outputs.find((o) => o.endsWith('annual.html'))!, 'utf8');
    expect(html).toContain('共有职业学校11,273所');
    expect(html).not.toContain('学校总数较上一年');
    // Nor the share of new urban jobs (the series has 新增城镇就业人口): no dash, no empty chart.
    expect(r.editions[0]!.warnings).toBeUndefined();
    expect(html).not.toContain('新增城镇就业人口的比例达到—');
    expect(html).not.toContain('高职毕业生与城镇新增就业');
  }, 120_000);

  it('2018 (only the published series reach back that far): refused before anything is written', async () => {
    const out = path.join(await mkdtemp(path.join(os.tmpdir(), 'vet-annual-2018-')), 'out');
    await expect(runBuild({ paths: ['data'], out, now: NOW, year: 2018 })).rejects.toMatchObject({
      code: 'NO_DATA_FOR_YEAR',
      exitCode: 2,
      message: '2018年没有院校基本情况数据，无法生成报告（有院校基本情况的年份：2019、2020、2021、2022、2023）。',
    });
    await expect(readFile(path.join(out, '2018', 'validation.json'))).rejects.toThrow();
  }, 120_000);
});

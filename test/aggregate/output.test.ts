import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { writeIndicators } from '../../src/aggregate/output.js';
import { consistencyErrors } from '../../src/aggregate/checks.js';
import type { AggregateResult, Indicator } from '../../src/aggregate/types.js';

const ind = (o: Partial<Indicator>): Indicator => ({
  id: 'projects',
  name: '项目数',
  unit: '个',
  value: 1,
  year: 2023,
  region: '全国',
  sources: [{ type: 'rows', table: 'projects', file: 'a.csv', rows: 1 }],
  ...o,
});

const result: AggregateResult = {
  year: 2023,
  errors: [],
  notes: [],
  indicators: [
    ind({ brand: '=HYPERLINK("http://x","点我")', value: 3 }),
    ind({
      id: 'enrolled',
      name: '在校生数',
      unit: '人',
      value: 34782800,
      level: '合计',
      basis: 'series',
      sources: [{ type: 'series', file: 's.csv', row: 2, source: '+公报', note: '@备注' }],
    }),
  ],
};

describe('indicator files', () => {
  it('writes CSV with a BOM and neutralises formula-like text', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'vet-agg-'));
    const [json, csv, xlsx] = await writeIndicators(result, dir);
    const text = await readFile(csv, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain(`"'=HYPERLINK(""http://x"",""点我"")"`);
    expect(text).toContain("'+公报；备注：@备注");
    expect(text).toContain(',34782800,');
    const parsed = JSON.parse(await readFile(json, 'utf8'));
    expect(parsed.year).toBe(2023);
    expect(parsed.indicators[0]).not.toHaveProperty('country');
    expect(parsed.indicators[0].brand).toBe('=HYPERLINK("http://x","点我")');

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const sheets = wb.worksheets.map((w) => w.name);
    expect(sheets).toContain('品牌');
    expect(sheets).toContain('公布数据');
    const brand = wb.getWorksheet('品牌')!;
    expect(brand.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(String(brand.getCell('H2').value)).toBe(`'=HYPERLINK("http://x","点我")`);
    const pub = wb.getWorksheet('公布数据')!;
    expect(pub.getCell('J2').value).toBe(34782800);
    expect(pub.getCell('J2').numFmt).toBe('#,##0');
  });
});

describe('consistency checks', () => {
  it('names the indicator when provinces do not add up to 全国', () => {
    const roster = [
      ind({ id: 'schools', name: '学校数', unit: '所', level: '合计', value: 10 }),
      ind({ id: 'schools', name: '学校数', unit: '所', level: '合计', region: '山东', value: 6 }),
      ind({ id: 'schools', name: '学校数', unit: '所', level: '合计', region: '广东', value: 3 }),
    ];
    const errs = consistencyErrors(roster, []);
    expect(errs).toHaveLength(1);
    expect(errs[0].id).toBe('schools');
    expect(errs[0].message).toContain('学校数');
  });

  it('names 项目数 when countries do not add up to the national count', () => {
    const errs = consistencyErrors([], [ind({ value: 5 }), ind({ country: 'DE', value: 2 }), ind({ country: 'TH', value: 2 })]);
    expect(errs.map((e) => e.id)).toEqual(['projects']);
  });
});

import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { storeEntries, useEmptyToolCache } from '../helpers.js';
import { attachmentXlsx } from '../../../src/render/editions/attachments.js';

describe('attachment workbooks', () => {
  const dir = useEmptyToolCache('vet-xlsx-cache-');
  const created = new Date(Date.UTC(2024, 0, 1));
  const a = {
    file: 'data/图1-1.xlsx',
    title: '图1-1 职业学校数',
    rows: [
      { year: 2022, 学校数: 11133, col: 3 },
      { year: 2023, 学校数: '=1+1', col: 4 },
    ],
  };

  it('holds the title, the columns a reader needs and the values, formulas neutralised', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await attachmentXlsx(a, created)) as never);
    const ws = wb.getWorksheet('数据')!;
    expect(ws.getCell('A1').value).toBe('图1-1 职业学校数');
    expect(ws.getRow(3).values).toEqual([undefined, 'year', '学校数']); // 'col' is internal
    expect(ws.getCell('B4').value).toBe(11133);
    expect(ws.getCell('B5').value).toBe("'=1+1");
  });

  it('is kept in the tool cache by content: the same content gives the same bytes, other content another entry', async () => {
    const first = await attachmentXlsx(a, created);
    const entries = await storeEntries(dir, 'xlsx');
    expect(entries).toHaveLength(1);
    expect(Buffer.from(await attachmentXlsx(a, created)).equals(Buffer.from(first))).toBe(true);
    await attachmentXlsx({ ...a, rows: [a.rows[0]!] }, created);
    expect(await storeEntries(dir, 'xlsx')).toHaveLength(2);
  });

  it('writes the source and notes above the table, and Chinese headers with the unit of the values', async () => {
    const wb = new ExcelJS.Workbook();
    const b = {
      file: 'data/图1-2.xlsx',
      title: '图1-2 在校生（单位：万人）',
      source: '各省（区、市）报送的院校基本情况统计表（32个文件）',
      notes: ['2021年—2023年数据不含技工学校'],
      rows: [{ year: '2023年', group: '中职', value: 1737.96, label: '1,737.96' }],
      columns: [
        { field: 'year', header: '年份' },
        { field: 'group', header: '层次' },
        { field: 'value', header: '在校生数', unit: '万人' },
      ],
    };
    await wb.xlsx.load(Buffer.from(await attachmentXlsx(b, created)) as never);
    const ws = wb.getWorksheet('数据')!;
    expect([1, 2, 3].map((r) => ws.getCell(`A${r}`).value)).toEqual([b.title, `数据来源：${b.source}`, '注：2021年—2023年数据不含技工学校']);
    expect(ws.getRow(5).values).toEqual([undefined, '年份', '层次', '在校生数（万人）']);
    expect(ws.getRow(6).values).toEqual([undefined, '2023年', '中职', 1737.96]);
  });
});

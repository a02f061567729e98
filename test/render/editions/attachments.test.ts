import ExcelJS from 'exceljs';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useEmptyToolCache } from '../helpers.js';
import { attachmentXlsx } from '../../../src/render/editions/attachments.js';

describe('attachment workbooks', () => {
  const dir = useEmptyToolCache('vet-xlsx-cache-');
  const created = new Date(Date.UTC(2024, 0, 1));
  const a = { file: 'data/图1-1.xlsx', title: '图1-1 职业学校数', rows: [{ year: 2022, 学校数: 11133, col: 3 }, { year: 2023, 学校数: '=1+1', col: 4 }] };

  it('holds the title, the columns a reader needs and the values, formulas neutralised', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await attachmentXlsx(a, created)) as never);
    const ws = wb.getWorksheet('数据')!;
    expect(ws.getCell('A1').value).toBe('图1-1 职业学校数');
    expect(ws.getRow(2).values).toEqual([undefined, 'year', '学校数']); // 'col' is internal
    expect(ws.getCell('B3').value).toBe(11133);
    expect(ws.getCell('B4').value).toBe("'=1+1");
  });

  it('is kept in the tool cache by content: the same content gives the same bytes, other content another entry', async () => {
    const first = await attachmentXlsx(a, created);
    const entries = readdirSync(path.join(dir, 'xlsx'));
    expect(entries).toHaveLength(1);
    expect(Buffer.from(await attachmentXlsx(a, created)).equals(Buffer.from(first))).toBe(true);
    await attachmentXlsx({ ...a, rows: [a.rows[0]!] }, created);
    expect(readdirSync(path.join(dir, 'xlsx'))).toHaveLength(2);
  });
});

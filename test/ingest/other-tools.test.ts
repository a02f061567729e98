/**
 * Workbooks from other tools. openpyxl (and pandas' to_excel, which uses it) writes the
 * workbook's relationships with absolute targets (`/xl/worksheets/sheet1.xml`); exceljs resolves
 * only relative ones, so without care the sheets read as Sheet1/Sheet2 and the annotated copy
 * comes out with no cell marked. The fixture was written by openpyxl itself (its make.py).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { runValidate } from '../../src/pipeline.js';
import { xlsxSource } from '../../src/spreadsheet.js';
import { writeFindingsReport } from '../../src/validate/report.js';
import { FIXTURES, goldenCase, inputsOf } from '../fixtures/golden.js';

goldenCase('openpyxl-workbook');

const openpyxl = path.join(FIXTURES, 'openpyxl-workbook', '院校基本情况-openpyxl.xlsx');

describe('xlsxSource', () => {
  it('reads an Excel-written workbook as it is, and rewrites only the relationships of an openpyxl one', async () => {
    expect(await xlsxSource(path.join(FIXTURES, 'roster-xlsx-messy', '山东省院校基本情况2023.xlsx'))).toEqual({ kind: 'file' });
    const s = await xlsxSource(openpyxl);
    expect(s.kind).toBe('bytes');
    // The rewritten zip is a workbook exceljs opens with the sheets' own names.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((s as { bytes: Buffer }).bytes as never);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['填表说明', '院校基本情况']);
    expect(wb.getWorksheet('院校基本情况')!.getCell('B2').value).toBe('示例职业技术学院');
  });
});

describe('the annotated copy of an openpyxl workbook', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vet-report-openpyxl-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('marks the cell of the error in its own sheet, with the message as a note', async () => {
    const inputs = inputsOf('openpyxl-workbook');
    const result = await runValidate(inputs);
    const written = await writeFindingsReport(result, path.join(dir, '问题.xlsx'), { resolve: () => path.resolve(inputs[0]!) });
    const copy = written.find((f) => f.includes('（问题标注）'))!;
    expect(path.basename(copy)).toBe('院校基本情况-openpyxl（问题标注）.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(copy);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['填表说明', '院校基本情况', '问题汇总']);
    const ws = wb.getWorksheet('院校基本情况')!;
    const g3 = ws.getCell('G3');
    expect((g3.fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFC7CE');
    expect(JSON.stringify(g3.note)).toContain('为负数');
    // The data is the school's own, untouched.
    expect(g3.value).toBe(-3000);
    expect(ws.getCell('B4').value).toBe('示例职业大学');
  });
});

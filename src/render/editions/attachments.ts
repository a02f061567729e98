/** 数据下载: each figure's and table's data as a small XLSX beside the HTML. */
import ExcelJS from 'exceljs';
import { fitWidth, safeText, xlsxBytes } from '../../spreadsheet.js';
import type { Attachment } from './engine.js';

/** Internal fields of chart rows that mean nothing to a reader. */
const HIDDEN = new Set(['col', 'row', 'dark', 'kind', 'key', 'isRegion', 'enrolledWan', 'enrolledLabel']);

export async function attachmentXlsx(a: Attachment, created: Date): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'vet-report';
  const ws = wb.addWorksheet('数据');
  const cols = a.columns ?? [...new Set(a.rows.flatMap((r) => Object.keys(r)))].filter((c) => !HIDDEN.has(c));
  ws.addRow([a.title]).font = { bold: true };
  ws.addRow(cols).font = { bold: true };
  for (const r of a.rows) ws.addRow(cols.map((c) => (typeof r[c] === 'string' ? safeText(r[c] as string) : r[c])));
  cols.forEach((c, k) => (ws.getColumn(k + 1).width = fitWidth([c, ...a.rows.map((r) => r[c])], 8, 40)));
  return xlsxBytes(wb, created);
}

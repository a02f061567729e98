/** 数据下载: each figure's and table's data as a small XLSX beside the HTML. */
import { cachedBytes, cacheKey, packageVersion, sourceHash } from '../../cache.js';
import { fitWidth, safeText, xlsxBytes } from '../../spreadsheet.js';
import type { Attachment } from './engine.js';

/** Internal fields of chart rows that mean nothing to a reader. */
const HIDDEN = new Set(['col', 'row', 'dark', 'kind', 'key', 'isRegion', 'enrolledWan', 'enrolledLabel']);

/** What the bytes of a workbook depend on besides its content: exceljs, and the code here and in spreadsheet.ts. */
let code: string | undefined;
const workbookCode = (): string =>
  (code ??= sourceHash(import.meta.url, ['./attachments.js', '../../spreadsheet.js'], [packageVersion('exceljs')]));

/**
 * The workbook of one attachment. Kept in the tool cache by content: an analyst's rebuild of one
 * edition then does not load exceljs at all.
 */
export function attachmentXlsx(a: Attachment, created: Date): Promise<Uint8Array> {
  const key = cacheKey(workbookCode(), JSON.stringify([a.title, a.columns ?? null, a.rows, created.toISOString()]));
  return cachedBytes('xlsx', `${key}.xlsx`, () => buildXlsx(a, created));
}

async function buildXlsx(a: Attachment, created: Date): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
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

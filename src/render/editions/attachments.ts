/**
 * 数据下载: each figure's and table's data as a small XLSX beside the HTML, for Chinese readers:
 * the title, 数据来源 and notes above the table (as OECD StatLinks do), Chinese headers with the
 * unit the values are in (在校生数（万人）), values at full precision.
 */
import { cachedBytes, cacheKey, packageVersion, sourceHash } from '../../cache.js';
import { fitWidth, safeText, xlsxBytes } from '../../spreadsheet.js';
import type { Attachment } from './state.js';
import type { Column } from './dataset.js';

/** Internal fields of chart rows that mean nothing to a reader. */
const HIDDEN = new Set(['col', 'row', 'dark', 'kind', 'key', 'isRegion', 'label', 'group', 'mine']);

/** What the bytes of a workbook depend on besides its content: exceljs, and the code here and in spreadsheet.ts. */
let code: string | undefined;
const workbookCode = (): string => (code ??= sourceHash(import.meta.url, ['./attachments.js', '../../spreadsheet.js'], [packageVersion('exceljs')]));

/**
 * The workbook of one attachment. Kept in the tool cache by content: an analyst's rebuild of one
 * edition then does not load exceljs at all.
 */
export function attachmentXlsx(a: Attachment, created: Date): Promise<Uint8Array> {
  const key = cacheKey(workbookCode(), JSON.stringify([a.title, a.columns ?? null, a.source ?? null, a.notes ?? [], a.rows, created.toISOString()]));
  return cachedBytes('xlsx', `${key}.xlsx`, () => buildXlsx(a, created));
}

async function buildXlsx(a: Attachment, created: Date): Promise<Uint8Array> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = 'vet-report';
  const ws = wb.addWorksheet('数据');
  const cols: Column[] =
    a.columns ?? [...new Set(a.rows.flatMap((r) => Object.keys(r)))].filter((c) => !HIDDEN.has(c)).map((field): Column => ({ field, header: field }));
  const heads = cols.map((c) => (c.unit ? `${c.header}（${c.unit}）` : c.header));
  ws.addRow([safeText(a.title)]).font = { bold: true };
  if (a.source) ws.addRow([safeText(`数据来源：${a.source}`)]);
  for (const n of a.notes ?? []) ws.addRow([safeText(`注：${n}`)]);
  ws.addRow([]);
  ws.addRow(heads).font = { bold: true };
  for (const r of a.rows) ws.addRow(cols.map(({ field }) => (typeof r[field] === 'string' ? safeText(r[field] as string) : r[field])));
  // Widths from the headers and values only: the title and source lines may run across.
  cols.forEach((c, k) => (ws.getColumn(k + 1).width = fitWidth([heads[k], ...a.rows.map((r) => r[c.field])], 8, 40)));
  return xlsxBytes(wb, created);
}

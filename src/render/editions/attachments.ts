/** 数据下载: each figure's and table's data as a small XLSX beside the HTML. */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir } from '../../paths.js';
import { writeCacheFile } from '../../io.js';
import { fitWidth, safeText, xlsxBytes } from '../../spreadsheet.js';
import type { Attachment } from './engine.js';

/** Internal fields of chart rows that mean nothing to a reader. */
const HIDDEN = new Set(['col', 'row', 'dark', 'kind', 'key', 'isRegion', 'enrolledWan', 'enrolledLabel']);

/**
 * What the bytes of a workbook depend on besides its content: exceljs and the code here and in
 * spreadsheet.ts (hashed, as the chart cache does, so an edit can never reuse a stale file).
 */
let codeHash: string | undefined;
function workbookCode(): string {
  if (codeHash === undefined) {
    const h = createHash('sha256');
    try {
      h.update(createRequire(import.meta.url)('exceljs/package.json').version as string);
      const spreadsheet = ['js', 'ts'].map((x) => fileURLToPath(new URL(`../../spreadsheet.${x}`, import.meta.url))).find((f) => existsSync(f));
      for (const f of [fileURLToPath(import.meta.url), spreadsheet!]) h.update(readFileSync(f));
    } catch {
      h.update(String(Math.random())); // unreadable: never reuse
    }
    codeHash = h.digest('hex');
  }
  return codeHash;
}

/**
 * The workbook of one attachment. Kept in the tool cache by content: an analyst's rebuild of one
 * edition then does not load exceljs at all.
 */
export async function attachmentXlsx(a: Attachment, created: Date): Promise<Uint8Array> {
  const key = createHash('sha256').update(workbookCode()).update(JSON.stringify([a.title, a.columns ?? null, a.rows, created.toISOString()])).digest('hex');
  const cached = join(cacheDir('xlsx'), `${key}.xlsx`);
  try {
    return new Uint8Array(await readFile(cached));
  } catch {
    const bytes = await buildXlsx(a, created);
    await writeCacheFile(cached, bytes);
    return bytes;
  }
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

/**
 * `validate --report FILE.xlsx`: what an editor sends back to a school.
 * FILE.xlsx holds 问题汇总 (one row per finding with its cell address) and 文件统计 (the row
 * accounting). Beside it, each input that has findings is copied as “<name>（问题标注）.xlsx” with
 * the cells coloured (error red, warning yellow) and the message as a cell comment, plus its own
 * 问题汇总 sheet, so the school gets one file with everything. CSV inputs are copied into a workbook.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { readDelimited } from '../ingest/sheets.js';
import { fileKind } from '../ingest/files.js';
import { UI } from '../messages.js';
import { count } from '../format/index.js';
import { writeAtomic, type WriteFile } from '../io.js';
import { loadXlsx, safeText, xlsxBytes } from '../spreadsheet.js';
import type { Finding } from '../types.js';
import type { ValidationResult } from './index.js';
import { groupKey, type FindingSpill, type SuppressedGroup } from './findings.js';

// exceljs signs every comment "Author" (its comments part has that one author, hard-coded): the
// annotated copies' notes are signed by the tool instead. Same module instance as `exceljs`.
const CommentsXform = createRequire(import.meta.url)('exceljs/lib/xlsx/xform/comment/comments-xform.js') as {
  prototype: { render(this: unknown, xml: { leafNode(name: string, attrs: unknown, text?: unknown): void }, model: unknown): void };
};
const renderComments = CommentsXform.prototype.render;
CommentsXform.prototype.render = function (xml, model) {
  const leafNode = xml.leafNode;
  xml.leafNode = (name, attrs, text) => leafNode.call(xml, name, attrs, name === 'author' ? 'vet-report' : text);
  try {
    renderComments.call(this, xml, model);
  } finally {
    xml.leafNode = leafNode;
  }
};

const FILL = {
  error: 'FFFFC7CE',
  warning: 'FFFFEB9C',
  info: 'FFDDEBF7',
} as const;

const SUMMARY_COLUMNS: { header: string; key: keyof Finding | 'cell' | 'no' | 'level'; width: number }[] = [
  { header: '序号', key: 'no', width: 6 },
  { header: '级别', key: 'level', width: 6 },
  { header: '代码', key: 'code', width: 22 },
  { header: '文件', key: 'file', width: 40 },
  { header: '工作表', key: 'sheet', width: 16 },
  { header: '行', key: 'row', width: 6 },
  { header: '列', key: 'column', width: 5 },
  { header: '单元格', key: 'cell', width: 8 },
  // An editor answering one school sorts or filters by these.
  { header: '学校标识码', key: 'schoolId', width: 14 },
  { header: '学校名称', key: 'schoolName', width: 28 },
  { header: '列名', key: 'header', width: 16 },
  { header: '原值', key: 'value', width: 18 },
  { header: '问题说明', key: 'message', width: 80 },
];

/**
 * 原值 as the cell held it: a number written as a number (-5918, not the guarded text '-5918),
 * anything else as text with the formula guard. A value is a number when it reads back as itself,
 * so 00123 and 1e5 stay text.
 */
function originalValue(v: string | null): string | number | null {
  if (v !== null && /^-?\d+(\.\d+)?$/.test(v) && String(Number(v)) === v) return Number(v);
  return safeText(v);
}

/** One row per finding; after the last listed finding of a kind cut at the cap, how many more there are. */
function addSummarySheet(wb: ExcelJS.Workbook, findings: Finding[], suppressed: readonly SuppressedGroup[]): void {
  const ws = wb.addWorksheet('问题汇总', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = SUMMARY_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  ws.getRow(1).font = { bold: true };
  const cut = new Map(suppressed.map((g) => [groupKey(g), g]));
  const lastOf = new Map<number, SuppressedGroup[]>();
  if (cut.size) {
    const last = new Map<string, number>();
    findings.forEach((f, i) => cut.has(groupKey(f)) && last.set(groupKey(f), i));
    for (const [k, i] of last) lastOf.set(i, [...(lastOf.get(i) ?? []), cut.get(k)!]);
  }
  const style = (row: ExcelJS.Row, severity: Finding['severity']) => {
    row.getCell('level').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: FILL[severity] } };
    row.getCell('message').alignment = { wrapText: true, vertical: 'top' };
  };
  findings.forEach((f, i) => {
    style(
      ws.addRow({
        no: i + 1,
        level: UI.severityLabel[f.severity],
        code: f.code,
        file: safeText(f.file),
        sheet: safeText(f.sheet),
        row: f.row,
        column: f.column,
        cell: f.row !== null && f.column ? `${f.column}${f.row}` : null,
        schoolId: safeText(f.schoolId ?? null),
        schoolName: safeText(f.schoolName ?? null),
        header: safeText(f.header),
        value: originalValue(f.value),
        message: f.message,
      }),
      f.severity,
    );
    for (const g of lastOf.get(i) ?? []) {
      style(
        ws.addRow({
          level: UI.severityLabel[g.severity],
          code: g.code,
          file: safeText(g.file),
          sheet: safeText(g.sheet),
          column: g.column,
          header: safeText(g.header),
          message: UI.sameKind(count(g.count), g.listed),
        }),
        g.severity,
      );
    }
  });
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: SUMMARY_COLUMNS.length } };
}

function sortFindings(list: Finding[]): Finding[] {
  return [...list].sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      (a.sheet ?? '').localeCompare(b.sheet ?? '') ||
      (a.row ?? 0) - (b.row ?? 0) ||
      (a.column ?? '').length - (b.column ?? '').length ||
      (a.column ?? '').localeCompare(b.column ?? ''),
  );
}

function annotate(ws: ExcelJS.Worksheet, findings: Finding[]): void {
  const notes = new Map<string, { severity: Finding['severity']; text: string[] }>();
  for (const f of findings) {
    if (f.row === null) continue;
    const addr = `${f.column ?? 'A'}${f.row}`;
    const n = notes.get(addr) ?? { severity: f.severity, text: [] };
    if (f.severity === 'error') n.severity = 'error';
    n.text.push(`[${UI.severityLabel[f.severity]}] ${f.message}`);
    notes.set(addr, n);
  }
  for (const [addr, n] of notes) {
    const cell = ws.getCell(addr);
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: FILL[n.severity] } };
    cell.note = n.text.join('\n');
  }
}

export interface ReportOptions {
  /** Maps a finding's display file name to the file on disk. */
  resolve: (display: string) => string;
  write?: WriteFile;
  /** The workbooks' date (default: now); the same date and findings give the same bytes. */
  now?: Date;
  /**
   * Every finding (the spill given to runValidate): an annotated copy marks the cells beyond the
   * cap too, as the school needs every bad cell; its 问题汇总 lists the capped ones, as FILE.xlsx.
   * Without it, the copies mark the listed findings only.
   */
  every?: FindingSpill;
}

/** A file's findings with a row, every one (beyond the cap too), in order, read back from the spill. */
async function everyOf(spill: FindingSpill, display: string): Promise<Finding[]> {
  const out: Finding[] = [];
  for await (const f of spill.findings()) if (f.file === display && f.row !== null) out.push(f);
  return out;
}

/** Writes FILE.xlsx and the annotated copies; returns the paths written. */
export async function writeFindingsReport(result: ValidationResult, file: string, opts: ReportOptions): Promise<string[]> {
  const write = opts.write ?? writeAtomic;
  const now = opts.now ?? new Date();
  const written: string[] = [];
  const all = sortFindings(result.findings);

  const wb = new ExcelJS.Workbook();
  const suppressed = result.suppressed ?? [];
  addSummarySheet(wb, all, suppressed);
  const stats = wb.addWorksheet('文件统计', { views: [{ state: 'frozen', ySplit: 1 }] });
  stats.columns = [
    { header: '文件', key: 'file', width: 40 },
    { header: '工作表', key: 'sheet', width: 16 },
    { header: '数据表', key: 'table', width: 14 },
    { header: '读取行数', key: 'read', width: 10 },
    { header: '接收', key: 'accepted', width: 8 },
    { header: '拒收', key: 'rejected', width: 8 },
    { header: '跳过', key: 'skipped', width: 8 },
    { header: '说明', key: 'reason', width: 60 },
  ];
  stats.getRow(1).font = { bold: true };
  for (const s of result.files) {
    stats.addRow({ ...s, file: safeText(s.file), sheet: safeText(s.sheet), table: s.table ? UI.tableName[s.table] : '—' });
  }
  await write(file, await xlsxBytes(wb, now));
  written.push(file);

  const byFile = new Map<string, Finding[]>();
  for (const f of all) {
    if (f.row === null) continue;
    const l = byFile.get(f.file) ?? [];
    l.push(f);
    byFile.set(f.file, l);
  }
  const used = new Set<string>();
  for (const [display, findings] of byFile) {
    const src = opts.resolve(display);
    const kind = fileKind(src);
    const copy = new ExcelJS.Workbook();
    if (kind === 'xlsx') await loadXlsx(copy, src);
    else if (kind === 'csv') {
      const sheet = await readDelimited(src);
      const ws = copy.addWorksheet(sheet.name.slice(0, 31) || 'Sheet1');
      for await (const batch of sheet.batches) {
        for (const r of batch) ws.getRow(r.number).values = r.cells as ExcelJS.CellValue[];
      }
    } else continue;
    // A kind cut at the cap in this file: its cells beyond the cap are marked too.
    const marks = opts.every && suppressed.some((g) => g.file === display) ? await everyOf(opts.every, display) : findings;
    for (const ws of copy.worksheets)
      annotate(
        ws,
        marks.filter((f) => f.sheet === ws.name),
      );
    if (copy.getWorksheet('问题汇总')) copy.removeWorksheet(copy.getWorksheet('问题汇总')!.id);
    addSummarySheet(
      copy,
      findings,
      suppressed.filter((g) => g.file === display),
    );
    let name = `${path.basename(src, path.extname(src))}（问题标注）.xlsx`;
    for (let i = 2; used.has(name); i++) name = `${path.basename(src, path.extname(src))}（问题标注${i}）.xlsx`;
    used.add(name);
    const out = path.join(path.dirname(file), name);
    await write(out, await xlsxBytes(copy, now));
    written.push(out);
  }
  return written;
}

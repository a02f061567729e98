/**
 * Stage 2, validate: ingested sheets → accepted typed rows + findings + per-sheet accounting.
 *
 * Errors reject the row (never the file, never the run); warnings keep it. For every sheet,
 * read = accepted + rejected + skipped (titles and header, blank rows, notes, totals).
 * Cross-file rules (duplicate keys, project ↔ roster, roster ↔ published series) run once all
 * inputs are read; a rule that rejects a row moves it from accepted to rejected in its sheet's count.
 */
import { columnLetter, type ClassifiedRow, type HeaderMatch, type IngestEvent, type IngestedSheet, type RawCell } from '../ingest/index.js';
import type { FieldDef } from '../ingest/tables.js';
import type { Unit } from './units.js';
import { UNITS, shiftDecimal, unitExponent } from './units.js';
import { cleanText, compareDate, isMissing, parseNumber } from './values.js';
import { expectText, parseField } from './fields.js';
import { FindingLog, type FindingSink, type SuppressedGroup, type Where } from './findings.js';
import { crossCheck } from './cross.js';
import type { RowCells, RowPlace, SheetReport } from './rows.js';
export type { SheetReport } from './rows.js';
import { settleCases, type PendingCase } from './cases.js';
import type { Country } from './ref/countries.js';
import type { FindingCode } from '../messages.js';
import type { CaseRow, DataRow, DateValue, Finding, Origin, ProjectRow, ProjectStatus, RosterRow, SeriesRow } from '../types.js';

export interface ValidationResult {
  files: SheetReport[];
  /** In reading order; of one kind in one column of a sheet, the first FINDINGS_CAP only. */
  findings: Finding[];
  /** Kinds of finding with more than FINDINGS_CAP in one column of a sheet: how many more. */
  suppressed: SuppressedGroup[];
  roster: RosterRow[];
  projects: ProjectRow[];
  series: SeriesRow[];
  /** Cases (案例) of every year, their text already safe HTML. */
  cases: CaseRow[];
}

export interface ValidateOptions {
  /** Warnings count as errors (and reject their rows). */
  strict?: boolean;
  /** Findings of one kind in one column of a sheet listed; the rest are counted (default FINDINGS_CAP). */
  cap?: number;
  /** Receives every finding, the ones beyond the cap too (`--json`, validation.json). */
  sink?: FindingSink | null;
}

interface Column {
  field: FieldDef;
  col: number;
  letter: string;
  header: string;
  unit: Unit | null;
}

const rawText = (v: unknown): string => (v instanceof Date ? v.toISOString().slice(0, 10) : cleanText(v as string));

const NOTE_START = (year: number): DateValue => ({ iso: `${year + 1}-01-01`, precision: 'day' });
const NOTE_END = (year: number): DateValue => ({ iso: `${year + 1}-04-15`, precision: 'day' });

export async function validate(events: AsyncIterable<IngestEvent>, opts: ValidateOptions = {}): Promise<ValidationResult> {
  const log = new FindingLog(!!opts.strict, { cap: opts.cap, sink: opts.sink });
  const files: SheetReport[] = [];
  const out = { roster: [] as RosterRow[], projects: [] as ProjectRow[], series: [] as SeriesRow[] };
  const cases: PendingCase[] = [];
  const places = new Map<DataRow, RowPlace>();
  const keys = new KeySet();
  let fileIndex = -1;
  let lastFile = '';
  let sheetIndex = 0;

  for await (const ev of events) {
    const file = ev.type === 'sheet' ? ev.sheet.file : ev.file;
    const display = file.display;
    if (file.path !== lastFile) {
      fileIndex++;
      lastFile = file.path;
      sheetIndex = 0;
    }
    if (ev.type === 'file-error') {
      const f = log.add(ev.code, { file: display }, ev.params, [fileIndex]);
      files.push({ file: display, sheet: null, table: null, read: 0, accepted: 0, rejected: 0, skipped: 0, reason: f.message });
      continue;
    }
    if (ev.type === 'document') {
      const report: SheetReport = { file: display, sheet: null, table: 'cases', read: 1, accepted: 1, rejected: 0, skipped: 0 };
      files.push(report);
      // Markdown without fields is an editor's note, not a case.
      if (ev.file.kind === 'markdown' && ev.doc.fields.length === 0) {
        report.table = null;
        report.accepted = 0;
        report.skipped = 1;
        report.reason = log.add('SHEET_NO_TABLE', { file: display }, { reason: '没有案例字段（开头的 --- 之间写明学校名称、省份等）' }, [fileIndex]).message;
        continue;
      }
      cases.push({ kind: 'document', file: ev.file, doc: ev.doc, report, sortKey: [fileIndex, 0] });
      continue;
    }
    const report = await validateSheet(ev.sheet, { log, out, places, keys, cases, sortBase: [fileIndex, sheetIndex++] });
    files.push(report);
  }

  crossCheck({ log, out, places });
  const settled = await settleCases(cases, log, out);
  return { files, findings: log.sorted(), suppressed: log.suppressed(), ...out, cases: settled };
}

interface Ctx {
  log: FindingLog;
  out: { roster: RosterRow[]; projects: ProjectRow[]; series: SeriesRow[] };
  places: Map<DataRow, RowPlace>;
  keys: KeySet;
  cases: PendingCase[];
  sortBase: number[];
  report?: SheetReport;
}

async function validateSheet(sheet: IngestedSheet, ctx: Ctx): Promise<SheetReport> {
  const { log } = ctx;
  const file = sheet.file.display;
  const match = sheet.match;
  const report: SheetReport = {
    file,
    sheet: sheet.sheet,
    table: match?.table.name ?? null,
    read: 0,
    accepted: 0,
    rejected: 0,
    skipped: 0,
  };
  if (!match) {
    for await (const batch of sheet.batches) {
      report.read += batch.length;
      report.skipped += batch.length;
    }
    report.reason = sheet.skipReason;
    log.add('SHEET_NO_TABLE', { file, sheet: sheet.sheet }, { reason: sheet.skipReason ?? '' }, [...ctx.sortBase, 0]);
    logIssues(sheet, ctx);
    if (sheet.error) reportBroken(sheet, report, ctx);
    return report;
  }

  const cols: Column[] = match.bindings.map((b) => ({ ...b, letter: columnLetter(b.col) }));
  const at = (row: number, c: { col: number; header: string } | null, value: string | null = null): Where => ({
    file,
    sheet: sheet.sheet,
    row,
    column: c ? columnLetter(c.col) : null,
    header: c?.header ?? null,
    value,
  });
  const key = (row: number, col = -1) => [...ctx.sortBase, row, col];
  // Running sums of count columns by column index, checked against a 合计 row.
  const sums: Sums = [];
  // Everything a row needs, built once per sheet: rows are many, and this loop is the hot path.
  const run: SheetRun = {
    ctx: { ...ctx, report },
    sheet,
    match,
    cols,
    byId: new Map(cols.map((c) => [c.field.id, c])),
    sums,
    at,
    key,
    school: null,
    keepCells: match.table.name !== 'roster',
    // Every field of the table present from the start: one object shape, whatever columns exist.
    values: Object.fromEntries(match.table.fields.map((f) => [f.id, undefined])),
  };

  const [schoolId, schoolName] = [run.byId.get('schoolId'), run.byId.get('schoolName')];
  if (schoolId || schoolName) run.school = { id: schoolId, name: schoolName };

  for (const ig of match.ignored) log.add('COLUMN_IGNORED', at(ig.row, ig, ig.header), { table: match.table.title }, key(ig.row, ig.col));
  for (const d of match.duplicates) {
    log.add('COLUMN_DUPLICATE', at(d.row, d, d.header), { first: columnLetter(d.first), field: d.field.header }, key(d.row, d.col));
  }

  let dataRows = 0;

  for await (const batch of sheet.batches)
    for (const row of batch) {
      report.read++;
      if (row.kind === 'total') {
        report.skipped++;
        // The sum is stated in the column's unit, as the total is: 1.65万人, not 16500.
        checkTotal(row, cols, sums, (c, value, sum) =>
          log.add(
            'TOTAL_MISMATCH',
            at(row.number, c, value),
            { sum: c.unit ? shiftDecimal(sum, -unitExponent(c.unit)) + c.unit : sum },
            key(row.number, c.col),
          ),
        );
        sums.length = 0;
        continue;
      }
      if (row.kind !== 'data') {
        report.skipped++;
        continue;
      }
      dataRows++;
      // A row the reader could not read whole (an unclosed quote) is not checked cell by cell.
      if (sheet.issues.length && sheet.issues.some((i) => i.row === row.number && log.severityOf(i.code) === 'error')) {
        report.rejected++;
        continue;
      }
      const accepted = validateRow(run, row);
      if (accepted) report.accepted++;
      else report.rejected++;
    }
  // Logged once the sheet is read: the "all rows rejected" count is known only then (the sort key
  // puts them on the header row; a finding is never changed once logged, a sink may have it).
  for (const fd of match.missing) {
    log.add(
      'COLUMN_REQUIRED_MISSING',
      at(match.headerRow, null),
      {
        header: fd.header,
        aliases: [fd.header, ...fd.aliases].join('、'),
        rows: dataRows,
      },
      key(match.headerRow),
    );
  }
  logIssues(sheet, ctx);
  if (sheet.error) reportBroken(sheet, report, ctx);
  return report;
}

/** The reader's findings (encoding, unclosed quote, a broken cell), at their rows and cells; known once the sheet is read. */
function logIssues(sheet: IngestedSheet, ctx: Ctx): void {
  for (const i of sheet.issues) {
    const cell =
      i.col === undefined
        ? {}
        : { column: columnLetter(i.col), header: sheet.match?.bindings.find((b) => b.col === i.col)?.header ?? null, value: i.value ?? null };
    ctx.log.add(i.code, { file: sheet.file.display, sheet: sheet.sheet, row: i.row, ...cell }, i.params, [...ctx.sortBase, i.row ?? -1, i.col ?? -1]);
  }
}

function reportBroken(sheet: IngestedSheet, report: SheetReport, ctx: Ctx): void {
  const f = ctx.log.add('FILE_CORRUPT', { file: sheet.file.display, sheet: sheet.sheet }, { detail: sheet.error ?? '' }, [...ctx.sortBase, 1e9]);
  report.reason = f.message;
}

function checkTotal(row: ClassifiedRow, cols: Column[], sums: Sums, mismatch: (c: Column, value: string, sum: number) => void): void {
  for (const c of cols) {
    const sum = sums[c.col];
    if (c.field.kind !== 'count' || sum === undefined) continue;
    const raw = row.cells[c.col] ?? null;
    if (raw === null || isMissing(raw)) continue;
    const r = parseNumber(raw, { unit: c.unit });
    // Sums of integers are exact; a difference is a real one.
    if (r.ok && Math.abs(r.value - sum) > 1e-6) mismatch(c, rawText(raw), sum);
  }
}

/** Running column sums; a column without a parsed value has none. */
type Sums = (number | undefined)[];

const NO_CELLS: RowCells = Object.freeze({}) as RowCells;

interface SheetRun {
  ctx: Ctx;
  sheet: IngestedSheet;
  match: HeaderMatch;
  cols: Column[];
  byId: Map<string, Column>;
  sums: Sums;
  at: (row: number, c: { col: number; header: string } | null, v?: string | null) => Where;
  key: (row: number, col?: number) => number[];
  /** The school's columns, where the table has them: findings on a row name its school. */
  school: { id: Column | undefined; name: Column | undefined } | null;
  /** Cell places are kept only for tables the cross-file rules point back into (not 100k roster rows). */
  keepCells: boolean;
  /**
   * The row's parsed values by field id, reused row after row: every bound field is set on every
   * row, and nothing keeps the object past its row (accepted rows copy the values out).
   */
  values: Record<string, unknown>;
}

/** Logs a finding on a row; true when it is an error (the row is then rejected). */
function flagRow(
  run: SheetRun,
  row: ClassifiedRow,
  code: FindingCode,
  c: Column | null,
  value: string | null,
  params: Record<string, string | number> = {},
): boolean {
  const where = run.at(row.number, c, value);
  if (run.school) {
    const id = run.school.id ? (row.cells[run.school.id.col] ?? null) : null;
    const name = run.school.name ? (row.cells[run.school.name.col] ?? null) : null;
    where.schoolId = id === null ? null : rawText(id);
    where.schoolName = name === null ? null : rawText(name);
  }
  return run.ctx.log.flag(code, where, params, run.key(row.number, c?.col ?? -1));
}

/** flagRow on the cell of a field (by id), quoting the cell's raw text. */
function flagField(run: SheetRun, row: ClassifiedRow, code: FindingCode, id: string, params: Record<string, string | number>): boolean {
  const c = run.byId.get(id) ?? null;
  const raw = c ? (row.cells[c.col] ?? null) : null;
  return flagRow(run, row, code, c, raw === null ? null : rawText(raw), params);
}

function validateRow(run: SheetRun, row: ClassifiedRow): boolean {
  const { ctx, sheet, match, cols, sums, values } = run;
  const cells: RowCells = run.keepCells ? {} : NO_CELLS;
  // A required column missing from the header rejects every row (its cells are still checked).
  let bad = match.missing.length > 0;

  for (const c of cols) {
    const raw = row.cells[c.col] ?? null;
    if (run.keepCells) cells[c.field.id] = { column: c.letter, header: c.header, value: raw === null ? null : rawText(raw), col: c.col };
    if (raw === null || isMissing(raw)) {
      values[c.field.id] = null;
      if (c.field.required) bad = flagRow(run, row, 'VALUE_REQUIRED', c, raw === null ? null : rawText(raw), { expect: expectText(c.field) }) || bad;
      continue;
    }
    const r = parseField(c.field, raw, c.unit);
    if (!r.ok) {
      bad = flagRow(run, row, r.code, c, rawText(raw), { expect: expectText(c.field), ...r.params }) || bad;
      values[c.field.id] = null;
      continue;
    }
    values[c.field.id] = r.value;
    if (c.field.kind === 'count') sums[c.col] = (sums[c.col] ?? 0) + (r.value as number);
  }

  const origin: Origin = { file: sheet.file.display, sheet: sheet.sheet, row: row.number };
  const table = match.table.name;
  let built: DataRow[];

  if (table === 'roster') {
    // biome-ignore lint/suspicious/noExplicitAny: the row's parsed values, typed by the field kinds the table declares
    const v = values as Record<string, any>;
    if (v.placed !== null && v.graduates !== null && v.placed > v.graduates) {
      if (flagField(run, row, 'PLACED_GT_GRADUATES', 'placed', { placed: v.placed, graduates: v.graduates })) bad = true;
    }
    built = [
      {
        table: 'roster',
        origin,
        schoolId: v.schoolId,
        schoolName: v.schoolName,
        province: v.province,
        level: v.level,
        ownership: v.ownership ?? null,
        year: v.year,
        enrolled: v.enrolled,
        admitted: v.admitted ?? null,
        graduates: v.graduates,
        placed: v.placed ?? null,
        fullTimeTeachers: v.fullTimeTeachers,
        partTimeTeachers: v.partTimeTeachers ?? null,
      },
    ];
  } else if (table === 'projects') {
    // biome-ignore lint/suspicious/noExplicitAny: the row's parsed values, typed by the field kinds the table declares
    const v = values as Record<string, any>;
    const start = v.startDate as DateValue | null;
    if (start && v.year !== null) {
      if (compareDate(start, { iso: `${v.year}-12-31`, precision: 'day' }) > 0) {
        if (flagField(run, row, 'START_AFTER_YEAR', 'startDate', { date: start.iso, year: v.year })) bad = true;
      } else if (start.iso < '1978-01-01') {
        if (flagField(run, row, 'START_TOO_EARLY', 'startDate', { date: start.iso })) bad = true;
      }
    }
    const sub = v.submittedOn as DateValue | null;
    if (sub && v.year !== null) {
      if (compareDate(sub, NOTE_END(v.year)) > 0) {
        if (flagField(run, row, 'SUBMITTED_LATE', 'submittedOn', { date: sub.iso, deadline: NOTE_END(v.year).iso })) bad = true;
      } else if (compareDate(sub, NOTE_START(v.year)) < 0) {
        if (flagField(run, row, 'SUBMITTED_EARLY', 'submittedOn', { date: sub.iso, start: NOTE_START(v.year).iso })) bad = true;
      }
    }
    const country = v.country as Country | null;
    built = [
      {
        table: 'projects',
        origin,
        projectId: v.projectId,
        year: v.year,
        schoolId: v.schoolId,
        schoolName: v.schoolName ?? null,
        province: v.province,
        country: country?.alpha2 ?? '',
        countryName: country?.name ?? '',
        isRegion: !!country?.isRegion,
        partner: v.partner || null,
        type: v.type,
        brand: v.brand ?? null,
        startDate: start!,
        status: (v.status ?? '运行中') as ProjectStatus,
        students: v.students ?? null,
        trainees: v.trainees ?? null,
        submittedOn: sub,
      },
    ];
  } else if (table === 'cases') {
    // Settled once every input is read (its text may be a document found later in the walk).
    if (bad) return false;
    ctx.cases.push({
      kind: 'sheet',
      values: { ...values },
      file: sheet.file,
      sheet: sheet.sheet,
      row: row.number,
      report: ctx.report!,
      cells,
      sortKey: run.key(row.number),
    });
    return true;
  } else {
    const flag = (code: FindingCode, c: Column | null, value: string | null, params: Record<string, string | number> = {}) => {
      bad = flagRow(run, row, code, c, value, params) || bad;
    };
    built = seriesRows(values, cells, cols, match, row, origin, flag);
  }

  if (bad) return false;
  for (const r of built) {
    const first = ctx.keys.get(r);
    if (first) {
      const id = r.table === 'roster' ? 'schoolId' : r.table === 'projects' ? 'projectId' : 'indicator';
      flagField(run, row, 'DUPLICATE_KEY', id, {
        key: keyLabel(r),
        first: `${first.file}${first.sheet ? ` 工作表“${first.sheet}”` : ''} 第 ${first.row} 行`,
      });
      return false;
    }
  }
  for (const r of built) {
    ctx.keys.set(r);
    if (r.table !== 'cases') (ctx.out[r.table] as DataRow[]).push(r);
    if (run.keepCells) ctx.places.set(r, { report: ctx.report!, cells, sortKey: run.key(row.number) });
  }
  return true;
}

/**
 * Keys seen so far, each with the first row that had it: table → year → id. Looked up by the cell
 * strings themselves, not a joined key string (100k rows would build and hash 100k new strings).
 */
class KeySet {
  private readonly tables = new Map<DataRow['table'], Map<number, Map<string, Origin>>>();
  /** The last table and year looked up: rows come in runs of one table and year. */
  private last: { table: string; year: number; ids: Map<string, Origin> } | null = null;

  private ids(r: DataRow, create: boolean): Map<string, Origin> | undefined {
    const last = this.last;
    if (last !== null && last.table === r.table && last.year === r.year) return last.ids;
    let years = this.tables.get(r.table);
    if (!years) {
      if (!create) return undefined;
      this.tables.set(r.table, (years = new Map()));
    }
    let ids = years.get(r.year);
    if (!ids && create) years.set(r.year, (ids = new Map()));
    if (ids) this.last = { table: r.table, year: r.year, ids };
    return ids;
  }

  /** Roster: 学校标识码; projects: 项目编号; series: region, indicator and level. */
  private static id(r: DataRow): string {
    if (r.table === 'cases') return `${r.schoolName}|${r.title}`;
    return r.table === 'roster' ? r.schoolId : r.table === 'projects' ? r.projectId : `${r.region}|${r.indicator}|${r.level}`;
  }

  get(r: DataRow): Origin | undefined {
    return this.ids(r, false)?.get(KeySet.id(r));
  }

  set(r: DataRow): void {
    this.ids(r, true)!.set(KeySet.id(r), r.origin);
  }
}

function keyLabel(r: DataRow): string {
  if (r.table === 'roster') return `学校标识码 ${r.schoolId}（${r.year}年）`;
  if (r.table === 'projects') return `项目编号 ${r.projectId}（${r.year}年）`;
  if (r.table === 'cases') return `案例“${r.title}”（${r.year}年）`;
  return `${r.year}年${r.region}${r.indicator}（${r.level}）`;
}

/** Decimal places of a number as written: the published precision. */
function decimalsOf(text: string): number {
  const m = /\.(\d+)/.exec(text.replace(/[,，\s]/g, ''));
  return m ? m[1].length : 0;
}

const UNIT_IN_TEXT = /[(（](?:单位[:：])?(万人次|万人|人次|亿元|万元|所|个|人|%|元)[)）]$/;

function seriesRows(
  // biome-ignore lint/suspicious/noExplicitAny: as above, the row's parsed values by field id
  values: Record<string, any>,
  cells: RowCells,
  cols: Column[],
  match: HeaderMatch,
  row: ClassifiedRow,
  origin: Origin,
  flag: (code: FindingCode, c: Column | null, value: string | null, params?: Record<string, string | number>) => void,
): SeriesRow[] {
  let indicator: string | null = values.indicator;
  if (!indicator) return [];
  // The unit may also stand in the 指标 header or text: 毕业生数（万人）.
  let unit = values.unit as Unit | null;
  const m = UNIT_IN_TEXT.exec(indicator);
  if (m) {
    indicator = indicator.slice(0, m.index);
    unit ??= m[1] as Unit;
  }
  const indCol = cols.find((c) => c.field.id === 'indicator')!;
  unit ??= indCol.unit;
  if (!unit) {
    if (!cols.some((c) => c.field.id === 'unit')) flag('VALUE_REQUIRED', null, null, { header: '单位', expect: '单位（如 万人、%）' });
    return [];
  }
  const base = {
    table: 'series' as const,
    origin,
    region: values.region ?? '全国',
    indicator,
    level: values.level ?? '合计',
    unit,
    baseUnit: UNITS[unit].base,
    source: values.source || null,
    note: values.note || null,
  };
  // Values are read in the row's unit: a cell's own unit of the same kind wins (537万人 in a 万人
  // row is 5,370,000, not scaled twice); one of another kind is a conflict.
  const valueIn = (c: Column, raw: RawCell): number | null => {
    const r = parseNumber(raw, { unit });
    if (r.ok) return r.value;
    const text = rawText(raw);
    if (r.reason === 'unit_conflict') flag('VALUE_UNIT_CONFLICT', c, text, { unit: unit! });
    else flag('VALUE_NOT_NUMBER', c, text, { expect: '数字' });
    return null;
  };
  if (match.years.length === 0) {
    if (values.value === null || values.year === null) return [];
    const valueCol = cols.find((c) => c.field.id === 'value')!;
    const value = valueIn(valueCol, row.cells[valueCol.col]);
    if (value === null) return [];
    return [{ ...base, year: values.year, value, decimals: decimalsOf(cells.value?.value ?? '') }];
  }
  const out: SeriesRow[] = [];
  for (const y of match.years) {
    const raw = row.cells[y.col] ?? null;
    if (raw === null || isMissing(raw)) continue;
    const value = valueIn({ field: indCol.field, col: y.col, letter: columnLetter(y.col), header: y.header, unit: null }, raw);
    if (value !== null) out.push({ ...base, year: y.year, value, decimals: decimalsOf(rawText(raw)) });
  }
  return out;
}

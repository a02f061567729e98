/**
 * Cases (案例), validated like every other row: from a case sheet row (whose 正文 may name a
 * .docx or .md file beside the sheet) or from a case document on its own (fields written at its
 * top). Documents are small and a sheet row may name one that the folder walk also found, so
 * cases are settled once every input is read: a document a sheet names counts as that row's
 * text, not as a second case.
 */
import path from 'node:path';
import type { InputFile } from '../ingest/files.js';
import { fileKind } from '../ingest/files.js';
import { fieldByHeader } from '../ingest/header.js';
import { CASES, type FieldDef } from '../ingest/tables.js';
import { documentProblem, imageDataUrl, readCaseDocument, textHtml, type CaseDocument } from '../ingest/documents.js';
import { expectText, parseField } from './fields.js';
import { isMissing } from './values.js';
import type { FindingLog, Where } from './findings.js';
import type { FindingCode } from '../messages.js';
import { rejectLater, type RowCells, type SheetReport } from './rows.js';
import type { CaseImage, CaseRow, DateValue, ProjectRow, RosterRow } from '../types.js';
import type { Country } from './ref/countries.js';

/** About a page of body text in the case box (A4, 10.5 pt, the box's padding). */
export const CASE_PAGE_CHARS = 1200;

/** A case sheet row accepted so far, its text and images still to be read. */
export interface PendingSheetCase {
  kind: 'sheet';
  values: Record<string, unknown>;
  file: InputFile;
  sheet: string;
  row: number;
  report: SheetReport;
  cells: RowCells;
  sortKey: number[];
}

export interface PendingDocCase {
  kind: 'document';
  file: InputFile;
  doc: CaseDocument;
  report: SheetReport;
  sortKey: number[];
}

export type PendingCase = PendingSheetCase | PendingDocCase;

/** 正文 that names a case document beside the sheet (one line, a .docx or .md name), not text. */
const namesDocument = (body: string): boolean => !body.includes('\n') && (fileKind(body) === 'docx' || fileKind(body) === 'markdown');
const SPLIT = /[、,，;；\n]+/;

interface Settled {
  row: CaseRow;
  where: (field: string) => Where;
  sortKey: (field: string) => number[];
  report: SheetReport;
}

/**
 * Turns the pending cases into case rows: reads the documents sheet rows name, the images,
 * checks each case and, with the roster and projects known, each case against them.
 */
export async function settleCases(
  pending: PendingCase[],
  log: FindingLog,
  data: { roster: readonly RosterRow[]; projects: readonly ProjectRow[] },
): Promise<CaseRow[]> {
  const settled: Settled[] = [];
  // Documents named by a sheet row are that row's text.
  const named = new Map<string, PendingSheetCase>();
  for (const p of pending) {
    if (p.kind !== 'sheet') continue;
    const body = String(p.values.body ?? '').trim();
    if (namesDocument(body)) named.set(path.resolve(path.dirname(p.file.path), body), p);
  }
  for (const p of pending) {
    if (p.kind === 'document') {
      const by = named.get(p.file.path);
      if (by) {
        // Read and skipped here: its text is counted with the row that names it.
        p.report.accepted--;
        p.report.skipped++;
        p.report.reason = `正文由 ${by.file.display}${by.sheet ? ` 工作表“${by.sheet}”` : ''} 第 ${by.row} 行引用`;
        continue;
      }
      // A Word file with no fields at all is not a case someone filled in (a table sent as Word?).
      if (p.doc.fields.length === 0 && p.file.kind === 'docx') {
        log.add('CASE_DOC_NO_FIELDS', { file: p.file.display }, {}, p.sortKey);
        rejectLater(p.report);
        continue;
      }
      const s = fromDocument(p, log);
      if (s) settled.push(s);
      else rejectLater(p.report);
    } else {
      const s = await fromSheet(p, log);
      if (s) settled.push(s);
      else rejectLater(p.report);
    }
  }

  // The same school's case of the same title twice: the first is kept.
  const seen = new Map<string, CaseRow>();
  const kept: Settled[] = [];
  for (const s of settled) {
    const key = `${s.row.year}|${s.row.schoolId ?? s.row.schoolName}|${s.row.title.replace(/\s+/g, '')}`;
    const first = seen.get(key);
    if (first) {
      const f = log.add('CASE_DUPLICATE', s.where('title'), { first: placeText(first) }, s.sortKey('title'));
      if (f.severity === 'error') {
        rejectLater(s.report);
        continue;
      }
    } else seen.set(key, s.row);
    kept.push(s);
  }

  // Against the roster and the projects of the case's year (warnings: the case is still printed).
  const schools = new Map(data.roster.map((r) => [`${r.year}|${r.schoolId}`, r]));
  const rosterYears = new Set(data.roster.map((r) => r.year));
  const projects = new Map(data.projects.map((p) => [`${p.year}|${p.projectId}`, p]));
  const projectYears = new Set(data.projects.map((p) => p.year));
  const out: CaseRow[] = [];
  for (const s of kept) {
    const c = s.row;
    let bad = false;
    if (c.schoolId && rosterYears.has(c.year) && !schools.has(`${c.year}|${c.schoolId}`)) {
      const similar = data.roster.find((r) => r.year === c.year && r.schoolName === c.schoolName);
      const f = log.add(
        'CASE_SCHOOL_UNKNOWN',
        s.where('schoolId'),
        { id: c.schoolId, year: c.year, suggestion: similar ? `${similar.schoolName} ${similar.schoolId}` : '' },
        s.sortKey('schoolId'),
      );
      bad ||= f.severity === 'error';
    }
    if (c.projectId && projectYears.has(c.year)) {
      const p = projects.get(`${c.year}|${c.projectId}`);
      if (!p) {
        const f = log.add('CASE_PROJECT_UNKNOWN', s.where('projectId'), { id: c.projectId, year: c.year }, s.sortKey('projectId'));
        bad ||= f.severity === 'error';
      } else if (p.country !== c.country) {
        const f = log.add(
          'CASE_COUNTRY_MISMATCH',
          { ...s.where('country'), value: c.countryName },
          { id: c.projectId, project: p.countryName },
          s.sortKey('country'),
        );
        bad ||= f.severity === 'error';
      }
    }
    if (bad) rejectLater(s.report);
    else out.push(c);
  }
  return out;
}

const placeText = (c: CaseRow) => `${c.origin.file}${c.origin.sheet ? ` 工作表“${c.origin.sheet}”` : ''}${c.origin.row ? ` 第 ${c.origin.row} 行` : ''}`;

/** The statistical year: given, else the year whose submissions were due when it was sent (by 15 April of the next year). */
function yearOf(year: unknown, submitted: DateValue | null): number | null {
  if (typeof year === 'number') return year;
  if (!submitted) return null;
  const y = Number(submitted.iso.slice(0, 4));
  return submitted.iso.slice(5) <= '04-15' ? y - 1 : y;
}

/** Checks common to every case; null when an error rejects it. */
function build(
  v: Record<string, unknown>,
  base: { origin: CaseRow['origin']; html: string; chars: number; images: CaseImage[]; title: string | null },
  flag: (code: FindingCode, field: string | null, params?: Record<string, string | number>) => boolean,
): CaseRow | null {
  let bad = false;
  const title = (v.title as string | null) || base.title;
  if (!title) bad = flag('CASE_FIELD_MISSING', 'title', { header: '标题' }) || bad;
  const submitted = (v.submittedOn as DateValue | null) ?? null;
  const year = yearOf(v.year, submitted);
  if (year === null) bad = flag('CASE_FIELD_MISSING', 'year', { header: '统计年份' }) || bad;
  if (!base.html.trim()) bad = flag('CASE_BODY_EMPTY', 'body') || bad;
  else if (base.chars > CASE_PAGE_CHARS) bad = flag('CASE_TOO_LONG', 'body', { chars: base.chars, limit: CASE_PAGE_CHARS }) || bad;
  const country = v.country as Country | null;
  if (bad || !country || !v.schoolName || !v.province) return null;
  return {
    table: 'cases',
    origin: base.origin,
    year: year!,
    schoolId: (v.schoolId as string | null) ?? null,
    schoolName: v.schoolName as string,
    province: v.province as string,
    country: country.alpha2,
    countryName: country.name,
    isRegion: country.isRegion,
    projectId: (v.projectId as string | null) || null,
    title: title!,
    html: base.html,
    chars: base.chars,
    images: base.images,
    submittedOn: submitted,
    annual: v.annual === true,
    source: (v.source as string | null) || null,
  };
}

async function fromSheet(p: PendingSheetCase, log: FindingLog): Promise<Settled | null> {
  const where = (field: string): Where => {
    const c = p.cells[field];
    return { file: p.file.display, sheet: p.sheet, row: p.row, column: c?.column ?? null, header: c?.header ?? null, value: c?.value ?? null };
  };
  const sortKey = (field: string) => [...p.sortKey, p.cells[field]?.col ?? -1];
  const flag = (code: FindingCode, field: string | null, params: Record<string, string | number> = {}) =>
    log.add(code, field ? where(field) : where(''), params, sortKey(field ?? '')).severity === 'error';
  const dir = path.dirname(p.file.path);
  const body = String(p.values.body ?? '').trim();
  let html: string;
  let chars: number;
  let docTitle: string | null = null;
  let bad = false;
  const images: CaseImage[] = [];
  if (namesDocument(body)) {
    const file = path.resolve(dir, body);
    let doc: CaseDocument;
    try {
      doc = await readCaseDocument(file);
    } catch (e) {
      flag((e as NodeJS.ErrnoException).code === 'ENOENT' ? 'CASE_DOC_MISSING' : 'CASE_DOC_UNREADABLE', 'body', { detail: documentProblem(e) });
      return null;
    }
    html = doc.html;
    chars = doc.chars;
    docTitle = doc.title;
    if (doc.removed.length) flag('CASE_CONTENT_REMOVED', 'body', { what: doc.removed.join('、') });
    for (const m of doc.missingImages) bad = log.add('CASE_IMAGE_MISSING', { ...where('body'), value: m }, {}, sortKey('body')).severity === 'error' || bad;
  } else {
    html = textHtml(body);
    chars = body.replace(/\s+/g, '').length;
  }
  for (const name of String(p.values.images ?? '')
    .split(SPLIT)
    .map((s) => s.trim())
    .filter(Boolean)) {
    const src = await imageDataUrl(path.resolve(dir, name));
    if (!src) {
      bad = log.add('CASE_IMAGE_MISSING', { ...where('images'), value: name }, {}, sortKey('images')).severity === 'error' || bad;
      continue;
    }
    images.push({ src, caption: path.basename(name, path.extname(name)) });
  }
  const row = build(p.values, { origin: { file: p.file.display, sheet: p.sheet, row: p.row }, html, chars, images, title: docTitle }, flag);
  if (bad || !row) return null;
  return { row, where, sortKey, report: p.report };
}

function fromDocument(p: PendingDocCase, log: FindingLog): Settled | null {
  const { doc } = p;
  const values: Record<string, unknown> = {};
  const lines = new Map<string, { header: string; value: string; line: number }>();
  let bad = false;
  const where = (field: string): Where => {
    const l = lines.get(field);
    return { file: p.file.display, sheet: null, row: l?.line ?? null, column: null, header: l?.header ?? null, value: l?.value ?? null };
  };
  const sortKey = (field: string) => [...p.sortKey, lines.get(field)?.line ?? 0];
  const flag = (code: FindingCode, field: string | null, params: Record<string, string | number> = {}) =>
    log.add(code, where(field ?? ''), params, sortKey(field ?? '')).severity === 'error';
  for (const f of doc.fields) {
    const def = fieldByHeader(CASES, f.header)!;
    if (!def || lines.has(def.id)) continue;
    lines.set(def.id, f);
    if (isMissing(f.value)) continue;
    const r = parseField(def, f.value, null);
    if (r.ok) values[def.id] = r.value;
    else bad = flag(r.code, def.id, { expect: expectText(def), ...r.params }) || bad;
  }
  // A document with no fields at all is not a case (notes, a README): skipped, and said.
  for (const def of CASES.fields) {
    if (!def.required || def.id === 'title' || def.id === 'body') continue;
    if (values[def.id] === undefined && !lines.has(def.id)) bad = flag('CASE_FIELD_MISSING', null, { header: headerOf(def) }) || bad;
    else if (values[def.id] === undefined && lines.has(def.id) && isMissing(lines.get(def.id)!.value)) {
      bad = flag('VALUE_REQUIRED', def.id, { expect: expectText(def) }) || bad;
    }
  }
  if (doc.removed.length) flag('CASE_CONTENT_REMOVED', null, { what: doc.removed.join('、') });
  for (const m of doc.missingImages) bad = log.add('CASE_IMAGE_MISSING', { ...where(''), value: m }, {}, sortKey('')).severity === 'error' || bad;
  const row = build(values, { origin: { file: p.file.display, sheet: '', row: 0 }, html: doc.html, chars: doc.chars, images: [], title: doc.title }, flag);
  if (bad || !row) return null;
  return { row, where, sortKey, report: p.report };
}

const headerOf = (def: FieldDef) => def.header.replace('(', '（').replace(')', '）');

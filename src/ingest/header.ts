/**
 * Finding the header row of a sheet and the table it belongs to.
 * Titles, 填报单位 lines and blank rows may stand above the header; a two-row header whose top
 * cells are merged (毕业生 over 人数 / 去向落实人数) is read as 毕业生人数 / 毕业生去向落实人数.
 * The streaming reader does not expose merges, so a blank top cell takes the text of the
 * nearest non-blank cell to its left, which is what a horizontal merge looks like.
 */
import { normaliseHeader } from './header-text.js';
import type { RawCell, RawRow } from './sheets.js';
import { TABLES, type FieldDef, type TableDef } from './tables.js';
import { isUnit, type Unit } from '../validate/units.js';
import { cleanText } from '../validate/values.js';

export interface Binding {
  field: FieldDef;
  col: number;
  /** Header text as written in the file (both rows joined for two-row headers). */
  header: string;
  unit: Unit | null;
}

export interface HeaderMatch {
  table: TableDef;
  /** Excel row number of the (last) header row; data starts below it. */
  headerRow: number;
  /** How many rows the header spans (1 or 2). */
  span: 1 | 2;
  bindings: Binding[];
  /** Wide series tables: one value column per year. */
  years: { col: number; year: number; header: string }[];
  /**
   * Columns whose header matched no field: listed once, kept through ingest. `row` is where the
   * header text stands (the top row of a two-row header when the cell below it is merged into it).
   */
  ignored: { col: number; header: string; row: number }[];
  /** The same field twice: the first column wins. */
  duplicates: { col: number; header: string; field: FieldDef; first: number; row: number }[];
  missing: FieldDef[];
}

const aliasMaps = new Map<TableDef, Map<string, FieldDef>>();
for (const t of TABLES) {
  const m = new Map<string, FieldDef>();
  for (const fd of t.fields) for (const h of [fd.header, ...fd.aliases]) m.set(normaliseHeader(h).key, fd);
  aliasMaps.set(t, m);
}

const YEAR_HEADER = /^((?:19|20|21)\d\d)年?$/;

const EDGE_SPACE = /^[\s\u200B]+|[\s\u200B]+$/g;

/** Header text as written (ends trimmed): findings quote it; matching normalises it separately. */
function text(c: RawCell | undefined): string {
  if (c === null || c === undefined) return '';
  return typeof c === 'string' ? c.replace(EDGE_SPACE, '') : cleanText(c);
}

/** Combine two header rows, filling merged top cells to the right. */
export function combineHeaderRows(top: RawCell[], bottom: RawCell[]): string[] {
  const n = Math.max(top.length, bottom.length);
  const out: string[] = [];
  let carry = '';
  for (let j = 0; j < n; j++) {
    const t = text(top[j]);
    const b = text(bottom[j]);
    if (t) carry = t;
    else if (!b) carry = '';
    const above = t || (b ? carry : '');
    out.push(b ? (above && above !== b ? above + b : b) : above);
  }
  return out;
}

interface Candidate {
  table: TableDef;
  headers: string[];
  score: number;
  years: { col: number; year: number; header: string }[];
}

function scoreRow(headers: string[]): Candidate | null {
  let best: Candidate | null = null;
  for (const table of TABLES) {
    const map = aliasMaps.get(table)!;
    const seen = new Set<string>();
    const years: Candidate['years'] = [];
    headers.forEach((h, col) => {
      if (!h) return;
      const key = normaliseHeader(h).key;
      const fd = map.get(key);
      if (fd) seen.add(fd.id);
      else if (table.name === 'series') {
        const y = YEAR_HEADER.exec(key);
        if (y) years.push({ col, year: Number(y[1]), header: h });
      }
    });
    const sig = table.signature.filter((id) => seen.has(id)).length;
    const wide = table.name === 'series' && seen.has('indicator') && years.length >= 2;
    // A header must carry the table's signature (or be a wide series) and several known fields.
    const ok = wide || (sig === table.signature.length && seen.size >= 3) || (sig >= 2 && seen.size >= 4);
    if (!ok) continue;
    const score = seen.size + (wide ? years.length : 0) + sig;
    if (!best || score > best.score) best = { table, headers, score, years: wide ? years : [] };
  }
  return best;
}

/** Looks for a header among the first rows; returns null if none matches any table. */
export function findHeader(rows: RawRow[]): HeaderMatch | null {
  let best: { cand: Candidate; index: number; span: 1 | 2 } | null = null;
  for (let i = 0; i < rows.length; i++) {
    const single = rows[i].cells.map(text);
    const one = scoreRow(single);
    if (one && (!best || one.score > best.cand.score)) best = { cand: one, index: i, span: 1 };
    const next = rows[i + 1];
    if (next && next.number === rows[i].number + 1) {
      const two = scoreRow(combineHeaderRows(rows[i].cells, next.cells));
      if (two && (!best || two.score > best.cand.score)) best = { cand: two, index: i + 1, span: 2 };
    }
  }
  if (!best) return null;
  const bottom = rows[best.index];
  const rowOf = (col: number) => (best!.span === 2 && !text(bottom.cells[col]) ? bottom.number - 1 : bottom.number);
  return bind(best.cand, bottom.number, best.span, rowOf);
}

function bind(c: Candidate, headerRow: number, span: 1 | 2, rowOf: (col: number) => number): HeaderMatch {
  const map = aliasMaps.get(c.table)!;
  const bindings: Binding[] = [];
  const ignored: HeaderMatch['ignored'] = [];
  const duplicates: HeaderMatch['duplicates'] = [];
  const yearCols = new Set(c.years.map((y) => y.col));
  c.headers.forEach((h, col) => {
    if (!h || yearCols.has(col)) return;
    const norm = normaliseHeader(h);
    const fd = map.get(norm.key);
    if (!fd) {
      ignored.push({ col, header: h, row: rowOf(col) });
      return;
    }
    const first = bindings.find((b) => b.field === fd);
    if (first) duplicates.push({ col, header: h, field: fd, first: first.col, row: rowOf(col) });
    else bindings.push({ field: fd, col, header: h, unit: norm.unit && isUnit(norm.unit) ? norm.unit : null });
  });
  const bound = new Set(bindings.map((b) => b.field.id));
  const wide = c.years.length > 0;
  const missing = c.table.fields.filter((fd) => fd.required && !bound.has(fd.id) && !(wide && (fd.id === 'year' || fd.id === 'value' || fd.id === 'unit')));
  return { table: c.table, headerRow, span, bindings, years: c.years, ignored, duplicates, missing };
}

/** Column letter as Excel shows it: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(col: number): string {
  let s = '';
  let n = col + 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** The field of `table` a header text names (its canonical header or an alias), if any. */
export function fieldByHeader(table: TableDef, header: string): FieldDef | undefined {
  return aliasMaps.get(table)?.get(normaliseHeader(header).key);
}

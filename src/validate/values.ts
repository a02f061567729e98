/**
 * Cell value parsing: numbers, integers, years and dates as users type them in Excel/WPS.
 * Runs per cell on large files, so regexes are compiled once and the common paths allocate little.
 */

import { format, isValid, parse } from 'date-fns';
import type { DateValue } from '../types.js';
import { type Unit, UNITS, isUnit, shiftDecimal, toBase } from './units.js';

/** What a cell reader hands over. */
export type RawCell = string | number | boolean | Date | null | undefined;

export type NumberResult = { ok: true /** In the base unit. */; value: number } | { ok: false; reason: 'not_number' | 'unit_conflict' };

export type IntegerResult = NumberResult | { ok: false; reason: 'not_integer' };

export interface NumberOptions {
  /** Unit the header states; scales every cell without its own unit. */
  unit?: Unit | null;
  /** Column holds percentages (same as unit '%'). */
  percent?: boolean;
}

// Failures carry no data, so share them instead of allocating per cell.
const NOT_NUMBER: NumberResult = Object.freeze({ ok: false, reason: 'not_number' }) as NumberResult;
const UNIT_CONFLICT: NumberResult = Object.freeze({ ok: false, reason: 'unit_conflict' }) as NumberResult;
const NOT_INTEGER: IntegerResult = Object.freeze({ ok: false, reason: 'not_integer' }) as IntegerResult;

// Ends to trim: \s covers ASCII whitespace, NBSP, U+3000 and the BOM; U+200B is common in pasted text.
const EDGE_SPACE = /^[\s\u200B]+|[\s\u200B]+$/g;

/** Code units that \s or U+200B match: checked by hand, as most cells have no space at either end. */
function isSpaceCode(c: number): boolean {
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200b) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

export function hasEdgeSpace(s: string): boolean {
  return s.length > 0 && (isSpaceCode(s.charCodeAt(0)) || isSpaceCode(s.charCodeAt(s.length - 1)));
}
const FULL_WIDTH = /[\uFF01-\uFF5E]/g;
const HAS_FULL_WIDTH = /[\uFF01-\uFF5E]/;

function halfWidthChar(c: string): string {
  return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
}

/** Full-width ASCII (FF01–FF5E: １, ％, ，, ．, （, ＊ …) to half-width. */
export function toHalfWidth(s: string): string {
  return HAS_FULL_WIDTH.test(s) ? s.replace(FULL_WIDTH, halfWidthChar) : s;
}

/** Text form of a cell: trimmed, full-width ASCII made half-width. Dates print as ISO in UTC. */
export function cleanText(raw: RawCell): string {
  if (raw == null) return '';
  let s: string;
  if (typeof raw === 'string') s = raw;
  else if (raw instanceof Date) {
    const t = raw.getTime();
    if (Number.isNaN(t)) return '';
    const iso = raw.toISOString();
    // Cell readers give dates as UTC midnight; show the time only when there is one.
    return t % 86_400_000 === 0 ? iso.slice(0, 10) : iso.slice(0, 10) + ' ' + iso.slice(11, 19);
  } else return String(raw);
  if (hasEdgeSpace(s)) s = s.replace(EDGE_SPACE, '');
  return toHalfWidth(s);
}

// After cleanText: dashes of any width (－ is already '-'), slash, 无, N/A, NA.
const MISSING = /^(?:[-—–―]{1,2}|\/|无|n\/?a)$/i;

/** Empty or a "no value" marker. Missing is never zero. */
export function isMissing(raw: RawCell): boolean {
  if (raw == null) return true;
  if (typeof raw !== 'string') return false;
  // Most cells start with an ASCII digit, which no missing marker does (nor trimmed space).
  const c0 = raw.charCodeAt(0);
  if (c0 >= 0x30 && c0 <= 0x39) return false;
  const s = cleanText(raw);
  return s === '' || MISSING.test(s);
}

/**
 * sign, number (valid thousands grouping only, or plain digits; optional decimals and exponent as
 * Excel's CSV writes large numbers), then an optional unit: a Unit, or 万/亿 alone as a multiplier.
 */
const NUMBER_TEXT = /^([+-]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)\s*(万人次|万人|人次|亿元|万元|万|亿|所|个|人|元|%)?$/i;
const COMMA = /,/g;

/** Value of a string of 1–15 ASCII digits (exact in a double), else -1: the common cell, no regex. */
function plainDigits(s: string): number {
  const n = s.length;
  if (n === 0 || n > 15) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const d = s.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/**
 * A number in the base unit. The header unit (opts.unit) scales cells that state none; a cell's
 * own unit wins when it is of the same kind (header 人, cell 3.2万人 → 32000); a cell unit of
 * another kind (元 in a 人 column) is a unit_conflict. 万/亿 alone multiply into the column's
 * base unit. Call isMissing first: missing markers are not_number here.
 */
export function parseNumber(raw: RawCell, opts?: NumberOptions): NumberResult {
  const header: Unit | null = opts?.unit ?? (opts?.percent ? '%' : null);
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return NOT_NUMBER;
    return { ok: true, value: header === null ? raw : toBase(raw, header) };
  }
  if (typeof raw !== 'string') return NOT_NUMBER;
  const d = plainDigits(raw);
  if (d >= 0) return { ok: true, value: header === null ? d : toBase(d, header) };
  const m = NUMBER_TEXT.exec(cleanText(raw));
  if (m === null) return NOT_NUMBER;
  const text = m[1];
  const n = Number(text.indexOf(',') < 0 ? text : text.replace(COMMA, ''));
  if (!Number.isFinite(n)) return NOT_NUMBER;
  const cellUnit = m[2];
  if (cellUnit === undefined) return { ok: true, value: header === null ? n : toBase(n, header) };
  if (cellUnit === '万' || cellUnit === '亿') {
    // A bare multiplier has no kind of its own; it makes no sense on a percentage.
    if (header === '%') return UNIT_CONFLICT;
    return { ok: true, value: shiftDecimal(n, cellUnit === '万' ? 4 : 8) };
  }
  if (!isUnit(cellUnit)) return NOT_NUMBER; // unreachable: the regex lists only units
  if (header !== null && UNITS[header].base !== UNITS[cellUnit].base) return UNIT_CONFLICT;
  return { ok: true, value: toBase(n, cellUnit) };
}

/** parseNumber, then the base-unit value must be a whole number (3.5万人 is fine, 3.5人 is not). */
export function parseInteger(raw: RawCell, opts?: NumberOptions): IntegerResult {
  const r = parseNumber(raw, opts);
  if (r.ok && !Number.isInteger(r.value)) return NOT_INTEGER;
  return r;
}

const YEAR_TEXT = /^(\d{4})(?:\.0*|\s*年度?)?$/;

/** A statistical year: 2023, '2023', '2023年', '２０２３'; only 2000–2100. */
export function parseYear(raw: RawCell): number | undefined {
  let y: number;
  if (typeof raw === 'number') y = raw;
  else if (typeof raw === 'string') {
    const m = YEAR_TEXT.exec(cleanText(raw));
    if (m === null) return undefined;
    y = Number(m[1]);
  } else return undefined;
  return Number.isInteger(y) && y >= 2000 && y <= 2100 ? y : undefined;
}

// Dates are accepted in 1900–2100: the span of the serials below, and enough for any report.
const MIN_YEAR = 1900;
const MAX_YEAR = 2100;
// Excel 1900 system: serial 1 = 1900-01-01; 60 is the nonexistent 1900-02-29 (Lotus bug);
// from 61 on, serial − 25569 is days since 1970-01-01. 73050 = 2099-12-31.
const MAX_SERIAL = 73_050;
const DAY_MS = 86_400_000;

/**
 * Text dates by their shape, each read with date-fns's `parse` in one format (which also refuses
 * impossible days: 2023-02-30). The text is normalised first: 号 for 日, 月份 for 月, a time of day
 * dropped, spaces around 年月日 removed.
 */
const TEXT_FORMATS: [RegExp, string, DateValue['precision']][] = [
  [/^\d{4}-\d{1,2}-\d{1,2}$/, 'yyyy-M-d', 'day'],
  [/^\d{4}\/\d{1,2}\/\d{1,2}$/, 'yyyy/M/d', 'day'],
  [/^\d{4}\.\d{1,2}\.\d{1,2}$/, 'yyyy.M.d', 'day'],
  [/^\d{4}年\d{1,2}月\d{1,2}日$/, "yyyy'年'M'月'd'日'", 'day'],
  // Before the numeric check: text 2023.4 / 2023.10 is a month, not a decimal number.
  [/^\d{4}-\d{1,2}$/, 'yyyy-M', 'month'],
  [/^\d{4}\/\d{1,2}$/, 'yyyy/M', 'month'],
  [/^\d{4}\.\d{1,2}$/, 'yyyy.M', 'month'],
  [/^\d{4}年\d{1,2}月$/, "yyyy'年'M'月'", 'month'],
  [/^\d{4}$/, 'yyyy', 'year'],
  [/^\d{4}年$/, "yyyy'年'", 'year'],
  [/^\d{4}年度$/, "yyyy'年度'", 'year'],
  [/^\d{8}$/, 'yyyyMMdd', 'day'],
];
const TIME_OF_DAY = /[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?$/;
const NUMERIC = /^\d+(?:\.\d+)?$/;
/** parse()'s reference date: only for fields a format leaves out (none of ours). */
const REF = new Date(2000, 0, 1);

function fromParsed(d: Date, precision: DateValue['precision']): DateValue | undefined {
  if (!isValid(d)) return undefined;
  const y = d.getFullYear();
  if (y < MIN_YEAR || y > MAX_YEAR) return undefined;
  return { iso: format(d, 'yyyy-MM-dd'), precision };
}

function fromUtc(date: Date): DateValue | undefined {
  if (Number.isNaN(date.getTime())) return undefined;
  // The calendar fields as stored (cell readers give dates as UTC midnight), in any process zone.
  return fromParsed(new Date(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()), 'day');
}

function fromNumber(n: number): DateValue | undefined {
  if (!Number.isFinite(n)) return undefined;
  // A 4-digit whole number is a year (serials 1900–2100 would be 1905 dates: implausible).
  if (n >= MIN_YEAR && n <= MAX_YEAR) return Number.isInteger(n) ? fromParsed(new Date(n, 0, 1), 'year') : undefined;
  // 20230419, as some systems export dates.
  if (n >= 19000101 && n <= 21001231 && Number.isInteger(n)) return fromParsed(parse(String(n), 'yyyyMMdd', REF), 'day');
  if (n < 1 || n >= MAX_SERIAL + 1) return undefined;
  const serial = Math.floor(n); // a fraction is the time of day
  if (serial === 60) return undefined; // 1900-02-29 does not exist
  const days = serial < 60 ? serial - 25568 : serial - 25569;
  return fromUtc(new Date(days * DAY_MS));
}

/**
 * A calendar date from a date cell, an Excel serial, or text (2023-04-19, 2023/4/19, 2023.4.19,
 * 2023年4月19日, 2023-4-19 00:00:00; 2023-04, 2023年4月 → month; 2023, 2023年 → year).
 * Never depends on the process time zone: Date cells are read by their UTC fields.
 */
export function parseDate(raw: RawCell): DateValue | undefined {
  if (raw instanceof Date) return fromUtc(raw);
  if (typeof raw === 'number') return fromNumber(raw);
  if (typeof raw !== 'string') return undefined;
  let s = cleanText(raw)
    .replace(TIME_OF_DAY, '')
    .replace(/\s*([年月日])\s*/g, '$1')
    .replace(/号$/, '日')
    .replace(/月份$/, '月');
  if (/^\d{4}年\d{1,2}月\d{1,2}$/.test(s)) s += '日';
  for (const [shape, fmt, precision] of TEXT_FORMATS) {
    if (shape.test(s)) return fromParsed(parse(s, fmt, REF), precision);
  }
  // A serial that went through text (CSV).
  if (NUMERIC.test(s)) return fromNumber(Number(s));
  return undefined;
}

/** Order of two dates by their ISO strings (precision is not considered). */
export function compareDate(a: DateValue, b: DateValue): number {
  return a.iso < b.iso ? -1 : a.iso > b.iso ? 1 : 0;
}

/** True when a is strictly later than b. */
export function dateAfter(a: DateValue, b: DateValue): boolean {
  return a.iso > b.iso;
}

/**
 * Cell → typed value, one parser per field kind. A parser returns the value or a failure
 * (catalogue code and parameters); it never throws and never formats messages itself.
 */
import type { FieldDef } from '../ingest/tables.js';
import type { RawCell } from '../ingest/sheets.js';
import type { FindingCode } from '../messages.js';
import { PROJECT_TYPES, type DateValue } from '../types.js';
import { resolveBrand, resolveLevel, resolveOwnership, resolveProjectType, resolveStatus } from './ref/aliases.js';
import { resolveCountry, suggestCountry, type Country } from './ref/countries.js';
import { resolveProvince, suggestProvince } from './ref/provinces.js';
import { isUnit, type Unit } from './units.js';
import { cleanText, hasEdgeSpace, parseDate, parseInteger, parseNumber, parseYear, type NumberOptions } from './values.js';

export type FieldResult = { ok: true; value: unknown } | { ok: false; code: FindingCode; params?: Record<string, string | number> };

const ok = (value: unknown): FieldResult => ({ ok: true, value });
const fail = (code: FindingCode, params?: Record<string, string | number>): FieldResult => ({ ok: false, code, params });

const EDGE_SPACE = /^[\s\u3000\uFEFF\u200B]+|[\s\u3000\uFEFF\u200B]+$/g;
function trimText(raw: RawCell): string {
  const s = raw instanceof Date ? raw.toISOString().slice(0, 10) : String(raw);
  return hasEdgeSpace(s) ? s.replace(EDGE_SPACE, '') : s;
}

/**
 * The text as a string of its own. A cell's text of 13 characters or more can be a slice of the
 * reader's chunk of the file (V8 points into the chunk rather than copying), and a row kept for
 * the aggregate would keep the whole chunk alive: the school names of 2.2 million rows held
 * most of a 1.6 GB heap, pieces of XML. Prefixed then cut, it is copied out (flattened).
 */
export const ownText = (s: string): string => ` ${s}`.slice(1);

const YES = new Set(['是', '入选', 'y', 'yes', 'true', '1', '√', '✓']);
const NO = new Set(['否', '不入选', 'n', 'no', 'false', '0', '×']);

const SERIES_LEVELS = new Set(['合计', '中职', '高职专科', '高职本科', '高职']);
const DIGITS10 = /^\d{10}$/;

/** What the message says a correct value looks like, per kind. */
const EXPECT: Record<string, string> = {
  count: '不小于 0 的整数',
  number: '数字',
  year: '4 位年份',
  date: '日期',
  text: '文字内容',
};

export function expectText(field: FieldDef): string {
  return EXPECT[field.kind] ?? `有效的${field.header}`;
}

function schoolId(raw: RawCell): FieldResult {
  if (typeof raw === 'number') {
    // A number cell lost its leading zeros; pad back only when that gives the 10 digits.
    if (Number.isInteger(raw) && raw >= 0 && String(raw).length <= 10) return ok(String(raw).padStart(10, '0'));
    return fail('SCHOOL_ID_FORMAT');
  }
  const t = cleanText(raw);
  return DIGITS10.test(t) ? ok(t) : fail('SCHOOL_ID_FORMAT');
}

/** Number options per header unit, shared rather than allocated per cell. */
const UNIT_OPTIONS = new Map<Unit, NumberOptions>();
function unitOptions(unit: Unit | null): NumberOptions | undefined {
  if (unit === null) return undefined;
  let o = UNIT_OPTIONS.get(unit);
  if (!o) UNIT_OPTIONS.set(unit, (o = { unit }));
  return o;
}

function count(raw: RawCell, unit: Unit | null): FieldResult {
  const r = parseInteger(raw, unitOptions(unit));
  // A success is already a FieldResult: returned as is, one object per cell.
  if (r.ok) return r.value < 0 ? fail('VALUE_NEGATIVE') : r;
  if (r.reason === 'not_integer') return fail('VALUE_NOT_INTEGER', { unit: unit ?? '' });
  if (r.reason === 'unit_conflict') return fail('VALUE_UNIT_CONFLICT', { unit: unit ?? '人' });
  return fail('VALUE_NOT_NUMBER');
}

function country(raw: RawCell): FieldResult {
  const t = cleanText(raw);
  const c: Country | undefined = resolveCountry(t);
  if (c) return ok(c);
  if (/^(中国|中华人民共和国|China|CN|CHN|PRC)$/i.test(t)) return fail('COUNTRY_IS_CHINA');
  return fail('COUNTRY_UNKNOWN', { suggestion: suggestCountry(t) ?? '' });
}

/**
 * Coded kinds: a column repeats a few spellings (山东, 中职, 公办) down thousands of rows, and their
 * result depends on the cell text alone, so it is computed once per spelling. Results are never
 * mutated by callers.
 */
const CODED = new Set<FieldDef['kind']>(['province', 'region', 'level', 'seriesLevel', 'ownership', 'country', 'projectType', 'status', 'brand', 'unit']);
const CACHE_LIMIT = 4096;
const cache = new Map<FieldDef['kind'], Map<string, FieldResult>>();

/**
 * Parses one cell. `raw` is known not to be missing (the caller handles missing vs required).
 * `unit` is the column's header unit, if any.
 */
export function parseField(field: FieldDef, raw: RawCell, unit: Unit | null): FieldResult {
  if (typeof raw !== 'string' || !CODED.has(field.kind)) return parseCell(field, raw, unit);
  let known = cache.get(field.kind);
  if (!known) cache.set(field.kind, (known = new Map()));
  let r = known.get(raw);
  if (r === undefined) {
    r = parseCell(field, raw, unit);
    if (known.size >= CACHE_LIMIT) known.clear();
    known.set(raw, r);
  }
  return r;
}

function parseCell(field: FieldDef, raw: RawCell, unit: Unit | null): FieldResult {
  switch (field.kind) {
    case 'schoolId':
      return schoolId(raw);
    case 'text':
      // Names and notes are printed as written: trim only, no full-width folding. A copy: kept
      // with its row, a slice of the reader's text would keep the text alive (see ownText).
      return ok(ownText(trimText(raw)));
    case 'province': {
      const t = cleanText(raw);
      const p = resolveProvince(t);
      return p ? ok(p.name) : fail('PROVINCE_UNKNOWN', { suggestion: suggestProvince(t) ?? '' });
    }
    case 'region': {
      const t = cleanText(raw);
      if (t === '全国' || t === '中国') return ok('全国');
      const p = resolveProvince(t);
      return p ? ok(p.name) : fail('REGION_UNKNOWN', { suggestion: suggestProvince(t) ?? '' });
    }
    case 'level': {
      const l = resolveLevel(cleanText(raw));
      return l ? ok(l) : fail('LEVEL_UNKNOWN');
    }
    case 'seriesLevel': {
      const t = cleanText(raw);
      if (SERIES_LEVELS.has(t)) return ok(t);
      if (t === '职业教育' || t === '总计' || t === '全部') return ok('合计');
      const l = resolveLevel(t);
      // In published series 高职 means 专科 and 本科 together, as the bulletins report.
      if (t === '高职' || t === '高等职业学校' || t === '高职(含高职本科)') return ok('高职');
      return l ? ok(l) : fail('SERIES_LEVEL_UNKNOWN');
    }
    case 'ownership': {
      const o = resolveOwnership(cleanText(raw));
      return o ? ok(o) : fail('OWNERSHIP_UNKNOWN');
    }
    case 'year': {
      const y = parseYear(raw);
      return y === undefined ? fail('YEAR_INVALID') : ok(y);
    }
    case 'count':
      return count(raw, unit);
    case 'number': {
      const r = parseNumber(raw, unitOptions(unit));
      return r.ok ? r : fail('VALUE_NOT_NUMBER');
    }
    case 'country':
      return country(raw);
    case 'projectType': {
      const t = resolveProjectType(cleanText(raw));
      return t ? ok(t) : fail('PROJECT_TYPE_UNKNOWN', { allowed: PROJECT_TYPES.join('、') });
    }
    case 'status': {
      const s = resolveStatus(cleanText(raw));
      return s ? ok(s) : fail('STATUS_UNKNOWN');
    }
    case 'brand':
      return ok(resolveBrand(cleanText(raw)));
    case 'date': {
      const d: DateValue | undefined = parseDate(raw);
      return d ? ok(d) : fail('DATE_INVALID');
    }
    case 'unit': {
      const t = cleanText(raw);
      return isUnit(t) ? ok(t) : fail('UNIT_UNKNOWN');
    }
    case 'bool': {
      if (typeof raw === 'boolean') return ok(raw);
      const t = cleanText(raw).toLowerCase();
      if (YES.has(t)) return ok(true);
      if (NO.has(t)) return ok(false);
      return fail('BOOL_INVALID');
    }
  }
}

/** The printed forms of numbers, as the report prints them (spec: "Numbers as the report prints them"). */
import { groupThousands, roundHalfUp } from './decimal.js';

/** Printed for a missing value (null, undefined, NaN, ±Infinity); same dash as in yearRange. */
export const MISSING = '\u2014';

export type Maybe = number | null | undefined;

function present(n: Maybe): n is number {
  return typeof n === 'number' && Number.isFinite(n);
}

/** Grouped decimal at `places`, after shifting by 10^scale; the core of every form below. */
export function fixed(n: Maybe, places = 2, scale = 0): string {
  return present(n) ? groupThousands(roundHalfUp(n, places, scale)) : MISSING;
}

/** 11133 → '11,133'. */
export function count(n: Maybe): string {
  return fixed(n, 0);
}

/** People (人) in 万: 34782800 → '3,478.28'. */
export function wan(n: Maybe, places = 2): string {
  return fixed(n, places, -4);
}

/** 34782800 → '3,478.28万人'. */
export function wanRen(n: Maybe, places = 2): string {
  return suffix(wan(n, places), '万人');
}

/** Value already in percent: 44.7749 → '44.77%'. */
export function percent(p: Maybe, places = 2): string {
  return suffix(fixed(p, places), '%');
}

/** Ratio: 0.447749 → '44.77%' (shifted exactly, not multiplied in binary). */
export function ratioPercent(r: Maybe, places = 2): string {
  return suffix(fixed(r, places, 2), '%');
}

/** Percentage-point difference: 0.25 → '0.25个百分点'. */
export function pp(delta: Maybe, places = 2): string {
  return suffix(fixed(delta, places), '个百分点');
}

export type ChangeWords = readonly [up: string, down: string];

/** 0.25 → '提高0.25个百分点'; zero after rounding → '持平'. */
export function ppChange(delta: Maybe, places = 2, words: ChangeWords = ['提高', '下降']): string {
  return signed(delta, places, 0, words, '个百分点');
}

/** Relative change as percent: 0.094 → '增加9.40%'; the seed also says 增长 (pass words). */
export function change(rel: Maybe, places = 2, words: ChangeWords = ['增加', '减少']): string {
  return signed(rel, places, 2, words, '%');
}

/** Relative change from unrounded values; null when previous is 0 or either is missing. */
export function growth(current: Maybe, previous: Maybe): number | null {
  if (!present(current) || !present(previous) || previous === 0) return null;
  return (current - previous) / previous;
}

/** 4082.2 → '4,082.20元'. */
export function yuan(n: Maybe, places = 2): string {
  return suffix(fixed(n, places), '元');
}

/** 元 in 万元. */
export function wanYuan(n: Maybe, places = 2): string {
  return suffix(fixed(n, places, -4), '万元');
}

/** 元 in 亿元: 363000000000 → '3,630亿元'. */
export function yiYuan(n: Maybe, places = 0): string {
  return suffix(fixed(n, places, -8), '亿元');
}

export const UNITS = ['所', '个', '人', '万人', '人次', '万人次', '%', '元', '万元', '亿元'] as const;
export type Unit = (typeof UNITS)[number];

export function isUnit(s: string): s is Unit {
  return (UNITS as readonly string[]).includes(s);
}

/**
 * A value in its base unit (人 for 万人, 人次 for 万人次, 元 for 万元/亿元, percent for %) printed
 * with `unit`; `places` overrides the unit's usual decimals.
 */
export function withUnit(n: Maybe, unit: Unit, places?: number): string {
  switch (unit) {
    case '所':
    case '个':
    case '人':
    case '人次':
      return suffix(fixed(n, places ?? 0), unit);
    case '万人':
    case '万人次':
      return suffix(wan(n, places ?? 2), unit);
    case '%':
      return percent(n, places ?? 2);
    case '元':
      return yuan(n, places ?? 2);
    case '万元':
      return wanYuan(n, places ?? 2);
    case '亿元':
      return yiYuan(n, places ?? 0);
    default:
      throw new RangeError(`unknown unit: ${String(unit)}`);
  }
}

function suffix(s: string, unit: string): string {
  return s === MISSING ? MISSING : s + unit;
}

function signed(v: Maybe, places: number, scale: number, words: ChangeWords, unit: string): string {
  if (!present(v)) return MISSING;
  const s = roundHalfUp(v, places, scale);
  if (!/[1-9]/.test(s)) return '持平';
  return s.startsWith('-') ? words[1] + groupThousands(s.slice(1)) + unit : words[0] + groupThousands(s) + unit;
}

/**
 * Units a statistics file may state, and exact conversion into the base unit.
 * Conversion shifts the decimal point in the value's decimal string rather than multiplying
 * floats, so 1737.96 万人 is 17379600 人 exactly (1737.96 * 10000 is 17379599.999999996).
 */

export type Unit = '所' | '个' | '人' | '万人' | '人次' | '万人次' | '%' | '元' | '万元' | '亿元';

export const UNITS: Readonly<Record<Unit, { base: Unit; scale: number }>> = {
  所: { base: '所', scale: 1 },
  个: { base: '个', scale: 1 },
  人: { base: '人', scale: 1 },
  万人: { base: '人', scale: 10_000 },
  人次: { base: '人次', scale: 1 },
  万人次: { base: '人次', scale: 10_000 },
  '%': { base: '%', scale: 1 },
  元: { base: '元', scale: 1 },
  万元: { base: '元', scale: 10_000 },
  亿元: { base: '元', scale: 100_000_000 },
};

/** Power of ten of each unit's scale: what shiftDecimal needs. */
const EXPONENT: Readonly<Record<Unit, number>> = {
  所: 0,
  个: 0,
  人: 0,
  万人: 4,
  人次: 0,
  万人次: 4,
  '%': 0,
  元: 0,
  万元: 4,
  亿元: 8,
};

export function isUnit(s: unknown): s is Unit {
  return typeof s === 'string' && Object.hasOwn(UNITS, s);
}

/** Power of ten by which `unit` scales into its base unit (万人 → 4). */
export function unitExponent(unit: Unit): number {
  return EXPONENT[unit];
}

/**
 * value × 10^places, exact in decimal: String(value) is the shortest decimal that round-trips,
 * and Number() of that decimal with a shifted exponent is correctly rounded, so the result is
 * the double nearest the true decimal product.
 */
export function shiftDecimal(value: number, places: number): number {
  if (places === 0 || value === 0 || !Number.isFinite(value)) return places === 0 ? value : value * 10 ** places;
  const s = String(value);
  const e = s.indexOf('e');
  if (e < 0) return Number(s + 'e' + places);
  return Number(s.slice(0, e) + 'e' + (Number(s.slice(e + 1)) + places));
}

/** A value stated in `unit`, in that unit's base unit (万人 → 人, 亿元 → 元). */
export function toBase(value: number, unit: Unit): number {
  return shiftDecimal(value, EXPONENT[unit]);
}

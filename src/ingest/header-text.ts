/**
 * Header cell text as users write it: 在校生数（万人）, 学校名称 *, 毕业\n人数, 学校代码（必填）.
 * Reduced to a key for alias matching, plus the unit and the required mark it carried.
 */

import { toHalfWidth } from '../validate/values.js';
import type { Unit } from '../validate/units.js';

export interface HeaderText {
  /** Header without whitespace, marks and unit; half-width brackets. */
  key: string;
  /** Unit from a trailing bracket, e.g. (万人) or （单位：万人）. */
  unit: Unit | null;
  /** Marked required by the template (* or (必填)). */
  required: boolean;
}

// \s covers line breaks, NBSP, U+3000 and the BOM; U+200B comes with pasted text.
const SPACE = /[\s\u200B]+/g;
const STAR = /^[*※]+|[*※]+$/; // after toHalfWidth, ＊ is *
const REQUIRED = /\(必填\)$/;
const UNIT = /\((?:单位[:：]?)?(万人次|万人|人次|亿元|万元|所|个|人|%|元)\)$/;

export function normaliseHeader(raw: string): HeaderText {
  // toHalfWidth maps （）＊：％ to ()*:%.
  let key = toHalfWidth(String(raw ?? '')).replace(SPACE, '');
  let unit: Unit | null = null;
  let required = false;
  // Marks may come in any order (在校生数(万人)*, 在校生数*(万人), 学校代码(必填)), so strip until stable.
  for (;;) {
    const before = key;
    if (STAR.test(key)) {
      key = key.replace(STAR, '');
      required = true;
    }
    if (REQUIRED.test(key)) {
      key = key.slice(0, -4);
      required = true;
    }
    const m = unit === null ? UNIT.exec(key) : null;
    if (m !== null) {
      unit = m[1] as Unit;
      key = key.slice(0, m.index);
    }
    if (key === before) break;
  }
  return { key, unit, required };
}

/** Just the key, for alias matching. */
export function headerKey(raw: string): string {
  return normaliseHeader(raw).key;
}

/** Chinese heading numbers: 第一编, 一、, (一), 1. */

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const POWERS = ['', '十', '百', '千'];

/** 0..9999 in Chinese numerals: 11 → '十一', 20 → '二十', 105 → '一百零五'. */
export function zhNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 9999) throw new RangeError(`zhNumber: 0..9999, got ${n}`);
  if (n < 10) return DIGITS[n];
  if (n < 20) return '十' + (n % 10 ? DIGITS[n % 10] : '');
  const ds = String(n).split('').map(Number);
  let out = '';
  let zero = false; // a pending 零 for a run of zeros between non-zero digits
  ds.forEach((d, i) => {
    const power = ds.length - 1 - i;
    if (d === 0) {
      zero = true;
      return;
    }
    if (zero && out) out += '零';
    zero = false;
    out += DIGITS[d] + POWERS[power];
  });
  return out;
}

export const partNo = (n: number): string => `第${zhNumber(n)}编`;
export const sectionNo = (n: number): string => `${zhNumber(n)}、`;
export const subsectionNo = (n: number): string => `(${zhNumber(n)})`;
export function itemNo(n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`itemNo: non-negative integer, got ${n}`);
  return `${n}.`;
}

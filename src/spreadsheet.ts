/** Helpers for the spreadsheets and CSV files the tool writes for people to open. */
import { displayWidth } from './text-width.js';

/**
 * Text that a spreadsheet would take for a formula (= + - @, tab, CR at the start) is
 * neutralised with a leading apostrophe, so a cell from input data cannot run as a formula.
 */
export function safeText<T extends string | null | undefined>(v: T): T {
  return (typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v) as T;
}

/** Column width (in Excel's character units) that fits Chinese text: CJK counts double. */
export function fitWidth(values: Iterable<unknown>, min = 6, max = 60): number {
  let w = min;
  for (const v of values) if (v !== null && v !== undefined) w = Math.max(w, displayWidth(String(v)) + 2);
  return Math.min(w, max);
}

/** One CSV field, quoted when needed (RFC 4180). */
export function csvField(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

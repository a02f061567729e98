/** Dates as the report prints them (2023年4月19日), independent of the process time zone. */
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import type { DateValue } from '../types.js';
import { MISSING } from './number.js';

/** Reports are dated by China's calendar. */
const CHINA = 'Asia/Shanghai';

const ISO = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** DateValue, 'YYYY-MM-DD' / 'YYYY-MM' / 'YYYY', or a Date (as an instant, dated in China). */
export function dateZh(d: DateValue | string | Date | null | undefined): string {
  if (d === null || d === undefined) return MISSING;
  if (d instanceof Date) {
    const t = d.getTime();
    if (Number.isNaN(t)) return MISSING;
    return format(new TZDate(t, CHINA), "yyyy'年'M'月'd'日'");
  }
  const iso = typeof d === 'string' ? d : d.iso;
  const m = ISO.exec(iso);
  if (!m) throw new RangeError(`not an ISO date: ${iso}`);
  const [year, month, day] = [Number(m[1]), m[2] ? Number(m[2]) : null, m[3] ? Number(m[3]) : null];
  if (month !== null && (month < 1 || month > 12)) throw new RangeError(`bad month: ${iso}`);
  if (month !== null && day !== null && (day < 1 || day > daysIn(year, month))) {
    throw new RangeError(`bad day: ${iso}`);
  }
  const precision = typeof d === 'string' ? (day !== null ? 'day' : month !== null ? 'month' : 'year') : d.precision;
  if (precision === 'year') return `${year}年`;
  if (month === null) throw new RangeError(`month missing for precision ${precision}: ${iso}`);
  if (precision === 'month') return `${year}年${month}月`;
  if (day === null) throw new RangeError(`day missing for precision day: ${iso}`);
  return `${year}年${month}月${day}日`;
}

/**
 * The calendar day of an instant in China, 'YYYY-MM-DD': the date a report built at 07:00 in
 * Beijing (23:00 UTC the day before) carries on its cover, whatever the machine's time zone.
 */
export function chinaDay(d: Date): string {
  return format(new TZDate(d.getTime(), CHINA), 'yyyy-MM-dd');
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** 2012, 2023 → '2012—2023年' (the seed's titles); a single year → '2023年'. */
export function yearRange(a: number, b: number): string {
  return a === b ? `${a}年` : `${a}${MISSING}${b}年`;
}

/** The one place numbers, dates and heading numbers are formatted; templates never format by hand. */
export { groupThousands, plainDecimal, roundDecimalString, roundHalfUp, roundHalfUpNumber } from './decimal.js';
export {
  MISSING,
  UNITS,
  change,
  count,
  fixed,
  growth,
  isUnit,
  percent,
  pp,
  ppChange,
  ratioPercent,
  wan,
  wanRen,
  wanYuan,
  withUnit,
  yiYuan,
  yuan,
} from './number.js';
export type { ChangeWords, Maybe, Unit } from './number.js';
export { chinaDay, dateZh, yearRange } from './date.js';
export { itemNo, partNo, sectionNo, subsectionNo, zhNumber } from './heading.js';

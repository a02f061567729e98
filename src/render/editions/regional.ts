/**
 * The regional edition (省域版) of one province: the number of provinces it is ranked among.
 * Its figures and tables come from the query helpers in the template (compare, series,
 * breakdown), which default to the edition's province.
 */
import { Model } from './model.js';
import type { Indicator } from '../../aggregate/types.js';

export function regionalModel(indicators: readonly Indicator[], year: number, region: string) {
  const m = Model.for(indicators, year);
  return { year, region, provinceCount: m.breakdown('schools', { by: 'province' }).rows.length };
}

/**
 * The annual (national) edition's model: the few facts its prose cites that the indicator
 * table does not hold (provinces counted, averages per province). Everything it charts or
 * tabulates the template asks for through the query helpers (queries.ts).
 */
import { Model } from './model.js';
import type { Indicator } from '../../aggregate/types.js';

export function annualModel(indicators: readonly Indicator[], year: number) {
  const m = Model.for(indicators, year);
  // The 31 provinces (兵团 is counted apart), as the report's 省均 figures are.
  const count = m.breakdown('schools', { by: 'province' }).rows.filter((r) => r.name !== '兵团').length || 1;
  const nat = (level: string) => (m.get({ id: 'schools', year, region: '全国', level })?.value as number | undefined) ?? 0;
  return {
    year,
    regions: { count, avgSecondary: nat('中职') / count, avgHigher: nat('高职') / count },
  };
}

/**
 * The regional edition (省域版) of one province: its figures, its share of the nation and rank
 * among provinces, and its schools' cooperation projects by country and brand.
 */
import { Model, LABELS } from './model.js';
import { dataset, type Dataset } from './dataset.js';
import type { Indicator } from '../../aggregate/types.js';

const INDICATORS = [
  { id: 'schools', name: '学校数', unit: '所' },
  { id: 'enrolled', name: '在校生数', unit: '万人' },
  { id: 'graduates', name: '毕业生数', unit: '万人' },
  { id: 'fulltime_teachers', name: '专任教师数', unit: '万人' },
] as const;

export function regionalModel(indicators: readonly Indicator[], year: number, region: string) {
  const m = Model.for(indicators, year);
  const used: Indicator[] = [];
  const rank = INDICATORS.map((d) => {
    const get = (id: string, r = region) => {
      const i = m.get({ id, year, region: r, level: '合计' });
      if (i) used.push(i);
      return i?.value as number | undefined;
    };
    return { name: d.name, unit: d.unit, value: get(d.id) ?? null, nation: get(d.id, '全国') ?? null, share: get(`${d.id}.share`) ?? null, rank: get(`${d.id}.rank`) ?? null };
  });
  const bars = (ds: Dataset, group?: string): Dataset => ({
    rows: ds.rows.map((r) => ({ name: r.name, value: r.projects, label: r.label, group: group ? r[group] : '项目数' })),
    sources: ds.sources,
  });
  const countries = m.projectsBy('country', region);
  return {
    year,
    region,
    provinceCount: m.provinces().rows.length,
    overview: dataset(rank, used),
    topCountries: countries.rows.slice(0, 3),
    ds: {
      schools: m.byYearLevel('schools', [{ level: '中职' }, { level: '高职专科' }, { level: '高职本科' }], { label: LABELS.count, region }),
      enrolled: m.byYearLevel('enrolled', [{ level: '中职' }, { level: '高职', name: '高职（含本科）' }], { scale: 1e4, label: LABELS.wan2, region }),
      placement: m.byYearLevel('placement_rate', [{ level: '中职' }, { level: '高职' }], { label: LABELS.percent, region }),
      countries: bars(countries, 'continent'),
      countryTable: countries,
      types: bars(m.projectsBy('type', region)),
      brands: bars(m.projectsBy('brand', region)),
    },
  };
}

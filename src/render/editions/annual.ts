/**
 * The annual (national) edition's model: the datasets its template shows and the few derived
 * facts its prose cites (top provinces, averages). Modelled on chapter 1 of the seed report.
 */
import { Model, LABELS } from './model.js';
import type { Dataset, Row } from './dataset.js';
import type { Indicator } from '../../aggregate/types.js';
import { PROVINCES } from '../../validate/ref/provinces.js';

/** Local brands of 表1-3 (鲁班工坊 and 中文工坊 are national brands, described in the prose). */
export const LOCAL_BRANDS = ['丝路学院', '郑和学院', '海丝学院', '班·墨学院', '墨子工坊', '中国-东盟现代工匠学院'] as const;

const LEVELS_3 = [{ level: '中职' }, { level: '高职专科' }, { level: '高职本科' }];
const LEVELS_2 = [{ level: '中职' }, { level: '高职', name: '高职（含本科）' }];
const LEVELS_ALL = [{ level: '合计', name: '职业教育' }, { level: '中职' }, { level: '高职' }];

const withSources = (rows: Row[], from: Dataset): Dataset => ({ rows, sources: from.sources });

export function annualModel(indicators: readonly Indicator[], year: number) {
  const m = Model.for(indicators, year);
  const provinces = m.provinces();
  const rows = provinces.rows;
  const nationShare = (rs: Row[]) => rs.reduce((a, r) => a + ((r.enrolledShare as number) ?? 0), 0);
  // The 31 provinces (兵团 is counted apart), as the report's 省均 figures are.
  const provinceCount = rows.filter((r) => r.region !== '兵团').length || 1;
  const nat = (id: string, level: string) => m.get({ id, year, region: '全国', level })?.value as number | undefined;
  const top5 = rows.slice(0, 5);
  const maxEnrolled = Math.max(...rows.map((r) => (r.enrolled as number) ?? 0));
  const countries = m.projectsBy('country');
  const topN = Math.min(20, countries.rows.length);
  const continents = m.projectsBy('continent');
  const types = m.projectsBy('type');
  const bars = (ds: Dataset, group?: string): Dataset => ({
    rows: ds.rows.map((r) => ({ name: r.name, value: r.projects, label: r.label, group: group ? r[group] : '项目数' })),
    sources: ds.sources,
  });
  const teacherYears = m.years('fulltime_teachers', ['合计']);
  return {
    year,
    teachers: { first: teacherYears[0] ?? year },
    regions: {
      count: provinceCount,
      avgSecondary: (nat('schools', '中职') ?? 0) / provinceCount,
      avgHigher: (nat('schools', '高职') ?? 0) / provinceCount,
      top: rows[0] ?? {},
      top5,
      top5Share: nationShare(top5),
    },
    intl: {
      topContinents: continents.rows.slice(0, 3),
      topCountries: countries.rows.slice(0, 3),
      types: types.rows,
      topN,
    },
    ds: {
      schools: m.byYearLevel('schools', LEVELS_3, { label: LABELS.count }),
      enrolled: m.byYearLevel('enrolled', LEVELS_2, { scale: 1e4, label: LABELS.wan2 }),
      graduates: m.byYearLevel('graduates', LEVELS_ALL, { scale: 1e4, label: LABELS.wan0 }),
      teachers: m.byYearLevel('fulltime_teachers', LEVELS_ALL, { scale: 1e4, label: LABELS.wan2 }),
      placement: m.byYearLevel('placement_rate', [{ level: '中职' }, { level: '高职' }], { label: LABELS.percent }),
      gradShare: m.gradShare(),
      provinces,
      provinceBars: { rows: rows.map((r) => ({ region: r.region, value: r.enrolledWan, label: r.enrolledLabel })), sources: provinces.sources },
      provinceTiles: withSources(
        PROVINCES.map((p) => rows.find((r) => r.region === p.name)).filter((r): r is Row => !!r).map((r) => ({
          region: r.region, col: r.col, row: r.row, value: r.enrolledWan, label: r.enrolledLabel,
          // Labels turn white on the darkest tiles.
          dark: ((r.enrolled as number) ?? 0) > maxEnrolled * 0.6 ? 1 : 0,
        })),
        provinces,
      ),
      continents: bars(continents),
      countries,
      topCountries: { rows: bars(countries, 'continent').rows.slice(0, topN), sources: countries.sources },
      types: bars(types),
      brands: m.brands(LOCAL_BRANDS),
    },
  };
}

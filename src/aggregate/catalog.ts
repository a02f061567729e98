/**
 * The indicators the tool computes, by id: Chinese name, unit and whether the value adds up
 * (additive values are summed over provinces and compared with 全国; rates change in
 * percentage points year on year, counts relatively).
 */

export interface IndicatorDef {
  name: string;
  unit: string;
  kind: 'count' | 'rate' | 'ratio' | 'label' | 'year';
  /** Series indicator name that covers the same figure (for the roster ↔ series choice). */
  series?: string;
}

export const CATALOG: Record<string, IndicatorDef> = {
  schools: { name: '学校数', unit: '所', kind: 'count', series: '学校数' },
  enrolled: { name: '在校生数', unit: '人', kind: 'count', series: '在校生数' },
  admitted: { name: '招生数', unit: '人', kind: 'count', series: '招生数' },
  graduates: { name: '毕业生数', unit: '人', kind: 'count', series: '毕业生数' },
  placed: { name: '毕业去向落实人数', unit: '人', kind: 'count' },
  placement_rate: { name: '毕业去向落实率', unit: '%', kind: 'rate', series: '毕业去向落实率' },
  fulltime_teachers: { name: '专任教师数', unit: '人', kind: 'count', series: '专任教师数' },
  parttime_teachers: { name: '兼职教师数', unit: '人', kind: 'count', series: '兼职教师数' },
  student_teacher_ratio: { name: '生师比', unit: '', kind: 'ratio' },
  private_schools: { name: '民办学校数', unit: '所', kind: 'count', series: '民办学校数' },
  private_share: { name: '民办学校占比', unit: '%', kind: 'rate', series: '民办学校占比' },
  new_urban_jobs: { name: '新增城镇就业人口', unit: '人', kind: 'count', series: '新增城镇就业人口' },
  vocational_grad_share_of_new_jobs: { name: '高职毕业生占新增城镇就业人口比例', unit: '%', kind: 'rate', series: '高职毕业生占新增城镇就业人口比例' },

  projects: { name: '项目数', unit: '个', kind: 'count' },
  projects_running: { name: '运行中项目数', unit: '个', kind: 'count' },
  projects_preparing: { name: '筹建中项目数', unit: '个', kind: 'count' },
  projects_ended: { name: '已结束项目数', unit: '个', kind: 'count' },
  projects_new: { name: '新设项目数', unit: '个', kind: 'count' },
  partner_countries: { name: '合作国家（地区）数', unit: '个', kind: 'count' },
  cooperating_schools: { name: '开展合作的学校数', unit: '所', kind: 'count' },
  cooperating_provinces: { name: '开展合作的省份数', unit: '个', kind: 'count' },
  project_students: { name: '学历教育人数', unit: '人', kind: 'count' },
  project_trainees: { name: '培训人次', unit: '人次', kind: 'count' },
  brand_first_year: { name: '首创时间', unit: '年', kind: 'year' },
  brand_origin_province: { name: '发起省份', unit: '', kind: 'label' },
};

/** Roster indicators that add up over provinces. */
export const ADDITIVE_ROSTER = ['schools', 'enrolled', 'admitted', 'graduates', 'placed', 'fulltime_teachers', 'parttime_teachers', 'private_schools'];

/** Series indicator name → catalogue id (others get `series.<name>`). */
export const SERIES_IDS: Record<string, string> = Object.fromEntries(
  Object.entries(CATALOG)
    .filter(([, d]) => d.series)
    .map(([id, d]) => [d.series!, id]),
);

export function seriesId(name: string): string {
  return SERIES_IDS[name] ?? `series.${name}`;
}

/** Rates are given in percent and change in percentage points. */
export function isRateUnit(unit: string): boolean {
  return unit === '%';
}

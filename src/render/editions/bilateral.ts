/**
 * The bilateral edition (国别版) for one partner country or region: what the indicator table does
 * not hold, from the project rows: the full project list (charted by start year through
 * `tally`), the schools and partner institutions. Its other figures come from query helpers. HK, MO and TW are 地区, titled 内地与香港… / 大陆与台湾…, never countries.
 */
import * as fmt from '../../format/index.js';
import type { Dataset, Row } from './dataset.js';
import type { Indicator } from '../../aggregate/types.js';
import type { ProjectRow } from '../../types.js';
import type { Country } from '../../validate/ref/countries.js';

/** One-character (or customary) abbreviations used in titles such as 中德职业教育合作报告. */
const SHORT: Record<string, string> = {
  DE: '德',
  FR: '法',
  GB: '英',
  US: '美',
  RU: '俄',
  JP: '日',
  KR: '韩',
  TH: '泰',
  LA: '老',
  KH: '柬',
  VN: '越',
  SG: '新',
  MY: '马',
  ID: '印尼',
  PK: '巴',
  EG: '埃',
  ET: '埃塞',
  KE: '肯',
  ZM: '赞',
  IT: '意',
  ES: '西',
  AU: '澳',
  NZ: '新',
  CA: '加',
  IN: '印',
  NL: '荷',
  CH: '瑞',
  AT: '奥',
  PT: '葡',
  GR: '希',
  TR: '土',
  KZ: '哈',
  UZ: '乌兹',
  MM: '缅',
  PH: '菲',
  BR: '巴',
  ZA: '南',
  NG: '尼',
  BY: '白',
  RS: '塞',
  HU: '匈',
  PL: '波',
  CZ: '捷',
};

export function bilateralTitle(c: Country, year: number): string {
  if (c.alpha2 === 'TW') return `大陆与台湾职业教育交流合作报告（${year}）`;
  if (c.isRegion) return `内地与${c.name.replace(/^中国/, '')}职业教育交流合作报告（${year}）`;
  const s = SHORT[c.alpha2];
  return s ? `中${s}职业教育合作报告（${year}）` : `中国—${c.name}职业教育合作报告（${year}）`;
}

const LIST_COLUMNS = [
  { field: 'no', header: '序号' },
  { field: 'projectId', header: '项目编号' },
  { field: 'province', header: '省份' },
  { field: 'school', header: '学校' },
  { field: 'partner', header: '外方合作机构' },
  { field: 'type', header: '项目类型' },
  { field: 'brand', header: '品牌' },
  { field: 'start', header: '设立日期' },
  { field: 'status', header: '状态' },
  { field: 'students', header: '学历教育人数', unit: '人' },
  { field: 'trainees', header: '培训人次', unit: '人次' },
];

const rowsSource = (rows: ProjectRow[]) => {
  const files = new Map<string, number>();
  for (const p of rows) files.set(p.origin.file, (files.get(p.origin.file) ?? 0) + 1);
  return [...files].map(([file, n]) => ({ type: 'rows' as const, table: 'projects' as const, file, rows: n }));
};

export function bilateralModel(_indicators: readonly Indicator[], projects: readonly ProjectRow[], year: number, c: Country) {
  const mine = projects.filter((p) => p.year === year && p.country === c.alpha2);
  const sources = rowsSource(mine);
  const startYear = (p: ProjectRow) => Number(p.startDate.iso.slice(0, 4));
  const list: Row[] = [...mine]
    .sort((a, b) => a.province.localeCompare(b.province, 'zh') || a.schoolId.localeCompare(b.schoolId) || a.projectId.localeCompare(b.projectId))
    .map((p, k) => ({
      // year: the start year, as charts label years (tally by="year").
      no: k + 1,
      year: `${startYear(p)}年`,
      projectId: p.projectId,
      province: p.province,
      school: p.schoolName ?? p.schoolId,
      partner: p.partner,
      type: p.type,
      brand: p.brand,
      start: fmt.dateZh(p.startDate),
      status: p.status,
      students: p.students,
      trainees: p.trainees,
    }));
  const partners = new Set(mine.map((p) => p.partner).filter(Boolean));
  const schools = new Set(mine.map((p) => p.schoolId));
  return {
    year,
    country: { code: c.alpha2, name: c.name, kind: c.isRegion ? '地区' : '国家', continent: c.continent },
    facts: { partners: partners.size, schools: schools.size, firstYear: Math.min(...mine.map(startYear)) },
    ds: { projects: { rows: list, sources, columns: LIST_COLUMNS } as Dataset },
  };
}

/**
 * How each sample file is laid out: which header spellings, title rows, totals rows, value forms.
 * The mix imitates what provincial offices send: platform exports, hand-edited workbooks, a CSV.
 */

import { PROVINCES } from '../../src/validate/ref/provinces.js';
import type { Level } from '../../src/types.js';
import { c, type Cell, type CellValue, type Sheet } from './grid.js';
import type { Project, Ymd } from './projects.js';
import type { RosterRecord } from './roster.js';
import { Rng } from './rng.js';

export const SAMPLE_MARK = '示例数据（非真实统计）';

type RosterKey = 'id' | 'name' | 'province' | 'level' | 'ownership' | 'year' | 'enrolled' | 'admitted' | 'graduates' | 'placed' | 'fullTime' | 'partTime';

const ROSTER_ORDER: RosterKey[] = [
  'id',
  'name',
  'province',
  'level',
  'ownership',
  'year',
  'enrolled',
  'admitted',
  'graduates',
  'placed',
  'fullTime',
  'partTime',
];
const ROSTER_YEAR_FIRST: RosterKey[] = [
  'year',
  'id',
  'name',
  'province',
  'level',
  'ownership',
  'enrolled',
  'admitted',
  'graduates',
  'placed',
  'fullTime',
  'partTime',
];
const NUMERIC: ReadonlySet<RosterKey> = new Set(['enrolled', 'admitted', 'graduates', 'placed', 'fullTime', 'partTime']);

export type RosterHeaders = 'std' | 'aliasA' | 'aliasB' | 'unit' | 'required';

const ROSTER_HEADERS: Record<RosterHeaders, Record<RosterKey, string>> = {
  std: {
    id: '学校标识码',
    name: '学校名称',
    province: '省份',
    level: '办学层次',
    ownership: '举办性质',
    year: '统计年份',
    enrolled: '在校生数',
    admitted: '招生数',
    graduates: '毕业生数',
    placed: '毕业去向落实人数',
    fullTime: '专任教师数',
    partTime: '兼职教师数',
  },
  aliasA: {
    id: '院校代码',
    name: '院校名称',
    province: '所在省份',
    level: '学校类型',
    ownership: '办学性质',
    year: '年度',
    enrolled: '在校学生数',
    admitted: '招生人数',
    graduates: '毕业人数',
    placed: '去向落实人数',
    fullTime: '专任教师',
    partTime: '兼职教师',
  },
  aliasB: {
    id: '学校代码',
    name: '学校',
    province: '省（区、市）',
    level: '层次',
    ownership: '举办者',
    year: '年份',
    enrolled: '在校生',
    admitted: '招生人数',
    graduates: '毕业生',
    placed: '毕业生去向落实人数',
    fullTime: '专任教师数',
    partTime: '兼职教师数',
  },
  unit: {
    id: '学校标识码',
    name: '学校名称',
    province: '省份',
    level: '办学层次',
    ownership: '举办性质',
    year: '统计年份',
    enrolled: '在校生数（人）',
    admitted: '招生数（人）',
    graduates: '毕业生数（人）',
    placed: '毕业去向落实人数（人）',
    fullTime: '专任教师数（人）',
    partTime: '兼职教师数（人）',
  },
  required: {
    id: '学校标识码*',
    name: '学校名称*',
    province: '省份*',
    level: '办学层次*',
    ownership: '举办性质',
    year: '统计年份*',
    enrolled: '在校生数\n（必填）',
    admitted: '招生数',
    graduates: '毕业生数*',
    placed: '毕业去向\n落实人数',
    fullTime: '专任\n教师数*',
    partTime: '兼职教师数',
  },
};

export interface RosterLayout {
  format: 'xlsx' | 'csv';
  headers: RosterHeaders;
  /** 毕业生 merged over 人数 / 去向落实人数 in a second header row. */
  twoRow?: boolean;
  /** A 序号 column first (not in the contract: an ignored column). */
  seq?: boolean;
  /** A trailing 备注 column (ignored). */
  remarks?: boolean;
  yearFirst?: boolean;
  /** Title, 填报单位 line and a blank row above the header. */
  title: boolean;
  totals: boolean;
  note: boolean;
  province: 'short' | 'full' | 'code';
  level: 'std' | 'alias' | 'alias2';
  ownership: 'std' | 'alias';
  /** A 填表说明 sheet before or after the data sheet. */
  instructions?: 'before' | 'after';
  /** 学校标识码 as number cells (as Excel makes of typed digits). */
  idAsNumber?: boolean;
  /** How many numeric cells to write as text (1,234 / 567 / full-width). */
  textNumbers?: number;
  /** How an empty 落实人数 is written. */
  missing?: string;
  sheetName: string;
}

/** One layout per province, the same every year. */
export const ROSTER_LAYOUTS: Readonly<Record<string, RosterLayout>> = (() => {
  const std = (sheetName = '院校基本情况'): RosterLayout => ({
    format: 'xlsx',
    headers: 'std',
    title: true,
    totals: true,
    note: true,
    province: 'short',
    level: 'std',
    ownership: 'std',
    sheetName,
  });
  const plain = (): RosterLayout => ({ ...std('Sheet1'), title: false, totals: false, note: false });
  return {
    北京: plain(),
    天津: std(),
    河北: { ...std(), headers: 'aliasB', province: 'code', level: 'alias2', ownership: 'alias' },
    山西: { ...std(), seq: true },
    内蒙古: std('基本情况'),
    辽宁: { ...std(), level: 'alias' },
    吉林: { ...std(), seq: true },
    黑龙江: { ...std(), headers: 'aliasA', province: 'full', level: 'alias' },
    上海: { ...plain(), remarks: true },
    江苏: { ...std(), twoRow: true },
    浙江: { ...std(), headers: 'unit' },
    安徽: { ...std(), textNumbers: 6 },
    福建: std(),
    江西: { ...std(), textNumbers: 4, missing: '—' },
    山东: { ...std(), level: 'alias', instructions: 'before' },
    河南: { ...std(), format: 'csv' },
    湖北: { ...std(), headers: 'required' },
    湖南: { ...std(), headers: 'aliasA', province: 'full', yearFirst: true },
    广东: { ...std(), headers: 'aliasA', province: 'full', level: 'alias' },
    广西: { ...std(), instructions: 'after' },
    海南: std(),
    重庆: { ...std(), idAsNumber: true },
    四川: { ...std(), twoRow: true, seq: true },
    贵州: { ...std(), seq: true },
    云南: { ...std(), headers: 'aliasA' },
    西藏: std(),
    陕西: { ...std(), twoRow: true, level: 'alias2' },
    甘肃: { ...std(), headers: 'aliasB', province: 'code', ownership: 'alias' },
    青海: std(),
    宁夏: std(),
    新疆: { ...std(), seq: true },
    兵团: { ...plain(), province: 'full' },
  };
})();

function provinceOf(name: string) {
  const p = PROVINCES.find((x) => x.name === name);
  if (!p) throw new Error(`unknown province ${name}`);
  return p;
}

function provinceText(name: string, form: RosterLayout['province']): string {
  const p = provinceOf(name);
  return form === 'short' ? p.name : form === 'full' ? p.full : p.code;
}

function levelText(level: Level, technician: boolean, form: RosterLayout['level']): string {
  if (form === 'std') return level;
  if (level === '中职') return technician ? '技工学校' : form === 'alias' ? '中等职业学校' : '中专';
  if (level === '高职专科') return form === 'alias' ? '高等职业学校(专科)' : '专科';
  return form === 'alias' ? '职业本科' : '本科层次职业学校';
}

export function reportingUnit(province: string): string {
  const p = provinceOf(province);
  if (province === '兵团') return '新疆生产建设兵团教育局';
  if (['北京', '天津', '上海', '重庆'].includes(province)) return p.full + '教育委员会';
  return p.full + '教育厅';
}

const withCommas = (n: number): string => String(n).replace(/\B(?=(\d{3})+$)/g, ',');
const FULL_WIDTH_DIGITS = (s: string): string => s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));

/** The roster sheets of one province and year (the data sheet, plus 填表说明 when the layout has one). */
export function rosterSheets(province: string, year: number, recs: RosterRecord[], layout: RosterLayout, seed: number): Sheet[] {
  const rng = Rng.keyed(seed, 'layout', 'roster', province, year);
  const keys = layout.yearFirst ? ROSTER_YEAR_FIRST : ROSTER_ORDER;
  const names = ROSTER_HEADERS[layout.headers];
  const lead = layout.seq ? 1 : 0;
  const width = lead + keys.length + (layout.remarks ? 1 : 0);
  const rows: Cell[][] = [];
  const merges: [number, number, number, number][] = [];
  const p = provinceOf(province);

  if (layout.title) {
    rows.push([c(`${year}年${p.full}职业院校基本情况统计表（示例数据，非真实统计）`, { bold: true, align: 'center' })]);
    merges.push([1, 1, 1, width]);
    rows.push([c(`填报单位：${reportingUnit(province)}（示例）`)]);
    rows.push([]);
  }
  const headerRow = rows.length + 1;
  const top: Cell[] = [];
  const sub: Cell[] = [];
  if (layout.seq) {
    top.push(c('序号', { bold: true, align: 'center' }));
    sub.push(c(null));
  }
  for (const k of keys) {
    if (layout.twoRow && k === 'graduates') {
      top.push(c('毕业生', { bold: true, align: 'center' }));
      sub.push(c('人数', { bold: true, align: 'center' }));
    } else if (layout.twoRow && k === 'placed') {
      top.push(c(null, { bold: true }));
      sub.push(c('去向落实人数', { bold: true, align: 'center' }));
    } else {
      top.push(c(names[k], { bold: true, align: 'center' }));
      sub.push(c(null));
    }
  }
  if (layout.remarks) {
    top.push(c('备注', { bold: true, align: 'center' }));
    sub.push(c(null));
  }
  rows.push(top);
  if (layout.twoRow) {
    rows.push(sub);
    for (let k = 0; k < top.length; k++) {
      const col = k + 1;
      const key = keys[k - lead];
      if (key === 'graduates') merges.push([headerRow, col, headerRow, col + 1]);
      else if (key !== 'placed') merges.push([headerRow, col, headerRow + 1, col]);
    }
  }

  const sorted = [...recs].sort((a, b) => (a.school.id < b.school.id ? -1 : a.school.id > b.school.id ? 1 : 0));
  // Which numeric cells go in as text.
  const asText = new Set<string>();
  for (let i = 0; i < (layout.textNumbers ?? 0); i++) {
    asText.add(rng.int(0, sorted.length - 1) + '/' + rng.pick(['enrolled', 'admitted', 'graduates', 'fullTime']));
  }
  let textForm = 0;
  sorted.forEach((r, i) => {
    const row: Cell[] = [];
    if (layout.seq) row.push(c(i + 1));
    for (const k of keys) {
      let v: CellValue;
      switch (k) {
        case 'id':
          row.push(layout.idAsNumber ? c(Number(r.school.id), { fmt: '0' }) : c(r.school.id, { fmt: '@' }));
          continue;
        case 'name':
          v = r.school.name;
          break;
        case 'province':
          v = provinceText(r.school.province, layout.province);
          break;
        case 'level':
          v = levelText(r.school.level, r.school.technician, layout.level);
          break;
        case 'ownership':
          v = layout.ownership === 'alias' && r.school.ownership === '民办' ? '社会力量举办' : r.school.ownership;
          break;
        case 'year':
          v = r.year;
          break;
        case 'placed':
          v = r.placed ?? layout.missing ?? null;
          break;
        default:
          v = r[k];
      }
      if (NUMERIC.has(k) && typeof v === 'number' && asText.has(i + '/' + k)) {
        const form = textForm++ % 3;
        v = form === 0 ? withCommas(v) : form === 1 ? ` ${v} ` : FULL_WIDTH_DIGITS(String(v));
      }
      row.push(c(v));
    }
    if (layout.remarks) row.push(c(r.placed === null ? '落实人数待核' : null));
    rows.push(row);
  });

  if (layout.totals) {
    const row: Cell[] = [];
    if (layout.seq) row.push(c('合计', { bold: true }));
    for (const k of keys) {
      if (NUMERIC.has(k)) {
        let s = 0;
        for (const r of recs) s += r[k as 'enrolled' | 'placed'] ?? 0;
        row.push(c(s, { bold: true }));
      } else row.push(c(!layout.seq && k === keys[0] ? '合计' : null, { bold: true }));
    }
    rows.push(row);
  }
  if (layout.note) {
    rows.push([]);
    rows.push([c(`注：本表为${SAMPLE_MARK}，由 scripts/generate-sample.ts 按固定随机种子生成，不代表任何学校的真实情况。`)]);
  }

  const widths: number[] = [];
  if (layout.seq) widths.push(6);
  for (const k of keys) widths.push(k === 'name' ? 34 : k === 'id' ? 13 : k === 'level' ? 16 : k === 'province' ? 12 : 11);
  if (layout.remarks) widths.push(14);
  const data: Sheet = {
    name: layout.sheetName,
    rows,
    merges,
    widths,
    freezeRows: layout.title ? undefined : 1,
  };
  const sheets = [data];
  if (layout.instructions) {
    const ins = instructionsSheet(year, 'roster');
    if (layout.instructions === 'before') sheets.unshift(ins);
    else sheets.push(ins);
  }
  return sheets;
}

/** A notes sheet: prose only, never a header row. */
export function instructionsSheet(year: number, table: 'roster' | 'projects'): Sheet {
  const lines =
    table === 'roster'
      ? [
          '填表说明',
          `一、本表统计时点为${year}年，每所学校填写一行；本文件为${SAMPLE_MARK}。`,
          '二、学校标识码请按教育部统一编制的10位代码填写，以文本格式录入，勿删除前导数字。',
          '三、办学层次按中职、高职专科、高职本科填写，技工院校计入中职。',
          '四、毕业去向落实人数不得大于毕业生数；暂无数据的请留空，不要填0。',
          '五、人数类指标单位均为“人”，请填写整数。',
        ]
      : [
          '填表说明',
          `一、本表填报${year}年度仍在执行的对外合作项目，每个项目填写一行；本文件为${SAMPLE_MARK}。`,
          '二、合作国家（地区）请填写中文简称，如德国、泰国；港澳台地区填写中国香港、中国澳门、中国台湾。',
          '三、项目类型从合作办学机构、合作办学项目、境外办学、师资培训、学生交流、职业培训、标准与资源输出、其他中选择。',
          `四、设立日期请填写项目正式设立的日期；填报时间为${year + 1}年1月1日至4月15日。`,
        ];
  return { name: '填表说明', rows: lines.map((t, i) => [c(t, i === 0 ? { bold: true } : undefined)]), widths: [100] };
}

// ---------------------------------------------------------------------------------------------
// Projects

type ProjectKey =
  | 'id'
  | 'year'
  | 'schoolId'
  | 'schoolName'
  | 'province'
  | 'country'
  | 'partner'
  | 'type'
  | 'brand'
  | 'start'
  | 'status'
  | 'students'
  | 'trainees'
  | 'submitted';

const PROJECT_ORDER: ProjectKey[] = [
  'id',
  'year',
  'schoolId',
  'schoolName',
  'province',
  'country',
  'partner',
  'type',
  'brand',
  'start',
  'status',
  'students',
  'trainees',
  'submitted',
];

export type ProjectHeaders = 'std' | 'alias' | 'alias2';

const PROJECT_HEADERS: Record<ProjectHeaders, Record<ProjectKey, string>> = {
  std: {
    id: '项目编号',
    year: '统计年份',
    schoolId: '学校标识码',
    schoolName: '学校名称',
    province: '省份',
    country: '合作国家（地区）',
    partner: '合作机构',
    type: '项目类型',
    brand: '品牌',
    start: '设立日期',
    status: '状态',
    students: '学历教育人数',
    trainees: '培训人次',
    submitted: '填报日期',
  },
  alias: {
    id: '编号',
    year: '年度',
    schoolId: '学校代码',
    schoolName: '院校名称',
    province: '所在省份',
    country: '合作国别',
    partner: '外方合作机构',
    type: '合作类型',
    brand: '所属品牌',
    start: '开始日期',
    status: '项目状态',
    students: '在读学生数',
    trainees: '职业培训人次',
    submitted: '提交日期',
  },
  alias2: {
    id: '项目代码',
    year: '年份',
    schoolId: '学校代码',
    schoolName: '院校名称',
    province: '省（区、市）',
    country: '国家(地区)',
    partner: '合作院校',
    type: '项目类型',
    brand: '项目品牌',
    start: '设立时间',
    status: '状态',
    students: '培养学生数',
    trainees: '培训人次',
    submitted: '填报日期',
  },
};

/** Forms a date cell takes, with weights. */
type DateForm = 'cell' | 'slash' | 'dash' | 'dot' | 'cnMonth' | 'cnDay' | 'serial';

export interface ProjectFile {
  /** Region label in the file name and title. */
  region: string;
  headers: ProjectHeaders;
  province: 'short' | 'full';
  totals: boolean;
  instructions?: 'before' | 'after';
  /** Data sheets: name and the provinces they hold. */
  sheets: { name: string; provinces: string[] }[];
  startForms: [DateForm, number][];
  submittedForms: [DateForm, number][];
}

export const PROJECT_FILES: readonly ProjectFile[] = [
  {
    region: '东部地区',
    headers: 'std',
    province: 'short',
    totals: true,
    sheets: [{ name: '对外合作项目', provinces: ['北京', '天津', '河北', '上海', '江苏', '浙江', '福建', '山东', '广东', '海南'] }],
    startForms: [
      ['cell', 70],
      ['slash', 15],
      ['cnMonth', 10],
      ['serial', 5],
    ],
    submittedForms: [
      ['cell', 90],
      ['dash', 10],
    ],
  },
  {
    region: '中部和东北地区',
    headers: 'alias',
    province: 'full',
    totals: false,
    instructions: 'before',
    sheets: [{ name: '项目清单', provinces: ['山西', '安徽', '江西', '河南', '湖北', '湖南', '辽宁', '吉林', '黑龙江'] }],
    startForms: [
      ['dash', 40],
      ['serial', 30],
      ['cell', 20],
      ['cnDay', 10],
    ],
    submittedForms: [
      ['dash', 60],
      ['slash', 40],
    ],
  },
  {
    region: '西部地区',
    headers: 'alias2',
    province: 'short',
    totals: false,
    instructions: 'after',
    sheets: [
      { name: '西南地区', provinces: ['广西', '重庆', '四川', '贵州', '云南', '西藏'] },
      { name: '西北地区', provinces: ['内蒙古', '陕西', '甘肃', '青海', '宁夏', '新疆', '兵团'] },
    ],
    startForms: [
      ['cell', 50],
      ['dot', 20],
      ['serial', 20],
      ['cnMonth', 10],
    ],
    submittedForms: [['cell', 100]],
  },
];

const utc = (d: Ymd): Date => new Date(Date.UTC(d.y, d.m - 1, d.d));
const SERIAL_EPOCH = Date.UTC(1899, 11, 30);

function dateCell(d: Ymd, form: DateForm): Cell {
  switch (form) {
    case 'cell':
      return c(utc(d), { fmt: 'yyyy-mm-dd' });
    case 'slash':
      return c(`${d.y}/${d.m}/${d.d}`);
    case 'dash':
      return c(`${d.y}-${String(d.m).padStart(2, '0')}-${String(d.d).padStart(2, '0')}`);
    case 'dot':
      return c(`${d.y}.${d.m}.${d.d}`);
    case 'cnMonth':
      return c(`${d.y}年${d.m}月`);
    case 'cnDay':
      return c(`${d.y}年${d.m}月${d.d}日`);
    case 'serial':
      return c(Math.round((utc(d).getTime() - SERIAL_EPOCH) / 86_400_000));
  }
}

export interface ProjectRowView {
  project: Project;
  year: number;
  status: string;
  /** How this year's file spells the country. */
  countryText: string;
  students: number | null;
  trainees: number | null;
  submitted: Ymd;
}

export function projectSheets(file: ProjectFile, year: number, rows: ProjectRowView[], seed: number): Sheet[] {
  const rng = Rng.keyed(seed, 'layout', 'projects', file.region, year);
  const names = PROJECT_HEADERS[file.headers];
  const pick = (forms: [DateForm, number][]): DateForm =>
    rng.weighted(
      forms.map((f) => f[0]),
      forms.map((f) => f[1]),
    );
  const sheets: Sheet[] = [];
  for (const sh of file.sheets) {
    const out: Cell[][] = [];
    const title = `${year}年职业院校对外合作项目统计表（${file.region}${file.sheets.length > 1 ? '·' + sh.name : ''}）（示例数据，非真实统计）`;
    out.push([c(title, { bold: true, align: 'center' })]);
    out.push([c(`填报单位：${file.region}各省级教育行政部门（示例）`)]);
    out.push([]);
    out.push(PROJECT_ORDER.map((k) => c(names[k], { bold: true, align: 'center' })));
    const mine = rows.filter((r) => sh.provinces.includes(r.project.school.province));
    const order = new Map(PROVINCES.map((p, i) => [p.name, i]));
    mine.sort(
      (a, b) =>
        order.get(a.project.school.province)! - order.get(b.project.school.province)! ||
        (a.project.school.id < b.project.school.id ? -1 : a.project.school.id > b.project.school.id ? 1 : 0) ||
        (a.project.id < b.project.id ? -1 : 1),
    );
    for (const r of mine) {
      const p = r.project;
      const prov = PROVINCES.find((x) => x.name === p.school.province)!;
      out.push([
        c(p.id, { fmt: '@' }),
        c(r.year),
        c(p.school.id, { fmt: '@' }),
        c(p.school.name),
        c(file.province === 'full' ? prov.full : prov.name),
        c(r.countryText),
        c(p.partner),
        c(p.type),
        c(p.brandText === '' ? null : p.brandText),
        dateCell(p.start, pick(file.startForms)),
        c(r.status === '' ? null : r.status),
        c(r.students),
        c(r.trainees),
        dateCell(r.submitted, pick(file.submittedForms)),
      ]);
    }
    if (file.totals) {
      const sum = (k: 'students' | 'trainees'): number => mine.reduce((s, r) => s + (r[k] ?? 0), 0);
      out.push(
        PROJECT_ORDER.map((k) =>
          k === 'id'
            ? c('合计', { bold: true })
            : k === 'students'
              ? c(sum('students'), { bold: true })
              : k === 'trainees'
                ? c(sum('trainees'), { bold: true })
                : c(null),
        ),
      );
    }
    out.push([]);
    out.push([c(`注：本表为${SAMPLE_MARK}，项目、合作机构与人数均为虚构。`)]);
    sheets.push({
      name: sh.name,
      rows: out,
      merges: [[1, 1, 1, PROJECT_ORDER.length]],
      widths: PROJECT_ORDER.map((k) => (k === 'schoolName' || k === 'partner' ? 30 : k === 'brand' ? 22 : k === 'id' ? 15 : 12)),
    });
  }
  if (file.instructions === 'before') sheets.unshift(instructionsSheet(year, 'projects'));
  if (file.instructions === 'after') sheets.push(instructionsSheet(year, 'projects'));
  return sheets;
}

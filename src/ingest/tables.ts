/**
 * The three input tables of the data contract: their fields, the header spellings users put in
 * files (canonical header first, then aliases) and which fields are required.
 * A sheet is assigned to a table by its header row, never by its file name.
 */
import type { TableName } from '../types.js';

export type FieldKind =
  | 'schoolId'
  | 'text'
  | 'province'
  | 'level'
  | 'ownership'
  | 'year'
  | 'count'
  | 'country'
  | 'projectType'
  | 'brand'
  | 'date'
  | 'status'
  | 'region'
  | 'seriesLevel'
  | 'number'
  | 'unit'
  | 'bool';

export interface FieldDef {
  id: string;
  /** Canonical Chinese header (what messages call the column). */
  header: string;
  /** Other accepted spellings, compared after header normalisation. */
  aliases: readonly string[];
  kind: FieldKind;
  required: boolean;
}

export interface TableDef {
  name: TableName;
  title: string;
  fields: readonly FieldDef[];
  /** Fields whose presence distinguishes this table from the others. */
  signature: readonly string[];
}

const f = (id: string, header: string, kind: FieldKind, required: boolean, aliases: string[] = []): FieldDef => ({ id, header, aliases, kind, required });

const PROVINCE_ALIASES = ['省(区、市)', '省(自治区、直辖市)', '所在省份', '地区', '省', '所在地区', '省份名称'];
const YEAR_ALIASES = ['年份', '年度', '统计年度'];
const SCHOOL_ID_ALIASES = ['学校代码', '院校代码', '学校标识'];

export const ROSTER: TableDef = {
  name: 'roster',
  title: '院校基本情况',
  signature: ['enrolled', 'level', 'graduates', 'fullTimeTeachers'],
  fields: [
    f('schoolId', '学校标识码', 'schoolId', true, SCHOOL_ID_ALIASES),
    f('schoolName', '学校名称', 'text', true, ['院校名称', '学校']),
    f('province', '省份', 'province', true, PROVINCE_ALIASES),
    f('level', '办学层次', 'level', true, ['学校类型', '层次', '学校层次']),
    f('ownership', '举办性质', 'ownership', false, ['办学性质', '举办者', '举办者性质']),
    f('year', '统计年份', 'year', true, YEAR_ALIASES),
    f('enrolled', '在校生数', 'count', true, ['在校生', '在校学生数', '在校生人数']),
    f('admitted', '招生数', 'count', false, ['招生人数', '招生']),
    f('graduates', '毕业生数', 'count', true, ['毕业生', '毕业人数', '毕业生人数']),
    f('placed', '毕业去向落实人数', 'count', false, ['去向落实人数', '毕业生去向落实人数', '就业人数', '毕业生就业人数']),
    f('fullTimeTeachers', '专任教师数', 'count', true, ['专任教师', '专任教师人数']),
    f('partTimeTeachers', '兼职教师数', 'count', false, ['兼职教师', '兼职教师人数']),
  ],
};

export const PROJECTS: TableDef = {
  name: 'projects',
  title: '对外合作项目',
  signature: ['projectId', 'country', 'type'],
  fields: [
    f('projectId', '项目编号', 'text', true, ['编号', '项目代码']),
    f('year', '统计年份', 'year', true, YEAR_ALIASES),
    f('schoolId', '学校标识码', 'schoolId', true, SCHOOL_ID_ALIASES),
    f('schoolName', '学校名称', 'text', false, ['院校名称']),
    f('province', '省份', 'province', true, PROVINCE_ALIASES),
    f('country', '合作国家(地区)', 'country', true, ['合作国家', '国家(地区)', '国别', '合作国别', '合作国家/地区', '国家']),
    f('partner', '合作机构', 'text', false, ['外方合作机构', '合作院校', '外方机构']),
    f('type', '项目类型', 'projectType', true, ['合作类型']),
    f('brand', '品牌', 'brand', false, ['项目品牌', '所属品牌']),
    f('startDate', '设立日期', 'date', true, ['开始日期', '启动时间', '设立时间']),
    f('status', '状态', 'status', false, ['项目状态']),
    f('students', '学历教育人数', 'count', false, ['在读学生数', '培养学生数']),
    f('trainees', '培训人次', 'count', false, ['职业培训人次']),
    f('submittedOn', '填报日期', 'date', false, ['提交日期']),
  ],
};

export const SERIES: TableDef = {
  name: 'series',
  title: '统计指标',
  signature: ['indicator', 'value'],
  fields: [
    f('year', '年份', 'year', true, ['统计年份', '年度']),
    f('region', '地区', 'region', false, ['省份']),
    f('indicator', '指标', 'text', true, ['项目', '指标名称']),
    f('level', '层次', 'seriesLevel', false, ['办学层次']),
    f('value', '数值', 'number', true, ['数据', '值']),
    f('unit', '单位', 'unit', true, ['计量单位']),
    f('source', '来源', 'text', false, ['数据来源']),
    f('note', '备注', 'text', false, ['说明', '注释']),
    // The transcriber's remarks: kept for traceability, never printed.
    f('remark', '转录说明', 'text', false, ['编者说明', '内部说明']),
  ],
};

/**
 * 典型案例: one case per row. 正文 holds the text, or names a .docx / .md file beside the sheet
 * that holds it; 图片 names image files beside the sheet (separated by 、 , ; or new lines).
 */
export const CASES: TableDef = {
  name: 'cases',
  title: '典型案例',
  signature: ['title', 'body'],
  fields: [
    f('schoolId', '学校标识码', 'schoolId', false, SCHOOL_ID_ALIASES),
    f('schoolName', '学校名称', 'text', true, ['院校名称', '学校']),
    f('province', '省份', 'province', true, PROVINCE_ALIASES),
    f('country', '合作国家(地区)', 'country', true, ['合作国家', '国家(地区)', '国别', '合作国别', '合作国家/地区', '国家']),
    f('projectId', '项目编号', 'text', false, ['编号', '项目代码']),
    f('year', '统计年份', 'year', false, YEAR_ALIASES),
    f('title', '标题', 'text', true, ['案例标题', '案例名称', '题目']),
    f('body', '正文', 'text', true, ['案例正文', '内容', '案例内容', '正文文件']),
    f('submittedOn', '提交日期', 'date', false, ['填报日期']),
    f('annual', '入选年度报告', 'bool', false, ['是否入选年度报告', '入选全国报告', '入选']),
    f('images', '图片', 'text', false, ['图片文件', '配图']),
    f('source', '来源', 'text', false, ['案例来源', '出处']),
  ],
};

export const TABLES: readonly TableDef[] = [ROSTER, PROJECTS, SERIES, CASES];

/**
 * Strict types shared by every stage. Loose input (cells, CLI options) is resolved into these
 * once, at the edges; past that point code trusts them.
 */

export type Severity = 'error' | 'warning' | 'info';

/** Where a value came from, as a person opening the file would see it. */
export interface Origin {
  /** Path as given on the command line, or relative to a given folder. */
  file: string;
  /** Worksheet name; for delimited text, the file's base name (what Excel shows). */
  sheet: string;
  /** Row number as Excel numbers it (1-based, counting title rows). */
  row: number;
}

export interface Finding {
  severity: Severity;
  /** Stable code from the catalogue (src/messages.ts). */
  code: string;
  /** Chinese message: what is wrong and what would be right. */
  message: string;
  file: string;
  sheet: string | null;
  row: number | null;
  /** Column letter (A, B, …, AA). */
  column: string | null;
  header: string | null;
  value: string | null;
  /** The row's 学校标识码 and 学校名称 where its table has them (not in the JSON contract). */
  schoolId?: string | null;
  schoolName?: string | null;
}

/** A calendar date without time zone; precision says what the source gave. */
export interface DateValue {
  /** YYYY-MM-DD (first of month / 1 January when less precise). */
  iso: string;
  precision: 'day' | 'month' | 'year';
}

export type Level = '中职' | '高职专科' | '高职本科';
export const LEVELS: readonly Level[] = ['中职', '高职专科', '高职本科'];
export type Ownership = '公办' | '民办';
export const PROJECT_TYPES = ['合作办学机构', '合作办学项目', '境外办学', '师资培训', '学生交流', '职业培训', '标准与资源输出', '其他'] as const;
export type ProjectType = (typeof PROJECT_TYPES)[number];
export const PROJECT_STATUSES = ['运行中', '已结束', '筹建中'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export interface RosterRow {
  table: 'roster';
  origin: Origin;
  schoolId: string;
  schoolName: string;
  /** Canonical short province name (北京 … 新疆, 兵团). */
  province: string;
  level: Level;
  ownership: Ownership | null;
  year: number;
  enrolled: number;
  admitted: number | null;
  graduates: number;
  placed: number | null;
  fullTimeTeachers: number;
  partTimeTeachers: number | null;
}

export interface ProjectRow {
  table: 'projects';
  origin: Origin;
  projectId: string;
  year: number;
  schoolId: string;
  schoolName: string | null;
  province: string;
  /** ISO 3166-1 alpha-2 (HK, MO, TW for the three 地区). */
  country: string;
  /** Chinese short name (德国, 中国香港). */
  countryName: string;
  /** True for HK, MO, TW: reported as 地区, never as countries. */
  isRegion: boolean;
  partner: string | null;
  type: ProjectType;
  brand: string | null;
  startDate: DateValue;
  status: ProjectStatus;
  students: number | null;
  trainees: number | null;
  submittedOn: DateValue | null;
}

export interface SeriesRow {
  table: 'series';
  origin: Origin;
  year: number;
  /** 全国 or a canonical province short name. */
  region: string;
  indicator: string;
  /** 合计, 中职, 高职专科, 高职本科 or 高职. */
  level: string;
  /** In the base unit (万人 × 10,000 → 人; % stays a percentage). */
  value: number;
  /** Unit as printed in the source. */
  unit: string;
  /** Base unit the value is stored in. */
  baseUnit: string;
  /** Decimal places as printed (537 → 0, 1737.96 → 2): the published precision. */
  decimals: number;
  source: string | null;
  note: string | null;
}

/** An image of a case: inline data (data: URL), as the HTML carries it, and its caption. */
export interface CaseImage {
  src: string;
  caption: string;
}

/**
 * A school's case study (案例), from a case sheet row, a Word document or a Markdown file.
 * `html` is already reduced to safe content (paragraphs, emphasis, lists, simple tables, images).
 */
export interface CaseRow {
  table: 'cases';
  origin: Origin;
  /** The statistical year the case was collected with. */
  year: number;
  schoolId: string | null;
  schoolName: string;
  province: string;
  /** ISO alpha-2, as in ProjectRow. */
  country: string;
  countryName: string;
  isRegion: boolean;
  projectId: string | null;
  title: string;
  html: string;
  /** Characters of body text (for the over-a-page warning and ordering). */
  chars: number;
  images: CaseImage[];
  submittedOn: DateValue | null;
  /** 入选年度报告: shown in the national annual report. */
  annual: boolean;
  /** Where the case text comes from when it is not the editor's own (the seed's case). */
  source: string | null;
}

export type DataRow = RosterRow | ProjectRow | SeriesRow | CaseRow;
export type TableName = DataRow['table'];

/** Output formats and edition kinds, as options name them. */
export const FORMATS = ['html', 'pdf'] as const;
export const EDITION_KINDS = ['annual', 'regional', 'bilateral'] as const;
export type OutputFormat = (typeof FORMATS)[number];
export type EditionKind = (typeof EDITION_KINDS)[number];

/** What a build reports as it goes (the progress bar, the CI log, the preview). */
export type ProgressEvent =
  | { type: 'plan'; total: number }
  | { type: 'start'; id: string; title: string }
  | { type: 'done'; id: string; title: string; status: 'built' | 'unchanged' | 'failed'; ms: number; error?: string };

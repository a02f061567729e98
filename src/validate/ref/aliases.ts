/**
 * Coded columns with a closed (or mostly closed) vocabulary: 办学层次, 举办性质, 项目类型, 状态,
 * 品牌. Each resolver returns the canonical value or undefined; input is a trimmed cell.
 */

import type { Level, Ownership, ProjectStatus, ProjectType } from '../../types.js';

/**
 * Lookup key: full-width folded, spaces and brackets dropped, so 高职（专科）, 高职(专科) and
 * 高职 专科 are one key. Brackets only ever qualify, so dropping them merges nothing distinct.
 */
function aliasKey(raw: string): string {
  return raw.normalize('NFKC').replace(/[\s()[\]【】〔〕<>〈〉《》"'“”‘’]/gu, '');
}

/** Alias key → canonical value; Record<T, …> makes the compiler check every value is listed. */
function table<T extends string>(aliases: Record<T, readonly string[]>): Map<string, T> {
  const map = new Map<string, T>();
  for (const [canonical, list] of Object.entries(aliases) as [T, readonly string[]][]) {
    for (const s of [canonical, ...list]) map.set(aliasKey(s), canonical);
  }
  return map;
}

const LEVELS = table<Level>({
  中职: ['中等职业学校', '中等职业教育', '中专', '中等专业学校', '技工学校', '技工院校', '技校', '职业高中', '职业高级中学', '职高'],
  高职专科: ['高职', '高职(专科)', '高等职业学校(专科)', '高等职业学校', '高等职业院校', '专科', '高职高专', '高等专科学校', '职业技术学院'],
  高职本科: ['职业本科', '本科层次职业学校', '本科层次职业教育', '高职(本科)', '高等职业学校(本科)', '职业技术大学', '职业大学'],
});

const OWNERSHIP = table<Ownership>({
  公办: ['公立', '政府举办', '公办学校'],
  民办: ['社会力量举办', '私立', '民营', '民办学校'],
});

const PROJECT_TYPE = table<ProjectType>({
  合作办学机构: ['中外合作办学机构'],
  合作办学项目: ['中外合作办学项目'],
  境外办学: ['海外办学', '境外办学机构', '境外办学项目'],
  师资培训: ['教师培训'],
  学生交流: ['学生交换'],
  职业培训: ['职业技能培训', '技能培训'],
  标准与资源输出: ['标准输出', '资源输出', '标准和资源输出', '标准及资源输出', '标准、资源输出'],
  其他: ['其它'],
});

const STATUS = table<ProjectStatus>({
  运行中: ['在办', '进行中', '运行', '在运行', '正常运行'],
  已结束: ['结束', '终止', '已终止', '已停办', '停办'],
  筹建中: ['筹建', '筹备中', '筹备'],
});

export const KNOWN_BRANDS = ['鲁班工坊', '丝路学院', '郑和学院', '海丝学院', '班·墨学院', '墨子工坊', '中国-东盟现代工匠学院', '中文工坊'] as const;

/** Brand key: also ignores middle dots and dashes, whose many look-alikes editors type. */
function brandKey(raw: string): string {
  return aliasKey(raw).replace(/[·•・･‧⋅∙.\-‐‑‒–—―－~〜]/gu, '');
}

const BRANDS = new Map<string, string>(KNOWN_BRANDS.map((b) => [brandKey(b), b]));
BRANDS.set(brandKey('现代工匠学院'), '中国-东盟现代工匠学院');

/** What 品牌 holds when a project has none. */
const NO_BRAND = new Set(['', '无', '否', '-', '—', '/', 'n/a', 'na', 'none', '暂无', '没有']);

export function resolveLevel(raw: string): Level | undefined {
  return LEVELS.get(aliasKey(raw));
}

export function resolveOwnership(raw: string): Ownership | undefined {
  return OWNERSHIP.get(aliasKey(raw));
}

export function resolveProjectType(raw: string): ProjectType | undefined {
  return PROJECT_TYPE.get(aliasKey(raw));
}

export function resolveStatus(raw: string): ProjectStatus | undefined {
  return STATUS.get(aliasKey(raw));
}

/** Canonical brand when known, null when the cell says "none", else the text as given. */
export function resolveBrand(raw: string): string | null {
  if (NO_BRAND.has(aliasKey(raw).toLowerCase())) return null;
  return BRANDS.get(brandKey(raw)) ?? raw;
}

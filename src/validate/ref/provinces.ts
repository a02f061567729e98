/**
 * The 31 provincial-level divisions and 新疆生产建设兵团, with GB/T 2260 codes.
 * Canonical form is the short name; full names, short names and codes (37, 370000) are accepted.
 */

import { closestBy } from './suggest.js';

export interface Province {
  /** Canonical short name, as the reports print it. */
  name: string;
  /** Full official name. */
  full: string;
  /** GB/T 2260 two-digit code (兵团 has none in GB/T 2260; 66 is the code the statistics use). */
  code: string;
  /** Tile-grid position for the province map: column, row (0-based, rough geography). */
  tile: [number, number];
}

export const PROVINCES: readonly Province[] = [
  { name: '北京', full: '北京市', code: '11', tile: [7, 2] },
  { name: '天津', full: '天津市', code: '12', tile: [8, 2] },
  { name: '河北', full: '河北省', code: '13', tile: [7, 3] },
  { name: '山西', full: '山西省', code: '14', tile: [6, 3] },
  { name: '内蒙古', full: '内蒙古自治区', code: '15', tile: [6, 2] },
  { name: '辽宁', full: '辽宁省', code: '21', tile: [8, 1] },
  { name: '吉林', full: '吉林省', code: '22', tile: [9, 1] },
  { name: '黑龙江', full: '黑龙江省', code: '23', tile: [9, 0] },
  { name: '上海', full: '上海市', code: '31', tile: [9, 5] },
  { name: '江苏', full: '江苏省', code: '32', tile: [8, 4] },
  { name: '浙江', full: '浙江省', code: '33', tile: [8, 5] },
  { name: '安徽', full: '安徽省', code: '34', tile: [7, 5] },
  { name: '福建', full: '福建省', code: '35', tile: [8, 6] },
  { name: '江西', full: '江西省', code: '36', tile: [7, 6] },
  { name: '山东', full: '山东省', code: '37', tile: [8, 3] },
  { name: '河南', full: '河南省', code: '41', tile: [6, 4] },
  { name: '湖北', full: '湖北省', code: '42', tile: [6, 5] },
  { name: '湖南', full: '湖南省', code: '43', tile: [6, 6] },
  { name: '广东', full: '广东省', code: '44', tile: [7, 7] },
  { name: '广西', full: '广西壮族自治区', code: '45', tile: [5, 7] },
  { name: '海南', full: '海南省', code: '46', tile: [6, 8] },
  { name: '重庆', full: '重庆市', code: '50', tile: [5, 5] },
  { name: '四川', full: '四川省', code: '51', tile: [4, 5] },
  { name: '贵州', full: '贵州省', code: '52', tile: [5, 6] },
  { name: '云南', full: '云南省', code: '53', tile: [4, 7] },
  { name: '西藏', full: '西藏自治区', code: '54', tile: [2, 5] },
  { name: '陕西', full: '陕西省', code: '61', tile: [5, 4] },
  { name: '甘肃', full: '甘肃省', code: '62', tile: [4, 3] },
  { name: '青海', full: '青海省', code: '63', tile: [3, 4] },
  { name: '宁夏', full: '宁夏回族自治区', code: '64', tile: [5, 3] },
  { name: '新疆', full: '新疆维吾尔自治区', code: '65', tile: [1, 3] },
  { name: '兵团', full: '新疆生产建设兵团', code: '66', tile: [2, 3] },
];

/** Spellings seen in exports besides name, full name and code. */
const VARIANTS: Record<string, readonly string[]> = {
  内蒙古: ['内蒙', '内蒙自治区'],
  广西: ['广西自治区', '广西壮族'],
  宁夏: ['宁夏自治区', '宁夏回族'],
  新疆: ['新疆自治区', '新疆维吾尔', '新疆维吾尔族自治区'],
  兵团: ['新疆兵团', '生产建设兵团', '新疆建设兵团'],
};

/** Cell text as a lookup key: full-width forms folded (３７ → 37), all whitespace dropped. */
function provinceKey(raw: string): string {
  return raw.normalize('NFKC').replace(/\s+/gu, '');
}

/** Every accepted spelling except codes; also the candidates for suggestions. */
const NAMES = new Map<string, Province>();
const BY_CODE = new Map<string, Province>();
for (const p of PROVINCES) {
  for (const s of [p.name, p.full, ...(VARIANTS[p.name] ?? [])]) NAMES.set(provinceKey(s), p);
  BY_CODE.set(p.code, p);
  // Six-digit GB/T 2260 form (370000) is what many platform exports carry.
  BY_CODE.set(`${p.code}0000`, p);
}
const SUGGESTIONS = [...NAMES].map(([key, p]) => [key, p.name] as const);
const BY_NAME = new Map(PROVINCES.map((p) => [p.name, p]));

/** Province for a cell: short or full name, common variant, or GB/T 2260 code (37 or 370000). */
export function resolveProvince(raw: string): Province | undefined {
  const key = provinceKey(raw);
  return NAMES.get(key) ?? BY_CODE.get(key);
}

/** Canonical short name for a near miss (山冬, 山东生 → 山东), or undefined. */
export function suggestProvince(raw: string): string | undefined {
  const exact = resolveProvince(raw);
  if (exact) return exact.name;
  return closestBy(provinceKey(raw), SUGGESTIONS);
}

/** Province by canonical short name (北京 … 新疆, 兵团). */
export function provinceByName(name: string): Province | undefined {
  return BY_NAME.get(name);
}

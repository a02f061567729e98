/**
 * Partner countries and regions (合作国家（地区）). Names and codes come from i18n-iso-countries;
 * the tables here add what Chinese reports need: official full names, the spellings editors
 * use, continents, and the three 地区 (中国香港, 中国澳门, 中国台湾).
 */

import { createRequire } from 'node:module';
import isoCountries from 'i18n-iso-countries/index.js';
import type { LocaleData } from 'i18n-iso-countries';
import { closestBy } from './suggest.js';

export type Continent = '亚洲' | '非洲' | '欧洲' | '北美洲' | '南美洲' | '大洋洲';

export interface Country {
  /** ISO 3166-1 alpha-2 (HK, MO, TW for the three 地区). */
  alpha2: string;
  alpha3: string;
  /** Chinese short name as reports print it (德国, 中国香港). */
  name: string;
  nameEn: string;
  continent: Continent;
  /** HK, MO, TW: reported as 地区, never as countries. */
  isRegion: boolean;
}

// The package's main entry registers all ~80 locales; only zh and en are needed.
const require = createRequire(import.meta.url);
isoCountries.registerLocale(require('i18n-iso-countries/langs/zh.json') as LocaleData);
isoCountries.registerLocale(require('i18n-iso-countries/langs/en.json') as LocaleData);

/** UN M49 regions, Americas split at Panama/Colombia; Russia in Europe, Turkey and Cyprus in Asia. */
const CONTINENTS: Record<Continent, string> = {
  亚洲:
    'AE AF AM AZ BD BH BN BT CN CY GE HK ID IL IN IQ IR JO JP KG KH KP KR KW KZ LA LB LK MM MN MO ' +
    'MV MY NP OM PH PK PS QA SA SG SY TH TJ TL TM TR TW UZ VN YE',
  非洲:
    'AO BF BI BJ BW CD CF CG CI CM CV DJ DZ EG EH ER ET GA GH GM GN GQ GW IO KE KM LR LS LY MA MG ' +
    'ML MR MU MW MZ NA NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TF TG TN TZ UG YT ZA ZM ZW',
  欧洲:
    'AD AL AT AX BA BE BG BY CH CZ DE DK EE ES FI FO FR GB GG GI GR HR HU IE IM IS IT JE LI LT LU ' +
    'LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SJ SK SM UA VA XK',
  北美洲: 'AG AI AW BB BL BM BQ BS BZ CA CR CU CW DM DO GD GL GP GT HN HT JM KN KY LC MF MQ MS MX NI PA ' + 'PM PR SV SX TC TT US VC VG VI',
  南美洲: 'AR BO BR BV CL CO EC FK GF GS GY PE PY SR UY VE',
  大洋洲: 'AS AU CC CK CX FJ FM GU HM KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO TV UM VU WF WS',
};

const CONTINENT_OF = new Map<string, Continent>();
for (const [continent, codes] of Object.entries(CONTINENTS) as [Continent, string][]) {
  for (const code of codes.split(' ')) CONTINENT_OF.set(code, continent);
}

/** Continent of any ISO alpha-2 except AQ (Antarctica has no place in the report's grouping). */
export function continentOf(alpha2: string): Continent | undefined {
  return CONTINENT_OF.get(alpha2.toUpperCase());
}

/**
 * Not partners: China itself; Antarctica; Kosovo (XK is not an ISO code, and China does not
 * recognise it). Their spellings resolve to nothing, and are never suggested.
 */
const EXCLUDED = new Set(['CN', 'AQ', 'XK']);

/** Where the library's Chinese short name differs from what Chinese reports print. */
const NAME_OVERRIDES: Record<string, string> = {
  HK: '中国香港',
  MO: '中国澳门',
  TW: '中国台湾',
  ID: '印度尼西亚', // library: 印尼
  MN: '蒙古国', // library: 蒙古
  EH: '西撒哈拉', // library: 阿拉伯撒哈拉民主共和国
};

/** Friendlier English names where the library's first one is the long form. */
const NAME_EN_OVERRIDES: Record<string, string> = {
  US: 'United States',
  RU: 'Russia',
  LA: 'Laos',
  IR: 'Iran',
  SY: 'Syria',
  MD: 'Moldova',
  TZ: 'Tanzania',
  BN: 'Brunei',
  GM: 'Gambia',
  MK: 'North Macedonia',
  PS: 'Palestine',
  TW: 'Taiwan',
  VA: 'Vatican City',
  FM: 'Micronesia',
  CD: 'DR Congo',
  CG: 'Republic of the Congo',
};

/** Official Chinese full names (外交部 usage), for the partners Chinese vocational schools have. */
const FULL_NAMES: Record<string, string | string[]> = {
  // Asia
  AF: ['阿富汗伊斯兰共和国', '阿富汗伊斯兰酋长国'],
  AE: '阿拉伯联合酋长国',
  OM: '阿曼苏丹国',
  AZ: '阿塞拜疆共和国',
  PK: '巴基斯坦伊斯兰共和国',
  PS: '巴勒斯坦国',
  BH: '巴林王国',
  BT: '不丹王国',
  KP: '朝鲜民主主义人民共和国',
  TL: '东帝汶民主共和国',
  PH: '菲律宾共和国',
  KZ: '哈萨克斯坦共和国',
  KR: '大韩民国',
  KG: '吉尔吉斯共和国',
  KH: '柬埔寨王国',
  QA: '卡塔尔国',
  KW: '科威特国',
  LA: '老挝人民民主共和国',
  LB: '黎巴嫩共和国',
  MV: '马尔代夫共和国',
  BD: '孟加拉人民共和国',
  MM: '缅甸联邦共和国',
  NP: '尼泊尔联邦民主共和国',
  JP: '日本国',
  CY: '塞浦路斯共和国',
  SA: '沙特阿拉伯王国',
  LK: '斯里兰卡民主社会主义共和国',
  TJ: '塔吉克斯坦共和国',
  TH: '泰王国',
  TR: '土耳其共和国',
  BN: '文莱达鲁萨兰国',
  UZ: '乌兹别克斯坦共和国',
  SG: '新加坡共和国',
  SY: '阿拉伯叙利亚共和国',
  AM: '亚美尼亚共和国',
  YE: '也门共和国',
  IQ: '伊拉克共和国',
  IR: '伊朗伊斯兰共和国',
  IL: '以色列国',
  IN: '印度共和国',
  ID: '印度尼西亚共和国',
  JO: '约旦哈希姆王国',
  VN: '越南社会主义共和国',
  // Africa
  DZ: '阿尔及利亚民主人民共和国',
  EG: '阿拉伯埃及共和国',
  ET: '埃塞俄比亚联邦民主共和国',
  AO: '安哥拉共和国',
  BJ: '贝宁共和国',
  BW: '博茨瓦纳共和国',
  BI: '布隆迪共和国',
  GQ: '赤道几内亚共和国',
  TG: '多哥共和国',
  ER: '厄立特里亚国',
  CV: '佛得角共和国',
  GM: '冈比亚共和国',
  CG: '刚果共和国',
  CD: '刚果民主共和国',
  DJ: '吉布提共和国',
  GN: '几内亚共和国',
  GW: '几内亚比绍共和国',
  GH: '加纳共和国',
  GA: '加蓬共和国',
  ZW: '津巴布韦共和国',
  CM: '喀麦隆共和国',
  KM: '科摩罗联盟',
  CI: '科特迪瓦共和国',
  KE: '肯尼亚共和国',
  LS: '莱索托王国',
  LR: '利比里亚共和国',
  LY: '利比亚国',
  RW: '卢旺达共和国',
  MG: '马达加斯加共和国',
  MW: '马拉维共和国',
  ML: '马里共和国',
  MU: '毛里求斯共和国',
  MR: '毛里塔尼亚伊斯兰共和国',
  MA: '摩洛哥王国',
  MZ: '莫桑比克共和国',
  NA: '纳米比亚共和国',
  ZA: '南非共和国',
  SS: '南苏丹共和国',
  NE: '尼日尔共和国',
  NG: '尼日利亚联邦共和国',
  SL: '塞拉利昂共和国',
  SN: '塞内加尔共和国',
  SC: '塞舌尔共和国',
  ST: '圣多美和普林西比民主共和国',
  SZ: ['斯威士兰王国', '埃斯瓦蒂尼王国'],
  SD: '苏丹共和国',
  SO: '索马里联邦共和国',
  TZ: '坦桑尼亚联合共和国',
  TN: '突尼斯共和国',
  UG: '乌干达共和国',
  ZM: '赞比亚共和国',
  TD: '乍得共和国',
  CF: '中非共和国',
  // Europe
  AL: '阿尔巴尼亚共和国',
  EE: '爱沙尼亚共和国',
  AD: '安道尔公国',
  AT: '奥地利共和国',
  BY: '白俄罗斯共和国',
  BG: '保加利亚共和国',
  MK: '北马其顿共和国',
  BE: '比利时王国',
  BA: '波斯尼亚和黑塞哥维那',
  PL: '波兰共和国',
  DK: '丹麦王国',
  DE: '德意志联邦共和国',
  RU: '俄罗斯联邦',
  FR: '法兰西共和国',
  VA: '梵蒂冈城国',
  FI: '芬兰共和国',
  NL: '荷兰王国',
  CZ: '捷克共和国',
  HR: '克罗地亚共和国',
  LV: '拉脱维亚共和国',
  LT: '立陶宛共和国',
  LI: '列支敦士登公国',
  LU: '卢森堡大公国',
  MT: '马耳他共和国',
  MD: '摩尔多瓦共和国',
  MC: '摩纳哥公国',
  NO: '挪威王国',
  PT: '葡萄牙共和国',
  SE: '瑞典王国',
  CH: '瑞士联邦',
  RS: '塞尔维亚共和国',
  SM: '圣马力诺共和国',
  SK: '斯洛伐克共和国',
  SI: '斯洛文尼亚共和国',
  ES: '西班牙王国',
  GR: '希腊共和国',
  IT: '意大利共和国',
  GB: '大不列颠及北爱尔兰联合王国',
  // Americas
  US: '美利坚合众国',
  MX: '墨西哥合众国',
  BR: '巴西联邦共和国',
  AR: '阿根廷共和国',
  CL: '智利共和国',
  PE: '秘鲁共和国',
  CO: '哥伦比亚共和国',
  VE: '委内瑞拉玻利瓦尔共和国',
  EC: '厄瓜多尔共和国',
  BO: '多民族玻利维亚国',
  UY: '乌拉圭东岸共和国',
  PY: '巴拉圭共和国',
  CU: '古巴共和国',
  PA: '巴拿马共和国',
  CR: '哥斯达黎加共和国',
  NI: '尼加拉瓜共和国',
  SV: '萨尔瓦多共和国',
  HN: '洪都拉斯共和国',
  DO: '多米尼加共和国',
  GT: '危地马拉共和国',
  TT: '特立尼达和多巴哥共和国',
  GY: '圭亚那合作共和国',
  SR: '苏里南共和国',
  DM: '多米尼克国',
  BS: '巴哈马国',
  HT: '海地共和国',
  // Oceania
  AU: '澳大利亚联邦',
  FJ: '斐济共和国',
  PG: '巴布亚新几内亚独立国',
  VU: '瓦努阿图共和国',
  WS: '萨摩亚独立国',
  TO: '汤加王国',
  KI: '基里巴斯共和国',
  NR: '瑙鲁共和国',
  MH: '马绍尔群岛共和国',
  PW: '帕劳共和国',
};

/** Other spellings in use, Chinese and English (the library's own names are added anyway). */
const ALIASES: Record<string, string[]> = {
  HK: ['香港', '中国香港特别行政区', '香港特别行政区', '香港特区', 'Hong Kong SAR', 'Hong Kong China', 'HK SAR'],
  MO: ['澳门', '中国澳门特别行政区', '澳门特别行政区', '澳门特区', 'Macau', 'Macao SAR', 'Macau SAR', 'Macao China'],
  TW: ['台湾', '台湾地区', '台湾省', '中华台北', 'Chinese Taipei'],
  GB: ['Britain', 'Great Britain', 'England', 'Scotland', 'Wales', 'Northern Ireland', '英格兰', '苏格兰', '威尔士', '北爱尔兰'],
  US: ['America', '美利坚'],
  KR: ['Korea', '南韩'],
  KP: ['DPRK', "Democratic People's Republic of Korea", '北朝鲜'],
  VN: ['Viet Nam'],
  LA: ['Laos', 'Lao PDR', 'Lao'],
  BN: ['Brunei'],
  SY: ['Syria'],
  MD: ['Moldova'],
  MK: ['Macedonia', '马其顿'],
  CZ: ['Czech'],
  SK: ['Slovak Republic'],
  KG: ['Kyrgyz Republic', '吉尔吉斯'],
  MM: ['Burma'],
  TL: ['East Timor'],
  CV: ['Cabo Verde'],
  SZ: ['Swaziland', '埃斯瓦蒂尼'],
  CD: ['DR Congo', 'DRC', 'Congo-Kinshasa', 'Congo (Kinshasa)', '民主刚果'],
  CG: ['Congo-Brazzaville', 'Congo (Brazzaville)'],
  CI: ['象牙海岸'],
  VA: ['Vatican', 'Vatican City', '教廷'],
  FM: ['Micronesia', '密克罗尼西亚'],
  NL: ['Holland', '尼德兰'],
  AU: ['澳洲'],
  ID: ['印尼'],
  MN: ['蒙古'],
  SA: ['沙特'],
  AE: ['阿联酋'],
  BA: ['Bosnia'],
  PS: ['Palestine'],
};

/** Spellings of China itself: rejected, and kept out of suggestions (中国 is one edit from 中非). */
const CHINA = ['中国', '中华人民共和国', '中国大陆', '中国内地', 'China', 'PRC', 'CN', 'CHN'];

/**
 * Lookup key: full-width folded, diacritics and case dropped, everything but letters and digits
 * removed, so 刚果（金）= 刚果(金) = 刚果金, Côte d'Ivoire = Cote dIvoire, U.S.A. = USA.
 */
function countryKey(raw: string): string {
  return raw
    .normalize('NFKC')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

const hasHan = (s: string): boolean => /\p{Script=Han}/u.test(s);

export const ALL_COUNTRIES: readonly Country[] = Object.entries(isoCountries.getAlpha2Codes())
  .filter(([alpha2]) => !EXCLUDED.has(alpha2))
  .map(([alpha2, alpha3]) => ({
    alpha2,
    alpha3,
    name: NAME_OVERRIDES[alpha2] ?? isoCountries.getName(alpha2, 'zh')!,
    nameEn: NAME_EN_OVERRIDES[alpha2] ?? isoCountries.getName(alpha2, 'en')!,
    continent: CONTINENT_OF.get(alpha2)!,
    isRegion: alpha2 === 'HK' || alpha2 === 'MO' || alpha2 === 'TW',
  }));

const BY_ALPHA2 = new Map(ALL_COUNTRIES.map((c) => [c.alpha2, c]));
/** Key → country; null marks a key two countries share (Congo, 刚果), which resolves to nothing. */
const BY_KEY = new Map<string, Country | null>();
const CHINA_KEYS = new Set(CHINA.map(countryKey));

function addKey(spelling: string, country: Country): void {
  const key = countryKey(spelling);
  if (!key || CHINA_KEYS.has(key)) return;
  const seen = BY_KEY.get(key);
  BY_KEY.set(key, seen === undefined || seen === country ? country : null);
}

for (const c of ALL_COUNTRIES) {
  const zh = isoCountries.getName(c.alpha2, 'zh', { select: 'all' }) ?? [];
  const en = isoCountries.getName(c.alpha2, 'en', { select: 'all' }) ?? [];
  const full = FULL_NAMES[c.alpha2] ?? [];
  for (const s of [c.name, c.nameEn, ...zh, ...en, ...[full].flat(), ...(ALIASES[c.alpha2] ?? [])]) {
    addKey(s, c);
  }
}
// Codes last and unconditionally: DE is Germany whatever else a two-letter key might collide with.
for (const c of ALL_COUNTRIES) {
  BY_KEY.set(c.alpha2.toLowerCase(), c);
  BY_KEY.set(c.alpha3.toLowerCase(), c);
}

/**
 * Suggestion candidates, split by script; no codes or Latin abbreviations (too short to guess at).
 * China's names stay in as null so that 中过 finds 中国 (and no suggestion), not 中非.
 */
const HAN_NAMES: [string, Country | null][] = [];
const LATIN_NAMES: [string, Country | null][] = [];
for (const [key, c] of [...BY_KEY, ...[...CHINA_KEYS].map((k) => [k, null] as const)]) {
  if (c === null && !CHINA_KEYS.has(key)) continue;
  if (hasHan(key)) HAN_NAMES.push([key, c]);
  else if (key.length >= 4) LATIN_NAMES.push([key, c]);
}

/**
 * Country or region for a cell: Chinese short or full name, English name, or ISO alpha-2/alpha-3,
 * case-insensitive. China itself is not a partner: undefined.
 */
export function resolveCountry(raw: string): Country | undefined {
  return BY_KEY.get(countryKey(raw)) ?? undefined;
}

/** True for China itself (中国, CN, China …): worth its own message, as it is not a typo. */
export function isChina(raw: string): boolean {
  return CHINA_KEYS.has(countryKey(raw));
}

/** Official Chinese full name (德意志联邦共和国), where it differs from the short one. */
export function fullName(alpha2: string): string | undefined {
  return [FULL_NAMES[alpha2.toUpperCase()] ?? []].flat()[0];
}

/** Country or region by ISO alpha-2 (case-insensitive); undefined for CN. */
export function countryByAlpha2(code: string): Country | undefined {
  return BY_ALPHA2.get(code.trim().toUpperCase());
}

/**
 * Suggestion for a near miss, in the script it was typed in: 德过 → 德国, Germnay → Germany.
 * Undefined for China itself, which is wrong rather than misspelt.
 */
export function suggestCountry(raw: string): string | undefined {
  const key = countryKey(raw);
  if (!key || CHINA_KEYS.has(key)) return undefined;
  const exact = BY_KEY.get(key);
  const han = hasHan(key);
  if (exact) return han ? exact.name : exact.nameEn;
  return closestBy(key, han ? HAN_NAMES : LATIN_NAMES)?.[han ? 'name' : 'nameEn'];
}

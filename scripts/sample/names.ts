/** Invented school names, drawn without repetition from per-province pools. */

import { PROVINCES } from '../../src/validate/ref/provinces.js';
import { PLACES, ordinalPrefix } from './places.js';
import { Rng } from './rng.js';

export type NameKind = '中职' | '技工' | '高职专科' | '高职本科';

const ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

const ZZ_TYPES = [
  '职业中等专业学校',
  '职业教育中心',
  '职业技术学校',
  '中等专业学校',
  '财经学校',
  '商贸学校',
  '交通职业学校',
  '卫生学校',
  '旅游职业学校',
  '工业学校',
  '农业学校',
  '机电工程学校',
  '信息工程学校',
  '幼儿师范学校',
  '艺术学校',
  '建筑工程学校',
  '电子信息学校',
  '医药学校',
  '体育运动学校',
  '工程技术学校',
  '城市建设学校',
  '外事服务学校',
  '经济贸易学校',
  '职业学校',
];
const ZZ_ORDINAL_TYPES = ['职业中等专业学校', '职业高级中学', '中等职业学校'];
const ZZ_PROVINCIAL = ['交通职业学校', '卫生学校', '财经学校', '城市建设学校', '工业学校', '民族中等专业学校'];

const JG_TYPES = [
  '技师学院',
  '高级技工学校',
  '技工学校',
  '交通技师学院',
  '工贸技师学院',
  '机电技师学院',
  '工程技师学院',
  '轻工技工学校',
  '电子技工学校',
  '建筑技工学校',
];
const JG_PROVINCIAL = ['工业技师学院', '交通技师学院', '城市建设技师学院', '农业技工学校'];

const GZ_TYPES = [
  '职业技术学院',
  '职业学院',
  '工业职业技术学院',
  '交通职业技术学院',
  '信息职业技术学院',
  '建筑职业技术学院',
  '财经职业学院',
  '旅游职业学院',
  '幼儿师范高等专科学校',
  '医学高等专科学校',
  '农业职业技术学院',
  '电力职业技术学院',
  '商贸职业学院',
  '化工职业技术学院',
  '机电职业技术学院',
  '轻工职业技术学院',
  '城市职业学院',
  '航空职业技术学院',
  '铁道职业技术学院',
  '水利职业学院',
  '艺术职业学院',
  '卫生职业学院',
  '科技职业学院',
  '经济管理职业学院',
  '师范高等专科学校',
  '体育职业学院',
  '电子信息职业技术学院',
  '石油化工职业技术学院',
  '汽车工程职业学院',
  '工程职业学院',
];

const BK_TYPES = [
  '职业技术大学',
  '工程职业技术大学',
  '科技职业大学',
  '工业职业技术大学',
  '信息职业技术大学',
  '交通职业技术大学',
  '理工职业大学',
  '应用技术职业大学',
];

function fullName(province: string): string {
  const p = PROVINCES.find((x) => x.name === province);
  if (!p) throw new Error(`unknown province ${province}`);
  return p.full;
}

/**
 * Candidate names: a primary pool (place × type, provincial schools, low ordinals) and a reserve of
 * higher ordinals (洛阳市第九职业高级中学) used only once the primary pool runs out.
 */
function pools(province: string, kind: NameKind): [string[], string[]] {
  const list = PLACES[province];
  const main: string[] = [];
  const reserve: string[] = [];
  const full = fullName(province);
  // Short province form before 交通职业技术学院 etc.: 山东, 广西, 兵团.
  const shortProv = province;
  const cityLike = list.municipality ? list.places.map((p) => p.replace(/^(北京|天津|上海|重庆)市(.+?)(新)?区$/, '$1$2')) : list.places;
  const ordinals = (pl: string, types: string[], from: number, to: number, into: string[]): void => {
    for (const t of types) for (const o of ORDINALS.slice(from, to)) into.push(`${ordinalPrefix(province, pl)}第${o}${t}`);
  };
  switch (kind) {
    case '中职':
      for (const pl of list.places) for (const t of ZZ_TYPES) main.push(pl + t);
      for (const pl of list.places) ordinals(pl, ZZ_ORDINAL_TYPES, 0, 3, main);
      for (const t of ZZ_PROVINCIAL) main.push(full + t);
      for (const pl of list.places) ordinals(pl, ZZ_ORDINAL_TYPES, 3, 12, reserve);
      break;
    case '技工':
      for (const pl of list.places) for (const t of JG_TYPES) main.push(pl + t);
      for (const pl of list.places) ordinals(pl, ['技工学校'], 0, 2, main);
      for (const t of JG_PROVINCIAL) main.push(full + t);
      for (const pl of list.places) ordinals(pl, ['技工学校'], 2, 8, reserve);
      break;
    case '高职专科':
      for (const pl of cityLike) for (const t of GZ_TYPES) main.push(pl + t);
      for (const t of GZ_TYPES) main.push(shortProv + t);
      break;
    case '高职本科':
      for (const t of BK_TYPES) main.push(shortProv + t);
      for (const pl of cityLike) main.push(pl + '职业技术大学');
      break;
  }
  return [main, reserve];
}

/** Hands out unique names per province and kind, in a seeded order. */
export class NameBook {
  private pools = new Map<string, { names: string[]; next: number }>();
  private used = new Set<string>();

  constructor(private readonly seed: number) {}

  take(province: string, kind: NameKind): string {
    const key = province + '/' + kind;
    let p = this.pools.get(key);
    if (!p) {
      const rng = Rng.keyed(this.seed, 'names', province, kind);
      const [main, reserve] = pools(province, kind);
      const names = [...rng.shuffle(main), ...rng.shuffle(reserve)];
      p = { names, next: 0 };
      this.pools.set(key, p);
    }
    while (p.next < p.names.length) {
      const n = p.names[p.next++];
      if (!this.used.has(n)) {
        this.used.add(n);
        return n;
      }
    }
    throw new Error(`name pool exhausted: ${province} ${kind}`);
  }
}

/**
 * Sample international-cooperation projects (table 2). The brand table 表1-3 of the seed report is
 * reproduced exactly by construction: each brand has a fixed project count, a fixed set of partner
 * countries (each used at least once), a fixed split over provinces (the 发起省份 has the most) and
 * one project in its 首创 year with none earlier.
 *
 * History: the last year's projects are reported every year from their start on, and some
 * projects ended earlier (endedProjects), so that earlier years list more than the last year's
 * projects minus the new ones.
 */

import { PROVINCES } from '../../src/validate/ref/provinces.js';
import type { ProjectStatus, ProjectType } from '../../src/types.js';
import { ASEAN, COUNTRIES, COUNTRY, type Country } from './countries.js';
import type { School } from './roster.js';
import { Rng, apportion } from './rng.js';

export interface Ymd {
  y: number;
  m: number;
  d: number;
}

export interface Project {
  id: string;
  school: School;
  country: Country;
  /** How the country is written in the file (德国, Germany, DE, 中国香港 …). */
  countryText: string;
  partner: string;
  type: ProjectType;
  /** Canonical brand, or null. */
  brand: string | null;
  /** How the brand cell reads ('' or 无 for none, 班墨学院 for 班·墨学院 …). */
  brandText: string;
  start: Ymd;
  /** Status in the last year's file. */
  status: ProjectStatus;
  /** The year it is reported 已结束, its last in the files; null while it still runs. */
  end: number | null;
  /** Leave the 状态 cell empty (it defaults to 运行中). */
  statusBlank: boolean;
  students: number | null;
  trainees: number | null;
  submitted: Ymd;
}

interface BrandSpec {
  name: string;
  total: number;
  countries: readonly string[];
  provinces: Record<string, number>;
  first: number;
  types: [ProjectType, number][];
}

const BRANDS: readonly BrandSpec[] = [
  {
    name: '丝路学院',
    total: 52,
    first: 2016,
    countries: [
      'TH',
      'MY',
      'ID',
      'KH',
      'LA',
      'VN',
      'MM',
      'PK',
      'BD',
      'LK',
      'NP',
      'KZ',
      'KG',
      'TJ',
      'UZ',
      'MN',
      'AE',
      'SA',
      'TR',
      'IR',
      'EG',
      'ET',
      'KE',
      'TZ',
      'UG',
      'RW',
      'ZA',
      'NG',
      'GH',
      'RS',
      'HU',
      'PL',
      'RU',
      'BY',
    ],
    provinces: { 浙江: 30, 陕西: 6, 新疆: 5, 甘肃: 4, 江苏: 4, 重庆: 3 },
    types: [
      ['合作办学项目', 4],
      ['境外办学', 4],
      ['职业培训', 3],
      ['学生交流', 1],
      ['合作办学机构', 1],
    ],
  },
  {
    name: '郑和学院',
    total: 9,
    first: 2018,
    countries: ['ID', 'MY', 'TH', 'KH', 'LK', 'KE', 'TZ', 'VN', 'BD'],
    provinces: { 江苏: 9 },
    types: [
      ['境外办学', 3],
      ['合作办学项目', 2],
      ['职业培训', 2],
    ],
  },
  {
    name: '海丝学院',
    total: 20,
    first: 2019,
    countries: ['SG', 'MY', 'ID', 'PH', 'TH', 'VN', 'KH', 'LA', 'MM', 'BN', 'LK', 'PK', 'AE', 'EG', 'KE', 'TZ', 'SA'],
    provinces: { 福建: 20 },
    types: [
      ['合作办学项目', 3],
      ['境外办学', 3],
      ['职业培训', 2],
    ],
  },
  {
    name: '班·墨学院',
    total: 34,
    first: 2023,
    countries: ['TH', 'MY', 'ID', 'PK', 'KZ', 'UZ', 'KG', 'RU', 'BY', 'RS', 'ZM', 'ZA', 'NG', 'EG', 'ET', 'TZ', 'KE'],
    provinces: { 山东: 34 },
    types: [
      ['境外办学', 4],
      ['职业培训', 3],
      ['标准与资源输出', 2],
    ],
  },
  {
    name: '墨子工坊',
    total: 16,
    first: 2023,
    countries: ['RU', 'MN', 'KZ', 'UZ', 'KR', 'JP', 'BY', 'RS', 'HU', 'TH', 'VN', 'ID', 'ZM', 'GH'],
    provinces: { 辽宁: 16 },
    types: [
      ['职业培训', 3],
      ['境外办学', 2],
      ['标准与资源输出', 2],
    ],
  },
  {
    name: '中国-东盟现代工匠学院',
    total: 17,
    first: 2023,
    countries: ASEAN,
    provinces: { 广西: 17 },
    types: [
      ['境外办学', 3],
      ['职业培训', 3],
      ['合作办学项目', 2],
    ],
  },
  {
    name: '鲁班工坊',
    total: 33,
    first: 2016,
    countries: [
      'TH',
      'IN',
      'ID',
      'PK',
      'KH',
      'GB',
      'PT',
      'DJ',
      'KE',
      'ZA',
      'ML',
      'NG',
      'EG',
      'CI',
      'UG',
      'MG',
      'ET',
      'TJ',
      'UZ',
      'KZ',
      'RU',
      'BG',
      'RS',
      'ZM',
      'RW',
    ],
    provinces: { 天津: 12, 江苏: 3, 山东: 3, 广东: 3, 重庆: 2, 四川: 2, 湖南: 2, 浙江: 2, 陕西: 2, 河北: 2 },
    types: [
      ['境外办学', 24],
      ['合作办学机构', 5],
      ['职业培训', 4],
    ],
  },
  {
    name: '中文工坊',
    total: 12,
    first: 2021,
    countries: ['TH', 'KH', 'LA', 'ZA', 'EG', 'KE', 'ET', 'NG', 'ZM', 'UZ', 'ID', 'MY'],
    provinces: { 北京: 3, 云南: 2, 湖北: 2, 河南: 2, 江西: 2, 安徽: 1 },
    types: [
      ['职业培训', 3],
      ['标准与资源输出', 2],
    ],
  },
];

/** 鲁班工坊 totals (学历教育 近万人, 职业培训 3.1万+ 人次). */
const LUBAN_STUDENTS = 9_650;
const LUBAN_TRAINEES = 31_420;
const GERMANY_PROJECTS = 28;
const UNBRANDED = 207;
const SCHOOLS = 300;

/** The 27 provinces with projects, and the weight of each in the unbranded projects. */
const UNBRANDED_WEIGHTS: Record<string, number> = {
  北京: 10,
  天津: 8,
  河北: 5,
  山西: 3,
  内蒙古: 3,
  辽宁: 5,
  吉林: 3,
  黑龙江: 4,
  上海: 10,
  江苏: 16,
  浙江: 12,
  安徽: 6,
  福建: 6,
  江西: 4,
  山东: 14,
  河南: 7,
  湖北: 7,
  湖南: 6,
  广东: 16,
  广西: 6,
  重庆: 6,
  四川: 8,
  贵州: 3,
  云南: 6,
  陕西: 5,
  甘肃: 3,
  新疆: 4,
};

/** How often an unbranded project goes to a country (default 1). */
const COUNTRY_POPULARITY: Record<string, number> = {
  TH: 6,
  MY: 4,
  SG: 4,
  GB: 5,
  AU: 5,
  KR: 5,
  JP: 4,
  US: 3,
  CA: 3,
  NZ: 3,
  FR: 2,
  IT: 2,
  RU: 3,
  KZ: 2,
  ID: 3,
  VN: 3,
  LA: 2,
  KH: 2,
  PK: 2,
  HK: 2,
  MO: 1,
  TW: 1,
  IE: 1.5,
  FI: 1.5,
  NL: 1.5,
  CH: 1.5,
  AT: 1.5,
};

const UNBRANDED_TYPES: [ProjectType, number][] = [
  ['合作办学项目', 30],
  ['学生交流', 15],
  ['师资培训', 15],
  ['合作办学机构', 6],
  ['境外办学', 8],
  ['职业培训', 12],
  ['标准与资源输出', 8],
  ['其他', 6],
];
const GERMANY_TYPES: [ProjectType, number][] = [
  ['合作办学项目', 10],
  ['师资培训', 8],
  ['学生交流', 6],
  ['合作办学机构', 3],
  ['职业培训', 3],
  ['其他', 1],
];

const PARTNER_TYPES = ['理工学院', '职业技术学院', '技术学院', '职业培训中心', '技术与职业教育培训学院', '理工大学', '工业学院', '职业技术大学'];
const PARTNER_TYPES_DE = ['应用技术大学', '职业学校', '手工业协会职业培训中心', '工商会职业教育中心', '双元制职业学院', '技术学院'];
const PARTNER_TYPES_HMT = ['职业培训学院', '理工学院', '科技大学', '工商管理学院'];

function weightedPick<T>(rng: Rng, table: readonly [T, number][]): T {
  return rng.weighted(
    table.map((e) => e[0]),
    table.map((e) => e[1]),
  );
}

function partnerName(rng: Rng, country: Country): string {
  const city = rng.pick(country.cities);
  const types = country.iso2 === 'DE' ? PARTNER_TYPES_DE : ['HK', 'MO', 'TW'].includes(country.iso2) ? PARTNER_TYPES_HMT : PARTNER_TYPES;
  // 泰国曼谷理工学院, but 新加坡理工大学, 墨西哥城技术学院, 香港科技大学 (no doubled names).
  const prefix = ['HK', 'MO', 'TW'].includes(country.iso2) || city.startsWith(country.zh.slice(0, 2)) ? '' : country.zh;
  return prefix + city + rng.pick(types);
}

/** A start date in [first, last] years, weighted towards recent years. */
function startDate(rng: Rng, first: number, last: number): Ymd {
  const years: number[] = [];
  const w: number[] = [];
  for (let y = first; y <= last; y++) {
    years.push(y);
    w.push((y - first + 2) ** 1.3);
  }
  return { y: rng.weighted(years, w), m: rng.int(1, 12), d: rng.int(1, 28) };
}

function figures(rng: Rng, type: ProjectType): { students: number | null; trainees: number | null } {
  switch (type) {
    case '合作办学机构':
      return { students: rng.int(80, 600), trainees: rng.chance(0.5) ? rng.int(20, 300) : null };
    case '合作办学项目':
      return { students: rng.int(20, 240), trainees: rng.chance(0.2) ? rng.int(10, 120) : null };
    case '境外办学':
      return { students: rng.int(30, 500), trainees: rng.int(100, 1500) };
    case '师资培训':
      return { students: null, trainees: rng.int(20, 300) };
    case '学生交流':
      return { students: rng.int(5, 80), trainees: null };
    case '职业培训':
      return { students: null, trainees: rng.int(100, 2500) };
    case '标准与资源输出':
      return { students: null, trainees: rng.chance(0.6) ? rng.int(0, 400) : null };
    case '其他':
      return { students: null, trainees: rng.chance(0.3) ? rng.int(10, 200) : null };
  }
}

interface Slot {
  brand: BrandSpec | null;
  province: string;
  country: Country;
  type: ProjectType;
  start: Ymd;
}

export interface ProjectOptions {
  seed: number;
  /** Stream label, so that replicas (large mode) differ. */
  label: string;
  /** Candidate schools by province (canonical short name). */
  schools: Map<string, School[]>;
  /** Counter for project numbers per (province code, start year), shared across replicas. */
  counters: Map<string, number>;
}

/** About 400 projects at 300 schools in 27 provinces: see the module comment. */
export function generateProjects(opts: ProjectOptions): Project[] {
  const rng = Rng.keyed(opts.seed, 'projects', opts.label);
  const slots: Slot[] = [];

  for (const b of BRANDS) {
    const countries = [...b.countries];
    while (countries.length < b.total) countries.push(rng.pick(b.countries));
    rng.shuffle(countries);
    const provinces = Object.entries(b.provinces).flatMap(([p, n]) => Array<string>(n).fill(p));
    rng.shuffle(provinces);
    // The first slot opens the brand: its 首创 year, in its 发起省份 (listed first in the spec).
    const home = provinces.indexOf(Object.keys(b.provinces)[0]);
    [provinces[0], provinces[home]] = [provinces[home], provinces[0]];
    for (let i = 0; i < b.total; i++) {
      const start = i === 0 ? { y: b.first, m: rng.int(3, 11), d: rng.int(1, 28) } : startDate(rng, b.first, 2023);
      slots.push({ brand: b, province: provinces[i], country: COUNTRY[countries[i]], type: weightedPick(rng, b.types), start });
    }
  }

  // Unbranded: Germany 28, every country no brand uses at least once, the rest by popularity.
  const used = new Set(BRANDS.flatMap((b) => b.countries));
  const unbrandedCountries: string[] = Array<string>(GERMANY_PROJECTS).fill('DE');
  for (const k of COUNTRIES) if (!used.has(k.iso2) && k.iso2 !== 'DE') unbrandedCountries.push(k.iso2);
  const others = COUNTRIES.filter((k) => k.iso2 !== 'DE');
  while (unbrandedCountries.length < UNBRANDED) {
    unbrandedCountries.push(
      rng.weighted(
        others.map((k) => k.iso2),
        others.map((k) => COUNTRY_POPULARITY[k.iso2] ?? 1),
      ),
    );
  }
  rng.shuffle(unbrandedCountries);
  const names = Object.keys(UNBRANDED_WEIGHTS);
  const extra = apportion(
    UNBRANDED - 2 * names.length,
    names.map((p) => UNBRANDED_WEIGHTS[p]),
  );
  const provinces = rng.shuffle(names.flatMap((p, i) => Array<string>(2 + extra[i]).fill(p)));
  for (let i = 0; i < UNBRANDED; i++) {
    const country = COUNTRY[unbrandedCountries[i]];
    const de = country.iso2 === 'DE';
    slots.push({
      brand: null,
      province: provinces[i],
      country,
      type: weightedPick(rng, de ? GERMANY_TYPES : UNBRANDED_TYPES),
      start: startDate(rng, de ? 1995 : 2000, 2023),
    });
  }

  // Schools: 300 over the provinces in proportion to their projects, at least one each.
  const byProvince = new Map<string, Slot[]>();
  for (const s of slots) {
    if (!byProvince.has(s.province)) byProvince.set(s.province, []);
    byProvince.get(s.province)!.push(s);
  }
  const order = PROVINCES.map((p) => p.name).filter((p) => byProvince.has(p));
  const counts = order.map((p) => byProvince.get(p)!.length);
  const nSchools = apportion(
    SCHOOLS - order.length,
    counts.map((n) => n),
  ).map((x, i) => Math.min(counts[i], 1 + x));
  // Fill up to SCHOOLS where a province capped.
  let short = SCHOOLS - nSchools.reduce((a, b) => a + b, 0);
  for (let i = 0; short > 0 && i < 10 * order.length; i++) {
    const k = i % order.length;
    if (nSchools[k] < counts[k]) {
      nSchools[k]++;
      short--;
    }
  }

  const projects: Project[] = [];
  order.forEach((province, pi) => {
    const list = byProvince.get(province)!;
    const cands = opts.schools.get(province) ?? [];
    const high = cands.filter((s) => s.level !== '中职');
    const mid = cands.filter((s) => s.level === '中职');
    const n = nSchools[pi];
    const nHigh = Math.min(high.length, Math.round(n * 0.8));
    const chosen = [
      ...rng.sampleWeighted(
        high,
        high.map((s) => s.size),
        nHigh,
      ),
      ...rng.sampleWeighted(
        mid,
        mid.map((s) => s.size),
        n - nHigh,
      ),
    ];
    if (chosen.length !== n) throw new Error(`not enough schools in ${province}`);
    rng.shuffle(list);
    const weights = chosen.map((s) => (s.level === '中职' ? 1 : 3) * s.size);
    list.forEach((slot, i) => {
      const school = i < n ? chosen[i] : rng.weighted(chosen, weights);
      const code = school.id.slice(1, 3);
      const key = code + slot.start.y;
      const seq = (opts.counters.get(key) ?? 0) + 1;
      opts.counters.set(key, seq);
      const f = figures(rng, slot.type);
      let status: ProjectStatus = '运行中';
      if (slot.start.y <= 2019 && rng.chance(0.06)) status = '已结束';
      else if (slot.start.y === 2023 && rng.chance(0.2)) status = '筹建中';
      projects.push({
        id: `XM${code}${slot.start.y}${String(seq).padStart(3, '0')}`,
        school,
        country: slot.country,
        countryText: slot.country.zh,
        partner: partnerName(rng, slot.country),
        type: slot.type,
        brand: slot.brand?.name ?? null,
        brandText: slot.brand?.name ?? (rng.chance(0.13) ? '无' : ''),
        start: slot.start,
        status,
        end: status === '已结束' ? 2023 : null,
        statusBlank: status === '运行中' && rng.chance(0.04),
        students: f.students,
        trainees: f.trainees,
        submitted: { y: 0, m: 0, d: 0 },
      });
    });
  });

  // 鲁班工坊 totals, exact.
  const luban = projects.filter((p) => p.brand === '鲁班工坊');
  const withStudents = luban.filter((p) => p.students !== null);
  apportion(
    LUBAN_STUDENTS,
    withStudents.map(() => rng.uniform(0.4, 1.6)),
  ).forEach((v, i) => (withStudents[i].students = v));
  apportion(
    LUBAN_TRAINEES,
    luban.map(() => rng.uniform(0.4, 1.6)),
  ).forEach((v, i) => (luban[i].trainees = v));

  // Spellings: a few English names, ISO codes and full names; 班墨学院 and 中国—东盟 variants.
  const rewrite = (iso: string, forms: string[]): void => {
    const rows = rng.shuffle(projects.filter((p) => p.country.iso2 === iso));
    forms.forEach((f, i) => {
      if (rows[i]) rows[i].countryText = f;
    });
  };
  rewrite('DE', ['Germany', 'Germany', 'DE', 'DEU', '德意志联邦共和国']);
  rewrite('TH', ['Thailand']);
  rewrite('KE', ['Kenya']);
  rewrite('SG', ['SG']);
  rewrite('MY', ['MYS']);
  rewrite('ID', ['印尼']);
  rewrite('NZ', ['New Zealand']);
  rewrite('HK', ['香港']);
  const bm = rng.shuffle(projects.filter((p) => p.brand === '班·墨学院'));
  bm.slice(0, 8).forEach((p) => (p.brandText = '班墨学院'));
  bm[8].brandText = '班 · 墨学院';
  const asean = rng.shuffle(projects.filter((p) => p.brand === '中国-东盟现代工匠学院'));
  asean.slice(0, 2).forEach((p) => (p.brandText = '中国—东盟现代工匠学院'));

  // Submission dates: one per school, 2024-01-02 … 2024-04-15; three rows (two schools) late.
  const schoolIds = [...new Set(projects.map((p) => p.school.id))];
  const perSchool = new Map<string, Ymd>();
  for (const id of schoolIds) {
    const day = rng.int(1, 105); // 2024-01-02 + 0…104 days (2024-04-15 is day 105 of the year)
    const dt = new Date(Date.UTC(2024, 0, 1 + day));
    perSchool.set(id, { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() });
  }
  const nBy = (n: number): string[] => schoolIds.filter((id) => projects.filter((p) => p.school.id === id).length === n);
  const two = nBy(2);
  const one = nBy(1);
  if (two.length && one.length) {
    perSchool.set(rng.pick(two), { y: 2024, m: 5, d: 20 });
    perSchool.set(rng.pick(one), { y: 2024, m: 4, d: 23 });
  }
  for (const p of projects) p.submitted = perSchool.get(p.school.id)!;
  return projects;
}

/** Projects ending in each earlier year (besides Germany's), and Germany's: a few end, so the 中德 edition has a story. */
const ENDED_PER_YEAR = 8;
const GERMANY_ENDED: Record<number, number> = { 2020: 2, 2021: 1, 2022: 2 };

/**
 * Unbranded projects that ended in one of `ends` (so they are not in the last year's file), at the
 * schools of the unbranded `current` projects and with their submission dates. Own stream, so the
 * current projects are untouched; numbered after them.
 */
export function endedProjects(opts: Omit<ProjectOptions, 'schools'> & { ends: readonly number[] }, current: readonly Project[]): Project[] {
  const rng = Rng.keyed(opts.seed, 'ended-projects', opts.label);
  const hosts = current.filter((p) => p.brand === null);
  const others = COUNTRIES.filter((k) => k.iso2 !== 'DE');
  const out: Project[] = [];
  for (const end of opts.ends) {
    const n = ENDED_PER_YEAR + (GERMANY_ENDED[end] ?? 0);
    for (let i = 0; i < n; i++) {
      const de = i >= ENDED_PER_YEAR;
      const country = de
        ? COUNTRY.DE
        : COUNTRY[
            rng.weighted(
              others.map((k) => k.iso2),
              others.map((k) => COUNTRY_POPULARITY[k.iso2] ?? 1),
            )
          ];
      const host = rng.pick(hosts);
      const type = weightedPick(rng, de ? GERMANY_TYPES : UNBRANDED_TYPES);
      const start = startDate(rng, de ? 1995 : 2000, end);
      const code = host.school.id.slice(1, 3);
      const seq = (opts.counters.get(code + start.y) ?? 0) + 1;
      opts.counters.set(code + start.y, seq);
      const f = figures(rng, type);
      out.push({
        id: `XM${code}${start.y}${String(seq).padStart(3, '0')}`,
        school: host.school,
        country,
        countryText: country.zh,
        partner: partnerName(rng, country),
        type,
        brand: null,
        brandText: rng.chance(0.13) ? '无' : '',
        start,
        status: '已结束',
        end,
        statusBlank: false,
        students: f.students,
        trainees: f.trainees,
        submitted: host.submitted,
      });
    }
  }
  return out;
}

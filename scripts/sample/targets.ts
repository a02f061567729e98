/**
 * National totals the sample rosters must add up to, by year.
 *
 * 2022 and 2023 are the figures 《中国职业教育发展报告》(2012–2023) prints (chapter 1), at the
 * precision it prints them; the few it does not print for 2022 (school counts, enrolment, admissions)
 * follow the national statistical bulletins' orders of magnitude. 2014–2021 (2019–2021 shipped, the
 * rest in large mode) use the report's 图1-4 graduates and 图1-6 full-time teachers, and plausible
 * approximations elsewhere.
 *
 * 中职 counts include 技工院校 (as the report's 9,553 does). Rates are in basis points (9444 = 94.44%).
 */

export interface YearTargets {
  year: number;
  schools: { 中职: number; 高职专科: number; 高职本科: number };
  /** 民办 schools among this year's schools; null = not targeted (follows from persistent ownership). */
  private: { 中职: number; 高职专科: number; 高职本科: number } | null;
  enrolled: { 中职: number; 高职: number };
  admitted: { 中职: number; 高职: number };
  graduates: { 中职: number; 高职: number };
  teachers: { 中职: number; 高职: number };
  partTime: number;
  /** 毕业去向落实率 in basis points, over schools that report both 毕业生数 and 落实人数. */
  placementBp: { 中职: number; 高职: number };
  /** How many schools leave 毕业去向落实人数 empty. */
  placedMissing: { 中职: number; 高职: number };
}

const 万 = (x: number): number => Math.round(x * 10000);

export const TARGETS: Readonly<Record<number, YearTargets>> = {
  2023: {
    year: 2023,
    schools: { 中职: 9553, 高职专科: 1547, 高职本科: 33 },
    private: { 中职: 2128, 高职专科: 381, 高职本科: 15 },
    enrolled: { 中职: 17_379_600, 高职: 17_403_200 },
    admitted: { 中职: 6_140_000, 高职: 5_640_600 },
    graduates: { 中职: 5_370_000, 高职: 5_570_000 },
    teachers: { 中职: 734_800, 高职: 715_400 },
    partTime: 253_700,
    placementBp: { 中职: 9444, 高职: 9188 },
    placedMissing: { 中职: 6, 高职: 3 },
  },
  2022: {
    year: 2022,
    schools: { 中职: 9752, 高职专科: 1489, 高职本科: 32 },
    private: null,
    enrolled: { 中职: 17_842_900, 高职: 16_937_700 },
    admitted: { 中职: 6_500_000, 高职: 5_466_100 },
    graduates: { 中职: 5_190_000, 高职: 4_950_000 },
    teachers: { 中职: 718_300, 高职: 671_600 },
    partTime: 231_900,
    placementBp: { 中职: 9470, 高职: 9060 },
    placedMissing: { 中职: 4, 高职: 2 },
  },
};

// 2014–2021 for the large mode: [中职 schools, 专科, 本科, 中职 enrolled 万, 高职 enrolled 万,
// 中职 admitted 万, 高职 admitted 万, 中职 grads 万 (图1-4), 高职 grads 万 (图1-4),
// 中职 teachers 万 (图1-6), 高职 teachers 万 (图1-6), part-time 万, 中职 rate bp, 高职 rate bp]
const EARLY: Record<number, number[]> = {
  2014: [11878, 1327, 0, 1755.28, 1006.63, 620.0, 337.98, 623, 318, 85.84, 43.83, 14.02, 9601, 9150],
  2015: [11202, 1341, 0, 1656.7, 1048.61, 601.25, 348.43, 568, 322, 84.41, 45.46, 14.55, 9622, 9142],
  2016: [10893, 1359, 0, 1599.01, 1082.89, 593.34, 343.21, 534, 330, 83.96, 46.69, 15.21, 9668, 9161],
  2017: [10671, 1388, 0, 1592.5, 1104.95, 582.43, 350.74, 497, 352, 83.92, 48.21, 15.93, 9684, 9180],
  2018: [10229, 1418, 0, 1555.26, 1133.7, 557.05, 368.83, 487, 366, 83.35, 49.77, 16.8, 9661, 9203],
  2019: [10078, 1423, 15, 1576.47, 1280.71, 600.37, 483.61, 493, 364, 84.29, 51.44, 18.12, 9650, 9187],
  2020: [9896, 1468, 21, 1663.37, 1459.55, 644.66, 524.34, 485, 377, 85.74, 55.64, 19.86, 9583, 9021],
  2021: [9786, 1486, 32, 1738.4, 1603.03, 650.1, 556.72, 484, 398, 69.54, 62.07, 21.34, 9522, 9043],
};

for (const [y, v] of Object.entries(EARLY)) {
  const year = Number(y);
  (TARGETS as Record<number, YearTargets>)[year] = {
    year,
    schools: { 中职: v[0], 高职专科: v[1], 高职本科: v[2] },
    private: null,
    enrolled: { 中职: 万(v[3]), 高职: 万(v[4]) },
    admitted: { 中职: 万(v[5]), 高职: 万(v[6]) },
    graduates: { 中职: 万(v[7]), 高职: 万(v[8]) },
    teachers: { 中职: 万(v[9]), 高职: 万(v[10]) },
    partTime: 万(v[11]),
    placementBp: { 中职: v[12], 高职: v[13] },
    placedMissing: { 中职: 5, 高职: 2 },
  };
}

/**
 * Relative sizes of the provinces (31 + 兵团), for apportioning school counts: [中职, 高职].
 * Rough orders of magnitude; large provinces (河南, 广东, 山东, 四川, 河北) carry more, 西藏, 兵团,
 * 宁夏, 青海 and 海南 few.
 */
export const PROVINCE_WEIGHTS: Readonly<Record<string, [number, number]>> = {
  北京: [98, 25],
  天津: [82, 26],
  河北: [612, 62],
  山西: [398, 50],
  内蒙古: [262, 37],
  辽宁: [330, 51],
  吉林: [258, 26],
  黑龙江: [318, 43],
  上海: [108, 22],
  江苏: [298, 90],
  浙江: [338, 50],
  安徽: [478, 75],
  福建: [262, 51],
  江西: [382, 62],
  山东: [598, 83],
  河南: [862, 99],
  湖北: [378, 62],
  湖南: [518, 77],
  广东: [622, 93],
  广西: [328, 49],
  海南: [82, 13],
  重庆: [198, 45],
  四川: [622, 84],
  贵州: [298, 47],
  云南: [428, 50],
  西藏: [12, 3],
  陕西: [332, 40],
  甘肃: [238, 30],
  青海: [46, 8],
  宁夏: [38, 11],
  新疆: [188, 36],
  兵团: [15, 5],
};

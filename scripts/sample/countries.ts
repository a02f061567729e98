/** Partner countries and regions for the sample projects: ISO alpha-2, Chinese short name, continent, cities. */

export type Continent = '亚洲' | '非洲' | '欧洲' | '北美洲' | '南美洲' | '大洋洲';

export interface Country {
  iso2: string;
  iso3: string;
  zh: string;
  en: string;
  continent: Continent;
  /** Cities (Chinese) for invented partner-institution names. */
  cities: string[];
}

const C = (iso2: string, iso3: string, zh: string, en: string, continent: Continent, cities: string): Country => ({
  iso2,
  iso3,
  zh,
  en,
  continent,
  cities: cities.split(' '),
});

export const COUNTRIES: readonly Country[] = [
  // ASEAN
  C('BN', 'BRN', '文莱', 'Brunei', '亚洲', '斯里巴加湾'),
  C('KH', 'KHM', '柬埔寨', 'Cambodia', '亚洲', '金边 暹粒 西哈努克'),
  C('ID', 'IDN', '印度尼西亚', 'Indonesia', '亚洲', '雅加达 泗水 万隆 棉兰'),
  C('LA', 'LAO', '老挝', 'Laos', '亚洲', '万象 琅勃拉邦 沙湾拿吉'),
  C('MY', 'MYS', '马来西亚', 'Malaysia', '亚洲', '吉隆坡 槟城 新山 马六甲'),
  C('MM', 'MMR', '缅甸', 'Myanmar', '亚洲', '仰光 曼德勒 内比都'),
  C('PH', 'PHL', '菲律宾', 'Philippines', '亚洲', '马尼拉 宿务 达沃'),
  C('SG', 'SGP', '新加坡', 'Singapore', '亚洲', '新加坡'),
  C('TH', 'THA', '泰国', 'Thailand', '亚洲', '曼谷 清迈 大城 春武里 孔敬'),
  C('VN', 'VNM', '越南', 'Vietnam', '亚洲', '河内 胡志明市 海防 岘港'),
  // Rest of Asia
  C('JP', 'JPN', '日本', 'Japan', '亚洲', '东京 大阪 名古屋 福冈'),
  C('KR', 'KOR', '韩国', 'Korea', '亚洲', '首尔 釜山 仁川 大邱'),
  C('MN', 'MNG', '蒙古', 'Mongolia', '亚洲', '乌兰巴托 达尔汗'),
  C('IN', 'IND', '印度', 'India', '亚洲', '新德里 金奈 班加罗尔'),
  C('PK', 'PAK', '巴基斯坦', 'Pakistan', '亚洲', '伊斯兰堡 拉合尔 卡拉奇 瓜达尔'),
  C('BD', 'BGD', '孟加拉国', 'Bangladesh', '亚洲', '达卡 吉大港'),
  C('LK', 'LKA', '斯里兰卡', 'Sri Lanka', '亚洲', '科伦坡 康提 汉班托塔'),
  C('NP', 'NPL', '尼泊尔', 'Nepal', '亚洲', '加德满都 博卡拉'),
  C('KZ', 'KAZ', '哈萨克斯坦', 'Kazakhstan', '亚洲', '阿斯塔纳 阿拉木图 奇姆肯特'),
  C('KG', 'KGZ', '吉尔吉斯斯坦', 'Kyrgyzstan', '亚洲', '比什凯克 奥什'),
  C('TJ', 'TJK', '塔吉克斯坦', 'Tajikistan', '亚洲', '杜尚别 苦盏'),
  C('UZ', 'UZB', '乌兹别克斯坦', 'Uzbekistan', '亚洲', '塔什干 撒马尔罕 布哈拉'),
  C('AE', 'ARE', '阿联酋', 'United Arab Emirates', '亚洲', '迪拜 阿布扎比'),
  C('SA', 'SAU', '沙特阿拉伯', 'Saudi Arabia', '亚洲', '利雅得 吉达'),
  C('IR', 'IRN', '伊朗', 'Iran', '亚洲', '德黑兰 伊斯法罕'),
  C('TR', 'TUR', '土耳其', 'Turkey', '亚洲', '安卡拉 伊斯坦布尔 伊兹密尔'),
  C('HK', 'HKG', '中国香港', 'Hong Kong', '亚洲', '香港'),
  C('MO', 'MAC', '中国澳门', 'Macao', '亚洲', '澳门'),
  C('TW', 'TWN', '中国台湾', 'Taiwan', '亚洲', '台北 台中 高雄'),
  // Europe
  C('DE', 'DEU', '德国', 'Germany', '欧洲', '柏林 慕尼黑 汉堡 斯图加特 科隆 杜塞尔多夫 德累斯顿 莱比锡 纽伦堡 汉诺威'),
  C('GB', 'GBR', '英国', 'United Kingdom', '欧洲', '伦敦 伯明翰 曼彻斯特 爱丁堡'),
  C('FR', 'FRA', '法国', 'France', '欧洲', '巴黎 里昂 图卢兹'),
  C('IT', 'ITA', '意大利', 'Italy', '欧洲', '罗马 米兰 都灵'),
  C('ES', 'ESP', '西班牙', 'Spain', '欧洲', '马德里 巴塞罗那 瓦伦西亚'),
  C('PT', 'PRT', '葡萄牙', 'Portugal', '欧洲', '里斯本 波尔图 塞图巴尔'),
  C('NL', 'NLD', '荷兰', 'Netherlands', '欧洲', '阿姆斯特丹 鹿特丹'),
  C('BE', 'BEL', '比利时', 'Belgium', '欧洲', '布鲁塞尔 安特卫普'),
  C('CH', 'CHE', '瑞士', 'Switzerland', '欧洲', '苏黎世 伯尔尼'),
  C('AT', 'AUT', '奥地利', 'Austria', '欧洲', '维也纳 格拉茨'),
  C('FI', 'FIN', '芬兰', 'Finland', '欧洲', '赫尔辛基 坦佩雷'),
  C('SE', 'SWE', '瑞典', 'Sweden', '欧洲', '斯德哥尔摩 哥德堡'),
  C('DK', 'DNK', '丹麦', 'Denmark', '欧洲', '哥本哈根 奥胡斯'),
  C('IE', 'IRL', '爱尔兰', 'Ireland', '欧洲', '都柏林 科克'),
  C('PL', 'POL', '波兰', 'Poland', '欧洲', '华沙 罗兹 克拉科夫'),
  C('CZ', 'CZE', '捷克', 'Czechia', '欧洲', '布拉格 布尔诺'),
  C('HU', 'HUN', '匈牙利', 'Hungary', '欧洲', '布达佩斯 德布勒森'),
  C('RS', 'SRB', '塞尔维亚', 'Serbia', '欧洲', '贝尔格莱德 诺维萨德'),
  C('BG', 'BGR', '保加利亚', 'Bulgaria', '欧洲', '索非亚 普罗夫迪夫'),
  C('RO', 'ROU', '罗马尼亚', 'Romania', '欧洲', '布加勒斯特 克卢日'),
  C('GR', 'GRC', '希腊', 'Greece', '欧洲', '雅典 比雷埃夫斯'),
  C('RU', 'RUS', '俄罗斯', 'Russia', '欧洲', '莫斯科 圣彼得堡 喀山 新西伯利亚'),
  C('BY', 'BLR', '白俄罗斯', 'Belarus', '欧洲', '明斯克 戈梅利'),
  // Africa
  C('EG', 'EGY', '埃及', 'Egypt', '非洲', '开罗 亚历山大 艾因苏赫纳'),
  C('ET', 'ETH', '埃塞俄比亚', 'Ethiopia', '非洲', '亚的斯亚贝巴 德雷达瓦'),
  C('KE', 'KEN', '肯尼亚', 'Kenya', '非洲', '内罗毕 蒙巴萨 基苏木'),
  C('TZ', 'TZA', '坦桑尼亚', 'Tanzania', '非洲', '达累斯萨拉姆 多多马 阿鲁沙'),
  C('UG', 'UGA', '乌干达', 'Uganda', '非洲', '坎帕拉 金贾'),
  C('RW', 'RWA', '卢旺达', 'Rwanda', '非洲', '基加利'),
  C('ZA', 'ZAF', '南非', 'South Africa', '非洲', '约翰内斯堡 开普敦 德班 比勒陀利亚'),
  C('ZM', 'ZMB', '赞比亚', 'Zambia', '非洲', '卢萨卡 基特韦 恩多拉'),
  C('NG', 'NGA', '尼日利亚', 'Nigeria', '非洲', '阿布贾 拉各斯 卡诺'),
  C('GH', 'GHA', '加纳', 'Ghana', '非洲', '阿克拉 库马西'),
  C('CI', 'CIV', '科特迪瓦', "Côte d'Ivoire", '非洲', '阿比让 亚穆苏克罗'),
  C('ML', 'MLI', '马里', 'Mali', '非洲', '巴马科'),
  C('MA', 'MAR', '摩洛哥', 'Morocco', '非洲', '拉巴特 卡萨布兰卡 丹吉尔'),
  C('DJ', 'DJI', '吉布提', 'Djibouti', '非洲', '吉布提'),
  C('MG', 'MDG', '马达加斯加', 'Madagascar', '非洲', '塔那那利佛'),
  C('SN', 'SEN', '塞内加尔', 'Senegal', '非洲', '达喀尔'),
  C('ZW', 'ZWE', '津巴布韦', 'Zimbabwe', '非洲', '哈拉雷 布拉瓦约'),
  // Americas and Oceania
  C('US', 'USA', '美国', 'United States', '北美洲', '纽约 芝加哥 西雅图 休斯敦'),
  C('CA', 'CAN', '加拿大', 'Canada', '北美洲', '多伦多 温哥华 蒙特利尔 卡尔加里'),
  C('MX', 'MEX', '墨西哥', 'Mexico', '北美洲', '墨西哥城 蒙特雷'),
  C('BR', 'BRA', '巴西', 'Brazil', '南美洲', '圣保罗 里约热内卢 巴西利亚'),
  C('CL', 'CHL', '智利', 'Chile', '南美洲', '圣地亚哥 瓦尔帕莱索'),
  C('AR', 'ARG', '阿根廷', 'Argentina', '南美洲', '布宜诺斯艾利斯 科尔多瓦'),
  C('PE', 'PER', '秘鲁', 'Peru', '南美洲', '利马 阿雷基帕'),
  C('AU', 'AUS', '澳大利亚', 'Australia', '大洋洲', '悉尼 墨尔本 布里斯班 阿德莱德 珀斯'),
  C('NZ', 'NZL', '新西兰', 'New Zealand', '大洋洲', '奥克兰 惠灵顿 基督城'),
];

export const COUNTRY: Readonly<Record<string, Country>> = Object.fromEntries(COUNTRIES.map((c) => [c.iso2, c]));

export const ASEAN = ['BN', 'KH', 'ID', 'LA', 'MY', 'MM', 'PH', 'SG', 'TH', 'VN'] as const;

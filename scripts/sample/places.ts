/**
 * Place names used to invent school names: prefecture-level cities (districts for the four
 * municipalities, divisions and cities for 兵团). The schools themselves are invented; any likeness
 * of a generated name to a real school is accidental. Keys are canonical province short names.
 */

export interface PlaceList {
  /** Places as they start a school name (济南, 北京市海淀区). */
  places: string[];
  /** Municipality: places already carry 市/区, so ordinal names need no 市. */
  municipality?: boolean;
}

const M = (city: string, districts: string): PlaceList => ({
  places: districts.split(' ').map((d) => `${city}市${d}区`),
  municipality: true,
});
const P = (s: string): PlaceList => ({ places: s.split(' ') });

export const PLACES: Record<string, PlaceList> = {
  北京: M('北京', '东城 西城 朝阳 海淀 丰台 石景山 门头沟 房山 通州 顺义 昌平 大兴 怀柔 平谷 密云 延庆'),
  天津: M('天津', '和平 河东 河西 南开 河北 红桥 东丽 西青 津南 北辰 武清 宝坻 滨海新 宁河 静海 蓟州'),
  河北: P('石家庄 唐山 秦皇岛 邯郸 邢台 保定 张家口 承德 沧州 廊坊 衡水 定州 辛集'),
  山西: P('太原 大同 阳泉 长治 晋城 朔州 晋中 运城 忻州 临汾 吕梁'),
  内蒙古: P('呼和浩特 包头 乌海 赤峰 通辽 鄂尔多斯 呼伦贝尔 巴彦淖尔 乌兰察布 兴安 锡林郭勒 阿拉善'),
  辽宁: P('沈阳 大连 鞍山 抚顺 本溪 丹东 锦州 营口 阜新 辽阳 盘锦 铁岭 朝阳 葫芦岛'),
  吉林: P('长春 吉林 四平 辽源 通化 白山 松原 白城 延边 梅河口 公主岭'),
  黑龙江: P('哈尔滨 齐齐哈尔 鸡西 鹤岗 双鸭山 大庆 伊春 佳木斯 七台河 牡丹江 黑河 绥化 大兴安岭'),
  上海: M('上海', '黄浦 徐汇 长宁 静安 普陀 虹口 杨浦 闵行 宝山 嘉定 浦东新 金山 松江 青浦 奉贤 崇明'),
  江苏: P('南京 无锡 徐州 常州 苏州 南通 连云港 淮安 盐城 扬州 镇江 泰州 宿迁 昆山 江阴'),
  浙江: P('杭州 宁波 温州 嘉兴 湖州 绍兴 金华 衢州 舟山 台州 丽水 义乌 慈溪'),
  安徽: P('合肥 淮北 亳州 宿州 蚌埠 阜阳 淮南 滁州 六安 马鞍山 芜湖 宣城 铜陵 池州 安庆 黄山'),
  福建: P('福州 厦门 莆田 三明 泉州 漳州 南平 龙岩 宁德 晋江 福清'),
  江西: P('南昌 景德镇 萍乡 九江 新余 鹰潭 赣州 吉安 宜春 抚州 上饶'),
  山东: P('济南 青岛 淄博 枣庄 东营 烟台 潍坊 济宁 泰安 威海 日照 临沂 德州 聊城 滨州 菏泽'),
  河南: P('郑州 开封 洛阳 平顶山 安阳 鹤壁 新乡 焦作 濮阳 许昌 漯河 三门峡 南阳 商丘 信阳 周口 驻马店 济源'),
  湖北: P('武汉 黄石 十堰 宜昌 襄阳 鄂州 荆门 孝感 荆州 黄冈 咸宁 随州 恩施 仙桃 潜江 天门'),
  湖南: P('长沙 株洲 湘潭 衡阳 邵阳 岳阳 常德 张家界 益阳 郴州 永州 怀化 娄底 湘西'),
  广东: P('广州 深圳 珠海 汕头 佛山 韶关 湛江 肇庆 江门 茂名 惠州 梅州 汕尾 河源 阳江 清远 东莞 中山 潮州 揭阳 云浮'),
  广西: P('南宁 柳州 桂林 梧州 北海 防城港 钦州 贵港 玉林 百色 贺州 河池 来宾 崇左'),
  海南: P('海口 三亚 儋州 琼海 文昌 万宁 五指山 东方 澄迈 临高'),
  重庆: M('重庆', '万州 涪陵 渝中 大渡口 江北 沙坪坝 九龙坡 南岸 北碚 綦江 大足 渝北 巴南 黔江 长寿 江津 合川 永川 南川 璧山 铜梁 潼南 荣昌 开州'),
  四川: P('成都 自贡 攀枝花 泸州 德阳 绵阳 广元 遂宁 内江 乐山 南充 眉山 宜宾 广安 达州 雅安 巴中 资阳 阿坝 甘孜 凉山'),
  贵州: P('贵阳 六盘水 遵义 安顺 毕节 铜仁 黔西南 黔东南 黔南 仁怀'),
  云南: P('昆明 曲靖 玉溪 保山 昭通 丽江 普洱 临沧 楚雄 红河 文山 西双版纳 大理 德宏'),
  西藏: P('拉萨 日喀则 昌都 林芝 山南 那曲 阿里'),
  陕西: P('西安 铜川 宝鸡 咸阳 渭南 延安 汉中 榆林 安康 商洛 杨凌'),
  甘肃: P('兰州 嘉峪关 金昌 白银 天水 武威 张掖 平凉 酒泉 庆阳 定西 陇南 临夏 甘南'),
  青海: P('西宁 海东 海北 黄南 海西 果洛 玉树 格尔木 德令哈'),
  宁夏: P('银川 石嘴山 吴忠 固原 中卫 灵武 青铜峡'),
  新疆: P('乌鲁木齐 克拉玛依 吐鲁番 哈密 昌吉 博尔塔拉 巴音郭楞 阿克苏 克孜勒苏 喀什 和田 伊犁 塔城 阿勒泰'),
  兵团: P('石河子 五家渠 阿拉尔 图木舒克 北屯 铁门关 双河 可克达拉 昆玉 胡杨河 新星'),
};

/** Autonomous prefectures and 兵团 cities where "X市" reads wrong: ordinal names use 州 or nothing. */
const PREFECTURES = new Set([
  '兴安',
  '锡林郭勒',
  '阿拉善',
  '延边',
  '恩施',
  '湘西',
  '阿坝',
  '甘孜',
  '凉山',
  '黔西南',
  '黔东南',
  '黔南',
  '楚雄',
  '红河',
  '文山',
  '西双版纳',
  '大理',
  '德宏',
  '临夏',
  '甘南',
  '海北',
  '黄南',
  '海西',
  '果洛',
  '玉树',
  '昌吉',
  '博尔塔拉',
  '巴音郭楞',
  '克孜勒苏',
  '伊犁',
  '大兴安岭',
  '阿里',
  '那曲',
]);

/** Place as it precedes an ordinal (第二职业高级中学): 济南市, 延边州, 北京市海淀区. */
export function ordinalPrefix(province: string, place: string): string {
  if (PLACES[province].municipality) return place;
  if (PREFECTURES.has(place)) return place + (place === '大兴安岭' || place === '阿里' || place === '那曲' ? '地区' : '州');
  if (province === '兵团') return place + '市';
  return place + '市';
}

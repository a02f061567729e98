/**
 * Sample cases (案例, 示例数据): about 30 cases written about generated projects, so that school,
 * province, country and 项目编号 agree with the project table. Half are rows of a case sheet
 * (正文 in the cell), half are Word documents a school would send (fields at the top, a heading,
 * paragraphs, a list and a picture). Chosen deterministically: the 中德 and 山东 editions get
 * cases, and the set spans at least 8 countries and 10 provinces. Plus the seed report's real
 * case (柬华应用科技大学), transcribed as Markdown with its source.
 */
import type { Project } from './projects.js';
import { Rng } from './rng.js';
import type { Cell, Sheet } from './grid.js';
import { caseDocx, pngBytes, type CaseDocxContent } from './case-files.js';

export const CASE_HEADER = ['学校标识码', '学校名称', '省份', '合作国家（地区）', '项目编号', '统计年份', '标题', '正文', '提交日期', '入选年度报告', '图片'];

const THEMES: { title: (p: Project) => string; paras: (p: Project) => string[]; list: string[] }[] = [
  {
    title: (p) => `与${p.country.zh}合作开展${p.type === '职业培训' ? '职业技能培训' : '人才培养'}`,
    paras: (p) => [
      `${p.school.name}与${p.partner}合作，围绕当地产业需求共同制定人才培养方案，引入对方的职业标准和课程资源，组建中外双方教师共同参与的教学团队。`,
      `项目运行以来，双方共同开发课程和教材，开展教师互访和学生交流，累计${p.students ? `培养学历教育学生${p.students}人` : '开展多期培训'}${p.trainees ? `、开展职业培训${p.trainees}人次` : ''}，得到合作企业和学生的认可。`,
    ],
    list: ['共同制定人才培养方案', '共建实训基地', '开展教师互访与研修'],
  },
  {
    title: (p) => `共建${p.brand ?? '海外'}实训中心`,
    paras: (p) => [
      `为服务中国企业走出去，${p.school.name}与${p.partner}共建实训中心，配置与国内同步的实训设备，按照中国职业教育标准开展教学。`,
      `实训中心面向当地青年和中资企业员工开放，既开展学历教育，也承接企业委托的技能培训，成为当地职业技能人才培养的重要平台。`,
    ],
    list: ['配置同步实训设备', '面向中资企业员工开展培训', '推广中国职业教育标准'],
  },
  {
    title: (p) => `${p.country.zh}师生来华研修交流`,
    paras: (p) => [
      `${p.school.name}每年接待${p.partner}的师生来校研修，安排专业课程学习、企业参观和中华文化体验活动。`,
      `通过研修交流，双方教师在专业教学、课程开发等方面开展合作研究，学生的专业技能和跨文化交流能力明显提升。`,
    ],
    list: ['专业课程学习', '企业参观实践', '中华文化体验'],
  },
];

export interface SampleCases {
  sheet: Sheet;
  docs: { name: string; bytes: Buffer }[];
  images: { name: string; bytes: Buffer }[];
  markdown: { name: string; text: string };
}

const DATE = new Date(Date.UTC(2024, 2, 1));

/** Picks projects for cases: 德国 and 山东 first, then one per country and province while it widens the spread. */
export function pickCaseProjects(projects: readonly Project[], seed: number, n = 30): Project[] {
  const rng = Rng.keyed(seed, 'cases', 0);
  const pool = [...projects].sort((a, b) => (a.id < b.id ? -1 : 1));
  const picked: Project[] = [];
  const take = (p: Project | undefined) => {
    if (p && !picked.includes(p)) picked.push(p);
  };
  take(pool.find((p) => p.country.iso2 === 'DE' && p.school.province === '山东'));
  take(pool.find((p) => p.country.iso2 === 'DE' && p.school.province !== '山东'));
  take(pool.find((p) => p.school.province === '山东' && p.country.iso2 !== 'DE'));
  const countries = new Set(picked.map((p) => p.country.iso2));
  const provinces = new Set(picked.map((p) => p.school.province));
  const order = pool
    .map((p) => ({ p, r: rng.next() }))
    .sort((a, b) => a.r - b.r)
    .map((x) => x.p);
  for (const p of order) {
    if (picked.length >= n) break;
    const widens = !countries.has(p.country.iso2) || !provinces.has(p.school.province);
    if (widens || picked.length >= n - 4) {
      take(p);
      countries.add(p.country.iso2);
      provinces.add(p.school.province);
    }
  }
  return picked;
}

const c = (v: Cell['v'], fmt?: string): Cell => ({ v, fmt });

export async function sampleCases(projects: readonly Project[], year: number, seed: number): Promise<SampleCases> {
  const picked = pickCaseProjects(projects, seed);
  const rows: Cell[][] = [[c(`${year}年职业院校国际交流合作典型案例（示例数据，非真实案例）`)], CASE_HEADER.map((h) => c(h))];
  const docs: SampleCases['docs'] = [];
  const images: SampleCases['images'] = [];
  for (const [k, p] of picked.entries()) {
    const theme = THEMES[k % THEMES.length]!;
    const title = theme.title(p);
    const submitted = new Date(Date.UTC(year + 1, 2, 1 + (k % 20)));
    // Every fifth case is chosen for the national report.
    const annual = k % 5 === 0 ? '是' : '否';
    // The file name (without .png) is the caption printed under the picture.
    const picture = `${p.school.name}${theme.list[1]}（示例图片）.png`;
    if (k % 2 === 0) {
      // A sheet row, its text in the cell; every fourth one has a picture beside the sheet.
      const withImage = k % 4 === 0;
      if (withImage) images.push({ name: picture, bytes: pngBytes(240, 150, [31, 78, 121], [214, 228, 240]) });
      rows.push([
        c(p.school.id, '@'),
        c(p.school.name),
        c(p.school.province),
        c(p.country.zh),
        c(p.id),
        c(year),
        c(title),
        c(theme.paras(p).join('\n')),
        c(submitted, 'yyyy-mm-dd'),
        c(annual),
        c(withImage ? picture : null),
      ]);
    } else {
      const content: CaseDocxContent = {
        fields: [
          ['学校标识码', p.school.id],
          ['学校名称', p.school.name],
          ['省份', p.school.province],
          ['合作国家（地区）', p.country.zh],
          ['项目编号', p.id],
          ['统计年份', String(year)],
          ['入选年度报告', annual],
        ],
        title,
        paragraphs: theme.paras(p),
        list: theme.list,
        image: { png: pngBytes(240, 150, [120, 60, 20], [245, 232, 214]), width: 320, height: 200, caption: `${p.school.name}${theme.list[1]}（示例图片）` },
      };
      docs.push({ name: `案例_${p.school.name}_${p.id}（示例数据）.docx`, bytes: await caseDocx(content, DATE) });
    }
  }
  return {
    sheet: { name: '典型案例', rows, widths: [14, 24, 8, 12, 16, 10, 30, 60, 12, 12, 30], freezeRows: 2 },
    docs,
    images,
    markdown: { name: '案例_柬华应用科技大学（转录自《中国职业教育发展报告》）.md', text: SEED_CASE(year) },
  };
}

/**
 * The seed report's boxed case (第一编, 国际交流合作), as an editor would enter it: front matter
 * for the fields, the text as printed. Its school is real, so it has no 学校标识码 in the sample
 * roster; it names the school only.
 */
const SEED_CASE = (year: number) => `---
学校名称: 南京工业职业技术大学
省份: 江苏
合作国家（地区）: 柬埔寨
统计年份: ${year}
入选年度报告: 是
来源: 《中国职业教育发展报告（2012—2023年）》第一编“国际交流合作”中的案例，原文照录
---

# 柬华应用科技大学

2023年12月20日，由南京工业职业技术大学与柬埔寨柬华理事总会合作共建的柬华应用科技大学正式成立。柬华应用科技大学以培养柬埔寨本土技能人才为办学宗旨，采用“4+0”“2+2”“3+1”等模式开展高职本科学历教育。学生通过四年的学习，可同时获得中国和柬埔寨两国的学历和学位证书，目前开设了新能源发电工程技术、汽车服务工程技术、网络工程技术、电子商务、现代物流管理、旅游管理、机械电子工程技术等七个本科专业。柬华应用科技大学的运行，不仅提升了中国共享职业教育方案的规格，也在区域职业教育共同体上做出了新的尝试和探索。
`;

/**
 * Cases (案例) in the printed editions, with the real Chromium: the 中德 PDF shows its country's
 * cases by title and school, numbered and boxed; each edition has as many case boxes as the case
 * table gives it (read here independently, with exceljs and mammoth); a case longer than a page
 * flows on without losing text, its box headed 案例N（续） on each next page; a school's .docx
 * dropped into the data appears after one build.
 */
import { cp, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBuild } from '../../../src/pipeline.js';
import { pdfOutline, pdfPageTexts } from '../../poppler.js';
import { caseDocx } from '../../../scripts/sample/case-files.js';

const NOW = new Date(Date.UTC(2024, 5, 30));
const CASES = path.resolve('data/submissions/2023/案例');
const flat = (s: string) => s.replace(/\s+/g, '');

/** The shipped cases as the case table and the Word files state them, read without vet-report. */
async function shippedCases(): Promise<{ title: string; school: string; country: string; province: string; annual: boolean }[]> {
  const out: { title: string; school: string; country: string; province: string; annual: boolean }[] = [];
  const names = await readdir(CASES);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path.join(CASES, names.find((n) => n.endsWith('.xlsx'))!));
  const ws = wb.worksheets[0];
  const header = (ws.getRow(2).values as string[]).slice(1);
  const cell = (r: ExcelJS.Row, h: string) => String(r.getCell(header.indexOf(h) + 1).value ?? '');
  ws.eachRow((r, n) => {
    if (n > 2)
      out.push({
        title: cell(r, '标题'),
        school: cell(r, '学校名称'),
        country: cell(r, '合作国家（地区）'),
        province: cell(r, '省份'),
        annual: cell(r, '入选年度报告') === '是',
      });
  });
  const { default: mammoth } = await import('mammoth');
  for (const d of names.filter((n) => n.endsWith('.docx'))) {
    const html = (await mammoth.convertToHtml({ path: path.join(CASES, d) })).value;
    const field = (k: string) => new RegExp(`<p>${k}：([^<]+)</p>`).exec(html)?.[1] ?? '';
    out.push({
      title: /<h1>([^<]+)<\/h1>/.exec(html)![1],
      school: field('学校名称'),
      country: field('合作国家（地区）'),
      province: field('省份'),
      annual: field('入选年度报告') === '是',
    });
  }
  // The transcribed seed case (Markdown front matter).
  const md = await readFile(path.join(CASES, names.find((n) => n.endsWith('.md'))!), 'utf8');
  const fm = (k: string) => new RegExp(`^${k}: (.+)$`, 'm').exec(md)![1];
  out.push({
    title: /^# (.+)$/m.exec(md)![1],
    school: fm('学校名称'),
    country: fm('合作国家（地区）'),
    province: fm('省份'),
    annual: fm('入选年度报告') === '是',
  });
  return out;
}

describe('cases in the shipped editions', () => {
  let out: string;
  let cases: Awaited<ReturnType<typeof shippedCases>>;
  beforeAll(async () => {
    cases = await shippedCases();
    out = await mkdtemp(path.join(os.tmpdir(), 'vet-cases-'));
    const r = await runBuild({ paths: ['data'], out, now: NOW, editions: ['annual', 'regional', 'bilateral'], country: 'DE', region: '山东' });
    expect(r.editions.map((e) => [e.id, e.status])).toEqual([
      ['annual', 'built'],
      ['regional-37', 'built'],
      ['bilateral-DE', 'built'],
    ]);
  }, 600_000);

  const html = (id: string) => readFile(path.join(out, '2023', `${id}.html`), 'utf8');
  const boxes = (h: string) => [...h.matchAll(/<aside class="case" id="case-(\d+)-(\d+)">/g)].map((m) => `${m[1]}-${m[2]}`);

  it('prints every German case in the 中德 PDF: number, title and school', async () => {
    const mine = cases.filter((c) => c.country === '德国');
    expect(mine.length).toBeGreaterThanOrEqual(2);
    const text = flat((await pdfPageTexts(path.join(out, '2023', 'bilateral-DE.pdf'))).join('\n'));
    mine.forEach((c, k) => {
      expect(text).toContain(flat(c.title));
      expect(text).toContain(flat(c.school));
      expect(text).toContain(`案例1-${k + 1}`);
    });
  });

  it('shows as many case boxes in each edition as the case table gives it, the rest listed in the appendix', async () => {
    const want = {
      'bilateral-DE': cases.filter((c) => c.country === '德国').length,
      'regional-37': cases.filter((c) => c.province === '山东').length,
      annual: cases.filter((c) => c.annual).length,
    };
    expect(want.annual).toBeGreaterThan(6); // more than the cap: the appendix is exercised
    for (const [id, n] of Object.entries(want)) {
      const h = await html(id);
      const shown = boxes(h);
      expect(shown.length, id).toBe(Math.min(n, 6));
      // Numbered 1, 2, … within one 编.
      expect(
        shown.map((s) => Number(s.split('-')[1])),
        id,
      ).toEqual(shown.map((_, k) => k + 1));
      const listed = /<ol class="case-list">([\s\S]*?)<\/ol>/.exec(h)?.[1].match(/<li>/g)?.length ?? 0;
      expect(listed, id).toBe(Math.max(0, n - 6));
    }
  });

  it("prints the seed report's case in the annual edition with its source, and the appendix in the bookmarks", async () => {
    const pdf = path.join(out, '2023', 'annual.pdf');
    const text = flat((await pdfPageTexts(pdf)).join('\n'));
    expect(text).toContain('柬华应用科技大学');
    expect(text).toContain(flat('目前开设了新能源发电工程技术、汽车服务工程技术'));
    expect(text).toContain('资料来源：《中国职业教育发展报告');
    const outline = JSON.stringify(await pdfOutline(pdf));
    expect(outline).toContain('附录　其他案例');
  });
});

describe('a case longer than a page, and a .docx dropped into the data', () => {
  let dir: string;
  let out: string;
  const sentences = Array.from({ length: 70 }, (_, k) => `这是长案例的第${k + 1}句，说明合作项目的一个方面，文字不会在分页时丢失。`);
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'vet-longcase-'));
    const fx = path.resolve('test/fixtures/cases/in');
    for (const f of ['roster.csv', 'projects.csv']) await cp(path.join(fx, f), path.join(dir, f));
    await writeFile(
      path.join(dir, 'cases.csv'),
      '\uFEFF学校名称,省份,合作国家（地区）,统计年份,标题,正文\r\n' + `示例职业技术学院,山东,德国,2023,一个很长的案例,"${sentences.join('\n')}"\r\n`,
    );
    // A school's Word case, fields at its top, dropped in beside the tables.
    await writeFile(
      path.join(dir, '江苏示例技师学院案例.docx'),
      await caseDocx(
        {
          fields: [
            ['学校标识码', '3232000002'],
            ['学校名称', '江苏示例技师学院'],
            ['省份', '江苏'],
            ['合作国家（地区）', '德国'],
            ['项目编号', 'XM003'],
            ['统计年份', '2023'],
          ],
          title: '投入文件夹的Word案例',
          paragraphs: ['学校与德国合作院校开展学生交流。'],
        },
        NOW,
      ),
    );
    out = await mkdtemp(path.join(os.tmpdir(), 'vet-longcase-out-'));
    const r = await runBuild({ paths: [dir], out, now: NOW, country: 'DE', editions: ['bilateral', 'regional'], region: '江苏' });
    expect(r.editions.map((e) => e.status)).toEqual(['built', 'built']);
  }, 600_000);

  it('flows across pages and keeps every sentence', async () => {
    const pages = await pdfPageTexts(path.join(out, '2023', 'bilateral-DE.pdf'));
    const at = sentences.map((s) => pages.findIndex((p) => flat(p).includes(flat(s))));
    expect(at.filter((p) => p < 0)).toEqual([]);
    expect(new Set(at).size).toBeGreaterThanOrEqual(2);
    // Each sentence printed once, in order.
    const all = flat(pages.join('\n'));
    const pos = sentences.map((s) => all.indexOf(flat(s)));
    sentences.forEach((s, k) => expect(all.indexOf(flat(s), pos[k] + 1), s).toBe(-1));
    expect(pos).toEqual([...pos].sort((x, y) => x - y));
  });

  it('labels the continuation of the case box on each next page 案例N（续）', async () => {
    const h = await readFile(path.join(out, '2023', 'bilateral-DE.html'), 'utf8');
    const label = /<span class="case-label">(案例\d+-\d+)<\/span>一个很长的案例/.exec(h)![1];
    const pages = (await pdfPageTexts(path.join(out, '2023', 'bilateral-DE.pdf'))).map(flat);
    const first = pages.findIndex((p) => p.includes(flat(sentences[0])));
    const last = pages.findIndex((p) => p.includes(flat(sentences.at(-1)!)));
    expect(last).toBeGreaterThan(first);
    expect(pages[first]).toContain(`${label}一个很长的案例`);
    expect(pages[first]).not.toContain('（续）');
    for (let n = first + 1; n <= last; n++) {
      // The label heads the box on the page, right before the first sentence printed there.
      const k = sentences.findIndex((s) => pages[n].includes(flat(s)));
      expect(pages[n], `page ${n + 1}`).toContain(`${label}（续）${flat(sentences[k])}`);
      expect(pages[n].split('（续）')).toHaveLength(2);
    }
    expect(pages[last + 1] ?? '').not.toContain('（续）');
  });

  it("prints the dropped Word case, numbered and boxed, in its country's and its province's editions", async () => {
    for (const id of ['bilateral-DE', 'regional-32']) {
      const h = await readFile(path.join(out, '2023', `${id}.html`), 'utf8');
      expect(h, id).toMatch(
        /<aside class="case" id="case-\d+-\d+"><div class="case-head"><span class="case-label">案例\d+-\d+<\/span>投入文件夹的Word案例<\/div><p class="case-meta">江苏示例技师学院（江苏）　合作国家：德国<\/p>/,
      );
    }
    const text = flat((await pdfPageTexts(path.join(out, '2023', 'regional-32.pdf'))).join('\n'));
    expect(text).toContain('投入文件夹的Word案例');
  });
});

/**
 * Cases (案例) validated like every other row (golden fixture `cases`), and their content made
 * safe: what a school's Word file or an editor's Markdown may carry never reaches a report.
 */
import { describe, expect, it, beforeAll } from 'vitest';
import { goldenCase, runCase } from '../fixtures/golden.js';
import type { ValidationResult } from '../../src/validate/index.js';
import type { CaseRow } from '../../src/types.js';

goldenCase('cases');

describe('case content', () => {
  let r: ValidationResult;
  const byTitle = (t: string): CaseRow => r.cases.find((c) => c.title === t)!;
  beforeAll(async () => {
    r = await runCase('cases');
  });

  it("keeps a Word document's paragraphs, list and embedded picture with its caption", () => {
    const c = byTitle('中德学生交流');
    expect(c.html).toContain('<p>江苏示例技师学院每年选派学生赴德国合作院校交流学习。</p>');
    expect(c.html).toContain('<p>交流期间，学生在合作企业完成实习，获得行业认证。</p>');
    expect(c.html).toMatch(/<ul><li>赴德交流学习<\/li><li>企业实习<\/li><li>行业认证<\/li><\/ul>/);
    expect(c.html).toMatch(
      /<figure class="case-figure"><img alt="学生在德国企业实习" src="data:image\/png;base64,[A-Za-z0-9+/=]{100,}" \/><figcaption>学生在德国企业实习<\/figcaption><\/figure>/,
    );
    // The heading of the document is not repeated in the body (the sheet row's title is used).
    expect(c.html).not.toContain('中德学生交流项目');
  });

  it('takes the title and fields of a Word document on its own from its top lines', () => {
    const c = byTitle('中泰师资培训');
    expect(c.html).toBe('<p>学校为泰国合作院校教师开展专业培训。</p>');
    expect(c.countryName).toBe('泰国');
  });

  it('escapes text from cells: markup typed in a cell stays text', () => {
    const c = byTitle('中德双元制试点班');
    expect(c.html).toBe('<p>第一段：共同制定培养方案。</p>\n<p>第二段：&lt;b&gt;学生&lt;/b&gt;获得双证书。</p>');
    expect(c.images).toHaveLength(1);
    expect(c.images[0].caption).toBe('photo');
    expect(c.images[0].src).toMatch(/^data:image\/png;base64,iVBOR/);
  });

  it('removes scripts, event attributes, links and network images, and keeps the text', () => {
    // The markup only: the Word document has such things typed as text, which stays (escaped).
    const markup = (html: string) => (html.match(/<[^>]*>/g) ?? []).join('');
    for (const t of ['带有可疑内容的文档', '编辑改写的案例']) {
      const { html } = byTitle(t);
      expect(markup(html)).not.toMatch(/<script|<style|\son\w+=|href=|http:|<a\b|<iframe/i);
      expect(markup(html)).toMatch(
        /^(<\/?(p|strong|em|ul|ol|li|figure|figcaption)>|<figure class="case-figure">|<img alt="[^"]*" src="data:image\/png;base64,[^"]+" \/>)*$/,
      );
    }
    const doc = byTitle('带有可疑内容的文档').html;
    expect(doc).toContain('&lt;script&gt;alert("x")&lt;/script&gt;');
    expect(doc).toContain('合作方网站');
    const md = byTitle('编辑改写的案例').html;
    expect(md).toContain('第一段文字');
    expect(md).toContain('保留。');
    expect(md).not.toContain('alert');
    expect(md).toContain('<strong>重点</strong>');
    expect(md).toContain('合作方网站');
    // A picture beside the Markdown file is taken in as inline data, with its caption.
    expect(md).toMatch(/<figure class="case-figure"><img alt="本地图片" src="data:image\/png;base64,/);
  });
});

describe('a Word file that is not a case', () => {
  it('says so, and that a table belongs in .xlsx, instead of listing missing fields', async () => {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const os = await import('node:os');
    const path = await import('node:path');
    const { caseDocx } = await import('../../scripts/sample/case-files.js');
    const { runValidate } = await import('../../src/pipeline.js');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'vet-nofields-'));
    await writeFile(
      path.join(dir, '院校名单.docx'),
      await caseDocx({ fields: [], title: '院校名单', paragraphs: ['某某职业技术学院'] }, new Date(Date.UTC(2024, 2, 1))),
    );
    const r = await runValidate([dir]);
    expect(r.findings.map((f) => [f.code, f.file])).toEqual([['CASE_DOC_NO_FIELDS', '院校名单.docx']]);
    expect(r.findings[0].message).toContain('数据表请另存为 .xlsx 提交');
    expect(r.files).toEqual([expect.objectContaining({ file: '院校名单.docx', read: 1, accepted: 0, rejected: 1 })]);
    expect(r.cases).toEqual([]);
  });
});

/**
 * Case boxes (案例), as the seed report prints them: a marked label with its number within the
 * 编 (案例4-1) and the title, the school and partner under it, the body in the body face, images
 * scaled to the column with a caption. A box longer than what is left of the page runs on, headed
 * 案例4-1（续） on the next (printPdf cuts it between paragraphs, see document.ts). Which cases an edition shows is the template's choice:
 * {{cases country=country.code}}, {{cases province=region}}, {{cases annual=true}}, with a cap
 * (max=…) beyond which {{casesAppendix}} lists the rest by title.
 */
import type Handlebars from 'handlebars';
import { PROVINCES } from '../../validate/ref/provinces.js';
import { escapeHtml } from '../../html-text.js';
import type { CaseRow } from '../../types.js';
import type { HelperDef, HelperEnv } from './helper-def.js';

/** Cases shown in full per call unless the template says otherwise. */
export const DEFAULT_CASE_CAP = 6;

export const CASE_CSS = `
.case { margin: 1.2em 0; padding: 3mm 5mm 2mm; border: 0.8pt solid #1f4e79; background: #f3f7fb;
  break-inside: avoid; text-indent: 0; }
.case .case-head { font-family: "Noto Sans SC", sans-serif; font-weight: 700; font-size: 11pt; margin: 0 0 0.3em;
  text-indent: 0; break-after: avoid; }
.case .case-label { display: inline-block; padding: 0 2mm; margin-right: 2mm; background: #1f4e79; color: #fff; }
.case .case-meta { font-size: 9pt; color: #404040; text-indent: 0; margin: 0 0 0.6em; break-after: avoid; }
.case .case-body p { text-indent: 2em; margin: 0 0 0.4em; }
.case .case-body p.case-subhead { text-indent: 0; font-family: "Noto Sans SC", sans-serif; font-weight: 700; }
.case .case-body ul, .case .case-body ol { margin: 0.2em 0 0.4em 2em; padding: 0; }
.case .case-body table { font-size: 8.5pt; margin: 0.4em auto; }
.case figure { margin: 0.6em 0; }
.case img { max-width: 100%; max-height: 70mm; }
.case figcaption { font-size: 8.5pt; }
.case .case-source { font-size: 8pt; color: #595959; text-indent: 0; margin: 0.4em 0 0; }
.case-list { margin: 0.5em 0 0 2em; padding: 0; }
.case-list li { margin: 0.2em 0; }
`;

const provinceOrder = new Map(PROVINCES.map((p, k) => [p.name, k]));

/** One order everywhere: province, school, title, then where it came from. */
export function caseOrder(a: CaseRow, b: CaseRow): number {
  return (
    (provinceOrder.get(a.province) ?? 99) - (provinceOrder.get(b.province) ?? 99) ||
    a.schoolName.localeCompare(b.schoolName, 'zh') ||
    a.title.localeCompare(b.title, 'zh') ||
    (a.origin.file < b.origin.file ? -1 : a.origin.file > b.origin.file ? 1 : a.origin.row - b.origin.row)
  );
}

/** The cases an edition has that a filter selects (country, province, annual, school). */
export function selectCases(all: readonly CaseRow[], hash: Record<string, unknown>): CaseRow[] {
  return all
    .filter(
      (c) =>
        (hash.country === undefined || c.country === hash.country) &&
        (hash.province === undefined || c.province === hash.province) &&
        (hash.annual === undefined || c.annual === !!hash.annual) &&
        (hash.school === undefined || c.schoolId === hash.school || c.schoolName === hash.school),
    )
    .sort(caseOrder);
}

function boxHtml(c: CaseRow, no: string, id: string, heading: boolean): string {
  const tag = heading ? 'h4' : 'div';
  const place = `${c.schoolName}（${c.province}）　合作${c.isRegion ? '地区' : '国家'}：${c.countryName}`;
  const figures = c.images
    .map(
      (im) =>
        `<figure class="case-figure"><img src="${escapeHtml(im.src)}" alt="${escapeHtml(im.caption)}">${im.caption ? `<figcaption>${escapeHtml(im.caption)}</figcaption>` : ''}</figure>`,
    )
    .join('');
  return (
    `<aside class="case" id="${id}"><${tag} class="case-head"><span class="case-label">${escapeHtml(no)}</span>${escapeHtml(c.title)}</${tag}>` +
    `<p class="case-meta">${escapeHtml(place)}</p><div class="case-body">${c.html}${figures}</div>` +
    (c.source ? `<p class="case-source">资料来源：${escapeHtml(c.source)}</p>` : '') +
    '</aside>\n'
  );
}

/** Cases of the edition beyond a cap, for {{casesAppendix}}: per environment, in the order met. */
const rest = new WeakMap<object, CaseRow[]>();

export const CASE_HELPERS: HelperDef[] = [
  {
    name: 'cases',
    group: '案例',
    description:
      '插入案例框（案例4-1 编号、标题、学校与合作国家、正文与图片）。按 country=、province=、annual=true、school= 筛选本年度的案例；max= 为最多全文刊出的个数（默认 6），其余由 {{casesAppendix}} 按标题列出；toc=true 时案例标题进入目录。没有案例时不输出任何内容。',
    example: '{{cases country="DE" max=2}}',
    make: (env: HelperEnv) =>
      function (this: unknown, options: Handlebars.HelperOptions) {
        const { hash } = options;
        const list = selectCases(env.ctx.cases ?? [], hash);
        const cap = hash.max === undefined ? DEFAULT_CASE_CAP : Math.max(0, Number(hash.max));
        if (!Number.isFinite(cap)) throw env.fail(options, `max= 应为数字，而不是“${String(hash.max)}”。`);
        const shown = list.slice(0, cap);
        let others = rest.get(env.state);
        if (!others) rest.set(env.state, (others = []));
        others.push(...list.slice(cap));
        let html = '';
        for (const c of shown) {
          env.state.cases = (env.state.cases ?? 0) + 1;
          const no = `案例${env.state.part}-${env.state.cases}`;
          const id = `case-${env.state.part}-${env.state.cases}`;
          if (hash.toc) env.state.toc.push({ id, text: `${no} ${c.title}`, level: 3 });
          html += boxHtml(c, no, id, !!hash.toc);
        }
        return new env.hb.SafeString(html);
      },
  },
  {
    name: 'caseCount',
    group: '案例',
    description: '本年度符合筛选条件（country=、province=、annual=true、school=）的案例个数，用于正文中提及案例或判断是否有案例。',
    example: '{{count (caseCount country="DE")}}',
    make: (env: HelperEnv) => (options: Handlebars.HelperOptions) => selectCases(env.ctx.cases ?? [], options.hash).length,
  },
  {
    name: 'casesAppendix',
    group: '案例',
    description: '列出因超过 max= 而未全文刊出的案例（标题、学校、合作国家），作为报告末尾的附录“其他案例”，进入目录。没有这样的案例时不输出任何内容。',
    example: '{{cases country="DE" max=0}}{{casesAppendix}}',
    make: (env: HelperEnv) => () => {
      const others = rest.get(env.state) ?? [];
      if (!others.length) return '';
      const id = 'appendix-cases';
      env.state.toc.push({ id, text: '附录　其他案例', level: 1 });
      const items = others.map((c) => `<li>${escapeHtml(c.title)}（${escapeHtml(c.schoolName)}，${escapeHtml(c.countryName)}）</li>`).join('');
      return new env.hb.SafeString(
        `<section class="part appendix" data-running-header="附录　其他案例"><h1 id="${id}">附录　其他案例</h1>` +
          `<p>以下 ${others.length} 个案例未在正文中全文刊出：</p><ol class="case-list">${items}</ol></section>\n`,
      );
    },
  },
];

/**
 * One edition: template → HTML with inline SVG charts (self-contained, fonts inlined) → glyph
 * preflight → files written atomically (HTML, data XLSX) → PDF printed by the shared browser.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { VetError } from '../../errors.js';
import * as fmt from '../../format/index.js';
import { writeAtomic } from '../../io.js';
import { buildSubsetHtmlDocument, tocHtml } from '../document.js';
import { renderChartSvg } from '../charts.js';
import { formatMissingGlyphs } from '../glyphs.js';
import { printPdf, type PrintResult } from '../pdf.js';
import type { Printer } from '../printer.js';
import { createEngine, HANDLEBARS, newState, type Attachment, type EditionContext } from './engine.js';
import { attachmentXlsx } from './attachments.js';
import { CASE_CSS } from './cases.js';
import { dashBeforeUnit, superlativeOverOne } from './prose.js';
import { resolveKindFile, resolveShared, templateSet, type TemplateSet } from './layers.js';

export interface EditionJob {
  /** Stable id, also the file stem: annual, regional-37, bilateral-DE. */
  id: string;
  kind: 'annual' | 'regional' | 'bilateral';
  title: string;
  subtitle?: string;
  /** templates/<kind>/ */
  templateDir: string;
  /** Where its files come from (overlay, the edition's own overrides); default: templateDir alone. */
  templates?: TemplateSet;
  model: object;
  ctx: EditionContext;
}

export interface EditionHtml {
  html: string;
  attachments: Attachment[];
  charts: number;
  chartWarnings: string[];
}

export const EDITION_CSS = `
.cover .cover-sample { margin-top: 10mm; padding: 2mm 6mm; border: 1.2pt solid #c00000; color: #c00000;
  font-family: "Noto Sans SC", sans-serif; font-weight: 700; font-size: 14pt; text-indent: 0; }
.sample-note { margin-top: 1.5em; padding: 2mm 4mm; border: 0.6pt solid #c00000; color: #7f0000; text-indent: 0;
  font-size: 9pt; }
table.chart-data { width: auto; margin: 0.3em auto 0.2em; font-size: 7.5pt; }
table.chart-data th, table.chart-data td { padding: 1pt 3pt; background: none; box-shadow: none; }
table.chart-data tr:first-child th { box-shadow: inset 0 -0.4pt 0 #7f7f7f; }
.download { text-indent: 0; font-size: 8.5pt; margin: -0.8em 0 1em; }
figure .download { text-align: left; margin: 0; }
@media print { .download { display: none; } }
table.project-list { font-size: 8pt; }
table.project-list th, table.project-list td { padding: 2pt 3pt; }
table.project-list td.nowrap, table.project-list th { white-space: nowrap; }
`;

/** Renders the edition's HTML: template, charts, TOC, fonts; fails on a missing glyph. */
export async function renderEditionHtml(job: EditionJob, now: Date): Promise<EditionHtml> {
  const state = newState();
  const templates = job.templates ?? templateSet(job.templateDir, { id: job.id });
  const engine = createEngine(templates, job.ctx, state);
  const model = {
    ...job.model,
    title: job.title,
    subtitle: job.subtitle,
    sample: job.ctx.sample,
    publisher: 'vet-report',
    date: fmt.chinaDay(now),
    toc: new HANDLEBARS.SafeString('<!--toc-->'),
  };
  let body = engine.render(resolveKindFile(templates, 'edition.hbs') ?? path.join(job.templateDir, 'edition.hbs'), model);
  body = body.replace('<!--toc-->', tocHtml(state.toc));
  // Template warnings (numbers printed unformatted, a dash beside a unit) travel with the charts' to the manifest.
  const chartWarnings: string[] = [...state.warnings, ...dashBeforeUnit(body), ...superlativeOverOne(body)];
  for (const [k, req] of state.charts.entries()) {
    const rel = `charts/${req.name}.vl.json`;
    const file = resolveShared(templates, rel) ?? path.join(templates.roots[0], rel);
    let spec: TopLevelSpec;
    try {
      spec = JSON.parse(await readFile(file, 'utf8')) as TopLevelSpec;
    } catch (e) {
      throw new VetError('TEMPLATE_ERROR', { template: path.relative(process.cwd(), file), detail: (e as Error).message });
    }
    (spec as { data: unknown }).data = { values: req.data };
    const svg = await renderChartSvg(spec, { idPrefix: `c${k}`, label: req.title });
    chartWarnings.push(...svg.warnings.map((w) => `${req.title}：${w}`));
    body = body.replace(req.token, svg.svg);
  }
  const doc = await buildSubsetHtmlDocument({ title: job.title, body, css: EDITION_CSS + CASE_CSS, lang: 'zh-CN' });
  if (doc.missingGlyphs.length) {
    throw new VetError('GLYPH_MISSING', { edition: job.title, detail: formatMissingGlyphs(doc.missingGlyphs) });
  }
  return { html: doc.html, attachments: state.attachments, charts: state.charts.length, chartWarnings };
}

export interface EditionFiles {
  html: string;
  pdf?: string;
  data: string[];
  print?: PrintResult;
}

/** Writes HTML and data files under dir/<id>.html, dir/<id>-data/…, then prints the PDF. */
export async function writeEdition(
  job: EditionJob,
  rendered: EditionHtml,
  dir: string,
  opts: { printer?: Printer; now: Date; pdf: boolean; html: boolean /** Pins the PDF's dates (SOURCE_DATE_EPOCH). */; pdfDate?: Date },
): Promise<EditionFiles> {
  const htmlPath = path.join(dir, `${job.id}.html`);
  // Links in the HTML point at data/…; the files live in <id>-data/ so editions don't collide.
  const html = rendered.html.replaceAll('href="data/', `href="${job.id}-data/`);
  await writeAtomic(htmlPath, html);
  const data: string[] = [];
  // Dated by the day (China's), so a rebuild the same day writes the same bytes.
  const day = new Date(`${fmt.chinaDay(opts.now)}T00:00:00Z`);
  for (const a of rendered.attachments) {
    const file = path.join(dir, a.file.replace(/^data\//, `${job.id}-data/`));
    await writeAtomic(file, await attachmentXlsx(a, day));
    data.push(file);
  }
  const out: EditionFiles = { html: htmlPath, data };
  if (opts.pdf && opts.printer) {
    const pdfPath = path.join(dir, `${job.id}.pdf`);
    // An unchanged edition printed again (fresh out/, --force, another shard) reuses its measured layout.
    out.print = await opts.printer.use((rb) => printPdf(rb, htmlPath, pdfPath, { date: opts.pdfDate, reuseLayout: true }));
    out.pdf = pdfPath;
  }
  return out;
}

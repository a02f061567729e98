/**
 * The preview's index page: the year's editions (status, pages, warnings, links to HTML, PDF and
 * data downloads), the validation findings filtered by file and severity, and what is being
 * rebuilt. Rendered by the server on each request; the client reloads it after every build.
 */
import type { EditionEntry } from '../manifest.js';
import { PREVIEW, UI } from '../messages.js';
import type { Finding, Severity } from '../types.js';
import type { Overlay } from './errors.js';

export interface IndexModel {
  year: number | null;
  editions: readonly { entry: EditionEntry; lastGood?: EditionEntry }[];
  /** Files of the year's folder that exist now (relative to it). */
  exists: (file: string) => boolean;
  findings: readonly Finding[] | null;
  errors: readonly Overlay[];
  status: string;
  filter: { file?: string; severity?: string };
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: unknown): string => String(s ?? '').replace(/[&<>"']/g, (c) => ESC[c]!);

/** A link into the year's folder: each segment encoded (data files have Chinese names). */
export function fileUrl(year: number, file: string): string {
  return `/${year}/${file.split('/').map(encodeURIComponent).join('/')}`;
}

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export function renderIndex(m: IndexModel, clientTag: string): string {
  const title = PREVIEW.indexTitle(m.year);
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body{font:14px/1.6 "Noto Sans SC",sans-serif;margin:24px auto;max-width:1200px;padding:0 16px;color:#222}
h1{font-size:22px}h2{font-size:18px;margin-top:32px}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f4f4f4}.failed{color:#c00}.built{color:#070}.status{color:#555;margin:8px 0}
.error{color:#c00}.warning{color:#a60}.info{color:#666}ul.warn{margin:0;padding-left:18px;color:#a60}
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p id="vet-preview-status" class="status">${escapeHtml(m.status)}</p>
${m.errors
  .filter((e) => !e.edition)
  .map((e) => `<p class="failed">${escapeHtml(PREVIEW.buildFailed)}：${escapeHtml(e.message)}</p>`)
  .join('\n')}
<h2>${escapeHtml(PREVIEW.editions)}</h2>
${editionsTable(m)}
<h2>${escapeHtml(PREVIEW.validation)}</h2>
${findingsSection(m)}
${clientTag}
</body>
</html>
`;
}

function links(year: number, e: EditionEntry, exists: (f: string) => boolean): string {
  const files = e.files.map((f) => f.path).filter(exists);
  const html = files.find((f) => f.endsWith('.html'));
  const pdf = files.find((f) => f.endsWith('.pdf'));
  const data = files.filter((f) => !f.endsWith('.html') && !f.endsWith('.pdf'));
  const a = (f: string, label: string) => `<a href="${escapeHtml(fileUrl(year, f))}">${escapeHtml(label)}</a>`;
  return [
    html ? a(html, PREVIEW.html) : '',
    pdf ? a(pdf, PREVIEW.pdf) : '',
    data.length
      ? `<details><summary>${escapeHtml(PREVIEW.dataFiles(data.length))}</summary>${data.map((f) => a(f, f.split('/').pop()!)).join('<br>')}</details>`
      : '',
  ]
    .filter(Boolean)
    .join(' ');
}

function editionsTable(m: IndexModel): string {
  if (!m.editions.length || m.year === null) return `<p>${escapeHtml(PREVIEW.noEditions)}</p>`;
  const year = m.year;
  const rows = m.editions.map(({ entry: e, lastGood }) => {
    const warnings = e.warnings ?? [];
    // A failed edition keeps the files of its last good build linked (they are still in out/);
    // failing since the preview started, the files an earlier build left there, if any.
    const good = lastGood ?? { ...e, files: [`${e.id}.html`, `${e.id}.pdf`].map((p) => ({ path: p, bytes: 0 })) };
    const goodLinks = e.status === 'failed' ? links(year, good, m.exists) : '';
    const files =
      e.status === 'failed'
        ? `<span class="failed">${escapeHtml(e.error ?? '')}</span>${goodLinks ? `<br>${escapeHtml(PREVIEW.lastGood)}：${goodLinks}` : ''}`
        : links(year, e, m.exists);
    return (
      `<tr data-edition="${escapeHtml(e.id)}"><td>${escapeHtml(e.title)}</td><td class="${e.status}">${escapeHtml(PREVIEW.status[e.status] ?? e.status)}</td>` +
      `<td>${e.pages ?? lastGood?.pages ?? '—'}</td><td>${warnings.length ? `<ul class="warn">${warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('')}</ul>` : '0'}</td><td>${files}</td></tr>`
    );
  });
  return `<table id="editions"><thead><tr>${PREVIEW.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

function findingsSection(m: IndexModel): string {
  if (!m.findings) return `<p>${escapeHtml(PREVIEW.validationMissing)}</p>`;
  const all = m.findings;
  const count = (s: Severity) => all.filter((f) => f.severity === s).length;
  const files = [...new Set(all.map((f) => f.file))].sort();
  const shown = all.filter((f) => (!m.filter.file || f.file === m.filter.file) && (!m.filter.severity || f.severity === m.filter.severity));
  const option = (value: string, label: string, chosen?: string) =>
    `<option value="${escapeHtml(value)}"${value === (chosen ?? '') ? ' selected' : ''}>${escapeHtml(label)}</option>`;
  const form =
    `<form class="vet-preview-filter" method="get" action="/">` +
    `<label>${escapeHtml(PREVIEW.filterSeverity)} <select name="severity">${option('', PREVIEW.all, m.filter.severity)}${SEVERITIES.map((s) => option(s, UI.severityLabel[s], m.filter.severity)).join('')}</select></label> ` +
    `<label>${escapeHtml(PREVIEW.filterFile)} <select name="file">${option('', PREVIEW.all, m.filter.file)}${files.map((f) => option(f, f, m.filter.file)).join('')}</select></label> ` +
    `<noscript><button type="submit">${escapeHtml(PREVIEW.filterSubmit)}</button></noscript></form>`;
  const rows = shown.map(
    (f) =>
      `<tr class="${f.severity}"><td>${escapeHtml(UI.severityLabel[f.severity])}</td><td>${escapeHtml(f.file)}</td><td>${escapeHtml(f.sheet ?? '')}</td>` +
      `<td>${f.row ?? ''}</td><td>${escapeHtml(f.column ?? '')}</td><td>${escapeHtml(f.message)}</td></tr>`,
  );
  return (
    `<p>${escapeHtml(PREVIEW.validationCounts(count('error'), count('warning'), count('info')))}</p>\n${form}\n` +
    `<table id="findings"><thead><tr>${PREVIEW.findingColumns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead><tbody>\n${rows.join('\n')}\n</tbody></table>`
  );
}

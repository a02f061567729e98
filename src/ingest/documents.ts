/**
 * Case documents (案例): the Word files schools send and the Markdown files editors write.
 * Each becomes its fields (written as "学校名称：……" lines at the top of a Word document, or as
 * front matter in Markdown), a title (the first heading) and a body as safe HTML.
 *
 * Safe means reduced to paragraphs, emphasis, lists, simple tables and inline images: scripts,
 * styles, event attributes, links and anything from the network never reach a report. What was
 * removed is listed, so validation can say so.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sanitizeHtml from 'sanitize-html';
import { decodeEntities, escapeHtml } from '../html-text.js';
import { fileKind } from './files.js';
import { fieldByHeader } from './header.js';
import { CASES } from './tables.js';

export interface DocField {
  /** The key as written (学校名称, 合作国家（地区）…). */
  header: string;
  value: string;
  /** Line (Markdown) or paragraph (Word) number it stands on, from 1. */
  line: number;
}

export interface CaseDocument {
  fields: DocField[];
  /** The first heading, when the document starts with one. */
  title: string | null;
  /** The body as safe HTML. */
  html: string;
  /** Characters of text in the body. */
  chars: number;
  /** What was taken out (脚本、外部链接…), each kind once. */
  removed: string[];
  /** Image files the document names that are not there. */
  missingImages: string[];
}

const IMAGE_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
};

/** An image file as a data: URL (the report's HTML is self-contained), or null if it is not there. */
export async function imageDataUrl(file: string): Promise<string | null> {
  const type = IMAGE_TYPES[path.extname(file).toLowerCase()];
  if (!type) return null;
  try {
    return `data:${type};base64,${(await readFile(file)).toString('base64')}`;
  } catch {
    return null;
  }
}

const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'];

/** What the sanitiser keeps. Everything else is dropped, its text kept (scripts and styles: dropped whole). */
const SAFE: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'strong',
    'b',
    'em',
    'i',
    'u',
    'sub',
    'sup',
    'ul',
    'ol',
    'li',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'img',
    'figure',
    'figcaption',
  ],
  allowedAttributes: { img: ['src', 'alt'], td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan'] },
  allowedClasses: { p: ['case-subhead'] },
  // Images only as inline data: a case never makes the report load anything.
  allowedSchemes: [],
  allowedSchemesByTag: { img: ['data'] },
  allowProtocolRelative: false,
  // Headings inside a case are its subheadings, not the report's: no bookmark, no TOC entry.
  transformTags: Object.fromEntries(HEADINGS.map((h) => [h, sanitizeHtml.simpleTransform('p', { class: 'case-subhead' })])),
  exclusiveFilter: (frame) => frame.tag === 'img' && !String(frame.attribs.src ?? '').startsWith('data:image/'),
};

/** Kinds of unsafe content, named for the finding that says they were removed. */
const UNSAFE: [RegExp, string][] = [
  [/<script\b/i, '脚本'],
  [/<style\b|\sstyle\s*=/i, '样式'],
  [/\son[a-z]+\s*=/i, '事件属性（如 onerror）'],
  [/<a\b[^>]*\bhref\s*=/i, '链接'],
  [/<img\b[^>]*\bsrc\s*=\s*["']?(?:[a-z][a-z0-9+.-]*:|\/\/)(?!image\/)/i, '网络图片'],
  [/<(iframe|object|embed|form|input|video|audio)\b/i, '嵌入内容'],
];

/** HTML reduced to safe content, and the kinds of content taken out. */
export function safeHtml(html: string): { html: string; removed: string[] } {
  // Only the markup is looked at: "<script>" typed as text in a document arrives escaped and stays text.
  const tags = (html.match(/<[a-z!/][^>]*>/gi) ?? []).join('\n');
  const removed = UNSAFE.filter(([re]) => re.test(tags)).map(([, what]) => what);
  // A picture alone in its paragraph, with a description (Word's alt text, Markdown's ![…]), is a
  // figure with that caption. Attribute values come out of the sanitiser escaped.
  const safe = sanitizeHtml(html, SAFE)
    .trim()
    .replace(/<p>\s*(<img\b[^>]*>)\s*<\/p>/g, (whole, img: string) => {
      const alt = /\balt="([^"]+)"/.exec(img)?.[1];
      const src = /\bsrc="(data:image\/[^"]+)"/.exec(img)?.[1];
      return alt && src ? `<figure class="case-figure"><img alt="${alt}" src="${src}" /><figcaption>${alt}</figcaption></figure>` : whole;
    })
    .replace(/<p>\s*<\/p>\n?/g, ''); // what was removed leaves no empty paragraph
  return { html: safe, removed };
}

/** Plain text (a sheet cell) as paragraphs: escaped, one <p> per line. */
export function textHtml(text: string): string {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => `<p>${escapeHtml(l)}</p>`)
    .join('\n');
}

/** Characters of text in HTML (tags and spaces not counted; an image counts as nothing). */
export function textLength(html: string): number {
  return stripTags(html).replace(/\s+/g, '').length;
}

const FIELD_LINE = /^([^：:]{2,16})[：:]\s*(.*)$/;

/**
 * Fields at the top of a document: "学校名称：……" paragraphs before the body. `isField` says
 * whether a key is one of the case table's headers (or aliases).
 */
function leadingFields(blocks: { text: string; html: string; heading: boolean }[], isField: (key: string) => boolean) {
  const fields: DocField[] = [];
  let title: string | null = null;
  let k = 0;
  for (; k < blocks.length; k++) {
    const b = blocks[k];
    if (b.heading && title === null) {
      title = b.text.trim();
      continue;
    }
    const m = FIELD_LINE.exec(b.text.trim());
    if (!b.heading && m && isField(m[1])) {
      fields.push({ header: m[1].trim(), value: m[2].trim(), line: k + 1 });
      continue;
    }
    if (!b.text.trim() && !/<img\b/i.test(b.html)) continue;
    break;
  }
  return { fields, title, rest: blocks.slice(k) };
}

/** Top-level blocks of an HTML fragment as mammoth and marked write it (no attributes on blocks). */
function blocksOf(html: string): { text: string; html: string; heading: boolean }[] {
  const out: { text: string; html: string; heading: boolean }[] = [];
  const re = /<(h[1-6]|p|ul|ol|table|blockquote|pre|hr|figure)\b[^>]*>([\s\S]*?)<\/\1>|<hr\s*\/?>/gi;
  let m: RegExpExecArray | null;
  let last = 0;
  while ((m = re.exec(html))) {
    const between = html.slice(last, m.index).trim();
    if (between) out.push({ text: stripTags(between), html: between, heading: false });
    out.push({ text: stripTags(m[2] ?? ''), html: m[0], heading: /^h[1-6]$/i.test(m[1] ?? '') });
    last = m.index + m[0].length;
  }
  const tail = html.slice(last).trim();
  if (tail) out.push({ text: stripTags(tail), html: tail, heading: false });
  return out;
}

function stripTags(html: string): string {
  return decodeEntities(html.replace(/<[^>]*>/g, ''));
}

function finish(fields: DocField[], title: string | null, bodyHtml: string, missingImages: string[]): CaseDocument {
  const safe = safeHtml(bodyHtml);
  return { fields, title, html: safe.html, chars: textLength(safe.html), removed: safe.removed, missingImages };
}

const isCaseField = (key: string) => fieldByHeader(CASES, key) !== undefined;

/** A case document by its kind: a Word file (.docx) or Markdown. */
export function readCaseDocument(file: string): Promise<CaseDocument> {
  return fileKind(file) === 'docx' ? readDocx(file) : readMarkdown(file);
}

/** Why a case document could not be read, in words a user can act on (mammoth's are English and about zip internals). */
export function documentProblem(e: unknown): string {
  const m = String((e as Error)?.message ?? e);
  if (/zip|central directory|corrupt/i.test(m)) return '不是有效的 Word 文档（.docx）';
  const first = m.split('\n')[0]!;
  return first.length > 80 ? `${first.slice(0, 80)}…` : first;
}

/** A Word document (.docx) converted by mammoth; embedded images kept inline. */
async function readDocx(file: string): Promise<CaseDocument> {
  const { default: mammoth } = await import('mammoth');
  const result = await mammoth.convertToHtml(
    { path: file },
    {
      // Alt text (Word's image description) becomes the caption.
      convertImage: mammoth.images.imgElement(async (img) => ({
        src: `data:${img.contentType};base64,${await img.read('base64')}`,
        ...((img as unknown as { altText?: string }).altText ? { alt: (img as unknown as { altText: string }).altText } : {}),
      })),
    },
  );
  const { fields, title, rest } = leadingFields(blocksOf(result.value), isCaseField);
  return finish(fields, title, rest.map((b) => b.html).join('\n'), []);
}

/**
 * A Markdown file: front matter between --- lines (key: value, one per line) for the fields,
 * then the body. Images named relative to the file are read into the page; others are removed.
 */
async function readMarkdown(file: string): Promise<CaseDocument> {
  const text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  const lines = text.split(/\r?\n/);
  const fields: DocField[] = [];
  let start = 0;
  if (lines[0]?.trim() === '---') {
    const end = lines.findIndex((l, k) => k > 0 && l.trim() === '---');
    if (end > 0) {
      for (let k = 1; k < end; k++) {
        const m = FIELD_LINE.exec(lines[k].trim());
        if (m) fields.push({ header: m[1].trim(), value: m[2].trim().replace(/^["'](.*)["']$/, '$1'), line: k + 1 });
      }
      start = end + 1;
    }
  }
  const { marked } = await import('marked');
  const missingImages: string[] = [];
  let html = await marked.parse(lines.slice(start).join('\n'), { async: true, gfm: true });
  // Local images become inline data; the network is never reached from a report.
  const srcs = [...html.matchAll(/<img\b[^>]*\bsrc="([^"]*)"/gi)].map((m) => m[1]);
  for (const src of new Set(srcs)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('//')) continue; // removed by the sanitiser
    const data = await imageDataUrl(path.resolve(path.dirname(file), decodeURI(src)));
    if (data) html = html.split(`src="${src}"`).join(`src="${data}"`);
    else missingImages.push(decodeURI(src));
  }
  const blocks = blocksOf(html);
  const head = leadingFields(blocks, () => false);
  return finish([...fields, ...head.fields], head.title, head.rest.map((b) => b.html).join('\n'), missingImages);
}

/**
 * Where an edition's template files come from. Templates are layered:
 *  - the shipped templates/ (or the root a caller names),
 *  - an overlay given with --templates, holding only the files that differ,
 * and inside each, a file of one kind (templates/bilateral/preface.hbs) may be replaced for one
 * edition by templates/<kind>/<code>/<file> (templates/bilateral/DE/preface.md,
 * templates/regional/37/edition.hbs). The more specific place wins: the edition's folder over the
 * kind's, and at each place the overlay over the shipped file.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { TemplateError } from './template-error.js';
import { closest } from '../../validate/ref/suggest.js';

export interface TemplateSet {
  /** Template roots, first wins: [overlay, shipped] or [shipped]. */
  roots: readonly string[];
  kind: string;
  /** The edition's code (DE, 37); none for the annual edition. */
  code?: string;
}

/** Prose partials may be Handlebars or Markdown (Handlebars first, then Markdown). */
export const PARTIAL_EXTS = ['.hbs', '.md'] as const;

/** The set of a job: its kind folder's root, an overlay before it, its code from the id (bilateral-DE → DE). */
export function templateSet(kindDir: string, opts: { overlay?: string; id?: string } = {}): TemplateSet {
  const root = path.dirname(kindDir);
  const kind = path.basename(kindDir);
  const code = opts.id?.startsWith(`${kind}-`) ? opts.id.slice(kind.length + 1) : undefined;
  const roots = opts.overlay && path.resolve(opts.overlay) !== path.resolve(root) ? [opts.overlay, root] : [root];
  return { roots, kind, ...(code ? { code } : {}) };
}

/** Folders holding a kind's files, most specific first: each root's <kind>/<code>/, then each root's <kind>/. */
function kindDirs(set: TemplateSet): string[] {
  return [...(set.code ? set.roots.map((r) => path.join(r, set.kind, set.code!)) : []), ...set.roots.map((r) => path.join(r, set.kind))];
}

const isFile = (f: string): boolean => {
  try {
    return statSync(f).isFile();
  } catch {
    return false;
  }
};
const isDir = (f: string): boolean => {
  try {
    return statSync(f).isDirectory();
  } catch {
    return false;
  }
};

/** A kind's file (edition.hbs) from the most specific place that has it; null if none does. */
export function resolveKindFile(set: TemplateSet, name: string): string | null {
  return (
    kindDirs(set)
      .map((d) => path.join(d, name))
      .find(isFile) ?? null
  );
}

/** A shared file (charts/<name>.vl.json, partials/<f>) from the first root that has it. */
export function resolveShared(set: TemplateSet, rel: string): string | null {
  return set.roots.map((r) => path.join(r, rel)).find(isFile) ?? null;
}

/**
 * Partials by name → file: shared partials/, then the kind's, then the edition's (later places
 * replace earlier ones; the overlay over the shipped file at each place). One place holding both
 * preface.hbs and preface.md is an error: which one the editor meant is not ours to guess.
 */
export function partialFiles(set: TemplateSet): Map<string, string> {
  const places = [
    set.roots.map((r) => path.join(r, 'partials')),
    set.roots.map((r) => path.join(r, set.kind)),
    ...(set.code ? [set.roots.map((r) => path.join(r, set.kind, set.code!))] : []),
  ];
  const out = new Map<string, string>();
  for (const dirs of places) {
    // Within one place, the first root (the overlay) wins.
    const here = new Map<string, string>();
    for (const dir of dirs) {
      for (const [name, file] of partialsIn(dir)) if (!here.has(name)) here.set(name, file);
    }
    for (const [name, file] of here) out.set(name, file);
  }
  return out;
}

function partialsIn(dir: string): Map<string, string> {
  let entries: string[] = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return new Map();
  }
  const out = new Map<string, string>();
  for (const f of entries.sort()) {
    const ext = PARTIAL_EXTS.find((e) => f.endsWith(e));
    if (!ext || f === 'edition.hbs' || !isFile(path.join(dir, f))) continue;
    const name = f.slice(0, -ext.length);
    const other = out.get(name);
    if (other) {
      const e = new TemplateError(`${path.basename(other)} 与 ${f} 同名，请只保留一个。`);
      e.file = path.join(dir, f);
      throw e;
    }
    out.set(name, path.join(dir, f));
  }
  return out;
}

/**
 * The files of a set that are not the shipped kind's own: the edition's overrides and the
 * overlay's files it uses. Named once in the build log, so an editor sees what was replaced.
 */
export function replacedFiles(set: TemplateSet): string[] {
  const shipped = set.roots[set.roots.length - 1];
  const used = [...partialFiles(set).values(), resolveKindFile(set, 'edition.hbs')].filter((f): f is string => f !== null);
  return used.filter((f) => !f.startsWith(path.join(shipped, 'partials') + path.sep) && path.dirname(f) !== path.join(shipped, set.kind));
}

/** The kinds' folders and shared folders a templates root (or an overlay) may hold. */
export const TEMPLATE_FOLDERS = ['annual', 'regional', 'bilateral', 'partials', 'charts'] as const;

/**
 * What is wrong with the top of a templates root or overlay, or null: a folder the build would
 * never read (bilatral/) is an edit that silently does nothing. (Edition folders named other
 * than by code, bilateral/德国/, are checked by layout-codes.ts, which loads the country names.)
 */
export function layoutProblem(root: string): string | null {
  const entries = (dir: string): string[] => {
    try {
      return readdirSync(dir).filter((e) => !e.startsWith('.'));
    } catch {
      return [];
    }
  };
  const shown = (p: string) => path.join(root, p);
  for (const top of entries(root)) {
    if (!isDir(path.join(root, top))) {
      if (PARTIAL_EXTS.some((e) => top.endsWith(e))) return `${shown(top)} 不在任何版本的文件夹中（应放在 annual/、regional/、bilateral/ 或 partials/ 中）`;
      continue;
    }
    if (!(TEMPLATE_FOLDERS as readonly string[]).includes(top)) {
      const s = closest(top, TEMPLATE_FOLDERS);
      return `文件夹 ${shown(top)} 不是模板文件夹${s ? `，是否应为“${s}”？` : ''}（可用：${TEMPLATE_FOLDERS.join('、')}）`;
    }
  }
  return null;
}

/** The edition folders of a root: regional/<code>/, bilateral/<code>/ (checked by layout-codes.ts). */
export function editionFolders(root: string): { kind: 'regional' | 'bilateral'; name: string }[] {
  const out: { kind: 'regional' | 'bilateral'; name: string }[] = [];
  for (const kind of ['regional', 'bilateral'] as const) {
    let names: string[] = [];
    try {
      names = readdirSync(path.join(root, kind));
    } catch {
      continue;
    }
    for (const name of names.sort()) if (!name.startsWith('.') && isDir(path.join(root, kind, name))) out.push({ kind, name });
  }
  return out;
}

/**
 * Input discovery: paths in the order given, folders walked recursively in name order.
 * Each file gets the display name findings use: as given, or relative to a given folder.
 *
 * Nothing found is dropped without a word: what cannot be read as a file (a FIFO, a device, a
 * link that leads nowhere or in a circle, a file over the size limit) is listed too, refused,
 * and becomes a finding; it is never opened. Links to files are read, named by the link.
 */
import type { Dirent, Stats } from 'node:fs';
import { lstat, readdir, readlink, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { VetError } from '../errors.js';
import { fsReason, type FindingCode } from '../messages.js';

export type FileKind = 'xlsx' | 'csv' | 'xls' | 'docx' | 'markdown' | 'other';

export interface InputFile {
  /** Absolute path on disk (a link's own path: it is read through the link). */
  path: string;
  /** What findings print: as given, or relative to the folder given. */
  display: string;
  kind: FileKind;
  /** Set when the file is not to be opened at all; the finding that says why. */
  refused?: { code: FindingCode; params: Record<string, string> };
}

export interface ListOptions {
  /** Every file in a folder, not only those that look like data (hashing templates). */
  anyFile?: boolean;
}

/** Spreadsheets, delimited text and the document formats schools also send tables in. */
const DATA_EXT = new Set([
  '.xlsx',
  '.csv',
  '.tsv',
  '.txt',
  '.xls',
  '.xlsm',
  '.xlsb',
  '.ods',
  '.et',
  '.numbers',
  '.json',
  '.pdf',
  '.doc',
  '.docx',
  '.wps',
  '.md',
]);

export function fileKind(name: string): FileKind {
  const ext = path.extname(name).toLowerCase();
  if (ext === '.xlsx' || ext === '.xlsm') return 'xlsx';
  if (ext === '.csv' || ext === '.tsv' || ext === '.txt') return 'csv';
  if (ext === '.xls') return 'xls';
  // Cases (案例): Word documents schools send, Markdown editors write.
  if (ext === '.docx') return 'docx';
  if (ext === '.md' || ext === '.markdown') return 'markdown';
  return 'other';
}

/** Default per-file limit: far above any submission, far below what would exhaust memory. */
export const DEFAULT_MAX_FILE_MB = 200;

/** VET_REPORT_MAX_FILE_MB (default 200): larger files are refused by a finding, not read. */
export function maxFileBytes(): number {
  const raw = process.env['VET_REPORT_MAX_FILE_MB'];
  if (raw === undefined || raw.trim() === '') return DEFAULT_MAX_FILE_MB * 2 ** 20;
  const mb = Number(raw);
  if (!Number.isFinite(mb) || mb <= 0) throw new VetError('BAD_OPTION', { option: 'VET_REPORT_MAX_FILE_MB', detail: `应为正数（MB），而不是“${raw}”` });
  return mb * 2 ** 20;
}

/** Names in a folder that are clearly not submissions (editor lock files, hidden files). */
function ignorable(name: string): boolean {
  return name.startsWith('.') || name.startsWith('~$') || name === 'README.md' || name === 'Thumbs.db';
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A size as people read it: 3.9 KB, 1.5 MB, 200 MB. */
const mb = (n: number) => (n < 2 ** 20 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 2 ** 20).toFixed(n < 10 * 2 ** 20 ? 1 : 0)} MB`);

/** What is not a regular file, in words; null for a regular file. */
function oddType(st: Stats): string | null {
  if (st.isFIFO()) return '命名管道（FIFO）';
  if (st.isCharacterDevice() || st.isBlockDevice()) return '设备文件';
  if (st.isSocket()) return '套接字';
  if (!st.isFile()) return '特殊文件';
  return null;
}

/** Why a file must not be opened, from its (followed) status; undefined when it can be read. */
function refusal(st: Stats, limit: number): InputFile['refused'] {
  const odd = oddType(st);
  if (odd) return { code: 'FILE_NOT_REGULAR', params: { type: odd } };
  if (st.size > limit) return { code: 'FILE_TOO_LARGE', params: { size: mb(st.size), limit: mb(limit) } };
  return undefined;
}

/** A link whose target cannot be reached: a loop, or nothing there. */
async function brokenLink(full: string, err: NodeJS.ErrnoException): Promise<InputFile['refused']> {
  if (err.code === 'ELOOP') return { code: 'FILE_LINK_LOOP', params: {} };
  const target = await readlink(full).catch(() => '');
  return { code: 'FILE_LINK_BROKEN', params: { target } };
}

interface Walk {
  root: string;
  /** The folder as given (names the folder itself). */
  given: string;
  out: InputFile[];
  limit: number;
  opts: ListOptions;
  /** Real paths of the folders being walked (this one and those above): a link back to one is a loop. */
  above: string[];
}

async function walk(dir: string, w: Walk): Promise<void> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    // A folder that cannot be listed (no permission) is said, not skipped or fatal.
    const display = path.relative(w.root, dir).split(path.sep).join('/') || w.given;
    w.out.push({ path: dir, display, kind: 'other', refused: { code: 'FILE_UNREADABLE', params: { detail: fsReason(err) } } });
    return;
  }
  entries.sort((a, b) => byName(a.name, b.name));
  for (const e of entries) {
    if (ignorable(e.name)) continue;
    const full = path.join(dir, e.name);
    const display = path.relative(w.root, full).split(path.sep).join('/');
    const wanted = w.opts.anyFile || fileKind(e.name) !== 'other' || DATA_EXT.has(path.extname(e.name).toLowerCase());
    // Files are named by the link, read through it; a link to a folder is walked like the folder.
    let st: Stats;
    try {
      st = await stat(full);
    } catch (err) {
      // A link to nothing (whatever its name: what it was is unknown), or a file that cannot be looked at.
      if (e.isSymbolicLink()) w.out.push({ path: full, display, kind: fileKind(e.name), refused: await brokenLink(full, err as NodeJS.ErrnoException) });
      else if (wanted) w.out.push({ path: full, display, kind: fileKind(e.name), refused: { code: 'FILE_UNREADABLE', params: { detail: fsReason(err) } } });
      continue;
    }
    if (st.isDirectory()) {
      const real = await realpath(full);
      // A folder reached again (through a link) that holds one being walked would be walked forever.
      if (w.above.some((a) => a === real || a.startsWith(real.endsWith(path.sep) ? real : real + path.sep))) {
        w.out.push({ path: full, display, kind: 'other', refused: { code: 'FILE_LINK_LOOP', params: {} } });
      } else await walkBelow(full, real, w);
      continue;
    }
    // Inside folders, only files that look like data (or a table sent as a document) are
    // reported, each with an error if unreadable; a stray .md or .png is not input.
    if (!wanted) continue;
    const refused = refusal(st, w.limit);
    w.out.push({ path: full, display, kind: fileKind(e.name), ...(refused ? { refused } : {}) });
  }
}

async function walkBelow(dir: string, real: string, w: Walk): Promise<void> {
  w.above.push(real);
  try {
    await walk(dir, w);
  } finally {
    w.above.pop();
  }
}

/** What is at a given path; PATH_NOT_FOUND naming it as given when nothing is. */
export async function statGiven(given: string): Promise<Stats> {
  const st = await stat(path.resolve(given)).catch(() => null);
  if (!st) throw new VetError('PATH_NOT_FOUND', { path: given });
  return st;
}

export async function listInputs(paths: readonly string[], opts: ListOptions = {}): Promise<InputFile[]> {
  const out: InputFile[] = [];
  const limit = maxFileBytes();
  for (const given of paths) {
    const full = path.resolve(given);
    let st: Stats;
    try {
      st = await stat(full);
    } catch (err) {
      // A given link that leads nowhere is a finding about that file; a path with nothing at all
      // is a usage error.
      if (!(await lstat(full).catch(() => null))?.isSymbolicLink()) throw new VetError('PATH_NOT_FOUND', { path: given });
      out.push({ path: full, display: given, kind: fileKind(given), refused: await brokenLink(full, err as NodeJS.ErrnoException) });
      continue;
    }
    if (st.isDirectory()) {
      const before = out.length;
      await walkBelow(full, await realpath(full), { root: full, given, out, limit, opts, above: [] });
      if (out.length === before) throw new VetError('NO_FILES', { path: given });
    } else {
      const refused = refusal(st, limit);
      out.push({ path: full, display: given, kind: fileKind(given), ...(refused ? { refused } : {}) });
    }
  }
  return out;
}

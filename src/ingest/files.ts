/**
 * Input discovery: paths in the order given, folders walked recursively in name order.
 * Each file gets the display name findings use: as given, or relative to a given folder.
 */
import type { Stats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { VetError } from '../errors.js';

export type FileKind = 'xlsx' | 'csv' | 'xls' | 'docx' | 'markdown' | 'other';

export interface InputFile {
  /** Absolute path on disk. */
  path: string;
  /** What findings print: as given, or relative to the folder given. */
  display: string;
  kind: FileKind;
}

/** Spreadsheets, delimited text and the document formats schools also send tables in. */
const DATA_EXT = new Set([
  '.xlsx', '.csv', '.tsv', '.txt', '.xls', '.xlsm', '.xlsb', '.ods', '.et', '.numbers', '.json',
  '.pdf', '.doc', '.docx', '.wps', '.md',
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

/** Names in a folder that are clearly not submissions (editor lock files, hidden files). */
function ignorable(name: string): boolean {
  return name.startsWith('.') || name.startsWith('~$') || name === 'README.md' || name === 'Thumbs.db';
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

async function walk(dir: string, root: string, out: InputFile[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => byName(a.name, b.name));
  for (const e of entries) {
    if (ignorable(e.name)) continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory()) await walk(full, root, out);
    else if (e.isFile()) {
      const kind = fileKind(e.name);
      // Inside folders, only files that look like data (or a table sent as a document) are
      // reported, each with an error if unreadable; a stray .md or .png is not input.
      if (kind === 'other' && !DATA_EXT.has(path.extname(e.name).toLowerCase())) continue;
      out.push({ path: full, display: path.relative(root, full).split(path.sep).join('/'), kind });
    }
  }
}

/** What is at a given path; PATH_NOT_FOUND naming it as given when nothing is. */
export async function statGiven(given: string): Promise<Stats> {
  const st = await stat(path.resolve(given)).catch(() => null);
  if (!st) throw new VetError('PATH_NOT_FOUND', { path: given });
  return st;
}

export async function listInputs(paths: readonly string[]): Promise<InputFile[]> {
  const out: InputFile[] = [];
  for (const given of paths) {
    const full = path.resolve(given);
    const st = await statGiven(given);
    if (st.isDirectory()) {
      const before = out.length;
      await walk(full, full, out);
      if (out.length === before) throw new VetError('NO_FILES', { path: given });
    } else {
      out.push({ path: full, display: given, kind: fileKind(given) });
    }
  }
  return out;
}

/**
 * out/<year>/manifest.json: every edition with its title, files, sizes, page count, status and a
 * hash of everything it was built from. Shard builds write manifest-shard-i-of-n.json;
 * `vet-report manifest merge` joins them.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeAtomic } from './io.js';

export interface ManifestFile {
  /** Relative to the manifest's folder. */
  path: string;
  bytes: number;
}

export interface EditionEntry {
  id: string;
  kind: 'annual' | 'regional' | 'bilateral';
  title: string;
  status: 'built' | 'unchanged' | 'failed';
  files: ManifestFile[];
  pages: number | null;
  /** sha256 of the rendered HTML (data, templates, chart specs and inlined fonts) and the tool version. */
  hash: string | null;
  error?: string;
  /** What the build noticed without failing the edition: chart warnings, page references to nothing, pagination that would not settle, fonts not embedded as expected. */
  warnings?: string[];
}

export interface Manifest {
  tool: 'vet-report';
  version: string;
  year: number;
  /** sha256 over the input files, templates, fonts, options and tool version. */
  inputsHash: string;
  shard: string | null;
  editions: EditionEntry[];
}

export function manifestName(shard: { index: number; count: number } | null): string {
  return shard ? `manifest-shard-${shard.index}-of-${shard.count}.json` : 'manifest.json';
}

export async function readManifest(file: string): Promise<Manifest | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Manifest;
  } catch {
    return null;
  }
}

export async function writeManifest(file: string, m: Manifest): Promise<void> {
  const editions = [...m.editions].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  await writeAtomic(file, JSON.stringify({ ...m, editions }, null, 2) + '\n');
}

/** Joins shard manifests: editions from all of them, one entry per id (a later failure loses to a success). */
export function mergeManifests(list: readonly Manifest[]): Manifest {
  if (!list.length) throw new Error('no manifest to merge');
  const byId = new Map<string, EditionEntry>();
  for (const m of list) {
    for (const e of m.editions) {
      const prev = byId.get(e.id);
      if (!prev || prev.status === 'failed') byId.set(e.id, e);
    }
  }
  const first = list[0];
  return { tool: 'vet-report', version: first.version, year: first.year, inputsHash: first.inputsHash, shard: null, editions: [...byId.values()] };
}

export async function mergeManifestFiles(files: readonly string[], out: string): Promise<Manifest> {
  const list: Manifest[] = [];
  for (const f of files) {
    const m = await readManifest(f);
    if (!m) throw new Error(`无法读取清单 ${f}`);
    // Paths stay relative to the merged manifest's folder.
    const rel = path.relative(path.dirname(out), path.dirname(f));
    list.push({ ...m, editions: m.editions.map((e) => ({ ...e, files: e.files.map((x) => ({ ...x, path: path.join(rel, x.path).split(path.sep).join('/') })) })) });
  }
  const merged = mergeManifests(list);
  await writeManifest(out, merged);
  return merged;
}

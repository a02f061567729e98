/**
 * out/<year>/manifest.json: every edition with its title, files, sizes, page count, status and a
 * hash of everything it was built from. Shard builds write manifest-shard-i-of-n.json;
 * `vet-report manifest merge` joins them.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeAtomic } from './io.js';
import * as z from './zod.js';
import { VetError } from './errors.js';
import { fsReason } from './messages.js';
import { shardParts, shardProblem, zhIssue } from './options.js';
import { EDITION_KINDS } from './types.js';

const ManifestFileSchema = z.object({
  /** Relative to the manifest's folder. */
  path: z.string().min(1),
  bytes: z.int().nonnegative(),
});

const EditionEntrySchema = z.object({
  id: z.string().min(1),
  kind: z.enum(EDITION_KINDS),
  title: z.string(),
  status: z.enum(['built', 'unchanged', 'failed']),
  files: z.array(ManifestFileSchema),
  pages: z.int().nonnegative().nullable(),
  /** sha256 of the rendered HTML (data, templates, chart specs and inlined fonts) and the tool version. */
  hash: z.string().nullable(),
  error: z.string().optional(),
  /** What the build noticed without failing the edition: chart warnings, page references to nothing, pagination that would not settle, fonts not embedded as expected. */
  warnings: z.array(z.string()).optional(),
});

/** Read back (the last build's, or shards' for merging), a manifest is checked before it is trusted. */
export const ManifestSchema = z.object({
  tool: z.literal('vet-report'),
  version: z.string(),
  year: z.int(),
  /** sha256 over the input files, templates, fonts, options (all but --shard) and tool version: the same for every shard of one build. */
  inputsHash: z.string(),
  /** "i/n" for a shard's manifest. */
  shard: z
    .string()
    .refine((s) => shardParts(s) !== null, { error: (i) => shardProblem(i.input) })
    .nullable(),
  editions: z.array(EditionEntrySchema),
});

export type EditionEntry = z.infer<typeof EditionEntrySchema>;
export type Manifest = z.infer<typeof ManifestSchema>;

export function manifestName(shard: { index: number; count: number } | null): string {
  return shard ? `manifest-shard-${shard.index}-of-${shard.count}.json` : 'manifest.json';
}

/** The manifest in `file`; a VetError naming the file and the first bad field if it is missing or not one. */
export async function loadManifest(file: string): Promise<Manifest> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new VetError('MANIFEST_BAD', { path: file, detail: (e as NodeJS.ErrnoException).code === 'ENOENT' ? '文件不存在' : fsReason(e) });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new VetError('MANIFEST_BAD', { path: file, detail: '不是有效的 JSON（文件可能不完整）' });
  }
  const r = ManifestSchema.safeParse(json, { error: zhIssue });
  if (!r.success) {
    const i = r.error.issues[0];
    const where = i.path
      .map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`))
      .join('')
      .replace(/^\./, '');
    throw new VetError('MANIFEST_BAD', { path: file, detail: `${where ? `${where} ` : ''}不符合清单格式：${i.message}` });
  }
  return r.data;
}

/** The last build's manifest, or null when there is none or it is damaged (the build then renders all). */
export async function readManifest(file: string): Promise<Manifest | null> {
  return loadManifest(file).catch(() => null);
}

export async function writeManifest(file: string, m: Manifest): Promise<void> {
  const editions = [...m.editions].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  await writeAtomic(file, JSON.stringify({ ...m, editions }, null, 2) + '\n');
}

/**
 * Entries of the previous manifest that a build of some editions keeps: those it did not select,
 * whose files are all still there with the sizes recorded (a failed or damaged one is dropped).
 * So building DE, then FR, into one out/ lists both.
 */
export async function keptEntries(
  previous: Manifest | null,
  built: readonly EditionEntry[],
  dir: string,
  selected: (e: EditionEntry) => boolean,
): Promise<EditionEntry[]> {
  const ids = new Set(built.map((e) => e.id));
  const out: EditionEntry[] = [];
  for (const e of previous?.editions ?? []) {
    if (ids.has(e.id) || selected(e) || e.status === 'failed' || !e.files.length) continue;
    const sizes = await Promise.all(
      e.files.map((f) =>
        stat(path.join(dir, f.path)).then(
          (s) => s.size,
          () => -1,
        ),
      ),
    );
    if (sizes.every((n, k) => n === e.files[k].bytes)) out.push({ ...e, status: 'unchanged' });
  }
  return out;
}

/**
 * Joins shard manifests: editions from all of them, one entry per id (a later failure loses to a
 * success). Shards must be of one build (same year, tool version and inputs) and complete: each
 * i of n exactly once, or the merged manifest would publish a build with editions missing.
 */
export function mergeManifests(list: readonly { file: string; manifest: Manifest }[]): Manifest {
  if (!list.length) throw new VetError('MANIFEST_MERGE', { detail: '没有给出清单' });
  const first = list[0].manifest;
  for (const { file, manifest: m } of list) {
    const differs =
      m.year !== first.year
        ? `年份 ${m.year} ≠ ${first.year}`
        : m.version !== first.version
          ? `工具版本 ${m.version} ≠ ${first.version}`
          : m.inputsHash !== first.inputsHash
            ? '输入数据、模板或选项不同'
            : null;
    if (differs) throw new VetError('MANIFEST_MERGE', { detail: `${file} 与 ${list[0].file} 不是同一次构建的分片（${differs}）` });
  }
  const shards = list.map(({ file, manifest: m }) => ({ file, shard: m.shard ? shardParts(m.shard) : null }));
  if (shards.some((s) => s.shard)) {
    const count = shards.find((s) => s.shard)!.shard!.count;
    const seen = new Map<number, string>();
    for (const { file, shard } of shards) {
      if (!shard || shard.count !== count) throw new VetError('MANIFEST_MERGE', { detail: `${file} 不是 n=${count} 的分片清单` });
      const twice = seen.get(shard.index);
      if (twice) throw new VetError('MANIFEST_MERGE', { detail: `分片 ${shard.index}/${count} 出现两次：${twice}、${file}` });
      seen.set(shard.index, file);
    }
    const missing = Array.from({ length: count }, (_, k) => k + 1).filter((k) => !seen.has(k));
    if (missing.length) throw new VetError('MANIFEST_MERGE', { detail: `缺少分片 ${missing.map((k) => `${k}/${count}`).join('、')} 的清单` });
  }
  const byId = new Map<string, EditionEntry>();
  for (const { manifest: m } of list) {
    for (const e of m.editions) {
      const prev = byId.get(e.id);
      if (!prev || prev.status === 'failed') byId.set(e.id, e);
    }
  }
  return { tool: 'vet-report', version: first.version, year: first.year, inputsHash: first.inputsHash, shard: null, editions: [...byId.values()] };
}

export async function mergeManifestFiles(files: readonly string[], out: string): Promise<Manifest> {
  const list: { file: string; manifest: Manifest }[] = [];
  for (const file of files) {
    const m = await loadManifest(file);
    // Paths stay relative to the merged manifest's folder.
    const rel = path.relative(path.dirname(out), path.dirname(file));
    list.push({
      file,
      manifest: {
        ...m,
        editions: m.editions.map((e) => ({ ...e, files: e.files.map((x) => ({ ...x, path: path.join(rel, x.path).split(path.sep).join('/') })) })),
      },
    });
  }
  const merged = mergeManifests(list);
  await writeManifest(out, merged);
  return merged;
}

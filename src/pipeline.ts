/**
 * vet-report's stages, tied together. The CLI and the package export call these same functions.
 *
 *   paths ─▶ ingest ─────────▶ validate ──────────────▶ aggregate ─────────▶ render
 *            files → sheets    rows → accepted rows     rows + series →     indicators + templates
 *            → classified      + findings + per-sheet   indicator table     → HTML (inline SVG)
 *            rows (origin)     accounting               (JSON/CSV/XLSX)     → PDF (Chromium)
 *
 * Each stage writes something a person can open: findings (terminal, JSON, annotated XLSX),
 * indicators (JSON, CSV, XLSX), editions (HTML, PDF).
 *
 * Options enter through src/options.ts (zod: the CLI's strings or a caller's values → strict
 * types). A build first hashes its inputs: unchanged since the last build with all files there,
 * it stops; unchanged data reads validate + aggregate back from the data cache (data-cache.ts);
 * each file's sheets, font subsets, charts and page layouts come from the tool cache (cache.ts).
 */
import path from 'node:path';
// Stages are imported when first used: a no-op rebuild or --help must not pay for loading
// exceljs, vega and puppeteer (about a second).
import { createHash } from 'node:crypto';
import { readdir, rm, stat } from 'node:fs/promises';
import { writeAtomic } from './io.js';
import { formatSummary } from './validate/summary.js';
import { keptEntries, manifestName, readManifest, writeManifest, type EditionEntry, type Manifest } from './manifest.js';
import { VERSION } from './version.js';
import { VetError } from './errors.js';
import { DATA, TEMPLATES } from './paths.js';
import { dataCacheEntry, readDataCache, writeDataCache } from './data-cache.js';
import { listInputs } from './ingest/files.js';
import { fileDigest, packageVersion, pruneCache, takeCacheNotices } from './cache.js';
import { shardOf } from './shard.js';
import {
  AggregateOptionsSchema,
  resolveBuildOptions,
  resolveOptions,
  ValidateOptionsSchema,
  type AggregateOptions,
  type BuildOptions,
  type OutputFormat,
  type ResolvedBuildOptions,
  type ValidateOptions,
} from './options.js';
import type { AggregateRun } from './runs.js';
export type { AggregateRun } from './runs.js';
import type { ValidationResult } from './validate/index.js';
import type { Printer } from './render/printer.js';
import type { EditionJob } from './render/editions/render.js';
import type { TemplateSet } from './render/editions/layers.js';
import { FindingSpill, findingsJson, type FindingSink } from './validate/findings.js';

export type { ValidationResult, SheetReport } from './validate/index.js';
export type { BuildOptions, AggregateOptions, ValidateOptions } from './options.js';

/**
 * Ingest and validate the given files and folders. `findings` lists the first FINDINGS_CAP of each
 * kind in a column of a sheet, `suppressed` counts the rest; a `sink` (such as a FindingSpill)
 * receives every finding.
 */
export async function runValidate(paths: readonly string[], options: ValidateOptions = {}, sink?: FindingSink): Promise<ValidationResult> {
  const opts = resolveOptions(ValidateOptionsSchema, options);
  const [{ ingest }, { validate }] = await Promise.all([import('./ingest/index.js'), import('./validate/index.js')]);
  return validate(ingest(paths, { keepSheets: opts.keepSheets }), { strict: opts.strict, sink });
}

/** True when at least one sheet was recognised as a data table. */
export function anyInputRead(r: ValidationResult): boolean {
  return r.files.some((f) => f.table !== null);
}

/** 0: no error; 1: a row was rejected or an error found; 2: nothing could be read at all. */
export function validateExitCode(r: ValidationResult): 0 | 1 | 2 {
  if (!anyInputRead(r)) return 2;
  const rejected = r.files.some((f) => f.rejected > 0);
  return rejected || r.findings.some((f) => f.severity === 'error') ? 1 : 0;
}

/** Validate, then aggregate the accepted rows; `year` defaults to the latest year in the data. */
export async function runAggregate(paths: readonly string[], options: AggregateOptions = {}, sink?: FindingSink): Promise<AggregateRun> {
  const opts = resolveOptions(AggregateOptionsSchema, options);
  const validation = await runValidate(paths, { strict: opts.strict, keepSheets: opts.keepSheets }, sink);
  // Each input's reason, so that "nothing read" says why (a FIFO, a Word file named .xlsx, …).
  if (!anyInputRead(validation))
    throw new VetError('NO_INPUT_READ', { detail: validation.files.map((f) => `  ${f.file}${f.sheet ? ` · ${f.sheet}` : ''}：${f.reason ?? ''}`).join('\n') });
  const year = resolveYear(validation, opts.year);
  const { aggregate } = await import('./aggregate/index.js');
  return { validation, result: aggregate(validation, year), rejected: validateExitCode(validation) !== 0 };
}

function resolveYear(v: ValidationResult, given?: number): number {
  if (given !== undefined) return given;
  const years = [...v.roster, ...v.projects, ...v.series].map((r) => r.year);
  if (!years.length) throw new VetError('NO_INPUT_READ');
  // The latest year with submissions (series run ahead of the data: 2024 rates in a 2023 report).
  const data = [...v.roster, ...v.projects].map((r) => r.year);
  return Math.max(...(data.length ? data : years));
}

/** The shipped data, used when `build` is given no path. */
export const DEFAULT_DATA = path.relative(process.cwd(), DATA) || 'data';

export interface BuildResult {
  year: number | null;
  /** Rows rejected or a consistency check failed (outputs are still written). */
  rejected: boolean;
  editions: EditionEntry[];
  outputs: string[];
  manifest: string | null;
  /** Nothing changed since the last build: no input was read again. */
  upToDate: boolean;
  log: string[];
}

/**
 * The main job: validate the inputs, aggregate, then build every edition of the chosen year into
 * out/<year>/ with one browser, a manifest beside them. When the inputs, templates, fonts and
 * options hash as in the last build and its files are all there, nothing is read or rendered.
 */
export async function runBuild(options: BuildOptions): Promise<BuildResult> {
  const opts = resolveBuildOptions(options);
  const now = opts.now ?? new Date();
  const { formats } = opts;
  const shard = opts.shard ?? null;
  const dataHash = await hashFiles(opts.paths, { year: opts.year ?? null, strict: !!opts.strict });
  const inputsHash = createHash('sha256')
    .update(dataHash)
    .update(
      await hashFiles(opts.templates ? [opts.templates, TEMPLATES] : [TEMPLATES], {
        formats,
        editions: opts.editions ?? null,
        region: opts.region ?? null,
        country: opts.country ?? null,
        fonts: FONT_PACKAGES.map(packageVersion),
      }),
    )
    .digest('hex');
  const fast = opts.force ? null : await upToDate(opts.out, manifestName(shard), inputsHash, opts.year);
  if (fast) {
    return {
      year: fast.manifest.year,
      rejected: false,
      editions: fast.manifest.editions.map((e) => ({ ...e, status: 'unchanged' as const })),
      outputs: [],
      manifest: fast.file,
      upToDate: true,
      log: [`输入、模板与选项均未变化，${fast.manifest.editions.length} 个版本无需重新生成（${fast.file}）。`],
    };
  }

  // Chromium starts now, while the stages load and the data is read: an analyst's one-edition
  // build would otherwise wait for the launch after all of that. Its modules (puppeteer too) are
  // loaded before the stages' (buildWith waits for them): loaded beside them, the launch started
  // ~0.8 s later. A printer the caller gives (watch mode, tests) is theirs to close.
  const own = formats.includes('pdf') && !opts.printer ? (await import('./render/printer.js')).createPrinter({ lent: opts.browser }) : null;
  const printer = formats.includes('pdf') ? (opts.printer ?? own ?? undefined) : undefined;
  await printer?.warm();
  try {
    // The spelling of --region/--country is checked before any data is read or written (after
    // the launch has started: loading the edition modules first would hold it back ~0.08 s).
    if (opts.region !== undefined || opts.country !== undefined) (await import('./render/editions/plan.js')).resolveSelection(opts);
    return await buildWith(opts, { now, formats, shard, dataHash, inputsHash, printer });
  } finally {
    await own?.close();
    await pruneCache();
  }
}

async function buildWith(
  opts: ResolvedBuildOptions,
  {
    now,
    formats,
    shard,
    dataHash,
    inputsHash,
    printer,
  }: { now: Date; formats: readonly OutputFormat[]; shard: { index: number; count: number } | null; dataHash: string; inputsHash: string; printer?: Printer },
): Promise<BuildResult> {
  const [{ planEditions }, { buildEditions }, { writeIndicators }, { layoutProblem, replacedFiles }, { editionFolderProblem }] = await Promise.all([
    import('./render/editions/plan.js'),
    import('./render/batch.js'),
    import('./aggregate/output.js'),
    import('./render/editions/layers.js'),
    import('./render/editions/layout-codes.js'),
  ]);
  // Overrides the build would pass over (bilateral/德国/ for bilateral/DE/) fail it before anything is read or written.
  if (opts.templates) {
    const bad = editionFolderProblem(opts.templates);
    if (bad) throw new VetError('BAD_OPTION', { option: '--templates', detail: bad });
  }
  const shipped = layoutProblem(TEMPLATES) ?? editionFolderProblem(TEMPLATES);
  if (shipped) throw new VetError('TEMPLATE_ERROR', { template: path.relative(process.cwd(), TEMPLATES) || 'templates', detail: shipped });
  // Unchanged data (only templates or options changed, or a fresh out/ on the same machine): the
  // validation and aggregate of the same inputs are reused from the tool cache.
  const cacheEntry = dataCacheEntry(dataHash, opts.paths);
  const cached = await readDataCache(cacheEntry);
  // validation.json lists every finding: beyond the cap they are spilled to disk, not held.
  const spill = cached ? null : new FindingSpill();
  let run: AggregateRun;
  try {
    // Files read before are read back from the tool cache: a corrected province file is the only
    // one parsed again.
    run = cached ?? (await runAggregate(opts.paths, { year: opts.year, strict: opts.strict, keepSheets: true }, spill ?? undefined));
  } catch (e) {
    spill?.dispose();
    throw e;
  }
  const year = run.result.year;
  // Every edition starts from the schools' submissions: a year with none (--year 2019, when only
  // the published series reach back that far) would give reports of dashes and empty charts.
  if (!run.validation.roster.some((r) => r.year === year)) {
    const years = [...new Set(run.validation.roster.map((r) => r.year))].sort().join('、') || '无';
    spill?.dispose();
    throw new VetError('NO_DATA_FOR_YEAR', { year, years });
  }
  const dir = path.join(opts.out, String(year));
  await removeStaleTemps(dir);
  const outputs: string[] = [];
  const v = run.validation;
  const validation = path.join(dir, 'validation.json');
  const indicatorFiles = ['indicators.json', 'indicators.csv', 'indicators.xlsx'].map((f) => path.join(dir, f));
  if (!cached || !(await allExist([validation, ...indicatorFiles]))) {
    const files = v.files.map(({ file, sheet, table, read, accepted, rejected, skipped }) => ({ file, sheet, table, read, accepted, rejected, skipped }));
    await writeAtomic(validation, findingsJson({ year, files }, spill ?? v.findings)).finally(() => spill?.dispose());
    await writeIndicators(run.result, dir);
  }
  // A run with findings beyond the cap is not kept: validation.json from the cache would miss them.
  if (!cached && !v.suppressed.length) await writeDataCache(cacheEntry, run);
  outputs.push(validation, ...indicatorFiles);

  const planned = planEditions(v, run.result, opts);
  const plan = shard ? shardOf(planned, shard.index, shard.count) : planned;
  const manifestFile = path.join(dir, manifestName(shard));
  const previous = await readManifest(manifestFile);
  const editions = await buildEditions(plan, { dir, formats, now, force: opts.force, pinDates: opts.pinDates, previous, onEvent: opts.onEvent, printer });
  // The manifest is the folder's: editions this build did not select stay listed while their files are intact.
  const selected = (e: { id: string; kind: string }) =>
    opts.region !== undefined || opts.country !== undefined
      ? planned.some((p) => p.job.id === e.id)
      : !opts.editions || opts.editions.includes(e.kind as never);
  const kept = shard ? [] : await keptEntries(previous, editions, dir, selected);
  await writeManifest(manifestFile, {
    tool: 'vet-report',
    version: VERSION,
    year,
    inputsHash,
    shard: shard ? `${shard.index}/${shard.count}` : null,
    editions: [...editions, ...kept],
  });
  outputs.push(...editions.flatMap((e) => e.files.map((f) => path.join(dir, f.path))), manifestFile);

  const failed = editions.filter((e) => e.status === 'failed');
  const log = [
    formatSummary(v),
    '',
    ...run.result.errors.map((e) => `错误：${e.message}`),
    ...replacedLog(
      plan.map((p) => p.job),
      replacedFiles,
    ),
    ...(planned.length ? [] : [`提示：${year}年的数据中没有所选的版本：国别版需要该年的对外合作项目，省域版需要该省的院校基本情况。`]),
    ...failed.map((e) => `错误：${e.title} 生成失败：${e.error}`),
    ...editions.filter((e) => e.status === 'built').flatMap((e) => (e.warnings ?? []).map((w) => `警告：${e.title}：${w}`)),
    ...takeCacheNotices(),
  ];
  return { year, rejected: run.rejected || run.result.errors.length > 0, editions, outputs, manifest: manifestFile, upToDate: false, log };
}

/** Each template file that replaces a shipped one (an overlay's, an edition's own), named once with the editions using it. */
function replacedLog(jobs: readonly EditionJob[], replaced: (s: TemplateSet) => string[]): string[] {
  const users = new Map<string, string[]>();
  for (const job of jobs) for (const f of job.templates ? replaced(job.templates) : []) users.set(f, [...(users.get(f) ?? []), job.id]);
  return [...users].map(
    ([f, ids]) =>
      `提示：使用改写的模板 ${path.relative(process.cwd(), f)}（${ids.length > 3 ? `${ids.slice(0, 3).join('、')} 等 ${ids.length} 个版本` : ids.join('、')}）`,
  );
}

/** The last build's manifest, if it was made from the same inputs and its files are all there. */
async function upToDate(out: string, name: string, inputsHash: string, year?: string | number): Promise<{ manifest: Manifest; file: string } | null> {
  const years = year !== undefined ? [String(year)] : await readdir(out).catch(() => [] as string[]);
  for (const y of years
    .filter((d) => /^\d{4}$/.test(d))
    .sort()
    .reverse()) {
    const file = path.join(out, y, name);
    const m = await readManifest(file);
    if (!m || m.inputsHash !== inputsHash || m.editions.some((e) => e.status === 'failed')) continue;
    const ok = await Promise.all(
      m.editions.flatMap((e) => e.files.map(async (f) => (await stat(path.join(out, y, f.path)).catch(() => null))?.size === f.bytes)),
    );
    if (ok.every(Boolean)) return { manifest: m, file };
  }
  return null;
}

/** A killed build may leave .name.pid.time.tmp files; they are never outputs. */
async function removeStaleTemps(dir: string): Promise<void> {
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true }).catch(() => [])) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) await walk(full);
      else if (e.name.startsWith('.') && e.name.endsWith('.tmp')) await rm(full, { force: true });
    }
  };
  await walk(dir);
}

const FONT_PACKAGES = ['@expo-google-fonts/noto-sans-sc', '@expo-google-fonts/noto-serif-sc', 'harfbuzzjs'];

/**
 * sha256 over files (names and bytes; folders walked in name order), options and the tool version.
 * A file in a given folder is named relative to it (山东.xlsx, not /home/…/data/山东.xlsx), a file
 * given itself as given: the names findings print. So the manifest's hash is the same in every
 * clone and on every CI runner, which is what lets `manifest merge` check that shards come from
 * one build.
 */
async function hashFiles(paths: readonly string[], options: object): Promise<string> {
  const h = createHash('sha256').update(`${VERSION}\n${JSON.stringify(options)}\n`);
  // The same files ingest reads, found the same way: a FIFO or a link to /dev/zero is never
  // opened here either, a link loop never followed; what ingest refuses enters by its refusal.
  // A given path that is missing is PATH_NOT_FOUND here, before an unchanged build could be
  // reported as such (skipped, it would have added nothing to the hash).
  for (const [i, given] of paths.entries()) {
    for (const f of await listInputs([given], { anyFile: true })) {
      h.update(`${i}:${f.display}\n`);
      if (f.refused) h.update(JSON.stringify(f.refused));
      else
        h.update(
          await fileDigest(f.path).then(
            (d) => d.digest,
            (e: unknown) => `unreadable ${(e as NodeJS.ErrnoException).code}`,
          ),
        );
    }
  }
  return h.digest('hex');
}

async function allExist(files: readonly string[]): Promise<boolean> {
  return (
    await Promise.all(
      files.map((f) =>
        stat(f).then(
          () => true,
          () => false,
        ),
      ),
    )
  ).every(Boolean);
}

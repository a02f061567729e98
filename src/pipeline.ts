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
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingest } from './ingest/index.js';
import { writeAtomic } from './io.js';
import { formatSummary } from './validate/summary.js';
import { aggregate, type AggregateResult } from './aggregate/index.js';
import { writeIndicators } from './aggregate/output.js';
import { annualModel } from './render/editions/annual.js';
import { renderEditionHtml, writeEdition, type EditionJob } from './render/editions/render.js';
import { launchBrowser } from './render/browser.js';
import { VetError } from './errors.js';
import { validate, type ValidateOptions, type ValidationResult } from './validate/index.js';

export type { ValidationResult, SheetReport } from './validate/index.js';

/** Ingest and validate the given files and folders. */
export async function runValidate(paths: readonly string[], opts: ValidateOptions = {}): Promise<ValidationResult> {
  return validate(ingest(paths), opts);
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

export interface AggregateRun {
  validation: ValidationResult;
  result: AggregateResult;
  /** Rows were rejected: outputs are still written, the exit code says so. */
  rejected: boolean;
}

/** Validate, then aggregate the accepted rows; `year` defaults to the latest year in the data. */
export async function runAggregate(paths: readonly string[], opts: { year?: number | string; strict?: boolean } = {}): Promise<AggregateRun> {
  const validation = await runValidate(paths, { strict: opts.strict });
  if (!anyInputRead(validation)) throw new VetError('NO_INPUT_READ');
  const year = resolveYear(validation, opts.year);
  return { validation, result: aggregate(validation, year), rejected: validateExitCode(validation) !== 0 };
}

function resolveYear(v: ValidationResult, given?: number | string): number {
  if (given !== undefined) {
    const y = Number(given);
    if (!Number.isInteger(y) || y < 2000 || y > 2100) throw new VetError('BAD_OPTION', { option: '--year', detail: `${given} 不是有效年份` });
    return y;
  }
  const years = [...v.roster, ...v.projects, ...v.series].map((r) => r.year);
  if (!years.length) throw new VetError('NO_INPUT_READ');
  // The latest year with submissions (series run ahead of the data: 2024 rates in a 2023 report).
  const data = [...v.roster, ...v.projects].map((r) => r.year);
  return Math.max(...(data.length ? data : years));
}

/** The shipped data, used when `build` is given no path. */
export const DEFAULT_DATA = path.relative(process.cwd(), fileURLToPath(new URL('../data', import.meta.url))) || 'data';

export interface BuildOptions {
  paths: readonly string[];
  year?: string | number;
  out: string;
  strict?: boolean;
  /** Output formats (default html and pdf). */
  formats?: readonly ('html' | 'pdf')[];
  /** The clock: the date on the cover and in file metadata (tests pin it). */
  now?: Date;
}

export interface BuildResult {
  year: number;
  rejected: boolean;
  outputs: string[];
  log: string[];
}

const TEMPLATES = fileURLToPath(new URL('../templates', import.meta.url));

/**
 * The main job: validate the inputs, aggregate, then build every edition of the chosen year into
 * out/<year>/ (one browser for the whole build).
 */
export async function runBuild(opts: BuildOptions): Promise<BuildResult> {
  const now = opts.now ?? new Date();
  const formats = opts.formats ?? ['html', 'pdf'];
  const run = await runAggregate(opts.paths, { year: opts.year, strict: opts.strict });
  const year = run.result.year;
  const dir = path.join(opts.out, String(year));
  const outputs: string[] = [];
  const v = run.validation;
  const files = v.files.map(({ file, sheet, table, read, accepted, rejected, skipped }) => ({ file, sheet, table, read, accepted, rejected, skipped }));
  const validation = path.join(dir, 'validation.json');
  await writeAtomic(validation, JSON.stringify({ year, files, findings: v.findings }, null, 2) + '\n');
  outputs.push(validation, ...(await writeIndicators(run.result, dir)));

  const sample = [...v.roster, ...v.projects].some((r) => r.origin.file.includes('示例'));
  const ctx = { year, region: '全国', indicators: run.result.indicators, sample };
  const job: EditionJob = {
    id: 'annual', kind: 'annual', title: `中国职业教育发展年度报告（${year}）`,
    subtitle: sample ? '（示例数据版）' : undefined,
    templateDir: path.join(TEMPLATES, 'annual'), model: annualModel(run.result.indicators, year), ctx,
  };
  const browser = formats.includes('pdf') ? await launchBrowser() : undefined;
  try {
    const rendered = await renderEditionHtml(job, now);
    const written = await writeEdition(job, rendered, dir, { browser, now, pdf: formats.includes('pdf'), html: true });
    outputs.push(written.html, ...(written.pdf ? [written.pdf] : []));
  } finally {
    await browser?.close();
  }
  const log = [formatSummary(v), '', ...run.result.errors.map((e) => `错误：${e.message}`), `已写出：${outputs.join('、')}`];
  return { year, rejected: run.rejected || run.result.errors.length > 0, outputs, log };
}

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

/** The shipped data, used when `build` is given no path. */
export const DEFAULT_DATA = path.relative(process.cwd(), fileURLToPath(new URL('../data', import.meta.url))) || 'data';

export interface BuildOptions {
  paths: readonly string[];
  year?: string | number;
  out: string;
  strict?: boolean;
}

export interface BuildResult {
  year: number;
  rejected: boolean;
  outputs: string[];
  log: string[];
}

/**
 * The main job: validate the inputs, then build every edition of the chosen year into
 * out/<year>/. Stages not yet built are skipped; the command does not change when they arrive.
 */
export async function runBuild(opts: BuildOptions): Promise<BuildResult> {
  const result = await runValidate(opts.paths, { strict: opts.strict });
  const years = [...result.roster, ...result.projects].map((r) => r.year);
  if (!anyInputRead(result) || years.length === 0) throw new VetError('NO_INPUT_READ');
  const year = opts.year !== undefined ? Number(opts.year) : Math.max(...years);
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new VetError('BAD_OPTION', { option: '--year', detail: `${opts.year} 不是有效年份` });
  const dir = path.join(opts.out, String(year));
  const outputs: string[] = [];
  const validation = path.join(dir, 'validation.json');
  const files = result.files.map(({ file, sheet, table, read, accepted, rejected, skipped }) => ({ file, sheet, table, read, accepted, rejected, skipped }));
  await writeAtomic(validation, JSON.stringify({ year, files, findings: result.findings }, null, 2) + '\n');
  outputs.push(validation);
  const log = [formatSummary(result), '', `已写出：${outputs.join('、')}`];
  return { year, rejected: validateExitCode(result) !== 0, outputs, log };
}

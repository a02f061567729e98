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
import { ingest } from './ingest/index.js';
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

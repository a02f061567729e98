/** Where the package's own folders are, from src/ or dist/ alike (both sit one level below the root). */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const TEMPLATES = fileURLToPath(new URL('../templates', import.meta.url));
export const DATA = fileURLToPath(new URL('../data', import.meta.url));

/**
 * The tool's own cache of work that depends only on content (decoded and subset fonts, rendered
 * charts): VET_REPORT_CACHE, or vet-report-cache in the system's temp folder. Safe to delete;
 * a CI job may keep it between runs.
 */
export function cacheDir(...parts: string[]): string {
  return join(process.env['VET_REPORT_CACHE'] || join(tmpdir(), 'vet-report-cache'), ...parts);
}

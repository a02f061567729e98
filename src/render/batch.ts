/**
 * Builds many editions with one browser: HTML for every edition (cheap), then PDFs printed in
 * parallel tabs sized to the cores, longest first. An edition whose hash and outputs are
 * unchanged is not printed again. One edition's failure is recorded and the others go on.
 */
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import * as fmt from '../format/index.js';
import { VERSION } from '../version.js';
import type { Printer } from './printer.js';
import { renderEditionHtml, writeEdition } from './editions/render.js';
import type { PlannedEdition } from './editions/plan.js';
import type { EditionEntry, Manifest } from '../manifest.js';
import type { OutputFormat, ProgressEvent } from '../types.js';

export type { ProgressEvent } from '../types.js';

export interface BatchOptions {
  dir: string;
  formats: readonly OutputFormat[];
  now: Date;
  force?: boolean;
  /** Pin the PDFs' dates to `now` (SOURCE_DATE_EPOCH builds). */
  pinDates?: boolean;
  previous?: Manifest | null;
  /** Tabs printing at once (default: the machine's cores). */
  concurrency?: number;
  onEvent?: (e: ProgressEvent) => void;
  /** Prints the PDFs (left open; the caller closes it). Needed when formats include pdf. */
  printer?: Printer;
}

async function exists(file: string): Promise<number | null> {
  try {
    return (await stat(file)).size;
  } catch {
    return null;
  }
}

/** The hash of what an edition is built from: its complete HTML (data, templates, charts, fonts), the tool version and formats. */
export function editionHash(html: string, formats: readonly string[], date: string): string {
  // The build date on the cover is not an input: a rebuild the next day changes nothing else.
  // Hashed piece by piece around it (the same bytes as without it; no 0.7 MB copy per edition).
  const h = createHash('sha256').update(`${VERSION}\n${formats.join(',')}\n`);
  let at = 0;
  for (let i = date ? html.indexOf(date) : -1; i >= 0; i = html.indexOf(date, at)) {
    h.update(html.slice(at, i));
    at = i + date.length;
  }
  return h.update(html.slice(at)).digest('hex');
}

export async function buildEditions(plan: readonly PlannedEdition[], opts: BatchOptions): Promise<EditionEntry[]> {
  const emit = opts.onEvent ?? (() => {});
  const previous = new Map((opts.previous?.editions ?? []).map((e) => [e.id, e]));
  const order = [...plan].sort((a, b) => b.expectedPages - a.expectedPages || (a.job.id < b.job.id ? -1 : 1));
  const dateText = fmt.dateZh(opts.now); // China's day of the instant
  emit({ type: 'plan', total: order.length });

  const pdf = opts.formats.includes('pdf');
  // The caller owns the printer (runBuild, watch, tests): this module never starts Chromium.
  const printer = pdf ? opts.printer : undefined;
  if (pdf && !printer) throw new Error('buildEditions: PDF needs the caller’s printer');
  const results = new Map<string, EditionEntry>();
  let next = 0;
  // Chromium starts while the first HTML is rendered, not after it: an analyst's one-edition
  // build waits for the launch otherwise. (A build that finds every edition unchanged has paid
  // for a launch it did not need; one whose inputs are all unchanged stops before this.)
  if (order.length) void printer?.warm();

  const one = async (p: PlannedEdition): Promise<EditionEntry> => {
    const { job } = p;
    const t0 = performance.now();
    emit({ type: 'start', id: job.id, title: job.title });
    const base = { id: job.id, kind: job.kind, title: job.title };
    try {
      const rendered = await renderEditionHtml(job, opts.now);
      const hash = editionHash(rendered.html, opts.formats, dateText);
      const prev = previous.get(job.id);
      if (!opts.force && prev && prev.hash === hash && prev.status !== 'failed' && prev.files.length) {
        const sizes = await Promise.all(prev.files.map((f) => exists(path.join(opts.dir, f.path))));
        if (sizes.every((s, k) => s === prev.files[k].bytes)) {
          const entry: EditionEntry = { ...prev, status: 'unchanged' };
          emit({ type: 'done', id: job.id, title: job.title, status: 'unchanged', ms: performance.now() - t0 });
          return entry;
        }
      }
      // HTML and data first; then the PDF, through the printer (which relaunches a crashed browser).
      const files = await writeEdition(job, rendered, opts.dir, { printer, now: opts.now, pdf, html: true, pdfDate: opts.pinDates ? opts.now : undefined });
      const list = [files.html, ...(files.pdf ? [files.pdf] : []), ...files.data];
      const warnings = [...rendered.chartWarnings, ...(files.print?.warnings ?? []), ...(files.print?.fontProblems ?? [])];
      const entry: EditionEntry = {
        ...base,
        status: 'built',
        hash,
        pages: files.print?.pages ?? null,
        ...(warnings.length ? { warnings } : {}),
        files: await Promise.all(list.map(async (f) => ({ path: path.relative(opts.dir, f).split(path.sep).join('/'), bytes: (await exists(f)) ?? 0 }))),
      };
      emit({ type: 'done', id: job.id, title: job.title, status: 'built', ms: performance.now() - t0 });
      return entry;
    } catch (e) {
      const error = (e as Error).message;
      emit({ type: 'done', id: job.id, title: job.title, status: 'failed', ms: performance.now() - t0, error });
      return { ...base, status: 'failed', hash: null, pages: null, files: [], error };
    }
  };

  const workers = Math.max(1, Math.min(opts.concurrency ?? availableParallelism(), order.length));
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < order.length) {
        const p = order[next++];
        results.set(p.job.id, await one(p));
      }
    }),
  );
  return plan.map((p) => results.get(p.job.id)!);
}

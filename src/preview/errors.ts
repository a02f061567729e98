/**
 * A build's error as the preview's overlay shows it: the message, and for a template error the
 * file, the line and a few lines of the template around it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PREVIEW } from '../messages.js';

export interface Overlay {
  /** The edition that failed; absent when the whole build did. */
  edition?: string;
  title: string;
  message: string;
  /** The template the message names, as it names it. */
  file?: string;
  line?: number;
  column?: number;
  /** "file：第 N 行", ready to print. */
  where?: string;
  /** Numbered lines around `line`, the failing one marked with ">". */
  frame?: string;
  hint: string;
}

/**
 * TEMPLATE_ERROR's message names the file ("模板 templates/… 出错："), its detail the line: ours
 * "第 N 行：…", Handlebars' parser "Parse error on line N:".
 */
export function describeError(message: string, opts: { edition?: string; title: string; cwd?: string }): Overlay {
  const o: Overlay = { ...(opts.edition ? { edition: opts.edition } : {}), title: PREVIEW.overlayTitle(opts.title), message, hint: PREVIEW.overlayHint };
  const m = /^模板 (.+?) 出错：/.exec(message);
  if (!m) return o;
  o.file = m[1];
  const line = /第 (\d+) 行/.exec(message) ?? /Parse error on line (\d+)/.exec(message);
  const column = /第 \d+ 行第 (\d+) 列/.exec(message);
  if (line) o.line = Number(line[1]);
  if (column) o.column = Number(column[1]);
  o.where = PREVIEW.overlayWhere(o.file, o.line, o.column);
  if (o.line) o.frame = codeFrame(path.resolve(opts.cwd ?? process.cwd(), o.file), o.line, o.column);
  return o;
}

/** Three lines either side of `line` (1-based), numbered, a caret under `column` (1-based); undefined when the file cannot be read. */
export function codeFrame(file: string, line: number, column?: number, around = 3): string | undefined {
  // Only templates and chart specs: the path comes from a message, not from a request, but a
  // frame is no reason to read anything else.
  if (!/\.(hbs|json)$/.test(file)) return undefined;
  let lines: string[];
  try {
    lines = readFileSync(file, 'utf8').split(/\r?\n/);
  } catch {
    return undefined;
  }
  const from = Math.max(1, line - around);
  const to = Math.min(lines.length, line + around);
  const width = String(to).length;
  const out: string[] = [];
  for (let n = from; n <= to; n++) {
    out.push(`${n === line ? '>' : ' '} ${String(n).padStart(width)} | ${lines[n - 1]}`);
    if (n === line && column) out.push(`  ${' '.repeat(width)} | ${' '.repeat(column - 1)}^`);
  }
  return out.join('\n');
}

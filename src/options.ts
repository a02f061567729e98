/**
 * Options at the edge. What the command line's strings or a library caller give ("2023" or 2023,
 * "html,pdf" or ['pdf'], "2/4") is resolved here once, by zod schemas, into the strict types the
 * stages trust. A bad value is one VetError (BAD_OPTION) naming the option as the CLI spells it;
 * an unknown key (a library caller's typo, say `format` for `formats`) is one too, rather than an
 * option silently ignored.
 */
import { statSync } from 'node:fs';
import * as z from './zod.js';
import { VetError } from './errors.js';
import { layoutProblem } from './render/editions/layers.js';
import type { RenderBrowser } from './render/browser.js';
import type { Printer } from './render/printer.js';

import { EDITION_KINDS, FORMATS, type ProgressEvent } from './types.js';
export type { OutputFormat } from './types.js';

/** Each option's name on the command line, for messages. */
const FLAGS: Record<string, string> = {
  paths: '路径',
  year: '--year',
  out: '--out',
  strict: '--strict',
  formats: '--format',
  editions: '--edition',
  region: '--region',
  country: '--country',
  templates: '--templates',
  shard: '--shard',
  force: '--force',
  pinDates: 'pinDates',
  now: 'now',
  onEvent: 'onEvent',
  browser: 'browser',
  keepSheets: 'keepSheets',
  port: '--port',
  host: '--host',
  open: '--open',
};

const shown = (v: unknown): string => (typeof v === 'string' ? `“${v}”` : String(v));
const says = (detail: (input: unknown) => string) => ({ error: (i: { input?: unknown }) => detail(i.input) });

const notYear = says((v) => `${shown(v)} 不是有效年份（2000—2100 的 4 位数字）`);
/** 2023 or "2023". */
const year = z.preprocess((v) => (typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v), z.int(notYear).min(2000, notYear).max(2100, notYear));

/**
 * "html,pdf", "PDF" or ['html']: a non-empty list of the allowed words, lower case, each once, in
 * the order of `allowed` (so "pdf,html" and "html,pdf" are one build: same hash, shards merge).
 */
function wordList<const T extends readonly [string, ...string[]]>(allowed: T, what: string) {
  const rank = (w: unknown): number => (allowed as readonly unknown[]).indexOf(w) >>> 0; // unknown words last
  return z.preprocess(
    (v) => {
      const list = typeof v === 'string' ? v.split(',') : v;
      return Array.isArray(list)
        ? [...new Set(list.map((s) => (typeof s === 'string' ? s.trim().toLowerCase() : s)).filter((s) => s !== ''))].sort((a, b) => rank(a) - rank(b))
        : v;
    },
    z
      .array(
        z.enum(
          allowed,
          says((v) => `不支持的${what} ${shown(v)}（可用：${allowed.join('、')}）`),
        ),
        says(() => `应为${what}，用逗号分隔`),
      )
      .min(
        1,
        says(() => `至少给出一种${what}（可用：${allowed.join('、')}）`),
      ),
  );
}

/** "i/n" → { index, count } with 1 ≤ i ≤ n, or null. */
export function shardParts(s: string): { index: number; count: number } | null {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(s);
  const [index, count] = m ? [Number(m[1]), Number(m[2])] : [0, 0];
  return m && index >= 1 && index <= count ? { index, count } : null;
}
export const shardProblem = (s: unknown): string => `应为 i/n，且 1 ≤ i ≤ n（如 2/4），而不是${shown(s)}`;

const shard = z.string(says(shardProblem)).transform((s, ctx) => {
  const parts = shardParts(s);
  if (!parts) {
    ctx.issues.push({ code: 'custom', input: s, message: shardProblem(s) });
    return z.NEVER;
  }
  return parts;
});

/** What is at a path: a folder, something else, nothing, or a path through a file (ENOTDIR). */
function pathKind(p: string): 'folder' | 'file' | 'none' | 'through-file' {
  try {
    return statSync(p).isDirectory() ? 'folder' : 'file';
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOTDIR' ? 'through-file' : 'none';
  }
}
const NOT_A_FOLDER = { file: '是文件，不是文件夹', 'through-file': '路径中有一部分是文件，不是文件夹', none: '不存在', folder: '' };

/** An overlay over the shipped templates/: a folder, laid out as templates/ is, holding only the files that differ. */
function templatesProblem(dir: string): string | null {
  const kind = pathKind(dir);
  if (kind !== 'folder') return `模板文件夹 ${shown(dir)} ${NOT_A_FOLDER[kind]}`;
  return layoutProblem(dir);
}

const text = (what: string) =>
  z
    .string(says(() => `应为${what}`))
    .trim()
    .min(
      1,
      says(() => `不能为空`),
    );
/** A path option checked on disk: problem() says what is wrong with it, or null. */
const checkedPath = (what: string, problem: (p: string) => string | null) =>
  text(what).refine(
    (p) => problem(p) === null,
    says((v) => problem(String(v))!),
  );
function outProblem(dir: string): string | null {
  const kind = pathKind(dir);
  return kind === 'folder' || kind === 'none' ? null : `${shown(dir)} ${NOT_A_FOLDER[kind]}`;
}
const flag = z.boolean(says((v) => `应为 true 或 false，而不是 ${shown(v)}`));

export const ValidateOptionsSchema = z.strictObject({
  /** Warnings count as errors (and reject their rows). */
  strict: flag.optional(),
  /**
   * Keep each file's sheets in the tool cache and read unchanged files back from it (the CLI's
   * commands and builds, which read the same inputs again and again; ~8 % more the first time).
   */
  keepSheets: flag.optional(),
});

export const AggregateOptionsSchema = ValidateOptionsSchema.extend({
  /** The report year; default: the latest year in the data. */
  year: year.optional(),
});

export const BuildOptionsSchema = z.strictObject({
  /** Files and folders to read. */
  paths: z
    .array(
      text('文件或文件夹路径'),
      says(() => '应为文件或文件夹的列表'),
    )
    .min(
      1,
      says(() => '至少给出一个文件或文件夹'),
    ),
  year: year.optional(),
  /** Output folder: editions go to <out>/<year>/. */
  out: checkedPath('输出目录', outProblem).default('out'),
  strict: flag.optional(),
  formats: wordList(FORMATS, '输出格式').default([...FORMATS]),
  /** Only these kinds of edition (default: all). */
  editions: wordList(EDITION_KINDS, '版本').optional(),
  /** Any accepted spelling: 山东, 山东省, 37. */
  region: text('省份名称或代码').optional(),
  /** Any accepted spelling: DE, DEU, 德国, Germany. */
  country: text('国家（地区）名称或代码').optional(),
  /** An overlay over the shipped templates/, holding only the files that differ (same layout). */
  templates: checkedPath('模板文件夹路径', templatesProblem).optional(),
  /** Build only this runner's share of the editions ("i/n"). */
  shard: shard.optional(),
  /** Render every edition even when unchanged. */
  force: flag.optional(),
  /** Reproducible PDFs: their dates are `now` (set when SOURCE_DATE_EPOCH is). */
  pinDates: flag.optional(),
  /** The clock: the date on the cover and in file metadata (tests pin it). */
  now: z.date(says(() => '应为有效日期')).optional(),
  onEvent: z
    .custom<(e: ProgressEvent) => void>(
      (v) => typeof v === 'function',
      says(() => '应为函数'),
    )
    .optional(),
  /** Prints the PDFs and is left open (watch mode, tests: src/render/printer.ts); by default the build creates and closes one. */
  printer: z
    .custom<Printer>(
      (v) => typeof v === 'object' && v !== null && 'use' in v && 'warm' in v,
      says(() => '应为 createPrinter() 创建的打印器'),
    )
    .optional(),
  /** A launched browser to print with while it runs and leave open (kept for existing callers; printer is the way). */
  browser: z
    .custom<RenderBrowser>(
      (v) => typeof v === 'object' && v !== null && 'browser' in v,
      says(() => '应为已启动的浏览器'),
    )
    .optional(),
});

const notPort = says((v) => `应为 0—65535 的端口号，而不是 ${shown(v)}`);
/** `vet-report preview`'s own options (the build's are BuildOptionsSchema's). */
export const PreviewServeOptionsSchema = z.strictObject({
  /** 0 picks a free port (tests). */
  port: z.preprocess((v) => (typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v), z.int(notPort).min(0, notPort).max(65535, notPort)).default(4321),
  /** Loopback unless the editor names another address. */
  host: text('主机地址').default('127.0.0.1'),
  /** Open the index in the system's browser. */
  open: flag.optional(),
});
export type PreviewServeOptions = z.input<typeof PreviewServeOptionsSchema>;

/** What a caller may give: strings where the CLI has them, lists or words. */
export type BuildOptions = z.input<typeof BuildOptionsSchema>;
/** What the stages get. */
export type ResolvedBuildOptions = z.output<typeof BuildOptionsSchema>;
export type AggregateOptions = z.input<typeof AggregateOptionsSchema>;
export type ValidateOptions = z.input<typeof ValidateOptionsSchema>;

const TYPES: Record<string, string> = {
  number: '数字',
  int: '整数',
  string: '文字',
  boolean: 'true 或 false',
  object: '对象',
  array: '列表',
  date: '日期',
  null: 'null',
};

/**
 * zod's issues in Chinese, for checks that carry no message of their own (manifests read back,
 * or an option of a type nobody would give from the command line). Passed as the parse's error map.
 */
export function zhIssue(iss: {
  code?: string;
  expected?: string;
  values?: readonly unknown[];
  minimum?: unknown;
  maximum?: unknown;
  origin?: string;
  input?: unknown;
}): string {
  const expected =
    iss.code === 'invalid_type'
      ? (TYPES[iss.expected ?? ''] ?? iss.expected)
      : iss.code === 'invalid_value'
        ? `${(iss.values ?? []).map((v) => JSON.stringify(v)).join('、')}${(iss.values ?? []).length > 1 ? ' 之一' : ''}`
        : null;
  if (expected !== null && iss.input === undefined) return `缺少此项（应为${expected}）`;
  switch (iss.code) {
    case 'invalid_type':
    case 'invalid_value':
      return `应为${expected}，而不是 ${shown(iss.input)}`;
    case 'too_small':
      return iss.origin === 'string' || iss.origin === 'array' ? '不能为空' : `不能小于 ${String(iss.minimum)}`;
    case 'too_big':
      return `不能大于 ${String(iss.maximum)}`;
    case 'invalid_format':
      return `格式不对：${shown(iss.input)}`;
    default:
      return `不符合要求：${shown(iss.input)}`;
  }
}

/** Parses with the schema; the first problem becomes a VetError naming the option. */
export function resolveOptions<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input ?? {}, { error: zhIssue });
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  if (issue.code === 'unrecognized_keys') {
    throw new VetError('BAD_OPTION', {
      option: issue.keys.join('、'),
      detail: `没有这个选项（可用：${Object.keys((schema as unknown as { shape: object }).shape ?? {}).join('、')}）`,
    });
  }
  const key = String(issue.path[0] ?? '');
  throw new VetError('BAD_OPTION', { option: FLAGS[key] ?? key, detail: issue.message });
}

export const resolveBuildOptions = (input: BuildOptions): ResolvedBuildOptions => resolveOptions(BuildOptionsSchema, input);

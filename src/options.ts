/**
 * Options at the edge. What the command line's strings or a library caller give ("2023" or 2023,
 * "html,pdf" or ['pdf'], "2/4") is resolved here once, by zod schemas, into the strict types the
 * stages trust. A bad value is one VetError (BAD_OPTION) naming the option as the CLI spells it;
 * an unknown key (a library caller's typo, say `format` for `formats`) is one too, rather than an
 * option silently ignored.
 */
import * as z from './zod.js';
import { VetError } from './errors.js';
import type { ProgressEvent } from './render/batch.js';
import type { RenderBrowser } from './render/browser.js';

export const FORMATS = ['html', 'pdf'] as const;
export const EDITION_KINDS = ['annual', 'regional', 'bilateral'] as const;
export type OutputFormat = (typeof FORMATS)[number];
export type EditionKind = (typeof EDITION_KINDS)[number];

/** Each option's name on the command line, for messages. */
const FLAGS: Record<string, string> = {
  paths: '路径', year: '--year', out: '--out', strict: '--strict', formats: '--format', editions: '--edition',
  region: '--region', country: '--country', templates: '--templates', shard: '--shard', force: '--force',
  pinDates: 'pinDates', now: 'now', onEvent: 'onEvent', browser: 'browser', keepSheets: 'keepSheets',
};

const shown = (v: unknown): string => (typeof v === 'string' ? `“${v}”` : String(v));
const says = (detail: (input: unknown) => string) => ({ error: (i: { input?: unknown }) => detail(i.input) });

const notYear = says((v) => `${shown(v)} 不是有效年份（2000—2100 的 4 位数字）`);
/** 2023 or "2023". */
const year = z.preprocess(
  (v) => (typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v),
  z.int(notYear).min(2000, notYear).max(2100, notYear),
);

/** "html,pdf", "PDF" or ['html']: a non-empty list of the allowed words, lower case, each once. */
function wordList<const T extends readonly [string, ...string[]]>(allowed: T, what: string) {
  return z.preprocess(
    (v) => {
      const list = typeof v === 'string' ? v.split(',') : v;
      return Array.isArray(list) ? [...new Set(list.map((s) => (typeof s === 'string' ? s.trim().toLowerCase() : s)).filter((s) => s !== ''))] : v;
    },
    z.array(z.enum(allowed, says((v) => `不支持的${what} ${shown(v)}（可用：${allowed.join('、')}）`)), says(() => `应为${what}，用逗号分隔`))
      .min(1, says(() => `至少给出一种${what}（可用：${allowed.join('、')}）`)),
  );
}

/** "i/n" → { index, count }, 1 ≤ i ≤ n. */
const shard = z.string(says((v) => `应为 i/n，而不是 ${shown(v)}`)).transform((s, ctx) => {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(s);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) {
    ctx.issues.push({ code: 'custom', input: s, message: `应为 i/n，且 1 ≤ i ≤ n（如 2/4），而不是“${s}”` });
    return z.NEVER;
  }
  return { index, count };
});

const text = (what: string) => z.string(says(() => `应为${what}`)).trim().min(1, says(() => `不能为空`));
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
  paths: z.array(text('文件或文件夹路径'), says(() => '应为文件或文件夹的列表')).min(1, says(() => '至少给出一个文件或文件夹')),
  year: year.optional(),
  /** Output folder: editions go to <out>/<year>/. */
  out: text('输出目录').default('out'),
  strict: flag.optional(),
  formats: wordList(FORMATS, '输出格式').default([...FORMATS]),
  /** Only these kinds of edition (default: all). */
  editions: wordList(EDITION_KINDS, '版本').optional(),
  /** Any accepted spelling: 山东, 山东省, 37. */
  region: text('省份名称或代码').optional(),
  /** Any accepted spelling: DE, DEU, 德国, Germany. */
  country: text('国家（地区）名称或代码').optional(),
  /** Templates folder (default: the shipped templates/). */
  templates: text('模板文件夹路径').optional(),
  /** Build only this runner's share of the editions ("i/n"). */
  shard: shard.optional(),
  /** Render every edition even when unchanged. */
  force: flag.optional(),
  /** Reproducible PDFs: their dates are `now` (set when SOURCE_DATE_EPOCH is). */
  pinDates: flag.optional(),
  /** The clock: the date on the cover and in file metadata (tests pin it). */
  now: z.date(says(() => '应为有效日期')).optional(),
  onEvent: z.custom<(e: ProgressEvent) => void>((v) => typeof v === 'function', says(() => '应为函数')).optional(),
  /** A browser to print with and leave open (watch mode); by default the build launches and closes one. */
  browser: z.custom<RenderBrowser>((v) => typeof v === 'object' && v !== null && 'browser' in v, says(() => '应为已启动的浏览器')).optional(),
});

/** What a caller may give: strings where the CLI has them, lists or words. */
export type BuildOptions = z.input<typeof BuildOptionsSchema>;
/** What the stages get. */
export type ResolvedBuildOptions = z.output<typeof BuildOptionsSchema>;
export type AggregateOptions = z.input<typeof AggregateOptionsSchema>;
export type ValidateOptions = z.input<typeof ValidateOptionsSchema>;

/** Parses with the schema; the first problem becomes a VetError naming the option. */
export function resolveOptions<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  if (issue.code === 'unrecognized_keys') {
    throw new VetError('BAD_OPTION', { option: issue.keys.join('、'), detail: `没有这个选项（可用：${Object.keys((schema as unknown as { shape: object }).shape ?? {}).join('、')}）` });
  }
  const key = String(issue.path[0] ?? '');
  throw new VetError('BAD_OPTION', { option: FLAGS[key] ?? key, detail: issue.message });
}

export const resolveBuildOptions = (input: BuildOptions): ResolvedBuildOptions => resolveOptions(BuildOptionsSchema, input);

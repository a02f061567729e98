/** Errors in templates, located at the file, line and column an editor opens. */
import type Handlebars from 'handlebars';

export class TemplateError extends Error {
  /** The template file the failing line is in (set by the innermost template that saw it). */
  file?: string;
}

type Loc = { start: { line: number; column: number } };

/** "第 3 行第 5 列" of a Handlebars location (its columns count from 0). */
export const where = (loc: Loc): string => `第 ${loc.start.line} 行第 ${loc.start.column + 1} 列`;

/** An error inside a helper, located at the template line and column that called it. */
export function located(options: Handlebars.HelperOptions, message: string): TemplateError {
  const loc = (options as unknown as { loc?: Loc }).loc;
  return new TemplateError(loc ? `${where(loc)}：${message}` : message);
}

/**
 * Handlebars' own errors in Chinese: a parse error ("Parse error on line 3: … Expecting …") keeps
 * its line and the excerpt it shows; anything else passes through.
 */
export function zhTemplateError(e: unknown): TemplateError {
  if (e instanceof TemplateError) return e;
  const msg = String((e as Error)?.message ?? e);
  const parse = /^Parse error on line (\d+):\n([\s\S]*?)\n(-*\^)\n/.exec(msg);
  if (parse) return new TemplateError(`第 ${parse[1]} 行：模板语法错误（{{ }} 不成对或写法有误）：\n${parse[2]}\n${parse[3]}`);
  const close = /^(\S+) doesn't match (\S+) - (\d+):(\d+)/.exec(msg);
  if (close) return new TemplateError(`第 ${close[3]} 行第 ${Number(close[4]) + 1} 列：{{/${close[2]}}} 与开头的 {{#${close[1]}}} 不对应。`);
  return new TemplateError(msg);
}

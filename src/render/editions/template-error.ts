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
  const parse = /^Parse error on line (\d+):\n([\s\S]*?)\n(-*\^)\n[\s\S]*got '(\w+)'/.exec(msg);
  if (parse) {
    const what =
      parse[4] === 'EOF'
        ? '文件结束时仍有未结束的 {{#…}}（缺少 {{/…}}）'
        : parse[4] === 'CLOSE' || parse[4] === 'CLOSE_SEXPR'
          ? '括号或 {{ }} 不成对'
          : '{{ }} 中的写法有误';
    return new TemplateError(`第 ${parse[1]} 行：模板语法错误，${what}：\n${parse[2]}\n${parse[3]}`);
  }
  const close = /^(\S+) doesn't match (\S+) - (\d+):(\d+)/.exec(msg);
  if (close) return new TemplateError(`第 ${close[3]} 行第 ${Number(close[4]) + 1} 列：{{#${close[1]}}} 以 {{/${close[2]}}} 结束，名称不一致。`);
  const partial = /^The partial (.+) could not be found/.exec(msg);
  if (partial)
    return new TemplateError(
      `找不到局部模板“${partial[1]}”（{{> ${partial[1]}}} 需要 partials/、版本类别或版本自己的文件夹中有 ${partial[1]}.hbs 或 ${partial[1]}.md）。`,
    );
  return new TemplateError(msg);
}

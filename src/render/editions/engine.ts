/**
 * The template engine of every edition: Handlebars with the helpers of registry.ts (number
 * formats, `v` for one indicator, logic, and the structure helpers that number parts, figures
 * and tables). Partials come from templates/partials, the kind's folder and the edition's own
 * folder (layers.ts); a `.md` partial is Handlebars first, then Markdown (markdown.ts).
 * Errors name the template file, line and column; an unknown helper or indicator says which name
 * was probably meant. A number printed without a format helper is formatted by its indicator's
 * unit, or is a build warning naming the line.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
// The runtime only: templates come precompiled from the tool cache, and the compiler (a third
// of the package) is loaded on a cache miss.
import type Handlebars from 'handlebars';
import runtime from 'handlebars/runtime.js';
import * as fmt from '../../format/index.js';
import { VetError } from '../../errors.js';
import { BUILD_WARNINGS } from '../../messages.js';
import { CATALOG } from '../../aggregate/catalog.js';
import { closest } from '../../validate/ref/suggest.js';
import type { HelperEnv } from './helper-def.js';
import type { EditionContext, RenderState } from './state.js';
export { newState, type Attachment, type EditionContext, type RenderState } from './state.js';
import { HELPER_REGISTRY, NUMBER_HELPERS } from './registry.js';
import { partialFiles, templateSet, type TemplateSet } from './layers.js';
import { located, type TemplateError, where, zhTemplateError } from './template-error.js';
import { markdownHtml } from './markdown.js';

export { TemplateError } from './template-error.js';

/** Handlebars' runtime, typed as the full package (its own runtime typings are empty). */
export const HANDLEBARS = runtime as unknown as typeof Handlebars;

/**
 * Templates precompiled once per process and source text: each edition has its own Handlebars
 * environment (its helpers close over its data), and compiling the same templates again for
 * every edition was ~2.5 s of a full build. hb.template() binds a precompiled spec to an
 * environment cheaply.
 */
const specs = new Map<string, TemplateSpecification>();
function compileCached(hb: typeof Handlebars, source: string, opts?: PrecompileOptions): Handlebars.TemplateDelegate {
  const key = `${JSON.stringify(opts ?? {})}\0${source}`;
  let spec = specs.get(key);
  if (!spec) {
    // A syntax error in the template throws from the compiler. The code is made here and never
    // kept on disk: the tool cache holds no code the build runs.
    const compiler = createRequire(import.meta.url)('handlebars') as typeof Handlebars;
    const code = String(compiler.precompile(rawNumbers(compiler.parseWithoutProcessing(source)), opts));
    spec = new Function(`return ${code}`)() as TemplateSpecification;
    specs.set(key, spec);
  }
  return hb.template(spec);
}
type PrecompileOptions = Parameters<typeof Handlebars.precompile>[1];
type TemplateSpecification = ReturnType<typeof Handlebars.precompile>;

/** The internal helper every printed value of a number helper (and every plain {{path}}) goes through. */
const OUT = '__out';
const HELPER_NAMES = new Set(HELPER_REGISTRY.map((h) => h.name));

/**
 * Rewrites `{{v "x"}}`, `{{minus a b}}` (number helpers printed directly) to
 * `{{__out (v "x") _h="v" _id="x"}}` and `{{some.path}}` to `{{__out some.path}}`, so a raw number
 * that reaches the page is seen where it is printed (the helper cannot know whether it is printed
 * or passed on to a format helper).
 */
function rawNumbers(ast: hbs.AST.Program): hbs.AST.Program {
  const str = (value: string, loc: hbs.AST.SourceLocation): hbs.AST.StringLiteral => ({ type: 'StringLiteral', value, original: value, loc });
  const visit = (node: hbs.AST.Node | null | undefined): void => {
    if (!node) return;
    if (node.type === 'Program') (node as hbs.AST.Program).body.forEach(visit);
    else if (node.type === 'BlockStatement') {
      visit((node as hbs.AST.BlockStatement).program);
      visit((node as hbs.AST.BlockStatement).inverse);
    } else if (node.type === 'MustacheStatement') {
      const m = node as hbs.AST.MustacheStatement & { path: hbs.AST.PathExpression };
      if (!m.escaped || m.path.type !== 'PathExpression') return;
      const name = m.path.original;
      const outPath: hbs.AST.PathExpression = { type: 'PathExpression', data: false, depth: 0, parts: [OUT], original: OUT, loc: m.loc };
      if (NUMBER_HELPERS.has(name) && (m.params.length || m.hash)) {
        const sub: hbs.AST.SubExpression = { type: 'SubExpression', path: m.path, params: m.params, hash: m.hash, loc: m.loc };
        const pairs: hbs.AST.HashPair[] = [{ type: 'HashPair', key: '_h', value: str(name, m.loc), loc: m.loc }];
        const id = m.params[0];
        if (name === 'v' && id?.type === 'StringLiteral')
          pairs.push({ type: 'HashPair', key: '_id', value: str((id as hbs.AST.StringLiteral).value, m.loc), loc: m.loc });
        Object.assign(m, { path: outPath, params: [sub], hash: { type: 'Hash', pairs, loc: m.loc } });
      } else if (!m.params.length && !m.hash && !HELPER_NAMES.has(name) && !m.path.data && m.path.parts.length) {
        Object.assign(m, { path: outPath, params: [m.path], hash: undefined });
      }
    }
  };
  visit(ast);
  return ast;
}

/** Units whose values are whole things: printed with thousands separators. */
const COUNT_UNITS = new Set(['所', '个', '人', '人次', '次', '项']);

/** A number printed without a format helper, by its indicator's unit (null: no indicator, a warning). */
function byUnit(n: number, unit: string | undefined): string | null {
  if (unit === undefined) return null;
  if (unit === '年') return String(n);
  if (COUNT_UNITS.has(unit) && Number.isInteger(n)) return fmt.count(n);
  return fmt.fixed(n, 2);
}

/** Names a misspelt helper probably meant: the nearest name, or a name it starts with (equals → eq). */
function suggestHelper(name: string, names: readonly string[]): string | undefined {
  return closest(name, names) ?? names.filter((h) => h.length >= 2 && name.toLowerCase().startsWith(h.toLowerCase())).sort((a, b) => b.length - a.length)[0];
}

export function createEngine(templates: string | TemplateSet, ctx: EditionContext, state: RenderState) {
  const set = typeof templates === 'string' ? templateSet(templates) : templates;
  const hb = HANDLEBARS.create();
  /** The template files being rendered, innermost last: warnings name the file a line is in. */
  const files: string[] = [];
  const rel = (f: string | undefined): string => (f ? path.relative(process.cwd(), f) : '模板');
  /** While a Markdown partial renders: HTML that helpers made, kept out of Markdown's way. */
  let stash: string[] | null = null;

  const env: HelperEnv = { hb, ctx, state, fail: located };
  for (const def of HELPER_REGISTRY) {
    const helper = def.make(env);
    hb.registerHelper(def.name, function (this: unknown, ...args: unknown[]) {
      const r = (helper as (...a: unknown[]) => unknown).apply(this, args);
      if (stash && r instanceof hb.SafeString) {
        stash.push(r.toHTML());
        return new hb.SafeString(`⟦html:${stash.length - 1}⟧`);
      }
      return r;
    });
  }
  // Handlebars' own block helpers are names an editor may misspell too.
  const helperNames = [...HELPER_REGISTRY.map((h) => h.name), 'if', 'unless', 'each', 'with', 'lookup'];

  // {{equals a b}}: Handlebars would say `Missing helper: "equals"` and name the outer file.
  hb.registerHelper('helperMissing', function (this: unknown, ...args: unknown[]) {
    const options = args[args.length - 1] as Handlebars.HelperOptions & { name: string };
    if (args.length === 1) return undefined; // {{name}} of a value the context lacks: empty, as before
    const s = suggestHelper(options.name, helperNames);
    throw located(options, `没有名为“${options.name}”的助手${s ? `，是否应为“${s}”？` : '。'}（全部助手见 docs/templates.md）`);
  });

  const unitOf = (id: unknown): string | undefined =>
    typeof id !== 'string' ? undefined : (ctx.indicators.find((i) => i.id === id)?.unit ?? CATALOG[id.replace(/\.(yoy|share|rank)$/, '')]?.unit);
  hb.registerHelper(OUT, (value: unknown, options: Handlebars.HelperOptions) => {
    if (typeof value !== 'number') return value === null && options.hash._h ? fmt.MISSING : value;
    if (options.hash._h === 'v' && options.hash._id) {
      const shown = byUnit(value, unitOf(options.hash._id));
      if (shown !== null) return shown;
    }
    if (Number.isInteger(value) || !Number.isFinite(value)) return value;
    // Printed as it is (rounding here could hide a wrong figure, 0.004 as 0.00), and named.
    const loc = (options as unknown as { loc?: { start: { line: number; column: number } } }).loc;
    state.warnings.push(BUILD_WARNINGS.RAW_NUMBER({ template: rel(files[files.length - 1]!), at: loc ? where(loc) : '', value }));
    return value;
  });

  const partials = partialFiles(set);
  /** Handlebars' errors in Chinese; a misspelt partial name gets the nearest one. */
  const zh = (e: unknown): TemplateError => {
    const err = zhTemplateError(e);
    const missing = /^The partial (.+) could not be found/.exec(String((e as Error)?.message));
    const s = missing ? closest(missing[1], partials.keys()) : undefined;
    if (s) err.message = err.message.replace(/。$/, `，是否应为“${s}”？`);
    return err;
  };
  for (const [name, file] of partials) {
    // Compiled when first used and wrapped, so an error inside a partial (its syntax too) names
    // the partial's file, not its caller's.
    const source = readFileSync(file, 'utf8');
    const markdown = file.endsWith('.md');
    let tpl: Handlebars.TemplateDelegate | undefined;
    hb.registerPartial(name, ((context: unknown, opts: Handlebars.RuntimeOptions) => {
      files.push(file);
      const outer = stash;
      try {
        tpl ??= compileCached(hb, source);
        if (!markdown) return tpl(context, opts);
        stash = [];
        const kept = stash;
        // Handlebars first (helpers print escaped text), then Markdown; helpers' HTML (a chart)
        // is put back after Markdown, a paragraph of its own unwrapped.
        const html = markdownHtml(tpl(context, opts));
        const back = (s: string): string => s.replace(/<p>⟦html:(\d+)⟧<\/p>\n?|⟦html:(\d+)⟧/g, (_m, a: string, b: string) => back(kept[Number(a ?? b)] ?? ''));
        return back(html);
      } catch (e) {
        const err = zh(e);
        if (!err.file) err.file = file;
        throw err;
      } finally {
        stash = outer;
        files.pop();
      }
    }) as unknown as Handlebars.Template);
  }

  const run = (file: string, source: string, model: object): string => {
    files.push(file);
    try {
      const tpl = compileCached(hb, source, { strict: false, noEscape: false });
      return tpl(model);
    } catch (e) {
      const err = zh(e);
      throw new VetError('TEMPLATE_ERROR', { template: rel(err.file ?? file), detail: err.message });
    } finally {
      files.pop();
    }
  };

  return {
    /** Renders a template file; errors name the template, line and column. */
    render(file: string, model: object): string {
      return run(file, readFileSync(file, 'utf8'), model);
    },
    /** Renders template text (the reference's examples); errors name `label`. */
    renderText(label: string, source: string, model: object): string {
      return run(label, source, model);
    },
  };
}

/**
 * The shape of a template helper as the helper registry holds it: its Chinese description and
 * an example (rendered in docs/templates.md and checked by a test), and a factory that makes
 * the helper for one edition (helpers close over the edition's context and numbering state).
 */
import type Handlebars from 'handlebars';
import type { EditionContext, RenderState } from './state.js';

export interface HelperEnv {
  hb: typeof Handlebars;
  ctx: EditionContext;
  state: RenderState;
  /** An error located at the template line and column that called the helper. */
  fail(options: Handlebars.HelperOptions, message: string): Error;
}

export interface HelperDef {
  name: string;
  /** Group in the reference: 数字格式, 指标与数据, 版面结构, 逻辑与运算… */
  group: string;
  /** One or two Chinese sentences: what it returns and when to use it. */
  description: string;
  /** A template snippet using it, rendered by the reference test against the fixture data. */
  example: string;
  make(env: HelperEnv): Handlebars.HelperDelegate;
}

/**
 * Every template helper, in one list: the engine registers these and nothing else, and
 * docs/templates.md is generated from them. A new registry (queries.ts' QUERY_HELPERS) joins here.
 */
import type { HelperDef } from './helper-def.js';
import { DATA_HELPERS, FORMAT_HELPERS, LOGIC_HELPERS, STRUCTURE_HELPERS } from './helpers.js';

export const HELPER_REGISTRY: readonly HelperDef[] = [
  ...FORMAT_HELPERS,
  ...DATA_HELPERS,
  ...LOGIC_HELPERS,
  ...STRUCTURE_HELPERS,
];

/** Helpers whose result is a raw number, to be formatted before it reaches the page. */
export const NUMBER_HELPERS: ReadonlySet<string> = new Set(['v', 'add', 'minus', 'growth', 'pctOf']);

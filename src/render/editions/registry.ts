/**
 * Every template helper, in one list: the engine registers these and nothing else, and
 * docs/templates.md is generated from them. A new group of helpers joins here.
 */
import type { HelperDef } from './helper-def.js';
import { DATA_HELPERS, FORMAT_HELPERS, LOGIC_HELPERS, STRUCTURE_HELPERS } from './helpers.js';
import { QUERY_HELPERS } from './queries.js';
import { CASE_HELPERS } from './cases.js';

export const HELPER_REGISTRY: readonly HelperDef[] = [
  ...FORMAT_HELPERS,
  ...DATA_HELPERS,
  ...LOGIC_HELPERS,
  ...STRUCTURE_HELPERS,
  ...QUERY_HELPERS,
  ...CASE_HELPERS,
];

/** Helpers whose result is a raw number, to be formatted before it reaches the page. */
export const NUMBER_HELPERS: ReadonlySet<string> = new Set(['v', 'add', 'minus', 'growth', 'pctOf', 'sum']);

/**
 * What one edition's rendering knows and counts: its context (year, region, indicators, cases)
 * and the numbering state the structure helpers advance. Below the engine and the helpers, so
 * both import it and neither imports the other.
 */
import type { Indicator } from '../../aggregate/types.js';
import type { CaseRow } from '../../types.js';
import type { TocEntry } from '../document.js';
import type { Column, Row } from './dataset.js';

export interface ChartRequest {
  /** Placeholder in the HTML. */
  token: string;
  /** Chart spec file name (templates/charts/<name>.vl.json). */
  name: string;
  data: Row[];
  title: string;
}

export interface Attachment {
  /** File name beside the HTML, e.g. data/图1-4.xlsx */
  file: string;
  title: string;
  rows: Row[];
  columns?: Column[];
  /** 数据来源 and notes, written above the table as under the figure. */
  source?: string | null;
  notes?: string[];
}

export interface RenderState {
  part: number;
  section: number;
  subsection: number;
  figure: number;
  table: number;
  toc: TocEntry[];
  charts: ChartRequest[];
  attachments: Attachment[];
  ids: Set<string>;
  /** What the template did that the build should mention without failing (raw numbers printed). */
  warnings: string[];
  /** Cases numbered so far in the current part (案例4-1, 案例4-2 …). */
  cases?: number;
}

export interface EditionContext {
  year: number;
  /** 全国, or the province of a regional edition (the default region of `v`). */
  region: string;
  indicators: readonly Indicator[];
  /** Built from sample submissions: every page says so. */
  sample: boolean;
  /** The year's cases (案例), for {{cases …}}. */
  cases?: readonly CaseRow[];
}

export function newState(): RenderState {
  return { part: 0, section: 0, subsection: 0, figure: 0, table: 0, toc: [], charts: [], attachments: [], ids: new Set(), warnings: [] };
}

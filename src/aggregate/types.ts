/**
 * The indicator table: a list of values, each with an id, a Chinese name, a unit, its
 * dimensions and the sources it came from. Values stay unrounded in the base unit (人, 元, %);
 * rounding happens only when printed. An absent dimension means "all".
 */

export type Source =
  /** Rows of input files (roster or projects) that were summed. */
  | { type: 'rows'; table: 'roster' | 'projects'; file: string; rows: number }
  /** A published series figure, with the 来源 and 备注 the report prints. */
  | { type: 'series'; file: string; row: number; source: string | null; note: string | null }
  /** Computed from other indicators (ids listed). */
  | { type: 'derived'; from: string[] };

export interface Indicator {
  id: string;
  name: string;
  /** Base unit: 所, 个, 人, 人次, 元, %, 个百分点, 年, or '' for plain ratios and names. */
  unit: string;
  value: number | string;
  year: number;
  /** 全国 or a province's short name. */
  region: string;
  /** 中职, 高职专科, 高职本科, 高职, 合计 (roster and series indicators). */
  level?: string;
  /** ISO alpha-2. */
  country?: string;
  continent?: string;
  brand?: string;
  type?: string;
  /** Which figure was used where the roster and a published series both cover it. */
  basis?: 'roster' | 'series';
  sources: Source[];
}

export interface ConsistencyError {
  id: string;
  message: string;
}

export interface AggregateResult {
  year: number;
  indicators: Indicator[];
  /** Violated consistency checks (Σ provinces = 全国, Σ countries = 全国). */
  errors: ConsistencyError[];
  /** Notes on choices made (series preferred to the roster sum, and whether they agree). */
  notes: string[];
}

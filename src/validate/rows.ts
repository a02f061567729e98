/**
 * What validation keeps about each sheet and row, shared by the per-row checks (index.ts), the
 * cross-file rules (cross.ts) and the cases (cases.ts).
 */
import type { TableName } from '../types.js';

/** Where a row's fields stood: column letter, header as written, raw text, column index. */
export type RowCells = Record<string, { column: string; header: string; value: string | null; col: number }>;

export interface SheetReport {
  file: string;
  sheet: string | null;
  table: TableName | null;
  read: number;
  accepted: number;
  rejected: number;
  skipped: number;
  /** Why a sheet or file was skipped or unreadable. */
  reason?: string;
}

/** Everything the cross-file rules need to point back at a row's cells. */
export interface RowPlace {
  report: SheetReport;
  cells: RowCells;
  sortKey: number[];
}

/** A rule run after a row was counted as accepted rejects it: the sheet's counts move with it. */
export function rejectLater(report: SheetReport): void {
  report.accepted--;
  report.rejected++;
}

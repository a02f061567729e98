/** Row rules and keys: 落实 ≤ 毕业生, date ranges, submission window, unique keys across files; --strict. */
import { describe, expect, it } from 'vitest';
import { goldenCase, runCase, tupleOf } from '../fixtures/golden.js';

goldenCase('placed-gt-graduates');
goldenCase('total-mismatch');
goldenCase('start-date-range');
goldenCase('submitted-date');
goldenCase('duplicate-key');

describe('strict', () => {
  it('turns warnings into errors that reject their rows', async () => {
    const r = await runCase('submitted-date', { strict: true });
    expect(r.findings.map(tupleOf)).toEqual([
      ['error', 'SUBMITTED_LATE', 'projects.xlsx', 'Sheet1', 4, 'N'],
      ['error', 'SUBMITTED_EARLY', 'projects.xlsx', 'Sheet1', 5, 'N'],
      ['error', 'SUBMITTED_LATE', 'projects.xlsx', 'Sheet1', 6, 'N'],
    ]);
    expect(r.files[0]).toMatchObject({ read: 7, accepted: 3, rejected: 3, skipped: 1 });
    expect(r.projects.map((p) => p.projectId)).toEqual(['P2023-091', 'P2023-092', 'P2023-096']);
  });

  it('leaves information (ignored columns, skipped sheets) as information', async () => {
    const r = await runCase('roster-xlsx-messy', { strict: true });
    expect(r.findings.map((f) => [f.severity, f.code])).toEqual([
      ['info', 'COLUMN_IGNORED'],
      ['error', 'TOTAL_MISMATCH'],
      ['info', 'SHEET_NO_TABLE'],
      ['info', 'SHEET_NO_TABLE'],
    ]);
    // A totals row is not data: making its warning an error rejects nothing.
    expect(r.files[0]).toMatchObject({ accepted: 3, rejected: 0, skipped: 8 });
  });
});

/** Rules across files: project ↔ roster, roster sums ↔ published series; --strict on them. */
import { describe, expect, it } from 'vitest';
import { goldenCase, runCase, tupleOf } from '../fixtures/golden.js';

goldenCase('cross-school-not-in-roster');
goldenCase('cross-province-mismatch');
goldenCase('cross-school-name-mismatch');
goldenCase('series-vs-roster');

describe('strict', () => {
  it('rejects a project whose school is not in the roster', async () => {
    const r = await runCase('cross-school-not-in-roster', { strict: true });
    expect(r.findings.map(tupleOf)).toEqual([['error', 'SCHOOL_NOT_IN_ROSTER', 'projects.xlsx', 'Sheet1', 3, 'C']]);
    expect(r.files[1]).toMatchObject({ read: 3, accepted: 1, rejected: 1, skipped: 1 });
    expect(r.projects.map((p) => p.projectId)).toEqual(['P2023-051']);
  });

  it('rejects series rows that disagree with the roster', async () => {
    const r = await runCase('series-vs-roster', { strict: true });
    expect(r.findings.map((f) => [f.severity, f.row])).toEqual([
      ['error', 3],
      ['error', 5],
      ['error', 7],
    ]);
    expect(r.files[1]).toMatchObject({ read: 9, accepted: 5, rejected: 3, skipped: 1 });
    expect(r.series).toHaveLength(5);
  });
});

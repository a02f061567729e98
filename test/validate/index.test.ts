/** Row rules and keys: 落实 ≤ 毕业生, date ranges, submission window, unique keys across files; --strict. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { ingest } from '../../src/ingest/index.js';
import { validate } from '../../src/validate/index.js';
import { ROSTER_HEADER, rosterRow } from '../fixtures/bad-rows.js';
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

describe('accepted rows', () => {
  /**
   * 2,000 schools with names long enough to be slices of the file's text (13 characters and
   * more), each row with a 5,000-character note in a column no table reads: the file's text, as
   * a string, is about 20 MB, the rows a few hundred KB. Made in a function of its own: nothing
   * of it is left for the heap measured after.
   */
  function writeNotedRoster(file: string): void {
    const note = '备注'.repeat(2500);
    const rows = Array.from({ length: 2000 }, (_, i) => [...rosterRow(i, { 学校名称: `示例职业技术学院第${i}分院` }), note]);
    writeFileSync(file, [[...ROSTER_HEADER, '备注'], ...rows].map((r) => r.join(',')).join('\r\n'));
  }

  it('hold their own text, not the text of the file they were read from', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'vet-report-own-text-'));
    try {
      const file = path.join(dir, 'roster.csv');
      writeNotedRoster(file);
      v8.setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc') as () => void;
      gc();
      const before = process.memoryUsage().heapUsed;
      const r = await validate(ingest([file]));
      gc();
      const held = process.memoryUsage().heapUsed - before;
      expect(r.roster).toHaveLength(2000);
      expect(r.roster[1999].schoolName).toBe('示例职业技术学院第1999分院');
      // A name that were a slice would keep the whole text (20 MB) alive with its row.
      expect(held).toBeLessThan(5 * 2 ** 20);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

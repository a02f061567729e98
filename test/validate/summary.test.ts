/** The terminal summary of `validate`: per file, the first 50 findings, then how many more and of which kinds. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runValidate } from '../../src/pipeline.js';
import { formatSummary } from '../../src/validate/summary.js';
import { shiftedRow, writeCsv } from '../fixtures/bad-rows.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'vet-report-summary-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a file with findings beyond the cap', () => {
  it('counts them all, lists 50, and says of each kind cut at the cap how many more there are', async () => {
    const file = writeCsv(
      path.join(dir, '河南.csv'),
      Array.from({ length: 300 }, (_, i) => shiftedRow(i)),
    );
    const r = await runValidate([file]);
    const kinds = r.suppressed.length;
    const total = r.findings.length + r.suppressed.reduce((a, g) => a + g.count, 0);
    expect(total).toBe(300 * kinds);
    const text = formatSummary(r);
    const lines = text.split('\n');
    expect(lines.filter((l) => /^ {2}\[错误\] 第 \d+ 行/.test(l) || /^ {2}\[错误\] 工作表“河南” 第/.test(l))).toHaveLength(50);
    expect(text).toContain(`发现 ${total.toLocaleString('en')} 个错误`);
    expect(text).toContain(`…… 另有 ${(total - 50).toLocaleString('en')} 条，完整列表请用 --report 问题.xlsx 或 --json 输出。`);
    const more = lines.filter((l) => l.includes('同类问题另有'));
    expect(more).toHaveLength(kinds);
    expect(more).toContain('  [错误] 工作表“河南” C 列（省份）：同类问题另有 200 处（只列出前 100 处，完整列表请用 --json 输出） [VALUE_REQUIRED]');
  });
});

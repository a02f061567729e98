/** The terminal summary of `validate`: per file, the first 50 findings, then how many more and of which kinds. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runValidate } from '../../src/pipeline.js';
import { formatSummary } from '../../src/validate/summary.js';
import { displayWidth } from '../../src/text-width.js';
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

describe('the accounting table', () => {
  it('keeps counts of millions apart: each column as wide as its widest number', () => {
    const sheet = (name: string, read: number) => ({
      file: '大.xlsx',
      sheet: name,
      table: 'roster' as const,
      read,
      accepted: read - 2,
      rejected: 0,
      skipped: 2,
    });
    // Three full sheets of a 2.2-million-row workbook, as validate counted them.
    const files = [sheet('表1', 733_336), sheet('表2', 733_336), sheet('表3', 733_334)];
    const r = { files, findings: [], suppressed: [], roster: [], projects: [], series: [], cases: [] };
    const lines = formatSummary(r).split('\n');
    const total = lines.find((l) => l.startsWith('合计'))!;
    expect(total.trim().split(/\s+/)).toEqual(['合计', '2,200,006', '2,200,000', '0', '6']);
    expect(lines[1].trim().split(/\s+/)).toEqual(['大.xlsx', '·', '表1', '院校基本情况', '733,336', '733,334', '0', '2']);
    // On screen, each header ends where the numbers below it do.
    const end = (line: string, word: string) => displayWidth(line.slice(0, line.indexOf(word) + word.length));
    expect(['读取', '接收', '拒收', '跳过'].map((h) => end(lines[0], h))).toEqual(['2,200,006', '2,200,000', ' 0', ' 6'].map((x) => end(total, x)));
  });
});

/** Row classification below the header: data, blank, 合计/总计 totals, notes; rows as Excel numbers them. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { classify, ingest } from '../../src/ingest/index.js';
import { runValidate } from '../../src/pipeline.js';
import { inputsOf } from '../fixtures/golden.js';

describe('classify', () => {
  it.each([
    [[null, '', '  '], 'blank'],
    [['3737000001', '示例职业技术学院', 1200], 'data'],
    [['合计', null, 2000], 'total'],
    [[' 总 计 ', 2000], 'total'],
    [[null, '合计', 2000], 'total'],
    [['小计', 100], 'subtotal'],
    [['注：在校生数以万人为单位。'], 'note'],
    [['说明：', '2021年起不含技工学校'], 'note'],
    [['填表说明'], 'note'],
    [['备注'], 'note'],
    [['注册中心职业学校', '山东', '中职', 2023], 'data'],
  ] as const)('%j → %s', (cells, kind) => {
    expect(classify([...cells])).toBe(kind);
  });
});

describe('ingest', () => {
  it('classifies every row Excel shows, including the blank rows an .xlsx does not store', async () => {
    const kinds: Record<string, [number, string][]> = {};
    for await (const ev of ingest(inputsOf('roster-xlsx-messy'))) {
      if (ev.type !== 'sheet') continue;
      const list: [number, string][] = (kinds[ev.sheet.sheet] = []);
      for await (const r of ev.sheet.rows) list.push([r.number, r.kind]);
    }
    expect(kinds).toEqual({
      院校基本情况: [
        [1, 'preamble'],
        [2, 'preamble'],
        [3, 'preamble'],
        [4, 'preamble'],
        [5, 'preamble'],
        [6, 'data'],
        [7, 'data'],
        [8, 'blank'],
        [9, 'data'],
        [10, 'total'],
        [11, 'note'],
      ],
      填表说明: [
        [1, 'preamble'],
        [2, 'blank'],
        [3, 'preamble'],
        [4, 'preamble'],
        [5, 'preamble'],
      ],
      Sheet3: [],
    });
  });

  it('reads a file of more rows than one batch in order, numbered as Excel numbers them', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'vet-report-ingest-'));
    try {
      // 1 header, 600 data rows, a blank line (602), 600 more (603–1202), 合计 (1203); row 1000
      // repeats row 2's school, across a batch boundary.
      const header = '学校标识码,学校名称,省份,办学层次,统计年份,在校生数,毕业生数,专任教师数';
      const line = (i: number) => `${3737000000 + i},示例学校${i},山东,中职,2023,100,30,10`;
      const lines = [header];
      for (let i = 1; i <= 1200; i++) {
        if (i === 601) lines.push('');
        lines.push(line(lines.length + 1 === 1000 ? 1 : i));
      }
      lines.push('合计,,,,,120000,36000,12000');
      const file = path.join(dir, 'big.csv');
      writeFileSync(file, lines.join('\n') + '\n');
      const r = await runValidate([file]);
      expect(r.files.map(({ read, accepted, rejected, skipped }) => ({ read, accepted, rejected, skipped }))).toEqual([
        { read: 1203, accepted: 1199, rejected: 1, skipped: 3 },
      ]);
      expect(r.findings.map((f) => [f.code, f.row, f.column])).toEqual([['DUPLICATE_KEY', 1000, 'A']]);
      expect(r.findings[0].message).toContain('第 2 行');
      expect(r.roster.map((x) => x.origin.row)).toEqual([...Array(1202).keys()].map((k) => k + 1).filter((n) => n > 1 && n !== 602 && n !== 1000));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

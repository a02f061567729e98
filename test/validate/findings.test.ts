/**
 * Findings that scale: of one kind in one column of a sheet the first FINDINGS_CAP are listed and
 * the rest counted; a FindingSpill still gets every finding, in the order of an uncapped run; the
 * JSON is written a finding at a time; and the work grows linearly with the number of findings
 * (counted in array iteration steps, not timed).
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../src/ingest/index.js';
import { validate } from '../../src/validate/index.js';
import { FINDINGS_CAP, FindingLog, FindingSpill, findingsJson } from '../../src/validate/findings.js';
import { FINDINGS, type FindingCode } from '../../src/messages.js';
import { formatSummary } from '../../src/validate/summary.js';
import { runValidate } from '../../src/pipeline.js';
import type { Finding } from '../../src/types.js';
import { inputsOf } from '../fixtures/golden.js';
import { rosterRow, shiftedRow, writeCsv } from '../fixtures/bad-rows.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'vet-report-findings-cap-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const collect = async (it: AsyncIterable<Finding>) => {
  const out: Finding[] = [];
  for await (const f of it) out.push(f);
  return out;
};
/** The whole text of findingsJson, its UTF-8 pieces joined. */
const textOf = async (pieces: AsyncIterable<Uint8Array>) => {
  const out: Uint8Array[] = [];
  // Copied as they come: with `reuse`, a piece is valid only until the next is asked for.
  for await (const p of pieces) out.push(Buffer.from(p));
  return Buffer.concat(out).toString('utf8');
};
const countBy = (xs: string[]) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>());

describe('the cap', () => {
  it('lists the first 100 of a kind in a column and counts the rest; the rows are all rejected', async () => {
    const file = writeCsv(path.join(dir, 'shifted.csv'), [...range(250).map(shiftedRow), rosterRow(999)]);
    const r = await runValidate([file]);
    expect(r.files[0]).toMatchObject({ read: 252, accepted: 1, rejected: 250, skipped: 1 });
    const kinds = countBy(r.findings.map((f) => `${f.code} ${f.column}`));
    // Every column the shift broke gives one kind of finding on each of the 250 rows.
    expect(kinds.size).toBeGreaterThanOrEqual(4);
    expect([...kinds.values()]).toEqual([...kinds.values()].map(() => FINDINGS_CAP));
    expect(r.suppressed.map((g) => `${g.code} ${g.column}`).sort()).toEqual([...kinds.keys()].sort());
    for (const g of r.suppressed) expect(g).toMatchObject({ file, sheet: 'shifted', listed: 100, count: 150 });
    // The listed ones are the first rows of each kind: rows 2 … 101.
    const province = r.findings.filter((f) => f.column === 'C');
    expect(province.map((f) => f.row)).toEqual(range(100).map((i) => i + 2));
    expect(province[0]).toMatchObject({ code: 'VALUE_REQUIRED', schoolId: '4100000000', schoolName: '示例职业学校0' });
  });

  it('groups by column: the same kind in another column is listed on its own', async () => {
    const rows = range(120).map((i) => rosterRow(i, i % 2 ? { 在校生数: -1 } : { 招生数: -1 }));
    const r = await runValidate([writeCsv(path.join(dir, 'two-columns.csv'), rows)]);
    expect([...countBy(r.findings.map((f) => `${f.code} ${f.column}`))]).toEqual([
      ['VALUE_NEGATIVE H', 60],
      ['VALUE_NEGATIVE G', 60],
    ]);
    expect(r.suppressed).toEqual([]);
  });
});

describe('every finding, through a spill', () => {
  it('gives the findings of an uncapped run, in the same order, cross-file ones in place', async () => {
    const inputs = [
      writeCsv(path.join(dir, 'a-shifted.csv'), range(40).map(shiftedRow)),
      ...inputsOf('cross-school-not-in-roster'),
      ...inputsOf('series-vs-roster'),
      ...inputsOf('roster-xlsx-messy'),
    ];
    const all = await validate(ingest(inputs), { cap: Infinity });
    // Runs of 7 on disk, merged; a cap of 2 for what is held.
    const spill = new FindingSpill(7);
    try {
      const capped = await validate(ingest(inputs), { cap: 2, sink: spill });
      expect(capped.findings.length).toBeLessThan(all.findings.length / 4);
      expect(all.findings.some((f) => f.code === 'SCHOOL_NOT_IN_ROSTER')).toBe(true);
      expect(all.findings.some((f) => f.code === 'SERIES_DISAGREES')).toBe(true);
      expect(spill.count).toBe(all.findings.length);
      // As JSON gives them: the contract's keys (the school columns are the workbook's).
      const streamed = await collect(spill.findings());
      expect(streamed).toEqual(all.findings.map(({ schoolId, schoolName, ...f }) => f)); // eslint-disable-line @typescript-eslint/no-unused-vars
      // Listed + counted = all, kind by kind.
      expect(capped.findings.length + capped.suppressed.reduce((a, g) => a + g.count, 0)).toBe(all.findings.length);
      expect(capped.files).toEqual(all.files);
    } finally {
      spill.dispose();
    }
  });

  it('removes its files when disposed', async () => {
    const before = readdirSync(os.tmpdir()).filter((f) => f.startsWith('vet-report-spill-')).length;
    const spill = new FindingSpill(3);
    await validate(ingest([writeCsv(path.join(dir, 'b.csv'), range(10).map(shiftedRow))]), { sink: spill });
    // Written out once read (a few findings stay in memory until then).
    await textOf(spill.text());
    expect(readdirSync(os.tmpdir()).filter((f) => f.startsWith('vet-report-spill-')).length).toBe(before + 1);
    spill.dispose();
    expect(readdirSync(os.tmpdir()).filter((f) => f.startsWith('vet-report-spill-')).length).toBe(before);
  });
});

describe('findingsJson', () => {
  const head = { files: [{ file: 'a.csv', sheet: 'a', read: 3 }] };
  const finding: Finding = {
    severity: 'error',
    code: 'VALUE_NEGATIVE',
    message: '“-5”为负数。',
    file: 'a.csv',
    sheet: 'a',
    row: 2,
    column: 'G',
    header: '在校生数',
    value: '-5',
  };

  it('writes the head as JSON.stringify(…, null, 2) does, then each finding on a line, with the contract keys only', async () => {
    const list = [
      { ...finding, schoolId: '4100000000', schoolName: '示例' },
      { ...finding, row: 3, sheet: null, value: null },
    ];
    const text = await textOf(findingsJson(head, list));
    const want = { ...head, findings: [finding, { ...finding, row: 3, sheet: null, value: null }] };
    expect(JSON.parse(text)).toEqual(want);
    const lines = text.split('\n');
    expect(lines.slice(0, -6).join('\n')).toBe(JSON.stringify(head, null, 2).slice(0, -2) + ',');
    expect(lines.slice(-6)).toEqual(['  "findings": [', `    ${JSON.stringify(want.findings[0])},`, `    ${JSON.stringify(want.findings[1])}`, '  ]', '}', '']);
  });

  it('writes an empty list as []', async () => {
    const text = await textOf(findingsJson(head, []));
    expect(text).toBe(JSON.stringify({ ...head, findings: [] }, null, 2) + '\n');
  });
});

describe('the JSON of a spill', () => {
  const line = (f: Finding) => `    ${JSON.stringify(f)}`;

  it('is the expected text for a small file, findings beyond the cap included', async () => {
    const file = writeCsv(path.join(dir, 'small.csv'), [shiftedRow(0), rosterRow(1, { 在校生数: '-5' }), shiftedRow(2)]);
    // A window smaller than the findings; a cap of 1 (the rest only in the spill).
    const spill = new FindingSpill(3);
    try {
      const r = await validate(ingest([file]), { cap: 1, sink: spill });
      const at = { file, sheet: 'small' };
      const shifted = (row: number) => [
        `{"severity":"error","code":"VALUE_REQUIRED","message":"必填项“省份”为空。请填写有效的省份。","file":${JSON.stringify(file)},"sheet":"small","row":${row},"column":"C","header":"省份","value":""}`,
        `{"severity":"error","code":"LEVEL_UNKNOWN","message":"无法识别的办学层次“河南”。应为 中职、高职专科 或 高职本科。","file":${JSON.stringify(file)},"sheet":"small","row":${row},"column":"D","header":"办学层次","value":"河南"}`,
        `{"severity":"error","code":"OWNERSHIP_UNKNOWN","message":"无法识别的举办性质“中职”。应为 公办 或 民办。","file":${JSON.stringify(file)},"sheet":"small","row":${row},"column":"E","header":"举办性质","value":"中职"}`,
        `{"severity":"error","code":"YEAR_INVALID","message":"统计年份“公办”无效。请填写 4 位年份，如 2023。","file":${JSON.stringify(file)},"sheet":"small","row":${row},"column":"F","header":"统计年份","value":"公办"}`,
      ];
      const lines = [
        ...shifted(2),
        `{"severity":"error","code":"VALUE_NEGATIVE","message":"“-5”为负数。该项应为不小于 0 的整数。","file":${JSON.stringify(file)},"sheet":"small","row":3,"column":"G","header":"在校生数","value":"-5"}`,
        ...shifted(4),
      ];
      const files = [{ ...at, table: 'roster', read: 4, accepted: 0, rejected: 3, skipped: 1 }];
      expect(r.files.map(({ file, sheet, table, read, accepted, rejected, skipped }) => ({ file, sheet, table, read, accepted, rejected, skipped }))).toEqual(
        files,
      );
      expect(await textOf(findingsJson({ files }, spill))).toBe(
        `${JSON.stringify({ files }, null, 2).slice(0, -2)},\n  "findings": [\n${lines.map((l) => `    ${l}`).join(',\n')}\n  ]\n}\n`,
      );
    } finally {
      spill.dispose();
    }
  });

  it('escapes as JSON.stringify does, whether one run is copied or several are merged', async () => {
    const f: Finding = {
      severity: 'warning',
      code: 'VALUE_NEGATIVE',
      message: 'm',
      file: 'a "b".csv',
      sheet: null,
      row: null,
      column: null,
      header: null,
      value: null,
    };
    const odd = [
      '引号"与反斜杠\\',
      '换行\n制表\t回车\r',
      'nul\u0000 与 \u001f',
      '孤立代理\ud800 与 \udc00',
      '表情😀',
      '行分隔\u2028段分隔\u2029',
      '',
      '<script>&amp;</script>',
    ];
    const findings: Finding[] = odd.flatMap((text, i) => [
      { ...f, message: text, value: text, row: i },
      {
        ...f,
        severity: 'error',
        code: 'LEVEL_UNKNOWN',
        message: `“${text}”`,
        sheet: `表${text}`,
        column: 'D',
        header: text,
        value: null,
        row: [0, 7, 10, 99, 100, 123456789, 1e9 + 5, 2 ** 40][i],
      },
    ]);
    // Sort keys against the order made (every other one late): the windows below hold too few
    // to sort them, so the findings come from several runs, merged; the big window makes one run.
    const keyed = findings.map((x, i) => ({ x, key: [i % 2 ? i - 3 : i] }));
    const want = keyed
      .map((k, seq) => ({ ...k, seq }))
      .sort((a, b) => a.key[0] - b.key[0] || a.seq - b.seq)
      .map((k) => k.x);
    const expected = await textOf(findingsJson({ files: [] }, want));
    expect(expected.split('\n').filter((l) => l.startsWith('    {'))).toEqual(want.map((x, i) => line(x) + (i < want.length - 1 ? ',' : '')));
    for (const window of [1, 2, 128]) {
      const spill = new FindingSpill(window);
      try {
        keyed.forEach(({ x, key }, seq) => spill.add(x, key, seq));
        expect(await textOf(findingsJson({ files: [] }, spill)), `window ${window}`).toBe(expected);
        expect(await textOf(findingsJson({ files: [] }, spill, { reuse: true })), `window ${window}, one buffer`).toBe(expected);
      } finally {
        spill.dispose();
      }
    }
  });

  it("words every code's message as the catalogue does, for any value, also when the parameters change each time", async () => {
    // Every parameter a message of the catalogue reads (those it does not read are ignored).
    const params: Record<string, string | number> = {
      expect: '数字',
      unit: '人',
      suggestion: '山东',
      allowed: '甲、乙',
      date: '2023-04-19',
      year: 2023,
      deadline: '2024-04-15',
      start: '2024-01-01',
      placed: 5,
      graduates: 4,
      key: '学校标识码 4100000000（2023年）',
      first: 'a.csv 第 2 行',
      id: '4100000000',
      roster: '示例学校',
      where: 'b.csv 第 3 行',
      what: '脚本',
      chars: 3000,
      limit: 1500,
      project: '德国',
      region: '全国',
      level: '合计',
      indicator: '在校生数',
      computed: 5,
      published: 6,
      sum: 7,
      table: '院校基本情况',
      field: '省份',
      aliases: '省份、省',
      rows: 3,
      reason: '没有表头',
      detail: '无法解压',
      ext: '.doc',
      encoding: 'GBK',
      type: '管道',
      target: '/x',
      size: '2 GB',
      count: 2,
      other: 'GBK',
      main: 'UTF-8',
      lines: 4,
    };
    // JSON escapes a quote, a backslash, control characters and lone surrogates (either half).
    const values = ['', '河南', '引号"', '反斜杠\\', '换行\n', '\u001f', '孤立\ud800', '\udc00孤立', '表情😀', '行分隔\u2028', '长'.repeat(300), null];
    const spill = new FindingSpill();
    try {
      // A cap of 0: no finding is made by the log, the spill writes each one from its parts.
      const log = new FindingLog(false, { cap: 0, sink: spill });
      const want: string[] = [];
      let row = 1;
      for (const code of Object.keys(FINDINGS) as FindingCode[]) {
        for (let i = 0; i < 48; i++, row++) {
          const value = values[i % values.length];
          // From the 12th on, a suggestion of their own (a template for each would be wasted), a
          // header and a value given as parameters; then back to the first parameters.
          const p = i < 12 || i >= 40 ? params : i < 32 ? { ...params, suggestion: `建议${i}` } : { ...params, header: '单位', value: '参数值' };
          const where = { file: 'a "b".csv', sheet: '表', row, column: 'C', header: '省份', value };
          log.flag(code, where, p, [0, 0, row, 2]);
          const message = FINDINGS[code].text({ value: value ?? '', header: '省份', ...p });
          want.push(
            `    ${JSON.stringify({ severity: FINDINGS[code].severity, code, message, file: 'a "b".csv', sheet: '表', row, column: 'C', header: '省份', value })}`,
          );
        }
      }
      const text = await textOf(findingsJson({ files: [] }, spill));
      expect(text.split('\n').filter((l) => l.startsWith('    {'))).toEqual(want.map((l, i) => (i < want.length - 1 ? `${l},` : l)));
    } finally {
      spill.dispose();
    }
  });

  it('of many findings is the text of the list of an uncapped run, byte for byte', async () => {
    const inputs = [
      writeCsv(path.join(dir, 'many.csv'), range(5000).map(shiftedRow)),
      ...inputsOf('cross-school-not-in-roster'),
      ...inputsOf('roster-xlsx-messy'),
    ];
    const all = await validate(ingest(inputs), { cap: Infinity });
    const spill = new FindingSpill();
    try {
      const capped = await validate(ingest(inputs), { sink: spill });
      const head = { files: capped.files.map(({ file, sheet, read }) => ({ file, sheet, read })) };
      const text = await textOf(findingsJson(head, spill));
      expect(text).toBe(await textOf(findingsJson(head, all.findings)));
      // Read into one buffer (as the CLI does), the same bytes.
      expect(await textOf(findingsJson(head, spill, { reuse: true }))).toBe(text);
      const out = JSON.parse(text) as { findings: Finding[] };
      expect(out.findings).toHaveLength(all.findings.length);
      expect(out.findings.filter((x) => x.file.endsWith('many.csv'))).toHaveLength(4 * 5000);
      expect(out.findings[0]).toEqual({
        severity: 'error',
        code: 'VALUE_REQUIRED',
        message: '必填项“省份”为空。请填写有效的省份。',
        file: inputs[0],
        sheet: 'many',
        row: 2,
        column: 'C',
        header: '省份',
        value: '',
      });
      const lastOfMany = out.findings.filter((x) => x.file === inputs[0]).at(-1);
      expect(lastOfMany).toEqual({
        severity: 'error',
        code: 'YEAR_INVALID',
        message: '统计年份“公办”无效。请填写 4 位年份，如 2023。',
        file: inputs[0],
        sheet: 'many',
        row: 5001,
        column: 'F',
        header: '统计年份',
        value: '公办',
      });
      expect(out.findings.at(-1)).toEqual(all.findings.map(({ schoolId, schoolName, ...x }) => x).at(-1)); // eslint-disable-line @typescript-eslint/no-unused-vars
    } finally {
      spill.dispose();
    }
  }, 60_000);
});

describe('linear in the number of findings', () => {
  /**
   * Steps of every array iteration (for…of, spread, Array.from) during `fn`: a summary that
   * copied its list for each finding took n²/2 steps (8 million for 4,000 findings).
   */
  async function steps(fn: () => Promise<unknown>): Promise<number> {
    const proto = Array.prototype as unknown as Record<symbol, (this: unknown[]) => Iterator<unknown>>;
    const original = proto[Symbol.iterator];
    let n = 0;
    proto[Symbol.iterator] = function (this: unknown[]) {
      const it = original.call(this);
      return {
        next: () => {
          n++;
          return it.next();
        },
        [Symbol.iterator]() {
          return this;
        },
      } as IterableIterator<unknown>;
    };
    try {
      await fn();
    } finally {
      proto[Symbol.iterator] = original;
    }
    return n;
  }

  it('validate, the terminal summary and the JSON: 4,000 rows with an error each cost twice 2,000', async () => {
    const run = (rows: number) => {
      const file = writeCsv(
        path.join(dir, `systematic-${rows}.csv`),
        range(rows).map((i) => rosterRow(i, { 省份: '山冬' })),
      );
      return steps(async () => {
        const spill = new FindingSpill(1000);
        const r = await validate(ingest([file]), { sink: spill, cap: Infinity });
        expect(r.findings).toHaveLength(rows);
        formatSummary(r);
        for await (const _ of findingsJson({ files: r.files }, spill)); // eslint-disable-line @typescript-eslint/no-unused-vars
        spill.dispose();
      });
    };
    const small = await run(2000);
    const large = await run(4000);
    // Linear: 2×, plus what does not grow; quadratic would be 4×.
    expect(large / small).toBeGreaterThan(1.5);
    expect(large / small).toBeLessThan(2.5);
  }, 60_000);
});

/**
 * Header detection: below titles, 填报单位 lines and blank rows; two-row headers with a merged
 * top row; aliases and units; a sheet assigned to a table by its header, not its name.
 */
import { describe, expect, it } from 'vitest';
import { columnLetter, combineHeaderRows, findHeader } from '../../src/ingest/header.js';
import { goldenCase } from '../fixtures/golden.js';

goldenCase('roster-xlsx-messy');
goldenCase('series-wide');
goldenCase('required-column-missing');

describe('combineHeaderRows', () => {
  it('reads a merged top cell over the cells below it', () => {
    expect(combineHeaderRows(['学校代码', '毕业生', null, '专任教师'], [null, '人数', '去向落实人数', null])).toEqual([
      '学校代码',
      '毕业生人数',
      '毕业生去向落实人数',
      '专任教师',
    ]);
  });
});

describe('findHeader', () => {
  it('finds a two-row header below a title and reports the cell each header stands in', () => {
    const m = findHeader([
      { number: 1, cells: ['2023年院校基本情况统计表'] },
      { number: 3, cells: ['学校代码', '院校名称', '省份', '学校类型', '年度', '在校生', '毕业生', null, '专任教师', '备用'] },
      { number: 4, cells: [null, null, null, null, null, null, '人数', '去向落实人数'] },
    ])!;
    expect(m.table.name).toBe('roster');
    expect(m.headerRow).toBe(4);
    expect(m.span).toBe(2);
    expect(m.bindings.map((b) => [b.field.id, columnLetter(b.col)])).toEqual([
      ['schoolId', 'A'],
      ['schoolName', 'B'],
      ['province', 'C'],
      ['level', 'D'],
      ['year', 'E'],
      ['enrolled', 'F'],
      ['graduates', 'G'],
      ['placed', 'H'],
      ['fullTimeTeachers', 'I'],
    ]);
    expect(m.ignored).toEqual([{ col: 9, header: '备用', row: 3 }]);
  });

  it('returns null for a sheet without a header', () => {
    expect(
      findHeader([
        { number: 1, cells: ['填表说明'] },
        { number: 2, cells: ['学校标识码', '10 位数字'] },
      ]),
    ).toBeNull();
  });
});

describe('columnLetter', () => {
  it.each([
    [0, 'A'],
    [25, 'Z'],
    [26, 'AA'],
    [51, 'AZ'],
    [52, 'BA'],
    [701, 'ZZ'],
    [702, 'AAA'],
  ])('%i → %s', (n, s) => {
    expect(columnLetter(n)).toBe(s);
  });
});

import { describe, expect, it } from 'vitest';
import { itemNo, partNo, sectionNo, subsectionNo, zhNumber } from '../../src/format/index.js';

describe('zhNumber', () => {
  it.each<[number, string]>([
    [0, '零'],
    [1, '一'],
    [2, '二'],
    [9, '九'],
    [10, '十'],
    [11, '十一'],
    [15, '十五'],
    [19, '十九'],
    [20, '二十'],
    [21, '二十一'],
    [23, '二十三'],
    [30, '三十'],
    [47, '四十七'],
    [99, '九十九'],
    [100, '一百'],
    [101, '一百零一'],
    [110, '一百一十'],
    [111, '一百一十一'],
    [205, '二百零五'],
    [1000, '一千'],
    [1001, '一千零一'],
    [1010, '一千零一十'],
    [1100, '一千一百'],
    [2023, '二千零二十三'],
    [9999, '九千九百九十九'],
  ])('zhNumber(%i) = %s', (n, want) => expect(zhNumber(n)).toBe(want));

  it.each([-1, 1.5, 10000, NaN])('rejects %s', (n) => expect(() => zhNumber(n)).toThrow(RangeError));
});

describe('heading numbers', () => {
  it.each<[string, string]>([
    [partNo(1), '第一编'],
    [partNo(3), '第三编'],
    [partNo(12), '第十二编'],
    [sectionNo(1), '一、'],
    [sectionNo(10), '十、'],
    [subsectionNo(3), '(三)'],
    [subsectionNo(11), '(十一)'],
    [itemNo(1), '1.'],
    [itemNo(12), '12.'],
  ])('%s', (got, want) => expect(got).toBe(want));

  it('itemNo rejects non-integers', () => expect(() => itemNo(1.5)).toThrow(RangeError));
});

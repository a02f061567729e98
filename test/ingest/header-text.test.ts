import { describe, expect, it } from 'vitest';
import { headerKey, normaliseHeader } from '../../src/ingest/header-text.js';

describe('normaliseHeader', () => {
  it.each([
    // [raw, key, unit, required]
    ['学校名称', '学校名称', null, false],
    ['学校名称 *', '学校名称', null, true],
    ['学校名称＊', '学校名称', null, true],
    ['*学校名称', '学校名称', null, true],
    ['学校代码（必填）', '学校代码', null, true],
    ['学校代码(必填)', '学校代码', null, true],
    ['在校生数（万人）', '在校生数', '万人', false],
    ['在校生数(人)', '在校生数', '人', false],
    ['毕业去向落实率(%)', '毕业去向落实率', '%', false],
    ['毕业去向落实率（％）', '毕业去向落实率', '%', false],
    ['在校生数（单位：万人）', '在校生数', '万人', false],
    ['在校生数(单位:人)', '在校生数', '人', false],
    ['培训人次（万人次）', '培训人次', '万人次', false],
    ['经费(亿元)', '经费', '亿元', false],
    ['在校生数(万人)*', '在校生数', '万人', true],
    ['在校生数*(万人)', '在校生数', '万人', true],
    ['在校生数（万人）（必填）', '在校生数', '万人', true],
    ['毕业\n人数', '毕业人数', null, false],
    ['  学校\r\n标识码\u3000* ', '学校标识码', null, true],
    ['学 校 名 称', '学校名称', null, false],
    ['省(区、市)', '省(区、市)', null, false],
    ['省（区、市）', '省(区、市)', null, false],
    ['合作国家(地区)', '合作国家(地区)', null, false],
    ['合作国家（地区） *', '合作国家(地区)', null, true],
    ['高等职业学校(专科)', '高等职业学校(专科)', null, false],
    ['人数(人)(备注)', '人数(人)(备注)', null, false], // unit only when trailing
    ['2023年', '2023年', null, false],
    ['', '', null, false],
  ])('%j', (raw, key, unit, required) => {
    expect(normaliseHeader(raw)).toEqual({ key, unit, required });
  });
});

describe('headerKey', () => {
  it('gives just the key', () => {
    expect(headerKey('在校生数（万人）*')).toBe('在校生数');
    expect(headerKey('合作国家（地区）')).toBe('合作国家(地区)');
  });
});

import { describe, expect, it } from 'vitest';
import { PROJECT_STATUSES, PROJECT_TYPES, LEVELS } from '../../../src/types.js';
import { KNOWN_BRANDS, resolveBrand, resolveLevel, resolveOwnership, resolveProjectType, resolveStatus } from '../../../src/validate/ref/aliases.js';

function expectAll<T>(resolve: (raw: string) => T, cases: Record<string, T>): void {
  for (const [raw, want] of Object.entries(cases)) expect(resolve(raw), raw).toBe(want);
}

describe('resolveLevel', () => {
  it('maps every alias in the contract', () => {
    for (const l of LEVELS) expect(resolveLevel(l)).toBe(l);
    expectAll(resolveLevel, {
      中等职业学校: '中职',
      中专: '中职',
      技工学校: '中职',
      技工院校: '中职',
      职业高中: '中职',
      高职: '高职专科',
      '高等职业学校(专科)': '高职专科',
      '高职(专科)': '高职专科',
      专科: '高职专科',
      高职高专: '高职专科',
      职业本科: '高职本科',
      本科层次职业学校: '高职本科',
      '高职(本科)': '高职本科',
      '高等职业学校(本科)': '高职本科',
    });
  });

  it('tolerates full-width brackets and inner spaces', () => {
    expectAll(resolveLevel, {
      '高职（专科）': '高职专科',
      '高等职业学校（本科）': '高职本科',
      '高职 (专科)': '高职专科',
      '中 职': '中职',
      '高职\u3000本科': '高职本科',
    });
  });

  it('rejects unknown levels', () => {
    expectAll(resolveLevel, { 本科: undefined, 普通高中: undefined, '': undefined });
  });
});

describe('resolveOwnership', () => {
  it('maps aliases', () => {
    expectAll(resolveOwnership, {
      公办: '公办',
      公立: '公办',
      政府举办: '公办',
      民办: '民办',
      社会力量举办: '民办',
      私立: '民办',
      民营: '民办',
      其他: undefined,
    });
  });
});

describe('resolveProjectType', () => {
  it('accepts the 8 types and obvious variants', () => {
    for (const t of PROJECT_TYPES) expect(resolveProjectType(t)).toBe(t);
    expectAll(resolveProjectType, {
      中外合作办学机构: '合作办学机构',
      中外合作办学项目: '合作办学项目',
      标准输出: '标准与资源输出',
      资源输出: '标准与资源输出',
      其它: '其他',
      合作: undefined,
    });
  });
});

describe('resolveStatus', () => {
  it('maps aliases', () => {
    for (const s of PROJECT_STATUSES) expect(resolveStatus(s)).toBe(s);
    expectAll(resolveStatus, {
      在办: '运行中',
      进行中: '运行中',
      运行: '运行中',
      结束: '已结束',
      终止: '已结束',
      已停办: '已结束',
      筹建: '筹建中',
      暂停: undefined,
    });
  });
});

describe('resolveBrand', () => {
  it('reads "none" as null', () => {
    for (const s of ['', '无', '否', '-', '—', '/', 'N/A']) expect(resolveBrand(s), s).toBeNull();
  });

  it('normalises known brands', () => {
    for (const b of KNOWN_BRANDS) expect(resolveBrand(b)).toBe(b);
    expectAll(resolveBrand, {
      班墨学院: '班·墨学院',
      '班 · 墨学院': '班·墨学院',
      '班•墨学院': '班·墨学院',
      '班・墨学院': '班·墨学院',
      '中国—东盟现代工匠学院': '中国-东盟现代工匠学院',
      中国东盟现代工匠学院: '中国-东盟现代工匠学院',
      现代工匠学院: '中国-东盟现代工匠学院',
      '鲁班 工坊': '鲁班工坊',
      '“鲁班工坊”': '鲁班工坊',
    });
  });

  it('returns unknown text as given', () => {
    expect(resolveBrand('澜湄职业教育联盟')).toBe('澜湄职业教育联盟');
    expect(resolveBrand('泰国鲁班工坊')).toBe('泰国鲁班工坊');
  });
});

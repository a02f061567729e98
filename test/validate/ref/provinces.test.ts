import { describe, expect, it } from 'vitest';
import { PROVINCES, provinceByName, resolveProvince, suggestProvince } from '../../../src/validate/ref/provinces.js';

const name = (raw: string) => resolveProvince(raw)?.name;

describe('resolveProvince', () => {
  it('has 31 provinces and 兵团 with unique names and codes', () => {
    expect(PROVINCES).toHaveLength(32);
    expect(new Set(PROVINCES.map((p) => p.name)).size).toBe(32);
    expect(new Set(PROVINCES.map((p) => p.code)).size).toBe(32);
  });

  it('accepts short and full names', () => {
    expect(name('山东')).toBe('山东');
    expect(name('山东省')).toBe('山东');
    expect(name('广西壮族自治区')).toBe('广西');
    expect(name('新疆生产建设兵团')).toBe('兵团');
    expect(name('北京市')).toBe('北京');
    for (const p of PROVINCES) {
      expect(resolveProvince(p.name)).toBe(p);
      expect(resolveProvince(p.full)).toBe(p);
      expect(resolveProvince(p.code)).toBe(p);
    }
  });

  it('accepts common variants', () => {
    expect(name('广西自治区')).toBe('广西');
    expect(name('内蒙')).toBe('内蒙古');
    expect(name('新疆兵团')).toBe('兵团');
    expect(name('兵团')).toBe('兵团');
    expect(name('宁夏自治区')).toBe('宁夏');
  });

  it('accepts GB/T 2260 codes', () => {
    expect(name('37')).toBe('山东');
    expect(name('370000')).toBe('山东');
    expect(name('66')).toBe('兵团');
    expect(name('３７')).toBe('山东');
    expect(name('37.0')).toBeUndefined();
    expect(name('3')).toBeUndefined();
    expect(name('99')).toBeUndefined();
  });

  it('tolerates whitespace, including U+3000', () => {
    expect(name('  山东省 ')).toBe('山东');
    expect(name('\u3000山东\u3000')).toBe('山东');
    expect(name(' 37\t')).toBe('山东');
  });

  it('rejects what is not a province', () => {
    expect(name('')).toBeUndefined();
    expect(name('全国')).toBeUndefined();
    expect(name('山冬')).toBeUndefined();
    expect(name('香港')).toBeUndefined();
  });
});

describe('suggestProvince', () => {
  it('corrects near misses to the short name', () => {
    expect(suggestProvince('山冬')).toBe('山东');
    expect(suggestProvince('山东生')).toBe('山东');
    expect(suggestProvince('湖被')).toBe('湖北');
    expect(suggestProvince('广西壮族自治去')).toBe('广西');
    expect(suggestProvince('黑龙将')).toBe('黑龙江');
  });

  it('returns the name for an exact match and nothing for nonsense', () => {
    expect(suggestProvince('山东省')).toBe('山东');
    expect(suggestProvince('德国')).toBeUndefined();
    expect(suggestProvince('abc')).toBeUndefined();
  });
});

describe('provinceByName', () => {
  it('looks up canonical names only', () => {
    expect(provinceByName('山东')?.code).toBe('37');
    expect(provinceByName('山东省')).toBeUndefined();
  });
});

import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { ALL_COUNTRIES, continentOf, countryByAlpha2, fullName, isChina, resolveCountry, suggestCountry } from '../../../src/validate/ref/countries.js';

const code = (raw: string) => resolveCountry(raw)?.alpha2;
const codes = createRequire(import.meta.url)('i18n-iso-countries/codes.json') as string[][];

describe('resolveCountry', () => {
  it('accepts Chinese short names as Chinese reports print them', () => {
    const expected: Record<string, string> = {
      德国: 'DE',
      英国: 'GB',
      美国: 'US',
      俄罗斯: 'RU',
      韩国: 'KR',
      老挝: 'LA',
      越南: 'VN',
      泰国: 'TH',
      柬埔寨: 'KH',
      埃塞俄比亚: 'ET',
      吉布提: 'DJ',
      肯尼亚: 'KE',
      赞比亚: 'ZM',
      塞尔维亚: 'RS',
      印度尼西亚: 'ID',
      印尼: 'ID',
      蒙古国: 'MN',
      阿联酋: 'AE',
      沙特: 'SA',
      澳洲: 'AU',
      波黑: 'BA',
    };
    const aliases = ['印尼', '沙特', '澳洲'];
    for (const [raw, alpha2] of Object.entries(expected)) {
      expect(code(raw), raw).toBe(alpha2);
      // Short names come back as printed; aliases come back as the short name.
      if (!aliases.includes(raw)) expect(resolveCountry(raw)?.name, raw).toBe(raw);
    }
  });

  it('accepts Chinese full names', () => {
    expect(code('德意志联邦共和国')).toBe('DE');
    expect(code('大不列颠及北爱尔兰联合王国')).toBe('GB');
    expect(code('俄罗斯联邦')).toBe('RU');
    expect(code('泰王国')).toBe('TH');
    expect(code('埃塞俄比亚联邦民主共和国')).toBe('ET');
    expect(code('老挝人民民主共和国')).toBe('LA');
    expect(code('美利坚合众国')).toBe('US');
    expect(code('刚果民主共和国')).toBe('CD');
  });

  it('has a full name for every sovereign country in Asia, Africa and Europe', () => {
    // Official name is the short name, or a territory with no long form.
    const none = new Set([
      'GE',
      'MY',
      'MN',
      'TM',
      'BF',
      'IE',
      'IS',
      'ME',
      'RO',
      'UA',
      'HU',
      'HK',
      'MO',
      'TW',
      'AX',
      'FO',
      'GG',
      'GI',
      'IM',
      'JE',
      'SJ',
      'IO',
      'RE',
      'YT',
      'SH',
      'TF',
      'EH',
    ]);
    const lacking = ALL_COUNTRIES.filter((c) => ['亚洲', '非洲', '欧洲'].includes(c.continent) && !none.has(c.alpha2) && !fullName(c.alpha2));
    expect(lacking.map((c) => `${c.alpha2} ${c.name}`)).toEqual([]);
    for (const c of ALL_COUNTRIES) {
      const full = fullName(c.alpha2);
      if (full) expect(resolveCountry(full), full).toBe(c);
    }
  });

  it('accepts English names case-insensitively', () => {
    const expected: Record<string, string> = {
      Germany: 'DE',
      germany: 'DE',
      'United Kingdom': 'GB',
      UK: 'GB',
      Britain: 'GB',
      'United States': 'US',
      USA: 'US',
      'U.S.A.': 'US',
      Russia: 'RU',
      'South Korea': 'KR',
      Korea: 'KR',
      Vietnam: 'VN',
      'Viet Nam': 'VN',
      Laos: 'LA',
      Iran: 'IR',
      Turkey: 'TR',
      Türkiye: 'TR',
      "Côte d'Ivoire": 'CI',
      'Cote d’Ivoire': 'CI',
      'DR Congo': 'CD',
    };
    for (const [raw, alpha2] of Object.entries(expected)) expect(code(raw), raw).toBe(alpha2);
  });

  it('accepts ISO alpha-2 and alpha-3, case-insensitively', () => {
    expect(code('DE')).toBe('DE');
    expect(code('de')).toBe('DE');
    expect(code('DEU')).toBe('DE');
    expect(code('deu')).toBe('DE');
    expect(code('GBR')).toBe('GB');
    expect(code('ETH')).toBe('ET');
  });

  it('folds full-width forms and spaces', () => {
    expect(code('刚果（金）')).toBe('CD');
    expect(code('刚果(金)')).toBe('CD');
    expect(code('刚果金')).toBe('CD');
    expect(code('刚果（布）')).toBe('CG');
    expect(code('ＤＥ')).toBe('DE');
    expect(code(' 德 国 ')).toBe('DE');
  });

  it('leaves ambiguous names unresolved', () => {
    expect(code('Congo')).toBeUndefined();
    expect(code('刚果')).toBeUndefined();
  });

  it('reports HK, MO and TW as regions', () => {
    const cases: [string[], string, string][] = [
      [['中国香港', '香港', 'Hong Kong', 'hong kong', 'HK', 'HKG'], 'HK', '中国香港'],
      [['中国澳门', '澳门', 'Macao', 'Macau', 'MO', 'MAC'], 'MO', '中国澳门'],
      [['中国台湾', '台湾', 'Taiwan', 'TW', 'TWN', '中国台湾省'], 'TW', '中国台湾'],
    ];
    for (const [spellings, alpha2, name] of cases) {
      for (const s of spellings) {
        const c = resolveCountry(s);
        expect(c, s).toMatchObject({ alpha2, name, isRegion: true, continent: '亚洲' });
      }
    }
    expect(
      ALL_COUNTRIES.filter((c) => c.isRegion)
        .map((c) => c.alpha2)
        .sort(),
    ).toEqual(['HK', 'MO', 'TW']);
  });

  it('rejects China itself', () => {
    for (const s of ['CN', 'cn', 'CHN', '中国', '中华人民共和国', 'China', "People's Republic of China"]) {
      expect(resolveCountry(s), s).toBeUndefined();
    }
    expect(countryByAlpha2('CN')).toBeUndefined();
    expect(isChina(' 中华人民共和国 ')).toBe(true);
    expect(isChina('chn')).toBe(true);
    expect(isChina('中国香港')).toBe(false);
    expect(ALL_COUNTRIES.some((c) => c.alpha2 === 'CN')).toBe(false);
  });

  it('rejects non-countries', () => {
    for (const s of ['', '南极洲', 'AQ', '山东', 'XX', 'Atlantis']) expect(resolveCountry(s), s).toBeUndefined();
  });
});

describe('continents', () => {
  it('places a sample as Chinese reports do', () => {
    const expected: Record<string, string> = {
      DE: '欧洲',
      ET: '非洲',
      TH: '亚洲',
      RU: '欧洲',
      BR: '南美洲',
      AU: '大洋洲',
      US: '北美洲',
      TR: '亚洲',
      EG: '非洲',
      KZ: '亚洲',
      MX: '北美洲',
      CU: '北美洲',
      PA: '北美洲',
      CY: '亚洲',
      NZ: '大洋洲',
      FJ: '大洋洲',
      CO: '南美洲',
    };
    for (const [alpha2, continent] of Object.entries(expected)) {
      expect(countryByAlpha2(alpha2)?.continent, alpha2).toBe(continent);
    }
  });

  it('covers every alpha-2 the library knows, Antarctica aside', () => {
    const all = codes.map(([a2]) => a2).filter((a2) => a2 !== 'AQ');
    expect(all.length).toBeGreaterThan(240);
    expect(all.filter((a2) => !continentOf(a2))).toEqual([]);
    expect(ALL_COUNTRIES.every((c) => c.continent)).toBe(true);
  });
});

describe('countryByAlpha2 and ALL_COUNTRIES', () => {
  it('looks up by code', () => {
    expect(countryByAlpha2('de')).toMatchObject({ alpha3: 'DEU', name: '德国', nameEn: 'Germany', isRegion: false });
    expect(countryByAlpha2('ZZ')).toBeUndefined();
  });

  it('has unique codes and Chinese names', () => {
    expect(new Set(ALL_COUNTRIES.map((c) => c.alpha2)).size).toBe(ALL_COUNTRIES.length);
    expect(new Set(ALL_COUNTRIES.map((c) => c.alpha3)).size).toBe(ALL_COUNTRIES.length);
    expect(new Set(ALL_COUNTRIES.map((c) => c.name)).size).toBe(ALL_COUNTRIES.length);
  });

  it('resolves every country by its own names and codes', () => {
    for (const c of ALL_COUNTRIES) {
      for (const s of [c.name, c.nameEn, c.alpha2, c.alpha3]) expect(resolveCountry(s), s).toBe(c);
    }
  });
});

describe('suggestCountry', () => {
  it('answers in the script typed', () => {
    expect(suggestCountry('德过')).toBe('德国');
    expect(suggestCountry('Germnay')).toBe('Germany');
    expect(suggestCountry('埃塞俄比压')).toBe('埃塞俄比亚');
    expect(suggestCountry('柬浦寨')).toBe('柬埔寨');
    expect(suggestCountry('Ethopia')).toBe('Ethiopia');
    expect(suggestCountry('Britian')).toBe('United Kingdom');
  });

  it('gives the canonical name for an exact match', () => {
    expect(suggestCountry('德意志联邦共和国')).toBe('德国');
    expect(suggestCountry('香港')).toBe('中国香港');
  });

  it('never suggests for China or on a tie', () => {
    expect(suggestCountry('中国')).toBeUndefined();
    expect(suggestCountry('中过')).toBeUndefined();
    expect(suggestCountry('Chna')).toBeUndefined();
    expect(suggestCountry('Irak')).toBeUndefined();
    expect(suggestCountry('xyz')).toBeUndefined();
  });
});

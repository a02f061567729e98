import { describe, expect, it } from 'vitest';
import { groupThousands, plainDecimal, roundDecimalString, roundHalfUp, roundHalfUpNumber } from '../../src/format/index.js';

describe('roundHalfUp', () => {
  it.each<[number, number, string]>([
    [1.005, 2, '1.01'],
    [2.675, 2, '2.68'],
    [1.015, 2, '1.02'],
    [1.025, 2, '1.03'],
    [0.125, 2, '0.13'],
    [0.135, 2, '0.14'],
    [0.005, 2, '0.01'],
    [0.0049999, 2, '0.00'],
    [10.005, 2, '10.01'],
    [100.005, 2, '100.01'],
    [1000.005, 2, '1000.01'],
    [8.345, 2, '8.35'],
    [1234567.125, 2, '1234567.13'],
    [123456789012.345, 2, '123456789012.35'],
    [0.0000015, 6, '0.000002'],
    [99.995, 2, '100.00'],
    [9.995, 2, '10.00'],
    [0.995, 2, '1.00'],
    [999999.5, 0, '1000000'],
    [0.5, 0, '1'],
    [1.5, 0, '2'],
    [2.5, 0, '3'],
    [1.4999, 0, '1'],
    [-1.005, 2, '-1.01'],
    [-2.675, 2, '-2.68'],
    [-0.5, 0, '-1'],
    [-2.5, 0, '-3'],
    [-0.004, 2, '0.00'],
    [-0.001, 0, '0'],
    [0, 2, '0.00'],
    [-0, 2, '0.00'],
    [-0, 0, '0'],
    [1e-7, 2, '0.00'],
    [1e-7, 7, '0.0000001'],
    [5e-7, 6, '0.000001'],
    [-5e-7, 6, '-0.000001'],
    [1.5e-10, 10, '0.0000000002'],
    [1e21, 2, '1000000000000000000000.00'],
    [1.5e21, 0, '1500000000000000000000'],
    [-1.5e21, 1, '-1500000000000000000000.0'],
    [12345, 0, '12345'],
    [12345, 3, '12345.000'],
    [0.1 + 0.2, 2, '0.30'],
    [3.3000000000000003, 15, '3.300000000000000'],
  ])('roundHalfUp(%s, %i) = %s', (x, places, want) => {
    expect(roundHalfUp(x, places)).toBe(want);
  });

  it.each<[number, number, number, string]>([
    [0.447749, 2, 2, '44.77'],
    [0.0094, 2, 2, '0.94'],
    [0.094, 2, 2, '9.40'],
    [0.010005, 2, 2, '1.00'],
    [0.010005, 3, 2, '1.001'],
    [0.00005, 2, 2, '0.01'],
    [34782800, 2, -4, '3478.28'],
    [1450200, 2, -4, '145.02'],
    [14376250, 2, -4, '1437.63'],
    [5370000, 0, -4, '537'],
    [5365000, 0, -4, '537'],
    [5364999, 0, -4, '536'],
    [363000000000, 0, -8, '3630'],
    [1e21, 0, -8, '10000000000000'],
    [1e-7, 2, 7, '1.00'],
  ])('roundHalfUp(%s, %i, scale %i) = %s', (x, places, scale, want) => {
    expect(roundHalfUp(x, places, scale)).toBe(want);
  });

  it('differs from toFixed where the double lies below the decimal', () => {
    expect((1.005).toFixed(2)).toBe('1.00');
    expect(roundHalfUp(1.005, 2)).toBe('1.01');
  });

  it('rejects non-finite input and bad places', () => {
    expect(() => roundHalfUp(NaN, 2)).toThrow(RangeError);
    expect(() => roundHalfUp(Infinity, 2)).toThrow(RangeError);
    expect(() => roundHalfUp(1, -1)).toThrow(RangeError);
    expect(() => roundHalfUp(1, 1.5)).toThrow(RangeError);
    expect(() => roundHalfUp(1, 2, 0.5)).toThrow(RangeError);
  });

  it('roundHalfUpNumber returns the rounded number, never -0', () => {
    expect(roundHalfUpNumber(1.005, 2)).toBe(1.01);
    expect(roundHalfUpNumber(-2.675, 2)).toBe(-2.68);
    expect(roundHalfUpNumber(0.447749, 4, 2)).toBe(44.7749);
    expect(Object.is(roundHalfUpNumber(-0.001, 2), 0)).toBe(true);
    expect(Object.is(roundHalfUpNumber(-0, 2), 0)).toBe(true);
  });
});

describe('roundDecimalString', () => {
  it.each<[string, number | null, string]>([
    ['1.005', 2, '1.01'],
    ['-1.005', 2, '-1.01'],
    ['+1.005', 2, '1.01'],
    ['.5', 0, '1'],
    ['5.', 0, '5'],
    ['0.44774999999999999999', 4, '0.4477'],
    ['0.44775000000000000000', 4, '0.4478'],
    ['123456789012345678901234567890.5', 0, '123456789012345678901234567891'],
    ['1.23e+2', 1, '123.0'],
    ['1.25E-1', 1, '0.1'],
    ['000123.4500', null, '123.45'],
    ['-0.000', null, '0'],
    ['1e-7', null, '0.0000001'],
    ['1.5e21', null, '1500000000000000000000'],
  ])('roundDecimalString(%s, %s) = %s', (s, places, want) => {
    expect(roundDecimalString(s, places)).toBe(want);
  });

  it.each(['', '.', 'abc', '1.2.3', '1e', '--1', '1,000'])('rejects %j', (s) => {
    expect(() => roundDecimalString(s, 2)).toThrow(RangeError);
  });
});

describe('plainDecimal and groupThousands', () => {
  it.each<[number, string]>([
    [1e-7, '0.0000001'],
    [1.5e21, '1500000000000000000000'],
    [-2.5e-8, '-0.000000025'],
    [123.45, '123.45'],
    [-0, '0'],
  ])('plainDecimal(%s) = %s', (x, want) => expect(plainDecimal(x)).toBe(want));

  it.each<[string, string]>([
    ['0', '0'],
    ['999', '999'],
    ['1000', '1,000'],
    ['11133', '11,133'],
    ['-1234567.891', '-1,234,567.891'],
    ['3478.28', '3,478.28'],
  ])('groupThousands(%s) = %s', (s, want) => expect(groupThousands(s)).toBe(want));
});

// Reference: exact rounding in BigInt on the decimal string itself (no shared code with the module).
function reference(s: string, places: number, scale = 0): string {
  const neg = s.startsWith('-');
  const [i, f = ''] = s.replace(/^-/, '').split('.');
  const mant = BigInt(i + f);
  const exp = f.length - scale; // value = mant / 10^exp
  let q: bigint;
  if (exp <= places) q = mant * 10n ** BigInt(places - exp);
  else {
    const d = 10n ** BigInt(exp - places);
    q = mant / d + (2n * (mant % d) >= d ? 1n : 0n);
  }
  let str = q.toString().padStart(places + 1, '0');
  if (places > 0) str = `${str.slice(0, -places)}.${str.slice(-places)}`;
  return neg && q !== 0n ? `-${str}` : str;
}

// Deterministic PRNG so failures reproduce.
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A decimal with at most `maxSig` significant digits, often ending in 5 at the rounding place. */
function genDecimal(r: () => number, maxSig: number, places: number): string {
  const sig = 1 + Math.floor(r() * maxSig);
  let digits = '';
  for (let k = 0; k < sig; k++) digits += String(Math.floor(r() * 10));
  digits = digits.replace(/^0+/, '') || '0';
  // Ties (…5 just past the rounding place) are the interesting case: make them common.
  const tie = r() < 0.4;
  const fracLen = tie ? places + 1 : Math.min(digits.length + 8, Math.floor(r() * 14));
  if (tie) digits = digits.slice(0, -1) + '5';
  // Sometimes huge (≥ 1e21, where String() switches to exponent form).
  if (!tie && fracLen === 0 && r() < 0.6) digits += '0'.repeat(8 + Math.floor(r() * 12));
  const padded = digits.padStart(fracLen + 1, '0');
  const int = padded.slice(0, padded.length - fracLen).replace(/^0+(?=\d)/, '');
  const frac = padded.slice(padded.length - fracLen);
  return (r() < 0.3 ? '-' : '') + int + (frac ? `.${frac}` : '');
}

describe('property: matches a BigInt reference', () => {
  const r = rng(20240419);
  const cases = Array.from({ length: 4000 }, () => {
    const places = Math.floor(r() * 5);
    return { s: genDecimal(r, 15, places), places, scale: [0, 0, 2, -4, -8][Math.floor(r() * 5)] };
  });

  it('roundHalfUp(Number(s)) on ≤15 significant digits (round-trip exact)', () => {
    for (const { s, places, scale } of cases) {
      expect([s, places, scale, roundHalfUp(Number(s), places, scale)]).toEqual([s, places, scale, reference(s, places, scale)]);
    }
  });

  it('roundDecimalString on long strings', () => {
    for (let k = 0; k < 2000; k++) {
      const places = Math.floor(r() * 6);
      const s = genDecimal(r, 40, places);
      expect([s, places, roundDecimalString(s, places)]).toEqual([s, places, reference(s, places)]);
    }
  });

  it('covers ties, exponent forms and negatives', () => {
    const n = (f: (c: (typeof cases)[number]) => boolean) => cases.filter(f).length;
    expect(n((c) => /e/.test(String(Number(c.s))))).toBeGreaterThan(100);
    expect(n((c) => /e\+/.test(String(Number(c.s))))).toBeGreaterThan(20);
    expect(n((c) => c.s.endsWith('5') && c.s.split('.')[1]?.length === c.places + 1)).toBeGreaterThan(1000);
    expect(n((c) => c.s.startsWith('-'))).toBeGreaterThan(800);
  });

  it('reference agrees with hand-written cases', () => {
    expect(reference('1.005', 2)).toBe('1.01');
    expect(reference('-2.675', 2)).toBe('-2.68');
    expect(reference('0.447749', 2, 2)).toBe('44.77');
    expect(reference('-0.001', 2)).toBe('0.00');
  });
});

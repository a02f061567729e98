import { describe, expect, it } from 'vitest';
import { UNITS, isUnit, shiftDecimal, toBase, type Unit } from '../../src/validate/units.js';

describe('UNITS', () => {
  it('maps scaled units to their base', () => {
    expect(UNITS['万人']).toEqual({ base: '人', scale: 10_000 });
    expect(UNITS['万人次']).toEqual({ base: '人次', scale: 10_000 });
    expect(UNITS['万元']).toEqual({ base: '元', scale: 10_000 });
    expect(UNITS['亿元']).toEqual({ base: '元', scale: 100_000_000 });
    for (const u of ['所', '个', '人', '人次', '%', '元'] as Unit[]) expect(UNITS[u]).toEqual({ base: u, scale: 1 });
  });
});

describe('isUnit', () => {
  it.each([
    ['万人', true],
    ['%', true],
    ['亿元', true],
    ['万', false],
    ['人数', false],
    ['', false],
    ['toString', false],
  ])('%s → %s', (s, ok) => expect(isUnit(s)).toBe(ok));
  it('rejects non-strings', () => expect(isUnit(5)).toBe(false));
});

describe('toBase is exact in decimal', () => {
  it.each<[number, Unit, number]>([
    [1737.96, '万人', 17379600],
    [3478.28, '万人', 34782800],
    [537, '万人', 5370000],
    [1.005, '万人', 10050],
    [0.1 + 0.2, '万人', 3000.0000000000005], // the float itself is not 0.3: its shortest decimal is shifted
    [0.3, '万人', 3000],
    [1.1, '万人次', 11000],
    [4.35, '万元', 43500],
    [1.23, '亿元', 123000000],
    [0.07, '亿元', 7000000],
    [-2.5, '万人', -25000],
    [1e-7, '万人', 0.001],
    [1.5e21, '万元', 1.5e25],
    [91.8, '%', 91.8],
    [1547, '所', 1547],
    [0, '万人', 0],
  ])('%s %s → %s', (v, u, want) => expect(toBase(v, u)).toBe(want));

  it('beats naive float multiply where it fails', () => {
    // The traps this module exists for: a float multiply lands next to the decimal answer.
    expect(1.005 * 10000).not.toBe(10050);
    expect(toBase(1.005, '万人')).toBe(10050);
    expect(1.13 * 10000).not.toBe(11300);
    expect(toBase(1.13, '万元')).toBe(11300);
    expect(0.07 * 10000).not.toBe(700);
    expect(toBase(0.07, '万人次')).toBe(700);
    expect(4.35 * 1e8).not.toBe(435000000);
    expect(toBase(4.35, '亿元')).toBe(435000000);
    expect(1034.41 * 1e8).not.toBe(103441000000);
    expect(toBase(1034.41, '亿元')).toBe(103441000000);
  });

  it('passes non-finite values through', () => {
    expect(toBase(Number.NaN, '万人')).toBeNaN();
    expect(shiftDecimal(Infinity, 4)).toBe(Infinity);
  });
});

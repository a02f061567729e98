import { describe, expect, it } from 'vitest';
import { closest, closestBy } from '../../../src/validate/ref/suggest.js';

describe('closest', () => {
  const names = ['Germany', 'France', 'Austria', 'Australia', 'Iran', 'Iraq'];

  it('finds a transposition, case-insensitively', () => {
    expect(closest('Germnay', names)).toBe('Germany');
    expect(closest('GERMANY', names)).toBe('Germany');
    expect(closest('frnace', names)).toBe('France');
  });

  it('allows 1 edit up to 4 chars and 2 beyond', () => {
    expect(closest('Irn', ['Iran'])).toBe('Iran');
    expect(closest('Ia', ['Iran'])).toBeUndefined();
    expect(closest('Grmny', ['Germany'])).toBe('Germany');
    expect(closest('Grmy', ['Germany'])).toBeUndefined();
    expect(closest('Grmny', ['Germany'], 1)).toBeUndefined();
  });

  it('gives no answer on a tie', () => {
    expect(closest('Irak', names)).toBeUndefined();
    expect(closest('Austrlia', names)).toBeUndefined();
  });

  it('breaks a Chinese tie by pinyin homophone', () => {
    expect(closest('湖被', ['湖北', '湖南'])).toBe('湖北');
    expect(closest('山冬', ['山西', '山东'])).toBe('山东');
    expect(closest('湖x', ['湖北', '湖南'])).toBeUndefined();
  });

  it('does not guess from a single shared character', () => {
    expect(closest('德', ['德国'])).toBeUndefined();
    expect(closest('', ['德国'])).toBeUndefined();
  });

  it('treats keys naming the same value as one', () => {
    expect(
      closestBy('山东生', [
        ['山东', 'SD'],
        ['山东省', 'SD'],
        ['山西', 'SX'],
      ]),
    ).toBe('SD');
  });
});

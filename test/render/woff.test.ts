import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as fontverter from 'fontverter';
import subsetFont from 'subset-font';
import { sfntToWoff } from '../../src/render/woff.js';

const require = createRequire(import.meta.url);
const chunk = path.join(path.dirname(require.resolve('@fontsource/noto-serif-sc/package.json')), 'files', 'noto-serif-sc-100-400-normal.woff2');

/** sfnt tables by tag (tag → bytes), so fonts compare by content whatever their layout. */
function tables(sfnt: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  for (let k = 0; k < sfnt.readUInt16BE(4); k++) {
    const at = 12 + 16 * k;
    const off = sfnt.readUInt32BE(at + 8);
    out.set(sfnt.toString('latin1', at, at + 4), sfnt.subarray(off, off + sfnt.readUInt32BE(at + 12)).toString('hex'));
  }
  return out;
}

describe('sfntToWoff', () => {
  it('writes a WOFF that an independent decoder turns back into the same tables', async () => {
    const full = await fontverter.convert(readFileSync(chunk), 'sfnt');
    const ttf = await subsetFont(full, '职业教育发展报告', { targetFormat: 'truetype' });
    const woff = sfntToWoff(ttf);
    expect(woff.toString('latin1', 0, 4)).toBe('wOFF');
    expect(woff.readUInt32BE(8)).toBe(woff.length);
    expect(woff.length % 4).toBe(0);
    expect(woff.length).toBeLessThan(ttf.length);
    const back = await fontverter.convert(woff, 'sfnt');
    expect(tables(back)).toEqual(tables(ttf));
  });

  it('gives the same bytes for the same font', async () => {
    const full = await fontverter.convert(readFileSync(chunk), 'sfnt');
    const ttf = await subsetFont(full, '中德', { targetFormat: 'truetype' });
    expect(sfntToWoff(ttf).equals(sfntToWoff(ttf))).toBe(true);
  });
});

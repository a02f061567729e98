import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as fontverter from 'fontverter';
import subsetFont from 'subset-font';
import { STORE_BELOW, sfntToWoff, woffToSfnt } from '../../src/render/woff.js';

const require = createRequire(import.meta.url);
const files = (pkg: string) => path.join(path.dirname(require.resolve(`${pkg}/package.json`)), 'files');
const chunk = path.join(files('@fontsource/noto-serif-sc'), 'noto-serif-sc-100-400-normal.woff2');

/** sfnt tables by tag (tag → bytes), so fonts compare by content whatever their layout. */
function tables(sfnt: Buffer): Map<string, string> {
  return new Map([...tableBytes(sfnt)].map(([tag, b]) => [tag, b.toString('hex')]));
}

function tableBytes(sfnt: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (let k = 0; k < sfnt.readUInt16BE(4); k++) {
    const at = 12 + 16 * k;
    const off = sfnt.readUInt32BE(at + 8);
    out.set(sfnt.toString('latin1', at, at + 4), sfnt.subarray(off, off + sfnt.readUInt32BE(at + 12)));
  }
  return out;
}

/** What text layout reads from a font: characters → glyphs, substitutions, advances, line metrics. */
function layoutFacts(sfnt: Buffer) {
  const t = tableBytes(sfnt);
  const hhea = t.get('hhea')!;
  const os2 = t.get('OS/2')!;
  const hmtx = t.get('hmtx')!;
  const n = hhea.readUInt16BE(34);
  return {
    cmap: t.get('cmap')!.toString('hex'),
    gsub: t.get('GSUB')?.toString('hex'),
    unitsPerEm: t.get('head')!.readUInt16BE(18),
    numGlyphs: t.get('maxp')!.readUInt16BE(4),
    advances: Array.from({ length: n }, (_, i) => hmtx.readUInt16BE(4 * i)),
    hhea: [hhea.readInt16BE(4), hhea.readInt16BE(6), hhea.readInt16BE(8)],
    // fsSelection, sTypoAscender/Descender/LineGap, usWinAscent/Descent
    os2: [os2.readUInt16BE(62), os2.readInt16BE(68), os2.readInt16BE(70), os2.readInt16BE(72), os2.readUInt16BE(74), os2.readUInt16BE(76)],
  };
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
    // Small tables are stored as they are; larger ones (here the names) are deflated.
    const dir = Array.from({ length: woff.readUInt16BE(12) }, (_, k) => ({
      tag: woff.toString('latin1', 44 + 20 * k, 48 + 20 * k),
      comp: woff.readUInt32BE(52 + 20 * k),
      orig: woff.readUInt32BE(56 + 20 * k),
    }));
    const name = dir.find((t) => t.tag === 'name')!;
    expect(name.orig).toBeGreaterThanOrEqual(STORE_BELOW);
    expect(name.comp).toBeLessThan(name.orig);
    const small = dir.filter((t) => t.orig < STORE_BELOW);
    expect(small.map((t) => t.tag)).toEqual(expect.arrayContaining(['head', 'hhea', 'maxp']));
    for (const t of small) expect(t.comp, t.tag).toBe(t.orig);
  });

  it('gives the same bytes for the same font', async () => {
    const full = await fontverter.convert(readFileSync(chunk), 'sfnt');
    const ttf = await subsetFont(full, '中德', { targetFormat: 'truetype' });
    expect(sfntToWoff(ttf).equals(sfntToWoff(ttf))).toBe(true);
  });
});

describe('woffToSfnt', () => {
  it('reads a real @fontsource WOFF into the same tables as an independent decoder', async () => {
    const woff = readFileSync(chunk.replace(/\.woff2$/, '.woff'));
    const ours = woffToSfnt(woff);
    expect(ours.readUInt32BE(0)).toBe(0x00010000);
    expect(tables(ours)).toEqual(tables(await fontverter.convert(woff, 'sfnt')));
  });

  it('round-trips what sfntToWoff writes', async () => {
    const ttf = await subsetFont(await fontverter.convert(readFileSync(chunk), 'sfnt'), '续表第页', { targetFormat: 'truetype' });
    expect(tables(woffToSfnt(sfntToWoff(ttf)))).toEqual(tables(ttf));
  });

  it('refuses what is not WOFF', () => {
    expect(() => woffToSfnt(Buffer.from('wOF2xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'))).toThrow(/not a WOFF/);
  });

  // The build reads the .woff of each chunk instead of decoding the .woff2 (100× faster). They
  // are separate builds of the chunk: layout must come out the same from either.
  it.each([
    ['@fontsource/noto-serif-sc', 'noto-serif-sc-latin-400-normal'],
    ['@fontsource/noto-serif-sc', 'noto-serif-sc-119-700-normal'],
    ['@fontsource/noto-sans-sc', 'noto-sans-sc-100-400-normal'],
    ['@fontsource/noto-sans-sc', 'noto-sans-sc-5-700-normal'],
    ['@fontsource/noto-sans-sc', 'noto-sans-sc-latin-700-normal'],
  ])('%s %s: the .woff lays text out like the .woff2', async (pkg, name) => {
    const fromWoff = woffToSfnt(readFileSync(path.join(files(pkg), `${name}.woff`)));
    const fromWoff2 = await fontverter.convert(readFileSync(path.join(files(pkg), `${name}.woff2`)), 'sfnt');
    const a = layoutFacts(fromWoff);
    expect(a.advances.length).toBeGreaterThan(10);
    expect(a).toEqual(layoutFacts(fromWoff2));
  });
});

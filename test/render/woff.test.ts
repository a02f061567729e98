import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as fontverter from 'fontverter';
import { fontFaces, subsetTtf } from '../../src/render/fonts.js';
import { STORE_BELOW, sfntToWoff } from '../../src/render/woff.js';
import { lineMetrics, tableBytes, tables } from './sfnt.js';

const serif = fontFaces({ roles: ['serif'], weights: [400] })[0]!.file;

describe('sfntToWoff', () => {
  it('writes a WOFF that an independent decoder turns back into the same tables', async () => {
    const ttf = await subsetTtf(serif, '职业教育发展报告');
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
    const ttf = await subsetTtf(serif, '中德');
    expect(sfntToWoff(ttf).equals(sfntToWoff(ttf))).toBe(true);
  });
});

describe('subsetTtf', () => {
  it('gives the same bytes for the same characters, also after other subsets of the face', async () => {
    const first = await subsetTtf(serif, '续表第页');
    await subsetTtf(serif, '鲁班工坊');
    expect((await subsetTtf(serif, '续表第页')).equals(first)).toBe(true);
  });

  // Line height, baseline and vertical layout come from these: a subset must lay text out like
  // the whole face (and like the chunks the report used before, which had the same values).
  it.each(fontFaces().map((f) => [`${f.family} ${f.weight}`, f.file]))(
    "%s: the subset keeps the face's line metrics and glyph outlines (glyf, not CFF)",
    async (_, file) => {
      const full = readFileSync(file);
      const sub = await subsetTtf(file, '职业教育，Ag1');
      expect(lineMetrics(sub)).toEqual(lineMetrics(full));
      expect(lineMetrics(sub).unitsPerEm).toBe(1000);
      const t = tableBytes(sub);
      expect(t.has('glyf') && t.has('loca') && !t.has('CFF ')).toBe(true);
      expect(t.get('maxp')!.readUInt16BE(4)).toBeLessThan(100); // glyphs kept: a handful, not 30,000
      expect(sub.length).toBeLessThan(full.length / 100);
    },
  );

  it('keeps the weight: the bold face stays bold', async () => {
    for (const role of ['serif', 'sans'] as const) {
      const [regular, bold] = fontFaces({ roles: [role] });
      expect(lineMetrics(await subsetTtf(regular!.file, '中')).weightClass).toBe(400);
      expect(lineMetrics(await subsetTtf(bold!.file, '中')).weightClass).toBe(700);
    }
  });
});

import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { storeEntries, useEmptyToolCache } from './helpers.js';
import { subsetFontFaceCss } from '../../src/render/fonts.js';

describe('font subsets with an empty tool cache (a new CI runner)', () => {
  const dir = useEmptyToolCache('vet-cache-test-');

  it('subsets each face once and keeps it; the same text again reads the kept subsets', async () => {
    // Characters no other test uses.
    const text = '龘靐齉 Quixotic 2049 年鉴';
    const css = await subsetFontFaceCss(text);
    expect(css.faces).toHaveLength(4);
    expect(css.css.match(/@font-face/g)).toHaveLength(css.faces.length);
    // Only subsets are kept: the font files are read from node_modules, never copied.
    expect(readdirSync(dir)).toEqual(['store']);
    const kept = await storeEntries(dir);
    expect(kept).toHaveLength(css.faces.length);
    expect(await storeEntries(dir, 'subsets')).toEqual(kept);
    expect((await subsetFontFaceCss(text)).css).toBe(css.css);
    expect(await storeEntries(dir)).toEqual(kept);
    // Another text is another entry per face.
    await subsetFontFaceCss(`${text}鼍`);
    expect(await storeEntries(dir, 'subsets')).toHaveLength(2 * css.faces.length);
  }, 60_000);
});

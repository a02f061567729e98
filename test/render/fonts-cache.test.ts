import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useEmptyToolCache } from './helpers.js';
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
    expect(readdirSync(dir)).toEqual(['subsets']);
    const kept = readdirSync(path.join(dir, 'subsets')).filter((f) => f.endsWith('.woff.vrc'));
    expect(kept).toHaveLength(css.faces.length);
    expect((await subsetFontFaceCss(text)).css).toBe(css.css);
    expect(readdirSync(path.join(dir, 'subsets')).filter((f) => f.endsWith('.woff.vrc'))).toEqual(kept);
    // Another text is another entry per face.
    await subsetFontFaceCss(`${text}鼍`);
    expect(readdirSync(path.join(dir, 'subsets')).filter((f) => f.endsWith('.woff.vrc'))).toHaveLength(2 * css.faces.length);
  }, 60_000);
});

import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useEmptyToolCache } from './helpers.js';
import { subsetFontFaceCss } from '../../src/render/fonts.js';

describe('font subsets with an empty tool cache (a new CI runner)', () => {
  const dir = useEmptyToolCache('vet-cache-test-');

  it('subsets and keeps every chunk (it once waited on itself forever)', async () => {
    // Characters no other test uses, so no subset of them is in this process's memory yet.
    const text = '龘靐齉 Quixotic 2049 年鉴';
    const css = await subsetFontFaceCss(text);
    expect(css.subsets.length).toBeGreaterThan(0);
    expect(css.css.match(/@font-face/g)).toHaveLength(css.subsets.length);
    // Chunks are read from their .woff (zlib), so nothing needed decoding into the cache.
    expect(existsSync(path.join(dir, 'fonts'))).toBe(false);
    expect(readdirSync(path.join(dir, 'subsets')).filter((f) => f.endsWith('.woff.vrc'))).toHaveLength(css.subsets.length);
  }, 60_000);
});

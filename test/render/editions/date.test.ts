/**
 * The date a report carries is China's calendar day of the build's clock: a build at 01:30 in
 * Beijing (17:30 UTC the day before), as an editor's early run or a CI job in UTC gives, is dated
 * that day on the cover, not the day before.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBuild } from '../../../src/pipeline.js';

describe('the date on the cover', () => {
  it('is the day in China at the build time', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'vet-date-'));
    await runBuild({ paths: ['data'], out, formats: 'html', editions: 'bilateral', country: 'DE', now: new Date('2024-06-30T17:30:00Z') });
    const html = await readFile(path.join(out, '2023', 'bilateral-DE.html'), 'utf8');
    const cover = /<p class="cover-meta">([\s\S]*?)<\/p>/.exec(html)?.[1] ?? '';
    expect(cover).toContain('2024年7月1日');
    expect(cover).not.toContain('2024年6月30日');
  }, 120_000);
});

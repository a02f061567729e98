/**
 * A damaged tool cache never reaches a published output: one flipped byte in every entry of a
 * build's cache (sheets, validated data, charts, font subsets, workbooks, page layouts), and a
 * rebuild writes what a build with a clean cache wrote, says which entries it made again, and
 * leaves every entry sound.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { entryKind, takeCacheNotices } from '../src/cache.js';
import { CACHE_KINDS } from '../src/paths.js';
import { runBuild } from '../src/pipeline.js';
import { pdfPageTexts } from './poppler.js';
import { assertToolsPresent, skipBrowserTests, storeEntries, useEmptyToolCache } from './render/helpers.js';

const NOW = new Date('2024-06-30T00:00:00Z');

/** Every file under dir, as paths relative to it. */
const filesOf = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();

describe.skipIf(skipBrowserTests)('a damaged tool cache', () => {
  const cache = useEmptyToolCache('vet-integrity-');
  const outs: string[] = [];
  beforeAll(() => assertToolsPresent());
  afterAll(async () => {
    for (const o of outs) await rm(o, { recursive: true, force: true });
  });

  it('gives the same outputs as a clean one, and says what it made again', async () => {
    const opts = { paths: ['data'], country: 'DE', editions: ['bilateral'] as const, formats: ['html', 'pdf'] as const, now: NOW, pinDates: true };
    const clean = await mkdtemp(path.join(os.tmpdir(), 'vet-integrity-clean-'));
    outs.push(clean);
    const first = await runBuild({ ...opts, out: clean });
    expect(first.editions.map((e) => e.status)).toEqual(['built']);
    expect(takeCacheNotices()).toEqual([]);

    // One byte flipped in the content of every entry the build wrote.
    // Every file of the store is a sound entry, and the build kept every kind.
    const entries = await storeEntries(cache);
    expect(entries).toEqual(
      filesOf(path.join(cache, 'store'))
        .map((f) => path.join(cache, 'store', f))
        .sort(),
    );
    const kinds = new Set(await Promise.all(entries.map(entryKind)));
    expect([...kinds].sort()).toEqual([...CACHE_KINDS].sort());
    for (const file of entries) {
      const bytes = readFileSync(file);
      const at = Math.floor(bytes.length * 0.6);
      bytes[at]! ^= 0x20;
      writeFileSync(file, bytes);
    }

    // Built by fresh modules, as a new process would: nothing of the first build in memory (font
    // subsets, charts, templates).
    const again = await mkdtemp(path.join(os.tmpdir(), 'vet-integrity-again-'));
    outs.push(again);
    vi.resetModules();
    const fresh = await import('../src/pipeline.js');
    expect(fresh.runBuild).not.toBe(runBuild);
    const second = await fresh.runBuild({ ...opts, out: again, force: true });
    expect(second.editions.map((e) => e.status)).toEqual(['built']);

    // Every output as the clean build wrote it: HTML, JSON, CSV and every workbook byte for
    // byte; the PDF with the same pages.
    const written = filesOf(clean);
    expect(filesOf(again)).toEqual(written);
    expect(written.filter((f) => f.endsWith('.xlsx')).length).toBeGreaterThan(1);
    for (const f of written.filter((f) => !f.endsWith('.pdf'))) {
      expect(readFileSync(path.join(again, f)).equals(readFileSync(path.join(clean, f))), f).toBe(true);
    }
    const pdf = path.join('2023', 'bilateral-DE.pdf');
    expect(written).toContain(pdf);
    const pages = await pdfPageTexts(path.join(clean, pdf));
    expect(pages.length).toBeGreaterThan(1);
    expect(await pdfPageTexts(path.join(again, pdf))).toEqual(pages);

    // Said in the build log, by kind; each entry was made again and reads back sound.
    const notice = second.log.find((l) => l.startsWith('提示：工具缓存中的条目已损坏'));
    for (const kind of ['读出的工作表', '校验与汇总结果', '图表', '字体子集', '数据工作簿', '分页测量']) expect(notice).toContain(kind);
    for (const file of entries) expect(await entryKind(file), file).not.toBeNull();
    expect(takeCacheNotices()).toEqual([]);
  }, 300_000);
});

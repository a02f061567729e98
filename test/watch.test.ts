// build --watch: one process, one browser (relaunched if it dies); an edit to a template rebuilds the edition it touches.

import { readdirSync, readFileSync } from 'node:fs';
import { readFile, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BuildResult } from '../src/pipeline.js';
import { DATA } from '../src/paths.js';
import { pdfPageTexts } from './poppler.js';
import { PROFILE_PREFIX } from '../src/render/browser.js';
import { watchBuild } from '../src/watch.js';
import { assertToolsPresent, skipBrowserTests, squash, useTemplatesCopy } from './render/helpers.js';

async function until(what: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The pids of the Chromium main processes this test process started (found by their profile folder). */
function chromiumOfThisProcess(): number[] {
  const profile = `--user-data-dir=${path.join(tmpdir(), `${PROFILE_PREFIX}${process.pid}-`)}`;
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number)
    .filter((pid) => {
      try {
        const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        return args.some((a) => a.startsWith(profile)) && !args.some((a) => a.startsWith('--type='));
      } catch {
        return false;
      }
    });
}

describe.skipIf(skipBrowserTests)('build --watch', () => {
  const templatesCopy = useTemplatesCopy('vet-watch-');

  it('builds, rebuilds the edition a template edit touches, ignores its own outputs, and stops on abort', async () => {
    assertToolsPresent();
    const { root, templates } = await templatesCopy();
    const out = path.join(root, 'out');
    const results: { result: BuildResult | null; error?: unknown }[] = [];
    const stop = new AbortController();
    const done = watchBuild({
      paths: [DATA],
      out,
      templates,
      country: 'DE',
      editions: ['bilateral'],
      clock: () => new Date('2024-06-01T00:00:00Z'),
      signal: stop.signal,
      debounceMs: 100,
      onBuild: (result, _ms, error) => results.push({ result, error }),
    });

    await until(() => results.length === 1, 120_000);
    expect(results[0]!.error).toBeUndefined();
    expect(results[0]!.result!.editions.map((e) => [e.id, e.status])).toEqual([['bilateral-DE', 'built']]);

    // Outputs written into out/ (even a stray file there) do not start a build.
    await writeFile(path.join(out, 'note.txt'), 'x');
    await new Promise((r) => setTimeout(r, 600));
    expect(results).toHaveLength(1);

    // Chromium dies between builds (a crash, the OOM killer): the next build prints with a new one.
    const chromium = chromiumOfThisProcess();
    expect(chromium).toHaveLength(1);
    process.kill(-chromium[0]!, 'SIGKILL');

    await appendFile(path.join(templates, 'bilateral', 'preface.hbs'), '\n<p>监视模式修订说明</p>\n');
    await until(() => results.length === 2, 60_000);
    const second = results[1]!.result!;
    expect(second.upToDate).toBe(false);
    expect(second.editions.map((e) => [e.id, e.status])).toEqual([['bilateral-DE', 'built']]);
    const year = String(second.year);
    expect(await readFile(path.join(out, year, 'bilateral-DE.html'), 'utf8')).toContain('监视模式修订说明');
    expect(squash((await pdfPageTexts(path.join(out, year, 'bilateral-DE.pdf'))).join(''))).toContain('监视模式修订说明');

    stop.abort();
    await done;
    expect(results).toHaveLength(2);
    expect(chromiumOfThisProcess()).toEqual([]); // closed with the watch
  }, 240_000);
});

describe('build --watch with a path that is not there', () => {
  it('stops with the usage error before building or watching (it used to crash at the watcher: exit 3)', async () => {
    const builds: unknown[] = [];
    const run = watchBuild({
      paths: [DATA, 'no-such-data'],
      out: 'no-such-out',
      signal: new AbortController().signal,
      onBuild: (r, _ms, e) => builds.push(r ?? e),
    });
    await expect(run).rejects.toMatchObject({ code: 'PATH_NOT_FOUND', exitCode: 2, message: '找不到输入路径：no-such-data' });
    await expect(
      watchBuild({ paths: [DATA], out: 'no-such-out', templates: 'no-such-templates', signal: new AbortController().signal, onBuild: () => {} }),
    ).rejects.toMatchObject({ code: 'BAD_OPTION', exitCode: 2 });
    expect(builds).toEqual([]);
  });
});

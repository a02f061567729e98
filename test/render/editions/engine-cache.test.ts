// Templates are compiled in the process that renders them: the tool cache holds no code the build
// runs, so nothing written there (by another user, a damaged disk, an older version) is executed.
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it, vi } from 'vitest';
import { cacheKey, packageVersion } from '../../../src/cache.js';
import { useEmptyToolCache } from '../helpers.js';

const ctx = { year: 2023, region: '全国', indicators: [], sample: false };

/** A templates folder x/ with one edition.hbs; returns the file. */
async function template(text: string): Promise<string> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'vet-tpl-'));
  const file = path.join(root, 'x', 'edition.hbs');
  await mkdir(path.dirname(file));
  await writeFile(file, text);
  return file;
}

describe('template compilation', () => {
  const cache = useEmptyToolCache('vet-tplcache-');

  it('keeps nothing in the tool cache and runs no code found there', async () => {
    const source = '<p>你好，{{name}}</p>';
    const file = await template(source);
    const first = await import('../../../src/render/editions/engine.js');
    expect(first.createEngine(path.dirname(file), ctx, first.newState()).render(file, { name: '山东' })).toBe('<p>你好，山东</p>');
    expect(existsSync(cache) ? readdirSync(cache, { recursive: true }) : []).toEqual([]);

    // Another template's code where versions before this one kept (and ran) this template's: a
    // fresh module instance still prints its own source.
    const opts = { strict: false, noEscape: false };
    const compiler = createRequire(import.meta.url)('handlebars') as typeof import('handlebars');
    await mkdir(path.join(cache, 'templates'), { recursive: true });
    await writeFile(
      path.join(cache, 'templates', `${cacheKey(packageVersion('handlebars'), `${JSON.stringify(opts)}\0${source}`)}.js`),
      String(compiler.precompile('<p>再见，{{name}}</p>', opts)),
    );
    vi.resetModules();
    const fresh = await import('../../../src/render/editions/engine.js');
    expect(fresh).not.toBe(first);
    expect(fresh.createEngine(path.dirname(file), ctx, fresh.newState()).render(file, { name: '山东' })).toBe('<p>你好，山东</p>');
  });
});

// Precompiled templates are kept in the tool cache: a fresh process reads them instead of loading
// Handlebars' compiler and compiling again.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it, vi } from 'vitest';
import { useEmptyToolCache } from '../helpers.js';

describe('template cache', () => {
  const cache = useEmptyToolCache('vet-tplcache-');

  it('stores the precompiled template and a new process uses it', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'vet-tpl-'));
    await mkdir(path.join(root, 'x'));
    const file = path.join(root, 'x', 'edition.hbs');
    await writeFile(file, '<p>你好，{{name}}</p>');
    const ctx = { year: 2023, region: '全国', indicators: [], sample: false };

    const first = await import('../../../src/render/editions/engine.js');
    expect(first.createEngine(path.join(root, 'x'), ctx, first.newState()).render(file, { name: '山东' })).toBe('<p>你好，山东</p>');
    const stored = readdirSync(path.join(cache, 'templates'));
    expect(stored).toHaveLength(1);

    // Replace the stored code with another template's: a fresh module instance must print it,
    // which it can only do by reading the cache rather than compiling the source.
    const compiler = createRequire(import.meta.url)('handlebars') as typeof import('handlebars');
    writeFileSync(path.join(cache, 'templates', stored[0]!), String(compiler.precompile('<p>再见，{{name}}</p>', { strict: false, noEscape: false })));
    vi.resetModules();
    const fresh = await import('../../../src/render/editions/engine.js');
    expect(fresh).not.toBe(first);
    expect(fresh.createEngine(path.join(root, 'x'), ctx, fresh.newState()).render(file, { name: '山东' })).toBe('<p>再见，山东</p>');

    // An edited template has another key: compiled, not the stale entry.
    await writeFile(file, '<p>您好，{{name}}</p>');
    expect(fresh.createEngine(path.join(root, 'x'), ctx, fresh.newState()).render(file, { name: '山东' })).toBe('<p>您好，山东</p>');
    expect(readdirSync(path.join(cache, 'templates'))).toHaveLength(2);
  });
});

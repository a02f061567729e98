// Precompiled templates are kept in the tool cache: a fresh process reads them instead of loading
// Handlebars' compiler and compiling again.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it, vi } from 'vitest';
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

describe('template cache', () => {
  const cache = useEmptyToolCache('vet-tplcache-');

  it('stores the precompiled template and a new process uses it', async () => {
    const file = await template('<p>你好，{{name}}</p>');

    const first = await import('../../../src/render/editions/engine.js');
    expect(first.createEngine(path.dirname(file), ctx, first.newState()).render(file, { name: '山东' })).toBe('<p>你好，山东</p>');
    const stored = readdirSync(path.join(cache, 'templates'));
    expect(stored).toHaveLength(1);

    // Replace the stored code with another template's: a fresh module instance must print it,
    // which it can only do by reading the cache rather than compiling the source.
    const compiler = createRequire(import.meta.url)('handlebars') as typeof import('handlebars');
    writeFileSync(path.join(cache, 'templates', stored[0]!), String(compiler.precompile('<p>再见，{{name}}</p>', { strict: false, noEscape: false })));
    vi.resetModules();
    const fresh = await import('../../../src/render/editions/engine.js');
    expect(fresh).not.toBe(first);
    expect(fresh.createEngine(path.dirname(file), ctx, fresh.newState()).render(file, { name: '山东' })).toBe('<p>再见，山东</p>');

    // An edited template has another key: compiled, not the stale entry.
    await writeFile(file, '<p>您好，{{name}}</p>');
    expect(fresh.createEngine(path.dirname(file), ctx, fresh.newState()).render(file, { name: '山东' })).toBe('<p>您好，山东</p>');
    expect(readdirSync(path.join(cache, 'templates'))).toHaveLength(2);
  });

  it('compiles again over a damaged entry and puts it back', async () => {
    const file = await template('<p>损坏，{{name}}</p>');
    const before = new Set(readdirSync(path.join(cache, 'templates')));
    const first = await import('../../../src/render/editions/engine.js');
    first.createEngine(path.dirname(file), ctx, first.newState()).render(file, { name: '甲' });
    const entry = readdirSync(path.join(cache, 'templates')).find((f) => !before.has(f))!;
    writeFileSync(path.join(cache, 'templates', entry), '{ cut short');
    vi.resetModules();
    const fresh = await import('../../../src/render/editions/engine.js');
    expect(fresh.createEngine(path.dirname(file), ctx, fresh.newState()).render(file, { name: '乙' })).toBe('<p>损坏，乙</p>');
    expect(readFileSync(path.join(cache, 'templates', entry), 'utf8')).not.toBe('{ cut short');
  });
});

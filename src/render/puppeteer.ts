// puppeteer-core, from the one-file build in dist/vendor when there is one made from the installed
// version (scripts/bundle-vendor.mjs: the same code with nothing left out, only joined into one
// module, which loads faster than the package's files), else the package itself.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PuppeteerNode } from 'puppeteer-core';
import { packageVersion } from '../cache.js';

const VENDORED = new URL('../vendor/puppeteer-core.js', import.meta.url);

let loaded: Promise<PuppeteerNode> | undefined;

async function load(): Promise<PuppeteerNode> {
  if (existsSync(fileURLToPath(VENDORED))) {
    try {
      const m = (await import(VENDORED.href)) as { default: PuppeteerNode; bundledVersion?: string };
      if (m.bundledVersion === packageVersion('puppeteer-core')) return m.default;
    } catch {
      // a bundle that does not load: the package below
    }
  }
  return ((await import('puppeteer-core')) as unknown as { default: PuppeteerNode }).default;
}

export function loadPuppeteer(): Promise<PuppeteerNode> {
  loaded ??= load();
  // A failure is not kept: the next launch (watch mode) tries again.
  loaded.catch(() => {
    loaded = undefined;
  });
  return loaded;
}

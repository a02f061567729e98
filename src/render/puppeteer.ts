// puppeteer-core, from the one-file build in dist/vendor when there is one (scripts/
// bundle-puppeteer.mjs: the same code, loaded in ~0.1 s instead of ~0.27 s), else the package.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { PuppeteerNode } from 'puppeteer-core';

const VENDORED = new URL('../vendor/puppeteer-core.js', import.meta.url);

let loaded: Promise<PuppeteerNode> | undefined;

export function loadPuppeteer(): Promise<PuppeteerNode> {
  loaded ??= (existsSync(fileURLToPath(VENDORED)) ? import(VENDORED.href) : import('puppeteer-core')).then(
    (m: { default: PuppeteerNode }) => m.default,
  );
  return loaded;
}

// Part of `npm run build`: the two dependencies every build loads, each joined into one file.
//
// zod: dist/zod.js, as tsc wrote it, re-exports what src/zod.ts names from the package; it is
// replaced by those exports joined into one module (~0.015 s to load instead of ~0.1 s for zod's
// ~70 files). Same code, only joined, and only what the schemas use.
//
// puppeteer-core: dist/vendor/puppeteer-core.js, the package and all its dependencies joined
// into one module by esbuild, nothing left out or replaced: the same code the tests run from the
// package, loaded faster than its ~220 files (measured here: ~0.18 s against ~0.25 s per process
// that prints; an earlier bundle that stubbed out chromium-bidi, the proxy agent and yargs loaded
// in ~0.1 s, but then dist/ ran other code than the tests).
//
// src/render/puppeteer.ts loads this file when it is there (dist), and the package otherwise
// (tsx, tests run from src).
import { build } from 'esbuild';
import { readFileSync, renameSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
/** esbuild's bundle of `contents`, written whole and then renamed: a build cut short never leaves half a module to import. */
async function bundle(contents, out, options = {}) {
  const tmp = `${out}.${process.pid}.tmp`;
  await build({
    stdin: { contents, resolveDir: root, loader: 'js' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: tmp,
    logLevel: 'warning',
    legalComments: 'inline',
    ...options,
  });
  renameSync(tmp, out);
}

const zod = `${root}/dist/zod.js`;
// Run twice, the re-export is already joined: bundle it only as tsc wrote it.
const reexport = readFileSync(zod, 'utf8');
if (/^export \{[^}]*\} from 'zod';/m.test(reexport)) await bundle(reexport, zod, { minifySyntax: true, minifyWhitespace: true });

// Which puppeteer-core it was made from: the loader uses it only if node_modules still has that one.
const version = JSON.parse(readFileSync(`${root}/node_modules/puppeteer-core/package.json`, 'utf8')).version;
await bundle(`export { default } from 'puppeteer-core';\nexport const bundledVersion = ${JSON.stringify(version)};`, `${root}/dist/vendor/puppeteer-core.js`, {
  // CommonJS dependencies (ws, debug) call require(); an ES module has none of its own.
  banner: { js: "import { createRequire as __vrRequire } from 'node:module'; const require = __vrRequire(import.meta.url);" },
});

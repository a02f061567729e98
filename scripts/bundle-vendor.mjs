// Part of `npm run build`: the two dependencies every build loads, each joined into one file.
//
// zod: dist/zod.js, as tsc wrote it, re-exports what src/zod.ts names from the package; it is
// replaced by those exports joined into one module (~0.015 s to load instead of ~0.1 s for zod's
// ~70 files). Same code, only joined, and only what the schemas use.
//
// puppeteer-core: dist/vendor/puppeteer-core.js.
// Loading puppeteer-core's ~220 modules (its own, ws, semver, @puppeteer/browsers, debug) took
// ~0.27 s of every process that prints; the same code as one module loads in ~0.1 s. It is the
// same code: esbuild only joins the files. Left out are what a local pipe to Debian's Chromium
// never runs: the WebDriver BiDi mapper (chromium-bidi; we speak CDP), the download proxy agent
// and the browsers CLI's argument parser. Each is replaced by an empty module whose properties
// throw: a code path that needs one fails at once (for a named import, as "not a constructor").
//
// src/render/puppeteer.ts loads this file when it is there (dist), and the package otherwise
// (tsx, tests run from src).
import { build } from 'esbuild';
import { readFileSync, renameSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const LEFT_OUT = /^(chromium-bidi|proxy-agent|yargs)(\/.*)?$/;

const leaveOut = {
  name: 'leave-out',
  setup(b) {
    b.onResolve({ filter: LEFT_OUT }, (a) => ({ path: a.path, namespace: 'left-out' }));
    b.onLoad({ filter: /.*/, namespace: 'left-out' }, (a) => ({
      loader: 'js',
      contents: `module.exports = new Proxy({}, { get(_, k) {
        if (k === '__esModule' || typeof k === 'symbol') return undefined;
        throw new Error(${JSON.stringify(`vet-report: ${a.path} is not in dist/vendor/puppeteer-core.js`)});
      } });`,
    }));
  },
};

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
  plugins: [leaveOut],
  // CommonJS dependencies (ws, debug) call require(); an ES module has none of its own.
  banner: { js: "import { createRequire as __vrRequire } from 'node:module'; const require = __vrRequire(import.meta.url);" },
});

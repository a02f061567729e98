// Part of `npm run build`: puppeteer-core as one file, dist/vendor/puppeteer-core.js.
//
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

// Which puppeteer-core it was made from: the loader uses it only if node_modules still has that one.
const version = JSON.parse(readFileSync(`${root}/node_modules/puppeteer-core/package.json`, 'utf8')).version;
const out = `${root}/dist/vendor/puppeteer-core.js`;
const tmp = `${out}.${process.pid}.tmp`;

await build({
  stdin: { contents: `export { default } from 'puppeteer-core';\nexport const bundledVersion = ${JSON.stringify(version)};`, resolveDir: root, loader: 'js' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: tmp,
  plugins: [leaveOut],
  logLevel: 'warning',
  legalComments: 'inline',
  // CommonJS dependencies (ws, debug) call require(); an ES module has none of its own.
  banner: { js: "import { createRequire as __vrRequire } from 'node:module'; const require = __vrRequire(import.meta.url);" },
});
// Written whole, then renamed: a build cut short never leaves half a module to import.
renameSync(tmp, out);

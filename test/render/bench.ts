// Prints the demo report and reports timings: npx tsx test/render/bench.ts [outDir] [runs] [tableRows]
// Writes outDir/demo.html, demo.pdf (two-pass) and demo-plain.pdf (single print).

import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchBrowser } from '../../src/render/browser.js';
import { printPdf } from '../../src/render/pdf.js';
import { buildDemo } from './fixtures/demo.js';

const out = resolve(process.argv[2] ?? join(tmpdir(), 'vet-report-render-demo'));
const runs = Number(process.argv[3] ?? 3);
const rows = Number(process.argv[4] ?? 64);
await mkdir(out, { recursive: true });

let t = performance.now();
const demo = await buildDemo({ rows });
const buildMs = performance.now() - t;
const htmlPath = join(out, 'demo.html');
await writeFile(htmlPath, demo.html);
console.log(
  `html: ${(demo.html.length / 1e6).toFixed(2)} MB, ${demo.fontFaces} font faces (${(demo.fontBytes / 1e6).toFixed(2)} MB), built in ${buildMs.toFixed(0)} ms`,
);
if (demo.missingGlyphs.length) console.log('missing glyphs:', demo.missingGlyphs);

t = performance.now();
const rb = await launchBrowser();
console.log(`launch: ${(performance.now() - t).toFixed(0)} ms`);
try {
  for (let i = 0; i < runs; i++) {
    const paged = await printPdf(rb, htmlPath, join(out, 'demo.pdf'));
    const plain = await printPdf(rb, htmlPath, join(out, 'demo-plain.pdf'), { paged: false });
    console.log(
      `run ${i + 1}: two-pass ${paged.timings.totalMs} ms (load ${paged.timings.loadMs}, prepare ${paged.timings.prepareMs}, ` +
        `prints ${paged.timings.printMs.join('+')}, read-back ${paged.timings.readBackMs}; ${paged.pages} pages, ` +
        `${paged.passes} pass, ${paged.continuations} 续表) | single ${plain.timings.totalMs} ms ` +
        `(load ${plain.timings.loadMs}, print ${plain.timings.printMs.join('+')}; ${plain.pages} pages)`,
    );
    if (i === runs - 1) {
      console.log('targets', paged.targetPages, 'warnings', paged.warnings, 'fontProblems', paged.fontProblems, 'blocked', paged.blocked);
      console.log(`pdf ${(paged.bytes / 1e3).toFixed(0)} kB, plain ${(plain.bytes / 1e3).toFixed(0)} kB`);
    }
  }
} finally {
  await rb.close();
}

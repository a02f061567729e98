// The in-process PDF reader against poppler (pdfinfo, pdffonts) on the same files: real
// Chromium prints, and a hand-written PDF with the constructs Chromium happens not to use here.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type RenderBrowser } from '../../src/render/browser.js';
import { printPdf } from '../../src/render/pdf.js';
import { readPdfFacts } from '../../src/render/pdf-read.js';
import { pdfDests, pdfFonts, pdfInfo } from '../poppler.js';
import { buildDemo } from './fixtures/demo.js';
import { assertToolsPresent, skipBrowserTests } from './helpers.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vet-report-pdf-read-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function expectSameAsPoppler(file: string): Promise<void> {
  const facts = readPdfFacts(await readFile(file));
  expect(facts.pageCount).toBe(Number((await pdfInfo(file))['Pages']));
  expect(facts.dests).toEqual(await pdfDests(file));
  expect(facts.fonts).toEqual(await pdfFonts(file));
}

/** A PDF written by hand: offsets computed, xref table and trailer as the spec has them. */
function handmadePdf(objects: string[]): Buffer {
  let body = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((o, k) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${k + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) body += `${String(o).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<</Size ${objects.length + 1} /Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

describe('readPdfFacts on a hand-written PDF', () => {
  // Nested page tree, both kinds of named destinations (catalog /Dests with an escaped name, and
  // a /Names tree with kids), a Type 0 font with a TrueType descendant, an unembedded TrueType
  // font, and a Type 3 font; strings with nested parentheses and escapes in between.
  const page = (font: string) => `<</Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources <</Font <</F1 ${font}>>>> /Contents 15 0 R>>`;
  const objects = [
    '<</Type /Catalog /Pages 2 0 R /Dests 6 0 R /Names <</Dests 7 0 R>> /Title (a (nested) title \\) with \\(escapes\\)\\n)>>',
    '<</Type /Pages /Count 3 /Kids [3 0 R 4 0 R]>>',
    page('10 0 R'),
    '<</Type /Pages /Parent 2 0 R /Count 2 /Kids [5 0 R 16 0 R]>>',
    page('12 0 R'),
    '<</sec#2D1 [5 0 R /XYZ 0 100 0] /top [3 0 R /Fit]>>',
    '<</Kids [8 0 R]>>',
    '<</Names [(tail) <</D [16 0 R /XYZ 0 0 0]>> (a\\(b\\)) [5 0 R /Fit]]>>',
    '<</Length 0>>',
    '<</Type /Font /Subtype /Type0 /BaseFont /ABCDEF+NotoSansSC-Regular /Encoding /Identity-H /DescendantFonts [11 0 R] /ToUnicode 9 0 R>>',
    '<</Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+NotoSansSC-Regular /FontDescriptor 14 0 R /CIDSystemInfo <</Registry (Adobe) /Ordering (Identity) /Supplement 0>>>>',
    '<</Type /Font /Subtype /TrueType /BaseFont /Arial /Encoding /WinAnsiEncoding /FirstChar 32 /LastChar 32 /Widths [278] /FontDescriptor 13 0 R>>',
    '<</Type /FontDescriptor /FontName /Arial /Flags 32 /FontBBox [0 0 1000 1000] /ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80>>',
    '<</Type /FontDescriptor /FontName /ABCDEF+NotoSansSC-Regular /Flags 4 /FontBBox [0 0 1000 1000] /ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 /FontFile2 9 0 R>>',
    '<</Length 0>>\nstream\n\nendstream',
    page('17 0 R'),
    '<</Type /Font /Subtype /Type3 /FontBBox [0 0 1 1] /FontMatrix [1 0 0 1 0 0] /CharProcs <<>> /Encoding <</Type /Encoding /Differences [0]>> /FirstChar 0 /LastChar 0 /Widths [0] /Resources <<>>>>',
  ];
  // Object 9 is a stream in a real file; here a dictionary is enough for the reader, but poppler
  // wants streams where streams are due, so write it as one.
  objects[8] = '<</Length 0>>\nstream\n\nendstream';
  const pdf = handmadePdf(objects);

  it('reads pages through the nested tree, both kinds of destinations, and every font', () => {
    const facts = readPdfFacts(pdf);
    expect(facts.pageCount).toBe(3);
    expect(facts.dests).toEqual(
      new Map([
        ['sec-1', 2],
        ['top', 1],
        ['tail', 3],
        ['a(b)', 2],
      ]),
    );
    expect(facts.fonts.map((f) => [f.name, f.type, f.embedded, f.subset, f.unicode])).toEqual([
      ['ABCDEF+NotoSansSC-Regular', 'CID TrueType', true, true, true],
      ['Arial', 'TrueType', false, false, false],
      ['[none]', 'Type 3', true, false, false],
    ]);
  });

  it('agrees with poppler on it', async () => {
    const file = join(dir, 'handmade.pdf');
    await writeFile(file, pdf);
    await expectSameAsPoppler(file);
  });

  it('reads names and strings as UTF-8 text, and UTF-16 strings with their byte order mark', () => {
    const zh = handmadePdf([
      '<</Type /Catalog /Pages 2 0 R /Dests <</#E4#B8#AD#E5#BE#B7 [3 0 R /Fit]>> /Names <</Dests <</Names [<FEFF4E2D6CD5> [3 0 R /Fit]]>>>>>>',
      '<</Type /Pages /Count 1 /Kids [3 0 R]>>',
      '<</Type /Page /Parent 2 0 R /MediaBox [0 0 200 200]>>',
    ]);
    expect(readPdfFacts(zh).dests).toEqual(
      new Map([
        ['中德', 1],
        ['中法', 1],
      ]),
    );
  });

  it('refuses a PDF without a classic cross-reference table', () => {
    const text = pdf.toString('latin1').replace(/startxref\n\d+/, 'startxref\n9');
    expect(() => readPdfFacts(Buffer.from(text, 'latin1'))).toThrow(/xref/);
  });
});

describe.skipIf(skipBrowserTests)('readPdfFacts on Chromium prints', () => {
  let rb: RenderBrowser;
  beforeAll(async () => {
    assertToolsPresent();
    rb = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await rb?.close();
  });

  it('reads the demo report as poppler does (TOC link destinations, Noto fonts)', async () => {
    const demo = await buildDemo();
    await writeFile(join(dir, 'demo.html'), demo.html);
    const r = await printPdf(rb, join(dir, 'demo.html'), join(dir, 'demo.pdf'));
    const facts = readPdfFacts(await readFile(join(dir, 'demo.pdf')));
    expect(facts.dests.size).toBeGreaterThan(5);
    expect(facts.pageCount).toBe(r.pages);
    await expectSameAsPoppler(join(dir, 'demo.pdf'));
  }, 120_000);

  it('reads a Type 3 font (stroked text) as poppler does', async () => {
    await writeFile(
      join(dir, 'stroke.html'),
      '<!doctype html><html lang="en"><body><p style="-webkit-text-stroke:1px red;font:40px serif">Stroked</p><p>plain</p></body></html>',
    );
    await printPdf(rb, join(dir, 'stroke.html'), join(dir, 'stroke.pdf'), { paged: false });
    const facts = readPdfFacts(await readFile(join(dir, 'stroke.pdf')));
    expect(facts.fonts.some((f) => f.type === 'Type 3')).toBe(true);
    await expectSameAsPoppler(join(dir, 'stroke.pdf'));
  }, 120_000);
});

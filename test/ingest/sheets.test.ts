/**
 * Sheet readers. Delimited text is parsed a chunk at a time (papaparse paused and resumed); the
 * rows must be exactly those of one whole parse, whatever the file's length, line endings and
 * where the chunks cut it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, describe, expect, it } from 'vitest';
import { plainCell, readDelimited, type RawRow } from '../../src/ingest/sheets.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'vet-report-sheets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function rowsOf(file: string, chunkChars?: number): Promise<RawRow[]> {
  const out: RawRow[] = [];
  for await (const b of (await readDelimited(file, chunkChars)).batches) out.push(...b);
  return out;
}

/** What one whole parse gives, less the empty record a final line break leaves. */
function reference(text: string, delimiter = ''): RawRow[] {
  const data = Papa.parse<string[]>(text, { delimiter, delimitersToGuess: [',', '\t', ';', '|'], skipEmptyLines: false }).data;
  if (data.length && data[data.length - 1].length === 1 && data[data.length - 1][0] === '') data.pop();
  return data.map((cells, i) => ({ number: i + 1, cells }));
}

describe('readDelimited', () => {
  const sizes = [0, 1, 2, 300, 1000];
  const endings = [
    ['LF', '\n', true],
    ['CRLF', '\r\n', true],
    ['no final break', '\n', false],
  ] as const;
  for (const n of sizes) {
    for (const [name, eol, final] of endings) {
      it(`${n} rows, ${name}: the rows of one whole parse`, async () => {
        const lines = ['学校标识码;学校名称;在校生数'];
        for (let i = 1; i <= n; i++) {
          // Blank lines, and quoted cells with the delimiter and a line break, near batch ends.
          if (i % 97 === 0) lines.push('');
          else lines.push(i % 89 === 0 ? `${i};"示例;学校\n第 ${i} 号";${i * 10}` : `${i};示例学校${i};${i * 10}`);
        }
        const text = lines.join(eol) + (final ? eol : '');
        const file = path.join(dir, `t-${n}-${name.replace(/ /g, '')}.csv`);
        writeFileSync(file, text);
        const want = reference(text);
        // Whole text in one chunk, and chunks cutting rows, quoted cells and CRLF pairs anywhere.
        for (const chunk of [undefined, 1000, 257, 64, 7]) expect(await rowsOf(file, chunk), `chunk ${chunk}`).toEqual(want);
      });
    }
  }

  it('a file of line breaks only: one blank row per break but the last', async () => {
    const file = path.join(dir, 'breaks.csv');
    writeFileSync(file, '\n\n\n');
    expect(await rowsOf(file)).toEqual(reference('\n\n\n'));
    expect(await rowsOf(file, 1)).toEqual(reference('\n\n\n'));
  });

  it('forces tabs for .tsv', async () => {
    const file = path.join(dir, 't.tsv');
    writeFileSync(file, 'a,b\tc\n1,2\t3\n');
    expect((await rowsOf(file)).map((r) => r.cells)).toEqual([
      ['a,b', 'c'],
      ['1,2', '3'],
    ]);
  });
});

describe('plainCell', () => {
  it.each([
    [null, null],
    [undefined, null],
    ['学校', '学校'],
    [1547, 1547],
    [true, true],
    [{ formula: 'SUM(A1:A2)', result: 7 }, 7],
    [{ sharedFormula: 'A1', result: 'x' }, 'x'],
    [{ formula: 'A1/0', result: { error: '#DIV/0!' } }, null],
    [{ richText: [{ text: '示例' }, { text: '学校' }] }, '示例学校'],
    [{ text: '链接', hyperlink: 'https://example.org' }, '链接'],
    [{ error: '#N/A' }, null],
  ] as const)('%j → %j', (v, want) => expect(plainCell(v)).toEqual(want));
});

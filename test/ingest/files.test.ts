/**
 * Input discovery and file forms that cannot be read: .xls, renamed or truncated workbooks, other
 * formats given directly or found in a folder. Each is an error naming the file; the run goes on.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileKind, listInputs } from '../../src/ingest/files.js';
import { FIXTURES, goldenCase } from '../fixtures/golden.js';

goldenCase('fake-xls');
goldenCase('truncated-xlsx');
goldenCase('unsupported');

describe('listInputs', () => {
  it('walks folders in name order and names files relative to the folder given', async () => {
    const dir = path.relative(process.cwd(), path.join(FIXTURES, 'duplicate-key', 'submissions'));
    const files = await listInputs([dir]);
    expect(files.map((f) => f.display)).toEqual(['a-山东.xlsx', 'b-补报.csv', 'c-projects.csv']);
    expect(files.map((f) => f.kind)).toEqual(['xlsx', 'csv', 'csv']);
  });

  it('keeps a file path as given', async () => {
    const given = path.relative(process.cwd(), path.join(FIXTURES, 'csv-gbk', '院校基本情况.csv'));
    const [f] = await listInputs([given]);
    expect(f.display).toBe(given);
    expect(path.isAbsolute(f.path)).toBe(true);
  });

  it('rejects a path that does not exist as a usage error (exit 2)', async () => {
    await expect(listInputs(['no/such/file.xlsx'])).rejects.toMatchObject({ code: 'PATH_NOT_FOUND', exitCode: 2 });
  });

  it('sorts file kinds by extension, case-insensitively', () => {
    expect(['a.XLSX', 'a.csv', 'a.TSV', 'a.txt', 'a.xls', 'a.pdf'].map(fileKind)).toEqual(['xlsx', 'csv', 'csv', 'csv', 'xls', 'other']);
  });
});

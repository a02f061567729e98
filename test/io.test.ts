/**
 * src/io.ts: outputs are written whole or not at all, and a write the system refuses is the
 * user's error in Chinese (WRITE_FAILED, exit 2) naming the file, not an internal error.
 */
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeAtomic } from '../src/io.js';

describe('writeAtomic', () => {
  it('makes the folder, writes the file and leaves no temporary file', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'vet-io-'));
    const file = path.join(dir, 'a', 'b', '报告.html');
    await writeAtomic(file, '<p>一</p>');
    await writeAtomic(file, '<p>二</p>');
    expect(await readFile(file, 'utf8')).toBe('<p>二</p>');
    expect(await readdir(path.dirname(file))).toEqual(['报告.html']);
  });

  it('a folder in the path that is a file: WRITE_FAILED naming the file, nothing left behind', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'vet-io-'));
    await writeFile(path.join(dir, 'out'), 'a file where a folder should be');
    const file = path.join(dir, 'out', '2023', 'validation.json');
    await expect(writeAtomic(file, '{}')).rejects.toMatchObject({
      code: 'WRITE_FAILED',
      exitCode: 2,
      message: `无法写入 ${file}：路径中有一部分是文件，不是文件夹`,
    });
    expect(await readdir(dir)).toEqual(['out']);
  });

  it('a folder where the file should be: WRITE_FAILED', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'vet-io-'));
    const file = path.join(dir, 'manifest.json');
    await import('node:fs/promises').then((fs) => fs.mkdir(file));
    await expect(writeAtomic(file, '{}')).rejects.toThrow(`无法写入 ${file}：这是一个文件夹，不是文件`);
    expect(await readdir(dir)).toEqual(['manifest.json']);
  });

  it('a link to nowhere in the path: WRITE_FAILED saying the path does not exist', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'vet-io-'));
    await import('node:fs/promises').then((fs) => fs.symlink(path.join(dir, 'gone'), path.join(dir, 'out')));
    const file = path.join(dir, 'out', '2023', 'a.json');
    await expect(writeAtomic(file, '{}')).rejects.toThrow(`无法写入 ${file}：路径不存在（或是指向不存在位置的链接）`);
  });
});

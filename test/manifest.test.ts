/**
 * src/manifest.ts: shard manifests as CI downloads them. Merging checks they are one build's
 * shards, all of them, each once; a damaged or foreign manifest is a Chinese error naming the
 * file and the field, never an internal error or a merged manifest with editions missing.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadManifest, mergeManifestFiles, readManifest } from '../src/manifest.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'vet-manifest-'));
});

const edition = (id: string, status = 'built') => ({
  id,
  kind: id.split('-')[0],
  title: `${id} 报告`,
  status,
  files: [{ path: `${id}.pdf`, bytes: 1234 }],
  pages: 3,
  hash: 'ab'.repeat(32),
});

/** A shard manifest in its own folder (as CI artifacts are downloaded), written by hand. */
async function shard(i: number, n: number, ids: string[], over: Record<string, unknown> = {}): Promise<string> {
  const file = path.join(dir, `shard-${i}`, '2023', `manifest-shard-${i}-of-${n}.json`);
  await import('node:fs/promises').then((fs) => fs.mkdir(path.dirname(file), { recursive: true }));
  await writeFile(
    file,
    JSON.stringify({
      tool: 'vet-report',
      version: '0.1.0',
      year: 2023,
      inputsHash: 'cd'.repeat(32),
      shard: `${i}/${n}`,
      editions: ids.map((id) => edition(id)),
      ...over,
    }),
  );
  return file;
}

describe('manifest merge', () => {
  it('joins all shards into one manifest with paths relative to it', async () => {
    const files = [await shard(1, 2, ['annual', 'regional-37']), await shard(2, 2, ['bilateral-DE'])];
    const out = path.join(dir, 'all', 'manifest.json');
    const m = await mergeManifestFiles(files, out);
    expect(m.shard).toBeNull();
    expect(m.editions.map((e) => e.id)).toEqual(['annual', 'regional-37', 'bilateral-DE']);
    const written = JSON.parse(await readFile(out, 'utf8'));
    expect(written.editions.map((e: { id: string }) => e.id)).toEqual(['annual', 'bilateral-DE', 'regional-37']);
    expect(written.editions[1].files[0].path).toBe('../shard-2/2023/bilateral-DE.pdf');
  });

  it('refuses a set with a shard missing, naming it', async () => {
    const files = [await shard(1, 3, ['annual']), await shard(3, 3, ['bilateral-DE'])];
    await expect(mergeManifestFiles(files, path.join(dir, 'm.json'))).rejects.toThrow('无法合并清单：缺少分片 2/3 的清单');
  });

  it('refuses the same shard twice', async () => {
    const a = await shard(1, 2, ['annual']);
    const b = await shard(2, 2, ['bilateral-DE']);
    await expect(mergeManifestFiles([a, b, a], path.join(dir, 'm.json'))).rejects.toThrow(`分片 1/2 出现两次：${a}、${a}`);
  });

  it('refuses shards of different builds (other data, templates or options)', async () => {
    const a = await shard(1, 2, ['annual']);
    const b = await shard(2, 2, ['bilateral-DE'], { inputsHash: 'ef'.repeat(32) });
    await expect(mergeManifestFiles([a, b], path.join(dir, 'm.json'))).rejects.toThrow(`${b} 与 ${a} 不是同一次构建的分片（输入数据、模板或选项不同）`);
  });

  it('refuses shards of different years', async () => {
    const a = await shard(1, 2, ['annual']);
    const b = await shard(2, 2, ['bilateral-DE'], { year: 2022 });
    await expect(mergeManifestFiles([a, b], path.join(dir, 'm.json'))).rejects.toThrow('年份 2022 ≠ 2023');
  });

  it('keeps the success when one shard retried an edition that failed in another', async () => {
    const a = await shard(1, 2, ['annual']);
    const b = await shard(2, 2, ['bilateral-DE']);
    const m1 = JSON.parse(await readFile(a, 'utf8'));
    m1.editions.push({ ...edition('bilateral-DE', 'failed'), files: [], pages: null, hash: null, error: '模板出错' });
    await writeFile(a, JSON.stringify(m1));
    const m = await mergeManifestFiles([a, b], path.join(dir, 'm.json'));
    expect(m.editions.find((e) => e.id === 'bilateral-DE')?.status).toBe('built');
  });
});

describe('reading a manifest', () => {
  it('names the file and the first bad field', async () => {
    const f = await shard(1, 1, ['annual']);
    const m = JSON.parse(await readFile(f, 'utf8'));
    m.editions[0].pages = '三';
    await writeFile(f, JSON.stringify(m));
    await expect(loadManifest(f)).rejects.toThrow(`无法读取清单 ${f}：editions[0].pages 不符合清单格式：应为数字，而不是 “三”`);
  });

  it('says when the file is cut short or missing', async () => {
    const f = await shard(1, 1, ['annual']);
    await writeFile(f, (await readFile(f, 'utf8')).slice(0, 40));
    await expect(loadManifest(f)).rejects.toThrow(`无法读取清单 ${f}：不是有效的 JSON（文件可能不完整）`);
    await expect(loadManifest(path.join(dir, 'none.json'))).rejects.toThrow('文件不存在');
    // The build's own reading treats a damaged manifest as none (and renders everything).
    expect(await readManifest(f)).toBeNull();
  });

  it('rejects an edition kind it does not know, in Chinese', async () => {
    const f = await shard(1, 1, ['provincial-37']);
    await expect(loadManifest(f)).rejects.toThrow('editions[0].kind 不符合清单格式：应为"annual"、"regional"、"bilateral" 之一，而不是 “provincial”');
  });

  it('rejects a shard that cannot be (edited by hand: 3 of 2)', async () => {
    const f = await shard(3, 2, ['annual']);
    await expect(loadManifest(f)).rejects.toThrow('shard 不符合清单格式：应为 i/n，且 1 ≤ i ≤ n（如 2/4），而不是“3/2”');
  });

  it('names a field that is missing', async () => {
    const f = path.join(dir, 'empty.json');
    await writeFile(f, '{}');
    await expect(loadManifest(f)).rejects.toThrow(`无法读取清单 ${f}：tool 不符合清单格式：缺少此项（应为"vet-report"）`);
  });

  it('says what a manifest that is not an object is', async () => {
    const f = path.join(dir, 'null.json');
    await writeFile(f, 'null');
    await expect(loadManifest(f)).rejects.toThrow(`无法读取清单 ${f}：不符合清单格式：应为对象，而不是 null`);
  });
});

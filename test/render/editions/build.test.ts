/**
 * Building every edition of the shipped data with the real Chromium, then what an analyst and a
 * CI job rely on: nothing re-rendered when nothing changed, only the affected edition after an
 * edit, one broken template not stopping the others, shards that add up, no partial file after
 * a kill, the same bytes from the same inputs.
 */
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBuild, runAggregate } from '../../../src/pipeline.js';
import { planEditions, shardOf } from '../../../src/render/editions/plan.js';
import { pdfPageTexts } from '../../poppler.js';
import { mergeManifestFiles } from '../../../src/manifest.js';

const NOW = new Date(Date.UTC(2024, 5, 30));

async function copyData(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'vet-data-'));
  await cp(path.resolve('data'), dir, { recursive: true });
  return dir;
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) if (e.isFile()) out.push(path.join(e.parentPath, e.name));
  return out;
}

describe('editions planned from the shipped data', async () => {
  const run = await runAggregate(['data']);
  const plan = planEditions(run.validation, run.result);

  it('has the annual edition, one per province and one per partner country or region', () => {
    const ids = plan.map((p) => p.job.id);
    expect(ids).toContain('annual');
    expect(ids.filter((i) => i.startsWith('regional-'))).toHaveLength(32);
    expect(ids.filter((i) => i.startsWith('bilateral-')).length).toBeGreaterThanOrEqual(70);
    const de = plan.find((p) => p.job.id === 'bilateral-DE')!;
    expect(de.job.title).toBe('中德职业教育合作报告（2023）');
    expect(plan.find((p) => p.job.id === 'bilateral-HK')!.job.title).toBe('内地与香港职业教育交流合作报告（2023）');
    expect(plan.find((p) => p.job.id === 'bilateral-TW')!.job.title).toBe('大陆与台湾职业教育交流合作报告（2023）');
  });

  it('selects one edition by any accepted spelling', () => {
    for (const c of ['DE', 'DEU', '德国', 'Germany'])
      expect(planEditions(run.validation, run.result, { country: c }).map((p) => p.job.id)).toEqual(['bilateral-DE']);
    for (const r of ['山东', '山东省', '37']) expect(planEditions(run.validation, run.result, { region: r }).map((p) => p.job.id)).toEqual(['regional-37']);
    expect(() => planEditions(run.validation, run.result, { country: 'Germnay' })).toThrow(/Germany/);
  });

  it('splits into shards whose union is exactly the full set', () => {
    const all = plan.map((p) => p.job.id).sort();
    const parts = [1, 2, 3].map((i) => shardOf(plan, i, 3).map((p) => p.job.id));
    expect(parts.flat().sort()).toEqual(all);
    expect(new Set(parts.flat()).size).toBe(all.length);
    const pages = [1, 2, 3].map((i) => shardOf(plan, i, 3).reduce((a, p) => a + p.expectedPages, 0));
    expect(Math.max(...pages) - Math.min(...pages)).toBeLessThanOrEqual(17);
    // Deterministic: the same split on every runner.
    expect(shardOf(plan, 2, 3).map((p) => p.job.id)).toEqual(parts[1]);
  });

  it('adds up across editions: Σ provinces = 全国, Σ partners = the national project count', () => {
    const ind = run.result.indicators;
    const at = (id: string, f: (i: (typeof ind)[number]) => boolean) =>
      ind.filter((i) => i.id === id && i.year === 2023 && f(i)).reduce((a, i) => a + (i.value as number), 0);
    expect(at('schools', (i) => i.region !== '全国' && i.level === '合计')).toBe(11133);
    expect(at('projects', (i) => i.region === '全国' && !!i.country && !i.type && !i.brand)).toBe(400);
    expect(run.result.errors).toEqual([]);
  });
});

describe('a full build of every edition', () => {
  let data = '';
  let out = '';
  let first: Awaited<ReturnType<typeof runBuild>>;
  beforeAll(async () => {
    data = await copyData();
    out = await mkdtemp(path.join(os.tmpdir(), 'vet-out-'));
    first = await runBuild({ paths: [data], out, now: NOW });
  }, 1_200_000);

  it('builds them all, each with HTML, PDF and a manifest entry, and no edition warns (no — beside a unit, no superlative over one item)', async () => {
    expect(first.editions.filter((e) => e.status !== 'built')).toEqual([]);
    expect(first.editions.filter((e) => e.warnings?.length).map((e) => [e.id, e.warnings])).toEqual([]);
    const manifest = JSON.parse(await readFile(first.manifest!, 'utf8'));
    expect(manifest.editions.length).toBe(first.editions.length);
    for (const e of manifest.editions) {
      expect(e.pages).toBeGreaterThan(2);
      expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(e.files.some((f: { path: string }) => f.path.endsWith('.pdf'))).toBe(true);
    }
  });

  it('runs the Sino-German project list over more than one page with 续表', async () => {
    const pages = await pdfPageTexts(path.join(out, '2023', 'bilateral-DE.pdf'));
    const start = pages.findIndex((p) => p.includes('合作的职业教育项目') && p.includes('外方合作机构'));
    expect(start).toBeGreaterThan(0);
    // The next page continues the table: 续表 above the repeated header.
    expect(pages[start + 1]).toContain('续表');
    expect(pages[start + 1]).toContain('外方合作机构');
    const text = pages.join('\n');
    expect(text).toMatch(/全部2[5-9]个项目|全部[3-9]\d个项目/);
  });

  it('tells the embassy where Germany stands and how it changed since 2019, as counted from the project files', async () => {
    // Counted here from the accepted project rows, independently of the aggregate.
    const { validation } = await runAggregate([data]);
    const byCountry = (year: number) => {
      const m = new Map<string, number>();
      for (const p of validation.projects) if (p.year === year) m.set(p.country, (m.get(p.country) ?? 0) + 1);
      return m;
    };
    const now = byCountry(2023);
    const de = now.get('DE')!;
    const rank = 1 + [...now.values()].filter((n) => n > de).length;
    const then = byCountry(2019).get('DE')!;
    const text = (await pdfPageTexts(path.join(out, '2023', 'bilateral-DE.pdf'))).join('').replace(/\s+/g, '');
    const tied = [...now.values()].filter((n) => n === de).length > 1;
    expect(text).toContain(`在${now.size}个合作国家（地区）中${tied ? '并列' : '居'}第${rank}位`);
    expect(text).toContain(`与德国合作的项目从2019年的${then}个变为2023年的${de}个`);
    // The total counts the ended projects too, and says so.
    const ended = validation.projects.filter((p) => p.year === 2023 && p.country === 'DE' && p.status === '已结束').length;
    expect(ended).toBeGreaterThan(0);
    expect(text).toContain(`本年结束${ended}个`);
  });

  it('renders nothing the second time and says everything is unchanged', async () => {
    const t = performance.now();
    const again = await runBuild({ paths: [data], out, now: NOW });
    expect(again.upToDate).toBe(true);
    expect(again.editions.every((e) => e.status === 'unchanged')).toBe(true);
    expect(performance.now() - t).toBeLessThan(60_000);
  });

  it('re-renders only the edition an edit touches', async () => {
    const file = path.join(data, 'submissions', '2023', '对外合作项目_东部地区_2023（示例数据）.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    let changed = 0;
    for (const ws of wb.worksheets) {
      ws.eachRow((row) => {
        const cells = (row.values as unknown[]).map((v) => String(v ?? ''));
        const ci = cells.findIndex((v) => /^(德国|Germany|DE|DEU|德意志联邦共和国)$/.test(v));
        if (ci > 0 && !changed) {
          const partner = row.getCell(ci + 1);
          partner.value = `${String(partner.value)}（更名）`;
          changed++;
        }
      });
    }
    expect(changed).toBe(1);
    await wb.xlsx.writeFile(file);
    const r = await runBuild({ paths: [data], out, now: NOW });
    expect(r.editions.filter((e) => e.status === 'built').map((e) => e.id)).toEqual(['bilateral-DE']);
    // A long name wraps in its cell; compare without the line breaks.
    const text = (await pdfPageTexts(path.join(out, '2023', 'bilateral-DE.pdf'))).join('').replace(/\s+/g, '');
    expect(text).toContain('（更名）');
  }, 600_000);

  it('keeps building the other editions when one template is broken, and fails the build', async () => {
    const templates = await mkdtemp(path.join(os.tmpdir(), 'vet-tpl-'));
    await cp(path.resolve('templates'), templates, { recursive: true });
    const f = path.join(templates, 'regional', 'edition.hbs');
    await writeFile(f, (await readFile(f, 'utf8')).replace('{{#part title="规模与结构"}}', '{{#part title="规模与结构"}}{{count (v "not_an_indicator")}}'));
    const r = await runBuild({ paths: [data], out, now: NOW, templates });
    const failed = r.editions.filter((e) => e.status === 'failed');
    expect(failed.length).toBe(32);
    expect(failed[0].error).toMatch(/edition\.hbs.*第 \d+ 行.*not_an_indicator/);
    expect(r.editions.filter((e) => e.status !== 'failed').every((e) => e.id === 'annual' || e.id.startsWith('bilateral-'))).toBe(true);
    expect(r.editions.filter((e) => e.status !== 'failed').length).toBe(first.editions.length - 32);
  }, 600_000);
});

describe('builds that are killed or sharded', () => {
  it('leaves no partial file when killed mid-way (SIGKILL)', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'vet-kill-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'build', 'data', '--out', out, '--edition', 'bilateral', '--quiet'], {
      detached: true,
      stdio: 'ignore',
    });
    // Wait until PDFs are being written, then kill the whole process group (Chromium too).
    const deadline = Date.now() + 240_000;
    for (;;) {
      const files = await listFiles(out).catch(() => []);
      if (files.filter((f) => f.endsWith('.pdf')).length >= 2 || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    process.kill(-child.pid!, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 500));
    const files = await listFiles(out);
    expect(files.some((f) => f.endsWith('.pdf'))).toBe(true);
    for (const f of files) {
      const name = path.basename(f);
      if (name.startsWith('.') && name.endsWith('.tmp')) continue;
      const bytes = await readFile(f);
      if (name.endsWith('.pdf')) expect(bytes.subarray(-8).toString('latin1'), name).toMatch(/%%EOF\s*$/);
      if (name.endsWith('.html')) expect(bytes.toString('utf8').trimEnd().endsWith('</html>'), name).toBe(true);
      if (name.endsWith('.xlsx') || name.endsWith('.json') || name.endsWith('.csv')) expect(bytes.length).toBeGreaterThan(0);
    }
  }, 300_000);

  it('gives the same bytes for the same inputs, and merges shard manifests into the full set', async () => {
    const a = await mkdtemp(path.join(os.tmpdir(), 'vet-rep-a-'));
    const b = await mkdtemp(path.join(os.tmpdir(), 'vet-rep-b-'));
    const opts = { paths: ['data'], now: NOW, formats: ['html'] as const, editions: ['annual', 'bilateral'] as const, country: 'DE' };
    await runBuild({ ...opts, out: a });
    await runBuild({ ...opts, out: b });
    // The manifest too: its hash names input files relative to the folder given, not by where the clone is.
    const files = (await listFiles(path.join(a, '2023'))).map((f) => path.relative(a, f));
    expect(files).toContain(path.join('2023', 'manifest.json'));
    expect(files.some((f) => f.endsWith('.html'))).toBe(true);
    expect(files.some((f) => f.endsWith('.xlsx'))).toBe(true);
    for (const f of files) expect((await readFile(path.join(b, f))).equals(await readFile(path.join(a, f))), f).toBe(true);

    // PDFs too, when the dates are pinned (SOURCE_DATE_EPOCH).
    const pa = await mkdtemp(path.join(os.tmpdir(), 'vet-pdf-a-'));
    const pb = await mkdtemp(path.join(os.tmpdir(), 'vet-pdf-b-'));
    for (const out of [pa, pb]) await runBuild({ paths: ['data'], now: NOW, country: 'DE', out, pinDates: true });
    const pdfA = await readFile(path.join(pa, '2023', 'bilateral-DE.pdf'));
    expect(pdfA.toString('latin1')).toContain("/CreationDate (D:20240630000000+00'00')");
    expect(pdfA.equals(await readFile(path.join(pb, '2023', 'bilateral-DE.pdf')))).toBe(true);

    const s = await mkdtemp(path.join(os.tmpdir(), 'vet-shard-'));
    const shards = [];
    for (const i of [1, 2, 3])
      shards.push((await runBuild({ paths: ['data'], out: s, now: NOW, formats: ['html'], editions: ['regional'], shard: `${i}/3` })).manifest!);
    // Every shard of one build carries the same inputs hash: merge checks it.
    const hashes = await Promise.all(shards.map(async (f) => JSON.parse(await readFile(f, 'utf8')).inputsHash));
    expect(new Set(hashes).size).toBe(1);
    const merged = await mergeManifestFiles(shards, path.join(s, '2023', 'manifest.json'));
    expect(merged.editions.map((e) => e.id).sort()).toEqual(
      (await runAggregate(['data']).then((r) => planEditions(r.validation, r.result, { editions: ['regional'] }))).map((p) => p.job.id).sort(),
    );
  }, 600_000);
});

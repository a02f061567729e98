/**
 * The year's manifest describes the folder, not the last command: building DE, then FR, into one
 * out/ lists both; a full build lists what it built. The build log names each replaced template
 * once. HTML only: the manifest and the log are what is checked here.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { runBuild } from '../../../src/pipeline.js';
import { loadManifest } from '../../../src/manifest.js';

const NOW = new Date(Date.UTC(2024, 5, 30));
const OVERLAY = 'test/fixtures/template-overlays/de-markdown';

describe('single-edition builds into one out/', () => {
  let out = '';
  afterAll(async () => {
    if (out) await rm(out, { recursive: true, force: true });
  });

  it('keep each other in the manifest, and the log names the overridden file once', async () => {
    out = await mkdtemp(path.join(os.tmpdir(), 'vet-partial-'));
    const de = await runBuild({ paths: ['data'], out, country: 'DE', formats: 'html', now: NOW, templates: OVERLAY });
    expect(de.log.filter((l) => l.includes('de-markdown'))).toEqual([`提示：使用改写的模板 ${OVERLAY}/bilateral/DE/preface.md（bilateral-DE）`]);
    expect(await readFile(path.join(out, '2023', 'bilateral-DE.html'), 'utf8')).toContain('本报告为<strong>中德</strong>合作的专门版本（2023年）。');

    const fr = await runBuild({ paths: ['data'], out, country: 'FR', formats: 'html', now: NOW, templates: OVERLAY });
    expect(fr.editions.map((e) => e.id)).toEqual(['bilateral-FR']);
    // FR uses nothing of the overlay: no file is named.
    expect(fr.log.some((l) => l.includes('改写的模板'))).toBe(false);

    const m = await loadManifest(path.join(out, '2023', 'manifest.json'));
    expect(m.editions.map((e) => e.id)).toEqual(['bilateral-DE', 'bilateral-FR']);
    expect(m.editions.find((e) => e.id === 'bilateral-DE')!.files.map((f) => f.path)).toContain('bilateral-DE.html');

    // An edition whose files are gone is no longer listed.
    await rm(path.join(out, '2023', 'bilateral-DE.html'));
    await runBuild({ paths: ['data'], out, country: 'FR', formats: 'html', now: NOW, force: true, templates: OVERLAY });
    expect((await loadManifest(path.join(out, '2023', 'manifest.json'))).editions.map((e) => e.id)).toEqual(['bilateral-FR']);
  });
});

describe('vet-report indicators', () => {
  it('lists every indicator id with its name, unit, dimensions and years (text and JSON)', async () => {
    const run = (args: string[]) => promisify(execFile)('npx', ['tsx', 'src/cli.ts', 'indicators', ...args], { maxBuffer: 1 << 24 });
    const text = (await run([])).stdout.split('\n');
    expect(text).toContain('schools　学校数（所）　全国及 32 个省份；层次（合计、中职、高职、高职专科、高职本科）　2019—2023年');
    const json = JSON.parse((await run(['--json'])).stdout) as { id: string; name: string; unit: string }[];
    expect(json.find((i) => i.id === 'student_teacher_ratio')).toMatchObject({ name: '生师比', unit: '' });
    expect(json.find((i) => i.id === 'projects')).toMatchObject({ name: '项目数', unit: '个', dimensions: { country: expect.arrayContaining(['DE', 'FR']) } });
  }, 120_000);
});

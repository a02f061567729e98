// What a build notices without failing an edition reaches the editor: in the log and the manifest.

import { appendFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBuild } from '../../../src/pipeline.js';
import { DATA } from '../../../src/paths.js';
import { assertToolsPresent, skipBrowserTests, useTemplatesCopy } from '../helpers.js';

describe.skipIf(skipBrowserTests)('build warnings', () => {
  const templatesCopy = useTemplatesCopy('vet-warn-');

  it('reports a page reference to nothing in the log and keeps it in the manifest, the edition still built', async () => {
    assertToolsPresent();
    const { root, templates } = await templatesCopy();
    await appendFile(path.join(templates, 'bilateral', 'preface.hbs'), '\n<p>详见第<span data-page-of="no-such-section"></span>页。</p>\n');
    const out = path.join(root, 'out');
    const r = await runBuild({ paths: [DATA], out, templates, country: 'DE', editions: ['bilateral'], now: new Date('2024-06-01T00:00:00Z') });
    const [de] = r.editions;
    expect(de!.status).toBe('built');
    expect(de!.warnings).toEqual(['页码引用的目标不存在：#no-such-section']);
    expect(r.log).toContain('警告：中德职业教育合作报告（2023）：页码引用的目标不存在：#no-such-section');
    const manifest = JSON.parse(await readFile(r.manifest!, 'utf8')) as { editions: { warnings?: string[] }[] };
    expect(manifest.editions[0]!.warnings).toEqual(['页码引用的目标不存在：#no-such-section']);
  }, 180_000);
});

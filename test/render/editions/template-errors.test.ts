import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderEditionHtml } from '../../../src/render/editions/render.js';
import { annualModel } from '../../../src/render/editions/annual.js';

describe('template errors', () => {
  it('names the template file and line of an unknown indicator', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'vet-tpl-'));
    await cp(path.resolve('templates'), root, { recursive: true });
    const preface = path.join(root, 'annual', 'preface.hbs');
    const lines = (await readFile(preface, 'utf8')).split('\n');
    lines.splice(2, 0, '<p>{{count (v "no_such_indicator")}}</p>');
    await writeFile(preface, lines.join('\n'));
    const job = {
      id: 'annual', kind: 'annual' as const, title: 't', templateDir: path.join(root, 'annual'),
      model: annualModel([], 2023), ctx: { year: 2023, region: '全国', indicators: [], sample: false },
    };
    const err = await renderEditionHtml(job, new Date(0)).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain('preface.hbs');
    expect((err as Error).message).toContain('第 3 行');
    expect((err as Error).message).toContain('no_such_indicator');
  });
});

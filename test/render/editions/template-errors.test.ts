import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderEditionHtml } from '../../../src/render/editions/render.js';
import { annualModel } from '../../../src/render/editions/annual.js';
import { templateSet } from '../../../src/render/editions/layers.js';

describe('template errors', () => {
  it('names the template file and line of an unknown indicator', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'vet-tpl-'));
    await cp(path.resolve('templates'), root, { recursive: true });
    const preface = path.join(root, 'annual', 'preface.hbs');
    const lines = (await readFile(preface, 'utf8')).split('\n');
    lines.splice(2, 0, '<p>{{count (v "no_such_indicator")}}</p>');
    await writeFile(preface, lines.join('\n'));
    const job = {
      id: 'annual',
      kind: 'annual' as const,
      title: 't',
      templateDir: path.join(root, 'annual'),
      model: annualModel([], 2023),
      ctx: { year: 2023, region: '全国', indicators: [], sample: false },
    };
    const err = await renderEditionHtml(job, new Date(0)).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain('preface.hbs');
    expect((err as Error).message).toContain('第 3 行');
    expect((err as Error).message).toContain('no_such_indicator');
  });
});

describe('template mistakes in a partial are named in Chinese at the partial', () => {
  const render = async (overlay: string) => {
    const job = {
      id: 'annual',
      kind: 'annual' as const,
      title: 't',
      templateDir: path.resolve('templates/annual'),
      templates: templateSet(path.resolve('templates/annual'), { overlay: path.resolve('test/fixtures/template-overrides', overlay), id: 'annual' }),
      model: annualModel([], 2023),
      ctx: { year: 2023, region: '全国', indicators: [], sample: false },
    };
    return ((await renderEditionHtml(job, new Date(0)).catch((e: Error) => e)) as Error).message;
  };

  it('an unclosed {{#if}}: the preface file, not edition.hbs, and what is wrong', async () => {
    const m = await render('unclosed-block');
    expect(
      m.startsWith(
        '模板 test/fixtures/template-overrides/unclosed-block/annual/preface.hbs 出错：第 4 行：模板语法错误，文件结束时仍有未结束的 {{#…}}（缺少 {{/…}}）',
      ),
    ).toBe(true);
  });

  it('a misspelt partial name', async () => {
    expect(await render('missing-partial')).toBe(
      '模板 test/fixtures/template-overrides/missing-partial/annual/preface.hbs 出错：找不到局部模板“sampel-note”（{{> sampel-note}} 需要 partials/、版本类别或版本自己的文件夹中有 sampel-note.hbs 或 sampel-note.md），是否应为“sample-note”？',
    );
  });
});

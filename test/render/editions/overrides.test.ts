/**
 * Per-edition overrides (templates/<kind>/<code>/<file>), overlays holding one file (--templates),
 * Markdown prose with helpers, and template mistakes located in the partial that has them.
 * HTML only (no PDF): what an editor checks is the text of the edition.
 */
import { cp, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAggregate } from '../../../src/pipeline.js';
import { planEditions } from '../../../src/render/editions/plan.js';
import { renderEditionHtml } from '../../../src/render/editions/render.js';
import { templateSet } from '../../../src/render/editions/layers.js';
import { TEMPLATES } from '../../../src/paths.js';
import { useTemplatesCopy } from '../helpers.js';

const FIX = path.resolve('test/fixtures');
const NOW = new Date(Date.UTC(2024, 5, 30));
/** The text of the HTML's body, tags removed (the fonts inlined in <head> are not prose). */
const text = (html: string) => html.slice(html.indexOf('<body')).replace(/<[^>]+>/g, '');

describe('template overrides and overlays', async () => {
  const run = await runAggregate(['data'], { keepSheets: true });
  const plan = planEditions(run.validation, run.result);
  const job = (id: string) => plan.find((p) => p.job.id === id)!.job;
  const templatesCopy = useTemplatesCopy('vet-override-');

  it('an edition folder in templates/ replaces one file for that edition only (DE in Markdown; FR unchanged)', async () => {
    const { templates } = await templatesCopy();
    await mkdir(path.join(templates, 'bilateral', 'DE'), { recursive: true });
    await cp(path.join(FIX, 'template-overrides/markdown-preface/bilateral/DE/preface.md'), path.join(templates, 'bilateral', 'DE', 'preface.md'));
    const at = (id: string) => ({ ...job(id), templates: templateSet(path.join(templates, 'bilateral'), { id }) });

    const de = (await renderEditionHtml(at('bilateral-DE'), NOW)).html;
    expect(de).toContain('<h2>致读者</h2>');
    expect(de).toContain('本报告呈现2023年中国职业院校与<strong>德国</strong>开展合作的情况；全国共有合作项目400个。');
    expect(de).toContain('<li>合作的省份与院校</li>');
    // Raw HTML and script links in an editor's Markdown are text, not markup.
    expect(de).not.toContain('<script>alert');
    expect(de).toContain('&lt;script&gt;alert(&quot;不应执行&quot;)&lt;/script&gt;');
    expect(de).not.toContain('javascript:');
    expect(text(de)).toContain('不应成为链接');
    // The shared preface is not used for DE; the rest of the edition is as before.
    expect(de).not.toContain('本报告依据全国职业院校年度填报数据');
    expect(de).toContain('全部合作项目');

    const fr = (await renderEditionHtml(at('bilateral-FR'), NOW)).html;
    expect(text(fr)).toContain('本报告依据全国职业院校年度填报数据，呈现2023年中国职业院校与法国开展职业教育合作的情况');
    expect(fr).not.toContain('致读者');
  });

  it('an overlay holding one file replaces that file and takes the rest from the shipped templates', async () => {
    const a = job('annual');
    const html = (
      await renderEditionHtml(
        { ...a, templates: templateSet(path.join(TEMPLATES, 'annual'), { overlay: path.join(FIX, 'template-overlays/one-file'), id: 'annual' }) },
        NOW,
      )
    ).html;
    expect(text(html)).toContain('覆盖层中的年度报告前言：2023年共有学校11,133所。');
    expect(html).toContain('第一编');
    expect(text(html)).toContain('本报告中由院校填报数据汇总的数字均来自程序生成的示例数据');
  });

  const fails = async (overlay: string): Promise<string> => {
    const de = job('bilateral-DE');
    const err = await renderEditionHtml(
      { ...de, templates: templateSet(path.join(TEMPLATES, 'bilateral'), { overlay: path.join(FIX, 'template-overrides', overlay), id: 'bilateral-DE' }) },
      NOW,
    ).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    return (err as Error).message;
  };

  it('a misspelt helper in a partial: Chinese, the partial, line and column, a suggestion', async () => {
    expect(await fails('misspelt-helper')).toBe(
      '模板 test/fixtures/template-overrides/misspelt-helper/bilateral/DE/preface.hbs 出错：第 2 行第 10 列：没有名为“equals”的助手，是否应为“eq”？（全部助手见 docs/templates.md）',
    );
  });

  it('a misspelt indicator in a partial: the partial, line and column, a suggestion', async () => {
    expect(await fails('misspelt-indicator')).toBe(
      '模板 test/fixtures/template-overrides/misspelt-indicator/bilateral/DE/preface.hbs 出错：第 3 行第 20 列：未知的指标“projcts”，是否应为“projects”？（全部指标见 vet-report indicators）',
    );
  });
});

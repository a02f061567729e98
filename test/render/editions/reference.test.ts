/**
 * The editor's reference: docs/templates.md is generated from the helper registry and must be
 * current; every helper is in it and every example renders; numbers printed without a format
 * helper are formatted by their indicator's unit or named in a warning.
 */
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HELPER_REGISTRY } from '../../../src/render/editions/registry.js';
import { exampleData, renderExamples } from '../../../src/render/editions/examples.js';
import { helperReferenceMarkdown, listIndicators, formatIndicators } from '../../../src/render/editions/reference.js';
import type { Indicator } from '../../../src/aggregate/types.js';

/** A few national values, written out (11,133 schools; 生师比 24.03…∶1 as the issue saw it printed). */
const src = [{ type: 'series' as const, file: '示例.csv', row: 2, source: '示例来源', note: null }];
const at = (id: string, name: string, value: number, unit: string, year = 2023, extra: Partial<Indicator> = {}): Indicator => ({
  id,
  name,
  unit,
  value,
  year,
  region: '全国',
  sources: src,
  ...extra,
});
const INDICATORS: Indicator[] = [
  at('schools', '学校数', 11133, '所'),
  at('schools', '学校数', 11200, '所', 2022),
  at('enrolled', '在校生数', 17379600, '人', 2023, { level: '中职' }),
  at('placement_rate', '毕业去向落实率', 94.44, '%'),
  at('student_teacher_ratio', '生师比', 24.03133168704451, ''),
];
import { createEngine, newState } from '../../../src/render/editions/engine.js';
import { templateSet } from '../../../src/render/editions/layers.js';

describe('docs/templates.md', async () => {
  const examples = renderExamples(await exampleData());

  it('is what scripts/gen-template-docs.ts writes from the registry (run it after changing a helper)', () => {
    expect(readFileSync('docs/templates.md', 'utf8')).toBe(helperReferenceMarkdown(examples));
  });

  it('documents every helper with a Chinese description and an example that renders', () => {
    const doc = readFileSync('docs/templates.md', 'utf8');
    const names = HELPER_REGISTRY.map((h) => h.name);
    expect(new Set(names).size).toBe(names.length);
    for (const h of HELPER_REGISTRY) {
      expect(doc).toContain(`| \`${h.name}\` |`);
      expect(h.description).toMatch(/[\u4e00-\u9fff]/);
      expect(h.example).toContain(h.name);
    }
    for (const e of examples) expect(e.output.trim(), e.helper.name).not.toBe('');
  });

  it('prints what the examples say on test/fixtures/aggregate-small (values worked out by hand in its expected.json)', () => {
    const out = (name: string) => examples.find((e) => e.helper.name === name)!.output;
    expect(out('count')).toBe('5');
    expect(out('wanRen')).toBe('0.30万人'); // 中职 1000 + 2000
    expect(out('fixed')).toBe('21.00∶1');
    expect(out('percent')).toBe('94.4%');
    expect(out('ppChange')).toBe('提高0.88个百分点');
    expect(out('v')).toBe('2'); // 2022: 甲 and 丁
    expect(out('pctOf')).toBe('20.00%'); // 1 private school of 5
    expect(out('gt')).toBe('多于3所');
    expect(out('eq')).toBe('本年');
    expect(out('chart')).toContain('图1-1　学校数（单位：所）');
  });
});

describe('numbers printed without a format helper', () => {
  const render = (source: string) => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'vet-raw-'));
    mkdirSync(path.join(root, 'annual'));
    const file = path.join(root, 'annual', 'edition.hbs');
    writeFileSync(file, source);
    const state = newState();
    const html = createEngine(templateSet(path.join(root, 'annual')), { year: 2023, region: '全国', indicators: INDICATORS, sample: false }, state).render(
      file,
      { year: 2023, share: 12.3456, n: 7 },
    );
    return { html, warnings: state.warnings, file: path.relative(process.cwd(), file) };
  };

  it('an indicator is formatted by its unit: a ratio to 2 places, a count with separators, a rate to 2 places', () => {
    const r = render('<p>{{v "student_teacher_ratio"}}∶1，{{v "schools"}}所，{{v "placement_rate"}}%，{{v "schools.yoy"}}</p>');
    expect(r.html).toBe('<p>24.03∶1，11,133所，94.44%，—</p>');
    expect(r.warnings).toEqual([]);
  });

  it('any other fraction is a warning naming the template line and column; years and whole numbers print as they are', () => {
    const r = render('<p>{{year}}年</p>\n<p>{{n}}项，{{pctOf 1 3}}，{{share}}</p>');
    expect(r.html).toBe('<p>2023年</p>\n<p>7项，33.33333333333333，12.3456</p>');
    expect(r.warnings).toEqual([
      `模板 ${r.file} 第 2 行第 11 列：数字 33.33333333333333 未经格式助手输出；请用 fixed、percent、wanRen 等助手（见 docs/templates.md）。`,
      `模板 ${r.file} 第 2 行第 25 列：数字 12.3456 未经格式助手输出；请用 fixed、percent、wanRen 等助手（见 docs/templates.md）。`,
    ]);
  });
});

describe('vet-report indicators', () => {
  it('lists each id with its Chinese name, unit, dimensions and years', () => {
    const list = listIndicators(INDICATORS);
    const schools = list.find((i) => i.id === 'schools')!;
    expect(schools).toEqual({ id: 'schools', name: '学校数', unit: '所', dimensions: { region: ['全国'] }, years: [2022, 2023] });
    expect(list.map((i) => i.id)).toEqual(['enrolled', 'placement_rate', 'schools', 'student_teacher_ratio']);
    expect(list.find((i) => i.id === 'enrolled')!.dimensions).toEqual({ region: ['全国'], level: ['中职'] });
    expect(formatIndicators(list).split('\n')).toContain('schools　学校数（所）　全国　2022—2023年');
  });
});

describe('Markdown partials', () => {
  it('fill in helpers first, then lay out Markdown; a chart on its own line is a figure, not a paragraph', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'vet-md-'));
    mkdirSync(path.join(root, 'annual'));
    writeFileSync(path.join(root, 'annual', 'edition.hbs'), '<section>{{> notes}}</section>');
    writeFileSync(
      path.join(root, 'annual', 'notes.md'),
      '全国共有学校**{{count (v "schools")}}所**。\n\n{{chart "bar-line" data=ds title="学校数" unit="所"}}\n\n- 中职{{wanRen (v "enrolled" level="中职")}}\n',
    );
    const state = newState();
    const html = createEngine(templateSet(path.join(root, 'annual')), { year: 2023, region: '全国', indicators: INDICATORS, sample: false }, state).render(
      path.join(root, 'annual', 'edition.hbs'),
      {
        ds: {
          rows: [
            { year: '2022年', value: 11200 },
            { year: '2023年', value: 11133 },
          ],
          sources: [],
        },
      },
    );
    expect(html).toContain('<p>全国共有学校<strong>11,133所</strong>。</p>');
    expect(html).toMatch(/<\/p>\n<figure class="chart" id="fig-1"><!--chart:0--><figcaption>图0-1　学校数（单位：所）<\/figcaption>/);
    expect(html).not.toContain('<p><figure');
    expect(html).toContain('<li>中职1,737.96万人</li>');
    expect(state.charts).toHaveLength(1);
  });
});

// The preview's pieces without a browser: what it serves, the script it adds to served HTML only,
// the overlay read from a template error, its options and a port already taken.

import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA } from '../../src/paths.js';
import type { EditionEntry } from '../../src/manifest.js';
import { describeError } from '../../src/preview/errors.js';
import { renderIndex } from '../../src/preview/page.js';
import type { Finding } from '../../src/types.js';
import { injectClient, isLoopbackHost, resolveServed, runPreview } from '../../src/preview/server.js';

let root: string;
let out: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'vet-serve-'));
  out = path.join(root, 'out');
  await mkdir(path.join(out, '2023', 'bilateral-DE-data'), { recursive: true });
  await writeFile(path.join(out, '2023', 'bilateral-DE.html'), '<html></html>');
  await writeFile(path.join(out, '2023', 'bilateral-DE-data', '图1-1.xlsx'), 'x');
  await writeFile(path.join(root, 'secret.txt'), 'secret');
  await symlink(path.join(root, 'secret.txt'), path.join(out, '2023', 'out.txt'));
  await symlink(root, path.join(out, 'up'));
  await symlink(path.join(out, '2023', 'bilateral-DE.html'), path.join(out, '2023', 'inside.html'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('resolveServed', () => {
  it('serves files of the folder, by encoded (Chinese) names too', async () => {
    expect(await resolveServed(out, '/2023/bilateral-DE.html')).toBe(path.join(out, '2023', 'bilateral-DE.html'));
    expect(await resolveServed(out, `/2023/bilateral-DE-data/${encodeURIComponent('图1-1.xlsx')}`)).toBe(
      path.join(out, '2023', 'bilateral-DE-data', '图1-1.xlsx'),
    );
    // A symlink that stays inside is followed.
    expect(await resolveServed(out, '/2023/inside.html')).toBe(path.join(out, '2023', 'bilateral-DE.html'));
  });

  it('refuses what is outside, undecodable, a folder or missing', async () => {
    for (const p of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2Fsecret.txt',
      '/2023/../../secret.txt',
      '/2023/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/2023/out.txt',
      '/up/secret.txt',
      '/%E0%A4%A',
      '/2023%00.html',
      '/..%5csecret.txt',
      '/',
      '/2023',
      '/2023/',
      '/nothing.html',
    ]) {
      expect([p, await resolveServed(out, p)]).toEqual([p, null]);
    }
  });
});

describe('injectClient', () => {
  const written =
    '<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'"></head><body><p>正文</p></body></html>';

  it('adds the script before </body> and lets it (same origin only) through the page policy', () => {
    const served = injectClient(written, 'bilateral-DE');
    expect(served).toContain('<script src="/__preview/client.js" data-edition="bilateral-DE" defer></script></body>');
    expect(served).toContain("content=\"default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'\"");
    expect(served.replace(/<script[^>]*><\/script>/, '').replace("; script-src 'self'; connect-src 'self'", '')).toBe(written);
  });

  it('keeps an edition id from escaping its attribute', () => {
    expect(injectClient('<body></body>', 'a"><script>x')).toContain('data-edition="ascriptx"');
  });
});

describe('describeError', () => {
  it('reads file and line from a template error and frames the line', async () => {
    const tpl = path.join(root, 'preface.hbs');
    await writeFile(tpl, '一\n二\n三\n<p>{{count (v "nope")}}</p>\n五\n六\n七\n八\n');
    const rel = path.relative(process.cwd(), tpl);
    const o = describeError(`模板 ${rel} 出错：第 4 行：未知的指标“nope”。`, { edition: 'bilateral-DE', title: '中德' });
    expect(o).toMatchObject({ edition: 'bilateral-DE', file: rel, line: 4, where: `${rel}：第 4 行` });
    expect(o.frame!.split('\n')).toEqual(['  1 | 一', '  2 | 二', '  3 | 三', '> 4 | <p>{{count (v "nope")}}</p>', '  5 | 五', '  6 | 六', '  7 | 七']);
    const at = describeError(`模板 ${rel} 出错：第 4 行第 4 列：未知的指标“nope”。`, { title: '中德' });
    expect(at).toMatchObject({ line: 4, column: 4, where: `${rel}：第 4 行第 4 列` });
    expect(at.frame!.split('\n').slice(3, 5)).toEqual(['> 4 | <p>{{count (v "nope")}}</p>', '    |    ^']);
    // Handlebars' parse errors say the line their own way.
    expect(describeError(`模板 ${rel} 出错：Parse error on line 2:\n…`, { title: '中德' })).toMatchObject({ line: 2 });
  });

  it('gives a data error its message alone', () => {
    const o = describeError('2019年没有院校基本情况数据，无法生成报告（有院校基本情况的年份：2022、2023）。', { title: '本次生成' });
    expect(o.file).toBeUndefined();
    expect(o.frame).toBeUndefined();
    expect(o.title).toBe('本次生成出错');
  });
});

describe('runPreview options', () => {
  it('says which port is taken, before building anything', async () => {
    const taken: Server = await new Promise((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => resolve(s));
    });
    const port = (taken.address() as { port: number }).port;
    const builds: unknown[] = [];
    try {
      await expect(runPreview({ paths: [DATA], out, port, signal: new AbortController().signal, onBuild: (r) => builds.push(r) })).rejects.toMatchObject({
        code: 'PREVIEW_PORT_IN_USE',
        exitCode: 2,
        message: expect.stringContaining(`端口 ${port} 已被占用`),
      });
    } finally {
      taken.close();
    }
    expect(builds).toEqual([]);
  });

  it('rejects a port out of range in Chinese, naming --port', async () => {
    await expect(runPreview({ paths: [DATA], out, port: '70000', signal: new AbortController().signal })).rejects.toMatchObject({
      code: 'BAD_OPTION',
      message: '参数“--port”无效：应为 0—65535 的端口号，而不是 70000',
    });
  });
});

describe('the index page', () => {
  const entry = (over: Partial<EditionEntry>): EditionEntry => ({
    id: 'bilateral-DE',
    kind: 'bilateral',
    title: '中德职业教育合作报告（2023）',
    status: 'built',
    files: [],
    pages: 12,
    hash: 'h',
    ...over,
  });
  const good = entry({
    files: [
      { path: 'bilateral-DE.html', bytes: 1 },
      { path: 'bilateral-DE.pdf', bytes: 1 },
      { path: 'bilateral-DE-data/图1-1.xlsx', bytes: 1 },
    ],
  });
  const findings: Finding[] = [
    {
      severity: 'error',
      code: 'VALUE_NOT_NUMBER',
      message: '“十二”不是数字。',
      file: 'a/山东.xlsx',
      sheet: '院校',
      row: 7,
      column: 'F',
      header: '在校生数',
      value: '十二',
    },
    {
      severity: 'warning',
      code: 'SUBMITTED_LATE',
      message: '填报日期晚于截止日。',
      file: 'b/河南.csv',
      sheet: null,
      row: 3,
      column: 'K',
      header: '填报日期',
      value: '2024-05-01',
    },
  ];
  const model = { year: 2023, findings, errors: [], status: '生成完毕', exists: () => true, filter: {} };

  it('keeps the last good HTML and PDF linked beside a failed edition, with its message', () => {
    const failed = entry({
      status: 'failed',
      files: [],
      pages: null,
      hash: null,
      error: '模板 templates/bilateral/preface.hbs 出错：第 3 行：未知的指标“x”。',
    });
    const html = renderIndex({ ...model, editions: [{ entry: failed, lastGood: good }] }, '');
    expect(html).toContain('失败');
    expect(html).toContain('未知的指标“x”');
    expect(html).toContain('上次生成成功的文件：<a href="/2023/bilateral-DE.html">HTML</a> <a href="/2023/bilateral-DE.pdf">PDF</a>');
    expect(html).toContain(`href="/2023/bilateral-DE-data/${encodeURIComponent('图1-1.xlsx')}"`);
    expect(html).toContain('<td>12</td>');
  });

  it('lists findings with file, sheet, row and column, filtered by severity and file, escaped', () => {
    const all = renderIndex({ ...model, editions: [{ entry: good, lastGood: good }] }, '');
    expect(all).toContain('错误 1 条，警告 1 条，提示 0 条');
    expect(all).toContain('<td>错误</td><td>a/山东.xlsx</td><td>院校</td><td>7</td><td>F</td><td>“十二”不是数字。</td>');
    expect(all).toContain('<td>警告</td><td>b/河南.csv</td><td></td><td>3</td><td>K</td>');
    const warnings = renderIndex({ ...model, editions: [], filter: { severity: 'warning' } }, '');
    expect(warnings).not.toContain('a/山东.xlsx</td>');
    expect(warnings).toContain('b/河南.csv</td>');
    const byFile = renderIndex({ ...model, editions: [], filter: { file: 'a/山东.xlsx' } }, '');
    expect(byFile).toContain('a/山东.xlsx</td>');
    expect(byFile).not.toContain('b/河南.csv</td>');
    const hostile = renderIndex({ ...model, editions: [], findings: [{ ...findings[0]!, message: '<img src=x onerror=alert(1)>' }] }, '');
    expect(hostile).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(hostile).not.toContain('<img');
  });
});

describe('isLoopbackHost', () => {
  it('knows loopback addresses with and without ports, and nothing else', () => {
    for (const h of ['127.0.0.1', '127.0.0.1:4321', 'localhost', 'LOCALHOST:80', '::1', '[::1]', '[::1]:4321', '127.1.2.3'])
      expect([h, isLoopbackHost(h)]).toEqual([h, true]);
    for (const h of [
      undefined,
      '',
      'evil.example',
      'evil.example:4321',
      '0.0.0.0',
      '192.168.1.2:4321',
      '127.0.0.1.evil.example',
      '[::2]:4321',
      'localhost.evil',
    ])
      expect([h, isLoopbackHost(h)]).toEqual([h, false]);
  });
});

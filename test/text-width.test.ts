/** src/text-width.ts: terminal widths and wrapping for Chinese text (help, summaries). */
import { describe, expect, it } from 'vitest';
import { displayWidth, padEnd, wrapText } from '../src/text-width.js';

describe('displayWidth', () => {
  it('counts CJK and full-width characters as two columns', () => {
    expect(displayWidth('--year <年份>')).toBe(13);
    expect(displayWidth('（默认：out）')).toBe(13);
    expect(padEnd('山东', 6)).toBe('山东  ');
  });
});

describe('wrapText', () => {
  const text = '模板文件夹（默认：随工具提供的 templates/；可先复制一份再改）。生成后继续监视数据与模板，有改动就重新生成（浏览器保持打开；Ctrl-C 结束）';

  it('breaks Chinese between characters, within the width, losing nothing but the space at a break', () => {
    const lines = wrapText(text, 30).split('\n');
    expect(lines).toEqual([
      '模板文件夹（默认：随工具提供的',
      'templates/；可先复制一份再',
      '改）。生成后继续监视数据与模',
      '板，有改动就重新生成（浏览器保',
      '持打开；Ctrl-C 结束）',
    ]);
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(30);
  });

  it('keeps punctuation with its neighbour: no line starts with ，。） or ends with （', () => {
    for (const w of [20, 21, 22, 23, 24, 25, 26, 27]) {
      for (const l of wrapText(text, w).split('\n')) {
        expect(l, `width ${w}`).not.toMatch(/^[，。、；：）]|（$/);
      }
    }
  });

  it('keeps words of other text whole and existing line breaks', () => {
    expect(wrapText('a bb ccc', 4)).toBe('a bb\nccc');
    expect(wrapText('一\n\n二', 10)).toBe('一\n\n二');
  });
});

/**
 * Delimited text as Excel and WPS write it: GBK/GB18030, UTF-8 with BOM, UTF-16 with BOM; comma,
 * tab or semicolon. Detected, never asked.
 */
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { decodeText } from '../../src/ingest/decode.js';
import { goldenCase } from '../fixtures/golden.js';

goldenCase('csv-gbk');
goldenCase('csv-utf8-bom');
goldenCase('tsv-utf16le');
goldenCase('csv-semicolon');

describe('decodeText', () => {
  const text = '学校标识码,学校名称\r\n3737000001,示例职业技术学院\r\n';
  it.each([
    ['utf-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), 'utf-8'],
    ['utf-8', Buffer.from(text), 'utf-8'],
    ['gb18030', iconv.encode(text, 'gb18030'), 'gb18030'],
    ['utf-16le with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]), 'utf-16le'],
    ['utf-16be with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, 'utf-16be')]), 'utf-16be'],
  ])('%s', (_name, buf, encoding) => {
    const d = decodeText(buf);
    expect(d.encoding).toBe(encoding);
    expect(d.text).toBe(text);
  });
});

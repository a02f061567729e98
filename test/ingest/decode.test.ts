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

describe('text that is neither UTF-8 nor UTF-16', () => {
  const codes = (d: ReturnType<typeof decodeText>) => d.issues.map((i) => [i.code, i.line, i.params.encoding ?? null]);

  it('reads GBK without a finding, down to a file of one school name', () => {
    for (const text of ['学校标识码,学校名称\r\n3737000001,示例职业技术学院\r\n', 'id,name\n1,济南职业学院\n']) {
      const d = decodeText(iconv.encode(text, 'gb18030'));
      expect([d.encoding, d.text, d.issues]).toEqual(['gb18030', text, []]);
    }
  });

  it('reads Big5 from a Hong Kong partner as Big5 (chardet), saying which encoding was used', () => {
    const text = '學校標識碼,學校名稱,省份,辦學層次\n8100000001,香港示範職業學院,香港,高職專科\n8100000002,九龍專業教育學院,香港,中職\n';
    const d = decodeText(iconv.encode(text, 'big5'));
    expect(d.encoding).toBe('big5');
    expect(d.text).toBe(text);
    expect(codes(d)).toEqual([['FILE_ENCODING_DETECTED', null, 'Big5（繁体中文）']]);
  });

  it('says when the encoding is only a guess, naming the one used', () => {
    // Bytes chardet is not sure of (one accented letter): read as GBK, the likeliest for a
    // submission, and said to be a guess.
    const d = decodeText(Buffer.from('id,name\n1,Caf\xe9\n', 'latin1'));
    expect(d.encoding).toBe('gb18030');
    expect(codes(d)).toContainEqual(['FILE_ENCODING', null, 'GBK（GB18030）']);
    // Latin-1 chardet is sure of is read as such, and named.
    const latin = decodeText(Buffer.from('name\nJos\xe9 M\xfcller\n', 'latin1'));
    expect([latin.text, codes(latin)]).toEqual(['name\nJosé Müller\n', [['FILE_ENCODING_DETECTED', null, 'ISO-8859-1']]]);
  });

  it('decodes a UTF-8 header over GBK rows line by line, with a warning at the line in the other encoding', () => {
    const header = '学校标识码,学校名称\n';
    const rows = '3737000001,示例职业技术学院\n3737000002,示例中等专业学校\n';
    const d = decodeText(Buffer.concat([Buffer.from(header), iconv.encode(rows, 'gbk')]));
    expect(d.text).toBe(header + rows);
    expect(d.issues.map((i) => [i.code, i.line, i.params.count, i.params.other, i.params.main])).toEqual([
      ['TEXT_MIXED_ENCODING', 1, '1', 'UTF-8', 'GBK（GB18030）'],
    ]);
  });

  it('decodes UTF-8 rows appended to a GBK file, the warning at the first UTF-8 row', () => {
    const gbk = '学校标识码,学校名称\n3737000001,示例职业技术学院\n3737000002,示例中等专业学校\n';
    const d = decodeText(Buffer.concat([iconv.encode(gbk, 'gbk'), Buffer.from('3737000003,示例职业大学\n')]));
    expect(d.text).toBe(gbk + '3737000003,示例职业大学\n');
    expect(d.issues.map((i) => [i.code, i.line])).toEqual([['TEXT_MIXED_ENCODING', 4]]);
  });

  it('warns of characters that could not be decoded (U+FFFD), at the first line holding one', () => {
    // UTF-8 with BOM whose fourth line was damaged: the first byte of 中 lost.
    const good = Buffer.from('学校标识码,学校名称\n3737000001,示例职业技术学院\n', 'utf8');
    const bad = Buffer.from('3737000002,示例中等专业学校\n', 'utf8');
    const cut = Buffer.concat([bad.subarray(0, 17), bad.subarray(18)]);
    const d = decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), good, Buffer.from('3737000003,示例职业大学\n'), cut]));
    // Damaged UTF-8, not a second encoding: the rest is read as written, the loss said at line 4.
    expect(d.encoding).toBe('utf-8');
    expect(d.text.split('\n')[3]).toMatch(/^3737000002,示例\ufffd+等专业学校$/);
    expect(d.issues.map((i) => [i.code, i.line, i.params.encoding])).toEqual([['TEXT_REPLACEMENT_CHARS', 4, 'UTF-8']]);
    const literal = decodeText(Buffer.from('学校标识码,学校名称\n3737000001,示例\ufffd学院\n', 'utf8'));
    expect(literal.issues.map((i) => [i.code, i.line, i.params.count, i.params.encoding])).toEqual([['TEXT_REPLACEMENT_CHARS', 2, '1', 'UTF-8']]);
  });
});

/**
 * Text decoding for delimited files: BOM first, then strict UTF-8, then UTF-16 without BOM
 * (many NUL bytes); other text is GB18030 (a superset of GBK, what Excel on Chinese Windows
 * writes) when its two-byte characters are those of GB2312, else what chardet finds (Big5 from a
 * Hong Kong or Taiwan partner). Strict UTF-8 is a reliable test: GBK text of any length almost
 * never decodes as valid UTF-8.
 *
 * Nothing is decoded quietly into garbage: a file whose lines mix UTF-8 and GBK (rows appended
 * by another tool) is decoded line by line, with a warning; a guess chardet is unsure of, and any
 * character that could not be decoded (U+FFFD), is a finding naming the encoding used.
 */
import { isUtf8 } from 'node:buffer';
import chardet from 'chardet';
import iconv from 'iconv-lite';
import type { FindingCode } from '../messages.js';

/** An iconv-lite encoding name, lower case: utf-8, utf-16le, utf-16be, gb18030, big5, … */
export type Encoding = string;

/** A finding about the text; line is 1-based (a CSV row, unless a quoted cell spans lines), null for the file. */
export interface DecodeIssue {
  code: FindingCode;
  line: number | null;
  params: Record<string, string>;
}

export interface Decoded {
  text: string;
  encoding: Encoding;
  issues: DecodeIssue[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** As people know the encodings (in findings). */
const SHOWN: Record<string, string> = { 'utf-8': 'UTF-8', 'utf-16le': 'UTF-16', 'utf-16be': 'UTF-16', gb18030: 'GBK（GB18030）', big5: 'Big5（繁体中文）' };
const shown = (e: Encoding) => SHOWN[e] ?? e;

/** chardet's confidence (0–100) below which its guess is only a guess, and said so. */
const SURE = 50;

export function decodeText(buf: Buffer): Decoded {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return checked(iconv.decode(buf.subarray(2), 'utf-16le'), 'utf-16le', []);
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return checked(iconv.decode(buf.subarray(2), 'utf-16be'), 'utf-16be', []);
  const bom = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
  const body = bom ? buf.subarray(3) : buf;
  if (!bom) {
    const nul = utf16Guess(body);
    if (nul) return checked(iconv.decode(body, nul), nul, []);
  }
  try {
    return checked(utf8.decode(body), 'utf-8', []);
  } catch {
    return notUtf8(body);
  }
}

/** Text that is not valid UTF-8 as a whole: one legacy encoding, or UTF-8 and GBK lines mixed. */
function notUtf8(buf: Buffer): Decoded {
  const lines = splitLines(buf);
  const kinds = lines.map(lineKind);
  const utf8Lines = kinds.filter((k) => k === 'utf8').length;
  const legacyLines = kinds.filter((k) => k === 'legacy').length;
  if (utf8Lines === 0 || legacyLines === 0) {
    const { encoding, issues } = guessLegacy(buf);
    return checked(iconv.decode(buf, encoding), encoding, issues);
  }
  const { encoding: other, issues, sure } = guessLegacy(Buffer.concat(lines.filter((_l, i) => kinds[i] === 'legacy')));
  // A few lines of no recognisable encoding in a UTF-8 file are damaged UTF-8 (a character cut
  // in two), not another encoding: decoded as UTF-8, what was lost shows as U+FFFD and is said.
  if (!sure && utf8Lines >= legacyLines) return checked(buf.toString('utf8'), 'utf-8', []);
  const text = lines.map((l, i) => (kinds[i] === 'utf8' ? l.toString('utf8') : iconv.decode(l, other))).join('\n');
  const mainIsUtf8 = utf8Lines >= legacyLines;
  const minority = mainIsUtf8 ? 'legacy' : 'utf8';
  issues.push({
    code: 'TEXT_MIXED_ENCODING',
    line: kinds.indexOf(minority) + 1,
    params: { count: String(mainIsUtf8 ? legacyLines : utf8Lines), other: shown(mainIsUtf8 ? other : 'utf-8'), main: shown(mainIsUtf8 ? 'utf-8' : other) },
  });
  return checked(text, mainIsUtf8 ? 'utf-8' : other, issues);
}

/** Lines split at LF (a byte that is never part of a GBK, Big5 or UTF-8 character), LF removed. */
function splitLines(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (let i = buf.indexOf(0x0a); i !== -1; i = buf.indexOf(0x0a, start)) {
    out.push(buf.subarray(start, i));
    start = i + 1;
  }
  out.push(buf.subarray(start));
  return out;
}

/**
 * utf8: valid UTF-8 with CJK in it; legacy: not valid UTF-8; plain: ASCII, or valid UTF-8
 * without CJK (a GBK line can by chance be valid UTF-8, of Latin and Cyrillic letters).
 */
function lineKind(line: Buffer): 'utf8' | 'legacy' | 'plain' {
  let ascii = true;
  for (let i = 0; i < line.length; i++)
    if (line[i]! >= 0x80) {
      ascii = false;
      break;
    }
  if (ascii) return 'plain';
  if (!isUtf8(line)) return 'legacy';
  return /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/.test(line.toString('utf8')) ? 'utf8' : 'plain';
}

/**
 * GB18030 when nearly all two-byte characters are GB2312's (hanzi and full-width punctuation,
 * what Chinese text is made of: tested on the bytes, so it holds for a file of one school's name);
 * else chardet's guess, a finding either way.
 */
function guessLegacy(buf: Buffer): { encoding: Encoding; issues: DecodeIssue[]; sure: boolean } {
  if (gb2312Share(buf) >= 0.9) return { encoding: 'gb18030', issues: [], sure: true };
  const best = chardet.analyse(buf).find((m) => iconv.encodingExists(m.name) && !/^(UTF|ISO-2022)/i.test(m.name));
  if (best && best.confidence >= SURE) {
    const encoding = best.name.toLowerCase();
    if (encoding === 'gb18030') return { encoding, issues: [], sure: true };
    return { encoding, issues: [{ code: 'FILE_ENCODING_DETECTED', line: null, params: { encoding: SHOWN[encoding] ?? best.name } }], sure: true };
  }
  // Chinese submissions are GBK when not UTF-8: the likeliest reading, said to be a guess.
  return { encoding: 'gb18030', issues: [{ code: 'FILE_ENCODING', line: null, params: { encoding: shown('gb18030') } }], sure: false };
}

/** The share of two-byte characters (read as GBK) in GB2312's hanzi and punctuation rows. */
function gb2312Share(buf: Buffer): number {
  let pairs = 0;
  let gb = 0;
  for (let i = 0; i < buf.length; ) {
    const b = buf[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    const t = buf[i + 1] ?? 0;
    // GB18030 four-byte characters (second byte a digit) are valid but not telling.
    if (t >= 0x30 && t <= 0x39) {
      i += 4;
      continue;
    }
    pairs++;
    if (((b >= 0xa1 && b <= 0xa3) || (b >= 0xb0 && b <= 0xf7)) && t >= 0xa1 && t <= 0xfe) gb++;
    i += 2;
  }
  return pairs ? gb / pairs : 0;
}

/** Characters that could not be decoded (U+FFFD) become a warning at the first line holding one. */
function checked(text: string, encoding: Encoding, issues: DecodeIssue[]): Decoded {
  const first = text.indexOf('\ufffd');
  if (first !== -1) {
    let count = 0;
    for (let i = first; i !== -1; i = text.indexOf('\ufffd', i + 1)) count++;
    let line = 1;
    for (let i = text.indexOf('\n'); i !== -1 && i < first; i = text.indexOf('\n', i + 1)) line++;
    issues.push({ code: 'TEXT_REPLACEMENT_CHARS', line, params: { count: String(count), encoding: shown(encoding) } });
  }
  return { text, encoding, issues };
}

/** UTF-16 without BOM: ASCII-heavy text has a NUL in every other byte. */
function utf16Guess(buf: Buffer): Encoding | null {
  const n = Math.min(buf.length, 4096) & ~1;
  if (n < 4) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (buf[i] === 0) even++;
    if (buf[i + 1] === 0) odd++;
  }
  if (odd > n / 8 && even === 0) return 'utf-16le';
  if (even > n / 8 && odd === 0) return 'utf-16be';
  return null;
}

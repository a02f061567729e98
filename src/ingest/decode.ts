/**
 * Text decoding for delimited files: BOM first, then strict UTF-8, then UTF-16 without BOM
 * (many NUL bytes), and GB18030 (a superset of GBK, what Excel on Chinese Windows writes) last.
 * Strict UTF-8 is a reliable test: GBK text of any length almost never decodes as valid UTF-8.
 */
import iconv from 'iconv-lite';

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export interface Decoded {
  text: string;
  encoding: Encoding;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeText(buf: Buffer): Decoded {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    return { text: buf.subarray(3).toString('utf8'), encoding: 'utf-8' };
  }
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) {
    return { text: iconv.decode(buf.subarray(2), 'utf-16le'), encoding: 'utf-16le' };
  }
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    return { text: iconv.decode(buf.subarray(2), 'utf-16be'), encoding: 'utf-16be' };
  }
  const nul = utf16Guess(buf);
  if (nul) return { text: iconv.decode(buf, nul), encoding: nul };
  try {
    return { text: utf8.decode(buf), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(buf, 'gb18030'), encoding: 'gb18030' };
  }
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

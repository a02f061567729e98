// Glyph preflight: characters of the document that the shipped fonts cannot draw. Chromium would
// silently fall back to some system font (or a blank box), so the build turns these into errors.

import { type Coverage, fontCoverage } from './fonts.js';

export interface TextSegment {
  text: string;
  /** Where the text comes from, e.g. "表1-3 第5行" or "templates/annual/ch1.hbs". */
  where?: string;
}

export interface GlyphOccurrence {
  where?: string;
  /** The missing character with up to `contextChars` characters either side. */
  context: string;
}

export interface MissingGlyph {
  char: string;
  /** "U+4DAE" */
  codePoint: string;
  count: number;
  /** The first few occurrences (see maxContexts). */
  occurrences: GlyphOccurrence[];
}

export interface PreflightOptions {
  /** Defaults to fontCoverage(): code points all four faces have. */
  coverage?: Coverage;
  contextChars?: number;
  maxContexts?: number;
}

/** Whitespace and controls are laid out, not drawn; zero-width marks are ignored too. */
function needsGlyph(cp: number): boolean {
  if (cp <= 0x20 || (cp >= 0x7f && cp <= 0xa0)) return false;
  if (cp === 0x00ad || (cp >= 0x200b && cp <= 0x200f) || cp === 0x2028 || cp === 0x2029) return false;
  if (cp === 0xfeff || (cp >= 0xfe00 && cp <= 0xfe0f)) return false; // BOM, variation selectors
  return true;
}

export function codePointLabel(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Characters of `text` outside the fonts' coverage, in order of first appearance, each with its
 * count and a few contexts. An empty array means every character can be drawn.
 */
export function findMissingGlyphs(text: string | readonly TextSegment[], opts: PreflightOptions = {}): MissingGlyph[] {
  const coverage = opts.coverage ?? fontCoverage();
  const ctx = opts.contextChars ?? 12;
  const maxContexts = opts.maxContexts ?? 3;
  const segments = typeof text === 'string' ? [{ text }] : text;
  const found = new Map<number, MissingGlyph>();
  for (const seg of segments) {
    // The characters as an array only for a text that has a missing one (for its context).
    let chars: string[] | undefined;
    let i = -1;
    for (const ch of seg.text) {
      i++;
      const cp = ch.codePointAt(0)!;
      if (!needsGlyph(cp) || coverage.has(cp)) continue;
      let entry = found.get(cp);
      if (!entry) {
        entry = { char: ch, codePoint: codePointLabel(cp), count: 0, occurrences: [] };
        found.set(cp, entry);
      }
      entry.count++;
      if (entry.occurrences.length < maxContexts) {
        chars ??= Array.from(seg.text);
        const context = chars
          .slice(Math.max(0, i - ctx), i + ctx + 1)
          .join('')
          .replace(/\s+/g, ' ')
          .trim();
        entry.occurrences.push(seg.where === undefined ? { context } : { where: seg.where, context });
      }
    }
  }
  return [...found.values()];
}

/** One line per missing character, in Chinese, for logs and error messages. */
export function formatMissingGlyphs(missing: readonly MissingGlyph[]): string {
  return missing
    .map((m) => {
      const where = m.occurrences.map((o) => (o.where ? `${o.where}：「${o.context}」` : `「${o.context}」`)).join('；');
      return `字体缺字 ${m.char}（${m.codePoint}），共 ${m.count} 处：${where}`;
    })
    .join('\n');
}

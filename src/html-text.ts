// Small HTML text helpers shared by the stages (render, and ingest's case documents): escaping,
// character references, and the text of an HTML string as a reader sees it (good enough to pick
// fonts and check glyphs).

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  ensp: '\u2002',
  emsp: '\u2003',
  thinsp: '\u2009',
  middot: '·',
  mdash: '—',
  ndash: '–',
  hellip: '…',
  ldquo: '“',
  rdquo: '”',
  lsquo: '‘',
  rsquo: '’',
  times: '×',
  divide: '÷',
  copy: '©',
  reg: '®',
  yen: '¥',
  deg: '°',
  plusmn: '±',
  permil: '‰',
  bull: '•',
  shy: '\u00ad',
  sup1: '¹',
  sup2: '²',
  sup3: '³',
  laquo: '«',
  raquo: '»',
  euro: '€',
  pound: '£',
};

/** Decodes character references (&amp; &#20013; &#x4E2D; and the common named ones). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);/g, (m, ref: string) => {
    if (ref[0] === '#') {
      const cp = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    }
    return NAMED[ref] ?? m;
  });
}

/**
 * The text of an HTML document as it will be printed, approximately: comments, scripts and
 * style sheets dropped, each tag replaced by a space plus the values of its quoted attributes
 * (running-header strings and the like live there), character references decoded.
 * Over-inclusive by design: it decides which font subsets to ship and which glyphs to check.
 */
export function htmlVisibleText(html: string): string {
  return decodeEntities(
    html
      .replace(/<!--[\s\S]*?-->/g, ' ')
      .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
      .replace(/<[^>]*>/g, (tag) => {
        const values: string[] = [];
        for (const m of tag.matchAll(/=\s*(?:"([^"]*)"|'([^']*)')/g)) {
          const v = m[1] ?? m[2] ?? '';
          // Skip long machine values (data: URLs, inline styles with base64, paths).
          if (v.length < 400 && !v.startsWith('data:')) values.push(v);
        }
        return values.length ? ` ${values.join(' ')} ` : ' ';
      }),
  );
}

/** Escapes a string for a CSS string literal in double quotes. */
export function cssString(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\n\r\f]/g, '\\a ')}"`;
}

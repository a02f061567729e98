/**
 * Editors' prose in Markdown (marked), made safe: raw HTML in the Markdown is printed as text,
 * and links go only to web addresses, mail and places in the document. Editors write prose;
 * markup the report needs comes from helpers.
 */
import { Marked, type Tokens } from 'marked';
import { escapeHtml } from '../../html-text.js';

const SAFE_HREF = /^(https?:|mailto:|#|[^:]*$)/i;

const md = new Marked({
  gfm: true,
  breaks: false,
  renderer: {
    html(token: Tokens.HTML | Tokens.Tag): string {
      return escapeHtml(token.text);
    },
    link(this: { parser: { parseInline(t: Tokens.Generic[]): string } }, token: Tokens.Link): string {
      const text = this.parser.parseInline(token.tokens);
      if (!SAFE_HREF.test(token.href.trim())) return text;
      return `<a href="${escapeHtml(token.href)}"${token.title ? ` title="${escapeHtml(token.title)}"` : ''}>${text}</a>`;
    },
    image(token: Tokens.Image): string {
      // Images would be fetched from wherever the editor pointed: charts come from {{chart}}.
      return escapeHtml(token.text);
    },
  },
});

export function markdownHtml(text: string): string {
  return md.parse(text, { async: false });
}

/** Terminal display width: CJK and full-width characters take two columns. */
const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;

export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += WIDE.test(ch) ? 2 : 1;
  return w;
}

export function padEnd(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - displayWidth(s)));
}

export function padStart(s: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(s))) + s;
}

const OPENING = '（《「『“‘';
const CLOSING = '，。、；：）》」』”’！？';
/**
 * A piece no line breaks inside: opening punctuation with what follows it, then a CJK character
 * or a run of other text, with the closing punctuation after it.
 */
const CHUNK = new RegExp(`\\s*[${OPENING}]*(?:${WIDE.source}[${CLOSING}]*|[^\\s${WIDE.source.slice(1, -1)}]+[${CLOSING}]*)`, 'g');

/**
 * Wraps text to a display width: between any two CJK characters (closing punctuation stays with
 * the character before it), other text at spaces, as a terminal shows Chinese prose.
 */
export function wrapText(s: string, width: number): string {
  return s
    .split(/\r?\n/)
    .map((line) => {
      const chunks = line.match(CHUNK);
      if (!chunks) return '';
      const lines: string[] = [];
      let cur = chunks[0];
      for (const c of chunks.slice(1)) {
        if (displayWidth(cur) + displayWidth(c) <= width) cur += c;
        else {
          lines.push(cur);
          cur = c.trimStart();
        }
      }
      lines.push(cur);
      return lines.join('\n');
    })
    .join('\n');
}

// Reading PDFs back with poppler-utils (pdftotext, pdffonts, pdfinfo, pdftohtml), as a person
// checks a PDF: the tests' independent reader. The tool itself reads its PDFs in process
// (src/render/pdf-read.ts); poppler-utils is installed by scripts/install.sh for the tests.

import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { PdfFont } from '../src/render/pdf-read.js';

const run = promisify(execFile);

async function tool(cmd: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    return stdout;
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    if (e.code === 'ENOENT') throw new Error(`${cmd} not found: install poppler-utils`);
    throw new Error(`${cmd} ${args.join(' ')} failed: ${e.stderr?.trim() || e.message}`);
  }
}

/** The text of each page (index 0 = page 1), in reading order. */
export async function pdfPageTexts(pdfPath: string, opts: { layout?: boolean } = {}): Promise<string[]> {
  const args = ['-enc', 'UTF-8', ...(opts.layout ? ['-layout'] : []), pdfPath, '-'];
  const pages = (await tool('pdftotext', args)).split('\f');
  pages.pop(); // text after the last form feed
  return pages;
}

export async function pdfFonts(pdfPath: string): Promise<PdfFont[]> {
  const lines = (await tool('pdffonts', [pdfPath]))
    .split('\n')
    .slice(2)
    .filter((l) => l.trim());
  return lines.map((line) => {
    // Columns: name, type (may contain spaces), encoding, emb, sub, uni, object, gen.
    const m = /^(\S+)\s+(.+?)\s{2,}(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/.exec(line);
    if (!m) throw new Error(`pdffonts: cannot read line: ${line}`);
    return {
      name: m[1]!,
      type: m[2]!.trim(),
      encoding: m[3]!,
      embedded: m[4] === 'yes',
      subset: m[5] === 'yes',
      unicode: m[6] === 'yes',
    };
  });
}

export async function pdfInfo(pdfPath: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const line of (await tool('pdfinfo', ['-enc', 'UTF-8', pdfPath])).split('\n')) {
    const m = /^([^:]+):\s*(.*)$/.exec(line);
    if (m) out[m[1]!.trim()] = m[2]!.trim();
  }
  return out;
}

/** Named destinations (anchors that links point to) and their 1-based pages. */
export async function pdfDests(pdfPath: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const line of (await tool('pdfinfo', ['-dests', pdfPath])).split('\n')) {
    const m = /^\s*(\d+)\s+\[.*\]\s+"(.*)"\s*$/.exec(line);
    if (m) out.set(m[2]!, Number(m[1]));
  }
  return out;
}

export interface OutlineItem {
  title: string;
  page: number;
  children: OutlineItem[];
}

/** The PDF's bookmarks (document outline), via pdftohtml -xml. */
export async function pdfOutline(pdfPath: string): Promise<OutlineItem[]> {
  const xml = await tool('pdftohtml', ['-xml', '-i', '-q', '-stdout', '-enc', 'UTF-8', pdfPath]);
  const start = xml.indexOf('<outline>');
  if (start < 0) return [];
  const decode = (s: string) =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&');
  const root: OutlineItem[] = [];
  const stack: OutlineItem[][] = [];
  let current = root;
  let last: OutlineItem | undefined;
  const re = /<outline>|<\/outline>|<item page="(\d+)">([\s\S]*?)<\/item>/g;
  re.lastIndex = start;
  let depth = 0;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    if (m[0] === '<outline>') {
      depth++;
      if (depth > 1) {
        stack.push(current);
        current = last ? last.children : current;
      }
    } else if (m[0] === '</outline>') {
      depth--;
      if (depth === 0) break;
      current = stack.pop() ?? root;
    } else {
      last = { title: decode(m[2]!).trim(), page: Number(m[1]), children: [] };
      current.push(last);
    }
  }
  return root;
}

/** The document language from the PDF catalog (/Lang), if written uncompressed as Chromium does. */
export async function pdfLang(pdfPath: string): Promise<string | undefined> {
  const bytes = await readFile(pdfPath);
  const m = /\/Lang\s*\(([^)]*)\)/.exec(bytes.toString('latin1'));
  return m ? m[1] : undefined;
}

// What the build checks in a PDF Chromium wrote (page count, named destinations, fonts), read in
// process instead of by spawning pdfinfo and pdffonts for every edition: a spawn from the build's
// big Node heap cost tens of milliseconds on the main thread. Skia writes every dictionary
// uncompressed and a classic cross-reference table (no object streams), so a small tokenizer
// over the bytes is enough; anything else is refused with an error (the edition fails, naming it).

class Name {
  constructor(readonly v: string) {}
}
class Ref {
  constructor(readonly n: number) {}
}
type Value = number | string | boolean | null | Name | Ref | Value[] | Dict;
type Dict = Map<string, Value>;

const WS = /[\0\t\n\f\r ]/;
const DELIM = /[\0\t\n\f\r ()<>[\]{}/%]/;

class Reader {
  private readonly text: string;
  private readonly offsets = new Map<number, number>();
  private readonly cache = new Map<number, Value>();
  readonly trailer: Dict;

  constructor(pdf: Uint8Array) {
    this.text = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).toString('latin1');
    const m = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(this.text.slice(-64));
    if (!m) throw new Error('PDF: no startxref');
    let at = Number(m[1]);
    if (!this.text.startsWith('xref', at)) throw new Error('PDF: no classic xref table (object streams?)');
    at += 4;
    // Subsections: "first count" then count 20-byte entries "oooooooooo ggggg n".
    for (;;) {
      const sub = /^\s*(\d+) (\d+)\s*?\r?\n/.exec(this.text.slice(at, at + 40));
      if (!sub) break;
      at += sub[0].length;
      const first = Number(sub[1]);
      for (let k = 0; k < Number(sub[2]); k++, at += 20) {
        const e = this.text.slice(at, at + 18);
        if (e[17] === 'n') this.offsets.set(first + k, Number(e.slice(0, 10)));
      }
    }
    const t = this.text.indexOf('trailer', at);
    if (t < 0) throw new Error('PDF: no trailer');
    const trailer = this.parse(t + 7)[0];
    if (!(trailer instanceof Map)) throw new Error('PDF: bad trailer');
    this.trailer = trailer;
  }

  /** The object's value (for a stream, its dictionary). */
  get(n: number): Value {
    if (this.cache.has(n)) return this.cache.get(n)!;
    const at = this.offsets.get(n);
    if (at === undefined) return null;
    const head = /^(\d+) (\d+) obj/.exec(this.text.slice(at, at + 24));
    if (!head || Number(head[1]) !== n) throw new Error(`PDF: object ${n} not at its offset`);
    const v = this.parse(at + head[0].length)[0];
    this.cache.set(n, v);
    return v;
  }

  resolve(v: Value | undefined): Value {
    return v instanceof Ref ? this.get(v.n) : (v ?? null);
  }

  private skip(i: number): number {
    const t = this.text;
    for (;;) {
      while (i < t.length && WS.test(t[i]!)) i++;
      if (t[i] !== '%') return i;
      while (i < t.length && t[i] !== '\n' && t[i] !== '\r') i++;
    }
  }

  /** One value at i: [value, index after it]. */
  private parse(i: number): [Value, number] {
    const t = this.text;
    i = this.skip(i);
    const c = t[i];
    if (c === '<' && t[i + 1] === '<') {
      const d: Dict = new Map();
      i += 2;
      for (;;) {
        i = this.skip(i);
        if (t[i] === '>' && t[i + 1] === '>') return [d, i + 2];
        const [k, j] = this.parse(i);
        if (!(k instanceof Name)) throw new Error('PDF: dictionary key is not a name');
        const [v, l] = this.parse(j);
        d.set(k.v, v);
        i = l;
      }
    }
    if (c === '[') {
      const a: Value[] = [];
      i++;
      for (;;) {
        i = this.skip(i);
        if (t[i] === ']') return [a, i + 1];
        const [v, j] = this.parse(i);
        a.push(v);
        i = j;
      }
    }
    if (c === '/') {
      let j = i + 1;
      while (j < t.length && !DELIM.test(t[j]!)) j++;
      const raw = t.slice(i + 1, j).replace(/#([0-9a-fA-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
      return [new Name(Buffer.from(raw, 'latin1').toString('utf8')), j];
    }
    if (c === '(') return this.literal(i);
    if (c === '<') {
      const j = t.indexOf('>', i);
      return [Buffer.from(t.slice(i + 1, j).replace(/\s/g, ''), 'hex').toString('latin1'), j + 1];
    }
    const word = /^[+\-.\d]+|^[a-z]+/.exec(t.slice(i, i + 32));
    if (!word) throw new Error(`PDF: cannot read at ${i}`);
    const w = word[0];
    if (w === 'true' || w === 'false') return [w === 'true', i + w.length];
    if (w === 'null') return [null, i + 4];
    const ref = /^(\d+)\s+(\d+)\s+R(?![^\0\t\n\f\r ()<>[\]{}/%])/.exec(t.slice(i, i + 32));
    if (ref) return [new Ref(Number(ref[1])), i + ref[0].length];
    if (!/^[+\-.\d]+$/.test(w)) throw new Error(`PDF: unexpected "${w}"`);
    return [Number(w), i + w.length];
  }

  private literal(i: number): [string, number] {
    const t = this.text;
    let depth = 0;
    let out = '';
    for (let j = i; j < t.length; j++) {
      const c = t[j]!;
      if (c === '\\') {
        const n = t[++j]!;
        const esc: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };
        if (n in esc) out += esc[n];
        else if (/[0-7]/.test(n)) {
          const oct = /^[0-7]{1,3}/.exec(t.slice(j, j + 3))![0];
          out += String.fromCharCode(parseInt(oct, 8));
          j += oct.length - 1;
        } else if (n === '\r' || n === '\n') {
          if (n === '\r' && t[j + 1] === '\n') j++;
        } else out += n;
        continue;
      }
      if (c === '(' && depth++ === 0) continue;
      if (c === ')' && --depth === 0) return [out, j + 1];
      out += c;
    }
    throw new Error('PDF: unterminated string');
  }
}

/** A PDF string's bytes (latin1) as text: UTF-16BE with its byte order mark, else UTF-8 as names are. */
function textOf(bytes: string): string {
  const b = Buffer.from(bytes, 'latin1');
  return b[0] === 0xfe && b[1] === 0xff ? b.subarray(2).swap16().toString('utf16le') : b.toString('utf8');
}

function name(v: Value | undefined): string | undefined {
  return v instanceof Name ? v.v : undefined;
}

export interface PdfFont {
  name: string;
  type: string;
  encoding: string;
  embedded: boolean;
  subset: boolean;
  unicode: boolean;
}

/** Problems with a PDF's fonts: not embedded, Type 3, or not one of the expected families. */
export function fontProblems(fonts: readonly PdfFont[], expected: RegExp = /NotoS(ans|erif)SC/): string[] {
  const out: string[] = [];
  for (const f of fonts) {
    if (!f.embedded) out.push(`字体未嵌入：${f.name}`);
    if (f.type.startsWith('Type 3')) out.push(`Type 3 字体：${f.name}`);
    else if (!expected.test(f.name)) out.push(`非预期字体（可能是缺字回退）：${f.name}（${f.type}）`);
  }
  return [...new Set(out)];
}

export interface PdfFacts {
  pageCount: number;
  /** Named destinations and their 1-based pages. */
  dests: Map<string, number>;
  /** Fonts as pdffonts lists them (the font dictionaries pages use, not CID descendants). */
  fonts: PdfFont[];
}

/** Page count, named destinations and fonts of a PDF written by Chromium. Throws on anything else. */
export function readPdfFacts(pdf: Uint8Array): PdfFacts {
  const r = new Reader(pdf);
  const root = r.resolve(r.trailer.get('Root'));
  if (!(root instanceof Map)) throw new Error('PDF: no catalog');

  // Pages in order, from the page tree.
  const pages = new Map<number, number>();
  const walk = (v: Value | undefined): void => {
    if (!(v instanceof Ref)) return;
    const node = r.get(v.n);
    if (!(node instanceof Map)) return;
    if (name(node.get('Type')) === 'Pages') for (const kid of (r.resolve(node.get('Kids')) as Value[]) ?? []) walk(kid);
    else pages.set(v.n, pages.size + 1);
  };
  walk(root.get('Pages'));

  const dests = new Map<string, number>();
  const addDest = (key: string, v: Value): void => {
    let d = r.resolve(v);
    if (d instanceof Map) d = r.resolve(d.get('D'));
    if (Array.isArray(d) && d[0] instanceof Ref && pages.has(d[0].n)) dests.set(key, pages.get(d[0].n)!);
  };
  const old = r.resolve(root.get('Dests'));
  if (old instanceof Map) for (const [k, v] of old) addDest(k, v);
  const names = r.resolve(root.get('Names'));
  const tree = (v: Value | undefined): void => {
    const node = r.resolve(v);
    if (!(node instanceof Map)) return;
    const list = r.resolve(node.get('Names'));
    if (Array.isArray(list)) for (let k = 0; k + 1 < list.length; k += 2) addDest(textOf(String(list[k])), list[k + 1]!);
    const kids = r.resolve(node.get('Kids'));
    if (Array.isArray(kids)) kids.forEach(tree);
  };
  if (names instanceof Map) tree(names.get('Dests'));

  // Fonts the pages use, through their resources and those of the forms they draw (Type 3
  // glyphs' too), in object order as pdffonts lists them.
  const fontObjects = new Set<number>();
  const seen = new Set<Dict>();
  const visit = (res: Value | undefined): void => {
    const d = r.resolve(res);
    if (!(d instanceof Map) || seen.has(d)) return;
    seen.add(d);
    const fonts = r.resolve(d.get('Font'));
    if (fonts instanceof Map) {
      for (const v of fonts.values()) {
        if (!(v instanceof Ref)) continue;
        fontObjects.add(v.n);
        const f = r.get(v.n);
        if (f instanceof Map) visit(f.get('Resources'));
      }
    }
    const xobjects = r.resolve(d.get('XObject'));
    if (xobjects instanceof Map) {
      for (const v of xobjects.values()) {
        const x = r.resolve(v);
        if (x instanceof Map && name(x.get('Subtype')) === 'Form') visit(x.get('Resources'));
      }
    }
  };
  for (const n of pages.keys()) {
    let node = r.get(n);
    // Resources are inherited down the page tree.
    while (node instanceof Map && !node.has('Resources') && node.get('Parent') instanceof Ref) node = r.get((node.get('Parent') as Ref).n);
    if (node instanceof Map) visit(node.get('Resources'));
  }
  const fonts: PdfFont[] = [];
  for (const n of [...fontObjects].sort((a, b) => a - b)) {
    const f = r.get(n);
    if (!(f instanceof Map) || name(f.get('Type')) !== 'Font') continue;
    const sub = name(f.get('Subtype'));
    if (sub === 'CIDFontType0' || sub === 'CIDFontType2') continue; // listed through their Type0 parent
    let desc = r.resolve(f.get('FontDescriptor'));
    let type = sub === 'Type3' ? 'Type 3' : sub === 'TrueType' ? 'TrueType' : sub === 'Type1' ? 'Type 1' : (sub ?? '?');
    if (sub === 'Type0') {
      const kid = r.resolve((r.resolve(f.get('DescendantFonts')) as Value[] | null)?.[0]);
      const kidSub = kid instanceof Map ? name(kid.get('Subtype')) : undefined;
      type = kidSub === 'CIDFontType2' ? 'CID TrueType' : 'CID Type 0';
      desc = kid instanceof Map ? r.resolve(kid.get('FontDescriptor')) : null;
    }
    const base = name(f.get('BaseFont')) ?? '[none]';
    const embedded = sub === 'Type3' || (desc instanceof Map && ['FontFile', 'FontFile2', 'FontFile3'].some((k) => desc.has(k)));
    if (desc instanceof Map && desc.has('FontFile3') && type === 'CID Type 0') type = 'CID Type 0C';
    const enc = f.get('Encoding');
    fonts.push({
      name: base,
      type,
      encoding: name(enc)?.replace(/^(WinAnsi|MacRoman|Standard|MacExpert)Encoding$/, '$1') ?? (enc === undefined ? 'Builtin' : 'Custom'),
      embedded,
      subset: /^[A-Z]{6}\+/.test(base),
      unicode: f.has('ToUnicode'),
    });
  }

  const count = r.resolve((r.resolve(root.get('Pages')) as Dict | null)?.get('Count'));
  if (typeof count !== 'number' || count !== pages.size) throw new Error('PDF: page tree and /Count disagree');
  return { pageCount: count, dests, fonts };
}

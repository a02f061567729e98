// The report's fonts: Noto Serif SC (body, 宋体-like) and Noto Sans SC (headings, figures,
// tables; 黑体-like) in weights 400 and 700, one full TrueType (glyf) file per family and weight
// from the @expo-google-fonts packages (Google Fonts' builds, OFL).
//
// Chromium embeds web fonts loaded this way as CID TrueType in the PDF (a system CJK font from
// Debian's fonts-noto-cjk came out as Type 3). The HTML deliverable must be self-contained, so
// subsetFontFaceCss() cuts each face down to the characters of the document (harfbuzz's
// subsetter) and inlines it as a data: URL: four faces per edition. (Google Fonts' unicode-range
// chunks, used before, made ~72 faces that Chromium loaded and decoded one by one: ~30 % of an
// edition's print time.)

import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cachedBytes, cacheKey, packageVersion } from '../cache.js';
import { sfntToWoff } from './woff.js';

export type FontRole = 'serif' | 'sans';
export type FontWeight = 400 | 700;

export const FONT_FAMILY: Readonly<Record<FontRole, string>> = {
  serif: 'Noto Serif SC',
  sans: 'Noto Sans SC',
};

/** CSS font-family values. Generic fallbacks are last; the glyph preflight keeps them unused. */
export const FONT_STACK: Readonly<Record<FontRole, string>> = {
  serif: `'${FONT_FAMILY.serif}', serif`,
  sans: `'${FONT_FAMILY.sans}', sans-serif`,
};

/** The npm packages holding the font files (their versions go into a build's inputs hash). */
export const FONT_PACKAGES: Readonly<Record<FontRole, string>> = {
  serif: '@expo-google-fonts/noto-serif-sc',
  sans: '@expo-google-fonts/noto-sans-sc',
};

export const FONT_WEIGHTS: readonly FontWeight[] = [400, 700];

/** Style names in the packages' file names: 400Regular/NotoSansSC_400Regular.ttf. */
const STYLE: Readonly<Record<FontWeight, string>> = { 400: 'Regular', 700: 'Bold' };

/**
 * Characters the render engine itself may print whatever the document says: ASCII (markers,
 * page numbers), the 续表 label of continued tables, the （续） of continued case boxes, and
 * common report punctuation.
 */
export const ALWAYS_CHARS = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('') + '续表第页图目录，。、：；（）《》“”‘’—…·%％';

export type Range = readonly [number, number];

/** One family in one weight: a TrueType file. */
export interface FontFace {
  role: FontRole;
  family: string;
  weight: FontWeight;
  /** Absolute path of the .ttf file. */
  file: string;
}

export interface FaceSelector {
  roles?: readonly FontRole[];
  weights?: readonly FontWeight[];
}

const require = createRequire(import.meta.url);

let allFaces: FontFace[] | undefined;

/** The selected faces (default: both families in 400 and 700), serif first. */
export function fontFaces(sel: FaceSelector = {}): FontFace[] {
  allFaces ??= (['serif', 'sans'] as const).flatMap((role) => {
    const dir = dirname(require.resolve(`${FONT_PACKAGES[role]}/package.json`));
    const name = FONT_FAMILY[role].replace(/ /g, '');
    return FONT_WEIGHTS.map((weight) => {
      const style = `${weight}${STYLE[weight]}`;
      return { role, family: FONT_FAMILY[role], weight, file: join(dir, style, `${name}_${style}.ttf`) };
    });
  });
  const roles = sel.roles ?? ['serif', 'sans'];
  const weights = sel.weights ?? FONT_WEIGHTS;
  return allFaces.filter((f) => roles.includes(f.role) && weights.includes(f.weight));
}

// ---------------------------------------------------------------- coverage

/** A set of code points stored as sorted, merged ranges. */
export class Coverage {
  private readonly lo: number[] = [];
  private readonly hi: number[] = [];

  constructor(ranges: Iterable<Range>) {
    const sorted = [...ranges].sort((x, y) => x[0] - y[0]);
    for (const [a, b] of sorted) {
      const last = this.hi.length - 1;
      if (last >= 0 && a <= this.hi[last]! + 1) this.hi[last] = Math.max(this.hi[last]!, b);
      else {
        this.lo.push(a);
        this.hi.push(b);
      }
    }
  }

  has(cp: number): boolean {
    let l = 0;
    let r = this.lo.length - 1;
    while (l <= r) {
      const m = (l + r) >> 1;
      if (cp < this.lo[m]!) r = m - 1;
      else if (cp > this.hi[m]!) l = m + 1;
      else return true;
    }
    return false;
  }

  /** Code points in both (a walk over the two sorted range lists). */
  intersect(other: Coverage): Coverage {
    const kept: Range[] = [];
    for (let i = 0, j = 0; i < this.lo.length && j < other.lo.length; ) {
      const a = Math.max(this.lo[i]!, other.lo[j]!);
      const b = Math.min(this.hi[i]!, other.hi[j]!);
      if (a <= b) kept.push([a, b]);
      if (this.hi[i]! < other.hi[j]!) i++;
      else j++;
    }
    return new Coverage(kept);
  }

  get size(): number {
    let n = 0;
    for (let i = 0; i < this.lo.length; i++) n += this.hi[i]! - this.lo[i]! + 1;
    return n;
  }
}

/**
 * The code points a TrueType font maps to a glyph, from its Unicode cmap (format 12, else 4).
 * Of a file only the table directory and the cmap are read, not the 10–15 MB of outlines.
 */
export function cmapRanges(font: string | Uint8Array): Range[] {
  if (typeof font !== 'string') {
    const b = Buffer.from(font.buffer, font.byteOffset, font.byteLength);
    return readCmap((at, n) => b.subarray(at, at + n), 'font');
  }
  const fd = openSync(font, 'r');
  try {
    return readCmap((at, n) => {
      const b = Buffer.alloc(n);
      if (readSync(fd, b, 0, n, at) !== n) throw new Error(`${font}: font file cut short`);
      return b;
    }, font);
  } finally {
    closeSync(fd);
  }
}

function readCmap(read: (at: number, n: number) => Buffer, file: string): Range[] {
  const numTables = read(4, 2).readUInt16BE(0);
  const dir = read(12, 16 * numTables);
  const k = Array.from({ length: numTables }, (_, i) => dir.toString('latin1', 16 * i, 16 * i + 4)).indexOf('cmap');
  if (k < 0) throw new Error(`${file}: no cmap table`);
  const cmap = read(dir.readUInt32BE(16 * k + 8), dir.readUInt32BE(16 * k + 12));
  const subtables = Array.from({ length: cmap.readUInt16BE(2) }, (_, k) => ({
    platform: cmap.readUInt16BE(4 + 8 * k),
    encoding: cmap.readUInt16BE(6 + 8 * k),
    at: cmap.readUInt32BE(8 + 8 * k),
  })).map((s) => ({ ...s, format: cmap.readUInt16BE(s.at) }));
  const unicode = (s: { platform: number; encoding: number }) => s.platform === 0 || (s.platform === 3 && (s.encoding === 1 || s.encoding === 10));
  const t12 = subtables.find((s) => unicode(s) && s.format === 12);
  if (t12) {
    const out: Range[] = [];
    for (let g = 0, n = cmap.readUInt32BE(t12.at + 12); g < n; g++) {
      const at = t12.at + 16 + 12 * g;
      out.push([cmap.readUInt32BE(at), cmap.readUInt32BE(at + 4)]);
    }
    return out;
  }
  const t4 = subtables.find((s) => unicode(s) && s.format === 4);
  if (!t4) throw new Error(`${file}: no Unicode cmap (format 4 or 12)`);
  const segs = cmap.readUInt16BE(t4.at + 6) / 2;
  const ends = t4.at + 14;
  const starts = ends + 2 * segs + 2;
  const deltas = starts + 2 * segs;
  const offsets = deltas + 2 * segs;
  const out: Range[] = [];
  for (let s = 0; s < segs; s++) {
    const end = cmap.readUInt16BE(ends + 2 * s);
    const delta = cmap.readUInt16BE(deltas + 2 * s);
    const ro = cmap.readUInt16BE(offsets + 2 * s);
    for (let cp = cmap.readUInt16BE(starts + 2 * s); cp <= end && cp !== 0xffff; cp++) {
      let glyph = cp;
      if (ro !== 0) glyph = cmap.readUInt16BE(offsets + 2 * s + ro + 2 * (cp - cmap.readUInt16BE(starts + 2 * s)));
      if (glyph !== 0 && ((glyph + delta) & 0xffff) !== 0) out.push([cp, cp]);
    }
  }
  return out;
}

/**
 * Code points every selected face can draw: the intersection of the faces' cmaps (a character
 * must print in the body face and in the heading face).
 */
const coverageCache = new Map<string, Coverage>();
export function fontCoverage(sel: FaceSelector = {}): Coverage {
  const key = `${sel.roles ?? ''}/${sel.weights ?? ''}`;
  let c = coverageCache.get(key);
  if (!c) {
    const [first, ...rest] = fontFaces(sel).map((f) => new Coverage(cmapRanges(f.file)));
    coverageCache.set(key, (c = rest.reduce((all, f) => all.intersect(f), first!)));
  }
  return c;
}

/** The distinct code points of a text, plus ALWAYS_CHARS. */
export function codePointsOf(text: string): Set<number> {
  const set = new Set<number>();
  for (const ch of text) set.add(ch.codePointAt(0)!);
  for (const ch of ALWAYS_CHARS) set.add(ch.codePointAt(0)!);
  return set;
}

// ---------------------------------------------------------------- @font-face rules

export interface FontCss {
  /** The @font-face rules. */
  css: string;
  /** The faces referenced, in rule order. */
  faces: FontFace[];
  /** Total font bytes referenced (before base64). */
  bytes: number;
}

function faceRule(f: FontFace, url: string, format: 'woff' | 'truetype'): string {
  return `@font-face{font-family:'${f.family}';font-style:normal;font-weight:${f.weight};` + `font-display:block;src:url(${url}) format('${format}')}`;
}

/**
 * @font-face rules that link the whole font files by file: URL, for a page loaded from disk
 * (Chromium blocks file: fonts in a page made with setContent). Nothing is read or subset.
 */
export function fontFaceCss(sel: FaceSelector = {}): FontCss {
  const faces = fontFaces(sel);
  return {
    css: faces.map((f) => faceRule(f, pathToFileURL(f.file).href, 'truetype')).join('\n'),
    faces,
    bytes: faces.reduce((n, f) => n + statSync(f.file).size, 0),
  };
}

/**
 * One @font-face rule per selected face, each cut down to the characters of `text` (pass the
 * document's visible text, see htmlVisibleText; ALWAYS_CHARS are added) and inlined as WOFF:
 * a few hundred KB for the four faces of an edition.
 */
export async function subsetFontFaceCss(text: string, sel: FaceSelector = {}): Promise<FontCss> {
  const chars = String.fromCodePoint(...[...codePointsOf(text)].sort((a, b) => a - b));
  const faces = fontFaces(sel);
  let bytes = 0;
  const rules: string[] = [];
  // One after another: harfbuzz works synchronously anyway, and a face's first subset loads it.
  for (const f of faces) {
    const woff = await subsetWoff(f, chars);
    bytes += woff.length;
    rules.push(faceRule(f, `data:font/woff;base64,${woff.toString('base64')}`, 'woff'));
  }
  return { css: rules.join('\n'), faces, bytes };
}

// ---------------------------------------------------------------- subsetting

/** What a cached subset depends on besides the font and the characters: our WOFF writer, the harfbuzz build. */
const SUBSET_FORMAT = (() => {
  try {
    return `woff1/4 hb ${packageVersion('harfbuzzjs')} ${statSync(require.resolve('harfbuzzjs/dist/harfbuzz-subset.wasm')).size}`;
  } catch {
    return 'woff1/4';
  }
})();

/** A font file as the cache knows it: package, version, file name and size. */
function fontIdentity(f: FontFace): string {
  return `${FONT_PACKAGES[f.role]}@${packageVersion(FONT_PACKAGES[f.role])}/${basename(f.file)} ${statSync(f.file).size}`;
}

const asBuffer = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

/**
 * A face cut down to `chars`, as WOFF. Kept in the tool cache by (font file, characters, harfbuzz
 * build), so a rebuild whose text did not change subsets nothing and never loads harfbuzz.
 */
async function subsetWoff(f: FontFace, chars: string): Promise<Buffer> {
  const key = cacheKey(SUBSET_FORMAT, fontIdentity(f), chars);
  return asBuffer(await cachedBytes('subsets', `${key}.woff`, async () => sfntToWoff(await subsetTtf(f.file, chars))));
}

/** The parts of harfbuzz's subsetter (harfbuzzjs/dist/harfbuzz-subset.wasm) used here. */
interface HbSubset {
  memory: WebAssembly.Memory;
  _initialize(): void;
  malloc(n: number): number;
  hb_blob_create(data: number, length: number, mode: number, user: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, length: number): number;
  hb_blob_get_length(blob: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_clear(set: number): void;
  hb_set_invert(set: number): void;
  hb_set_add(set: number, value: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_set(input: number, which: number): number;
  hb_subset_input_unicode_set(input: number): number;
  hb_subset_or_fail(face: number, input: number): number;
}

const HB_MEMORY_MODE_READONLY = 1;
const HB_SUBSET_SETS_LAYOUT_FEATURE_TAG = 6;

let hbLoad: Promise<HbSubset> | undefined;
function harfbuzz(): Promise<HbSubset> {
  hbLoad ??= (async () => {
    const wasm = readFileSync(require.resolve('harfbuzzjs/dist/harfbuzz-subset.wasm'));
    const { instance } = await WebAssembly.instantiate(wasm);
    const hb = instance.exports as unknown as HbSubset;
    hb._initialize();
    return hb;
  })();
  return hbLoad;
}

/**
 * Each font file's harfbuzz face, made once per process and kept: copying a 10–15 MB file into
 * the wasm memory and harfbuzz's first pass over its tables took ~0.5–1 s, which subset-font
 * paid on every call; with the face kept, one edition's subset takes ~0.03–0.3 s.
 */
const hbFaces = new Map<string, number>();
function faceOf(hb: HbSubset, file: string): number {
  let face = hbFaces.get(file);
  if (face === undefined) {
    const bytes = readFileSync(file);
    const at = hb.malloc(bytes.length);
    new Uint8Array(hb.memory.buffer).set(bytes, at);
    const blob = hb.hb_blob_create(at, bytes.length, HB_MEMORY_MODE_READONLY, 0, 0);
    face = hb.hb_face_create(blob, 0);
    hb.hb_blob_destroy(blob);
    hbFaces.set(file, face);
  }
  return face;
}

/**
 * A TrueType file cut down to the glyphs of `chars` (and what layout reaches from them), as
 * TrueType. Every layout feature is kept, as subset-font did (`--layout-features=*`): what
 * Chromium applies (kerning, tabular figures, CJK punctuation trimming) stays as in the full font.
 */
export async function subsetTtf(file: string, chars: string): Promise<Buffer> {
  const hb = await harfbuzz();
  const face = faceOf(hb, file);
  const input = hb.hb_subset_input_create_or_fail();
  if (input === 0) throw new Error('harfbuzz: hb_subset_input_create_or_fail failed');
  let subset = 0;
  try {
    const features = hb.hb_subset_input_set(input, HB_SUBSET_SETS_LAYOUT_FEATURE_TAG);
    hb.hb_set_clear(features);
    hb.hb_set_invert(features);
    const unicodes = hb.hb_subset_input_unicode_set(input);
    for (const ch of chars) hb.hb_set_add(unicodes, ch.codePointAt(0)!);
    subset = hb.hb_subset_or_fail(face, input);
  } finally {
    hb.hb_subset_input_destroy(input);
  }
  if (subset === 0) throw new Error(`harfbuzz could not subset ${file}`);
  const blob = hb.hb_face_reference_blob(subset);
  try {
    const at = hb.hb_blob_get_data(blob, 0);
    const length = hb.hb_blob_get_length(blob);
    if (length === 0) throw new Error(`harfbuzz could not subset ${file}`);
    // A copy: the wasm memory may grow (and move) at the next call.
    return Buffer.from(new Uint8Array(hb.memory.buffer, at, length));
  } finally {
    hb.hb_blob_destroy(blob);
    hb.hb_face_destroy(subset);
  }
}

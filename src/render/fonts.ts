// The report's fonts: Noto Serif SC (body, 宋体-like) and Noto Sans SC (headings, figures,
// tables; 黑体-like) in weights 400 and 700, from the @fontsource packages' woff2 subsets.
//
// Chromium embeds web fonts loaded this way as CID TrueType in the PDF (a system CJK font from
// Debian's fonts-noto-cjk came out as Type 3). The HTML deliverable must be self-contained, so
// fontFaceCss() inlines, as data: URLs, only the subsets whose unicode-range holds a character
// of the document: typically 25–35 of the 101 subsets per face for a chapter of Chinese prose.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { sfntToWoff, woffToSfnt } from './woff.js';
import { cachedBytes, cacheKey } from '../cache.js';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

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

const PACKAGES: Readonly<Record<FontRole, string>> = {
  serif: '@fontsource/noto-serif-sc',
  sans: '@fontsource/noto-sans-sc',
};

export const FONT_WEIGHTS: readonly FontWeight[] = [400, 700];

/**
 * Characters the render engine itself may print whatever the document says: ASCII (markers,
 * page numbers), the 续表 label of continued tables, and common report punctuation.
 */
export const ALWAYS_CHARS =
  Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('') +
  '续表第页图目录，。、：；（）《》“”‘’—…·%％';

export type Range = readonly [number, number];

export interface FontSubset {
  role: FontRole;
  family: string;
  weight: FontWeight;
  /** Subset name from @fontsource: '119', 'latin', 'cyrillic', … */
  subset: string;
  /** Absolute path of the woff2 file. */
  file: string;
  /** Inclusive code point ranges, as in the unicode-range descriptor. */
  ranges: Range[];
  /** The unicode-range descriptor value as published. */
  unicodeRange: string;
}

const require = createRequire(import.meta.url);

function packageDir(role: FontRole): string {
  return dirname(require.resolve(`${PACKAGES[role]}/package.json`));
}

function parseUnicodeRange(value: string): Range[] {
  // One regex pass: the CJK chunks list hundreds of single code points each (36,000 in all).
  const out: Range[] = [];
  for (const m of value.matchAll(/U\+([0-9a-f]+)(?:-([0-9a-f]+))?/gi)) {
    const lo = parseInt(m[1]!, 16);
    out.push([lo, m[2] === undefined ? lo : parseInt(m[2], 16)]);
  }
  return out;
}

let subsetCache: FontSubset[] | undefined;

/** Every woff2 subset of both families in weights 400 and 700, in the packages' CSS order. */
export function fontSubsets(): FontSubset[] {
  if (subsetCache) return subsetCache;
  const out: FontSubset[] = [];
  for (const role of ['serif', 'sans'] as const) {
    const dir = packageDir(role);
    for (const weight of FONT_WEIGHTS) {
      const css = readFileSync(join(dir, `${weight}.css`), 'utf8');
      for (const block of css.split('@font-face').slice(1)) {
        const src = /url\(\.\/files\/([^)]+\.woff2)\)/.exec(block);
        const range = /unicode-range:\s*([^;]+);/.exec(block);
        if (!src || !range) continue;
        const name = /-([a-z0-9]+(?:-[a-z]+)?)-\d00-normal\.woff2$/.exec(src[1]!);
        out.push({
          role,
          family: FONT_FAMILY[role],
          weight,
          subset: name ? name[1]! : src[1]!,
          file: join(dir, 'files', src[1]!),
          ranges: parseUnicodeRange(range[1]!),
          unicodeRange: range[1]!.trim(),
        });
      }
    }
  }
  if (out.length === 0) throw new Error('no font subsets found in @fontsource/noto-*-sc');
  subsetCache = out;
  return out;
}

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

export interface FaceSelector {
  roles?: readonly FontRole[];
  weights?: readonly FontWeight[];
}

const selectionCache = new Map<string, FontSubset[]>();
function selectSubsets(sel: FaceSelector = {}): FontSubset[] {
  const roles = sel.roles ?? ['serif', 'sans'];
  const weights = sel.weights ?? FONT_WEIGHTS;
  const key = `${roles}/${weights}`;
  let l = selectionCache.get(key);
  if (!l) selectionCache.set(key, (l = fontSubsets().filter((s) => roles.includes(s.role) && weights.includes(s.weight))));
  return l;
}

/**
 * Code points every selected face can draw: the intersection over faces of each face's union
 * of unicode-ranges (a character must print in the body face and in the heading face). For the
 * current packages all four faces cover the same 15,605 code points.
 */
const coverageCache = new Map<string, Coverage>();
export function fontCoverage(sel: FaceSelector = {}): Coverage {
  const key = `${sel.roles ?? ''}/${sel.weights ?? ''}`;
  let c = coverageCache.get(key);
  if (!c) coverageCache.set(key, (c = computeCoverage(sel)));
  return c;
}

function computeCoverage(sel: FaceSelector): Coverage {
  const byFace = new Map<string, Range[]>();
  for (const s of selectSubsets(sel)) {
    const key = `${s.role}/${s.weight}`;
    const l = byFace.get(key);
    if (l) l.push(...s.ranges);
    else byFace.set(key, [...s.ranges]);
  }
  const [first, ...rest] = [...byFace.values()].map((r) => new Coverage(r));
  return rest.reduce((c, f) => c.intersect(f), first!);
}

/** The distinct code points of a text, plus ALWAYS_CHARS. */
export function codePointsOf(text: string): Set<number> {
  const set = new Set<number>();
  for (const ch of text) set.add(ch.codePointAt(0)!);
  for (const ch of ALWAYS_CHARS) set.add(ch.codePointAt(0)!);
  return set;
}

export interface FontCssOptions extends FaceSelector {
  /** 'inline' (default): data: URLs, for the self-contained HTML. 'file': file:// URLs. */
  embed?: 'inline' | 'file';
}

export interface FontCss {
  /** The @font-face rules. */
  css: string;
  /** The subsets referenced, in rule order. */
  subsets: FontSubset[];
  /** Total woff2 bytes referenced (before base64). */
  bytes: number;
}

const base64Cache = new Map<string, string>();

function dataUrl(file: string): string {
  let b64 = base64Cache.get(file);
  if (b64 === undefined) {
    b64 = readFileSync(file).toString('base64');
    base64Cache.set(file, b64);
  }
  return `data:font/woff2;base64,${b64}`;
}

/**
 * @font-face rules for the subsets that hold at least one character of `text` (pass the
 * document's visible text, see htmlVisibleText; ALWAYS_CHARS are added). Chromium loads a
 * subset only when a character in its unicode-range is drawn, so shipping a superset is safe.
 */
export function fontFaceCss(text: string, opts: FontCssOptions = {}): FontCss {
  const cps = [...codePointsOf(text)];
  const subsets = selectSubsets(opts).filter((s) =>
    cps.some((cp) => s.ranges.some(([a, b]) => cp >= a && cp <= b)),
  );
  let bytes = 0;
  const rules = subsets.map((s) => {
    const url = opts.embed === 'file' ? pathToFileURL(s.file).href : dataUrl(s.file);
    bytes += statSync(s.file).size;
    return (
      `@font-face{font-family:'${s.family}';font-style:normal;font-weight:${s.weight};` +
      `font-display:block;src:url(${url}) format('woff2');unicode-range:${s.unicodeRange}}`
    );
  });
  return { css: rules.join('\n'), subsets, bytes };
}

// ---------------------------------------------------------------- subsetting

/** Decoded (sfnt) chunks, once per process. */
const sfntCache = new Map<string, Promise<Buffer>>();
const woffCache = new Map<string, Promise<string>>();

/**
 * The wasm font codecs share one memory and corrupt each other's work when calls overlap
 * ("Unrecognized font signature"), so every conversion and subset runs one after another.
 */
let fontQueue: Promise<unknown> = Promise.resolve();
function serially<T>(work: () => Promise<T>): Promise<T> {
  const run = fontQueue.then(work, work);
  fontQueue = run.catch(() => undefined);
  return run;
}

/**
 * A chunk as sfnt. @fontsource ships each chunk as .woff beside the .woff2, and inflating the
 * WOFF with zlib takes ~1 ms where fontverter's wasm woff2 decoder took ~0.1 s: on a new runner
 * that was ~40 s of a full build. The two builds of a chunk agree on everything layout reads
 * (cmap, GSUB, advance widths, vertical metrics; test/render/woff.test.ts checks); the WOFF's
 * outlines keep their overlapping contours, which fill the same. Without a .woff the woff2 is
 * decoded, and that result is kept on disk (keyed by file name and size).
 */
async function decode(file: string): Promise<Buffer> {
  const woff = file.replace(/\.woff2$/, '.woff');
  if (woff !== file && existsSync(woff)) return woffToSfnt(readFileSync(woff));
  return asBuffer(
    await cachedBytes('fonts', `${basename(file, '.woff2')}-${statSync(file).size}.ttf`, async () => {
      const fontverter = await import('fontverter');
      return serially(() => fontverter.convert(readFileSync(file), 'sfnt'));
    }),
  );
}

const asBuffer = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

/** What a cached subset depends on besides its input: our WOFF writer and the harfbuzz build. */
const SUBSET_FORMAT = (() => {
  try {
    return `woff1/3 hb ${statSync(require.resolve('harfbuzzjs/dist/harfbuzz-subset.wasm')).size}`;
  } catch {
    return 'woff1/3';
  }
})();

/**
 * One chunk cut down to `chars`, as WOFF. Kept on disk by content (chunk, characters, harfbuzz
 * build), so an analyst rebuilding one edition after an edit subsets nothing again.
 */
async function subsetWoff(file: string, chars: string): Promise<Buffer> {
  const key = cacheKey(SUBSET_FORMAT, basename(file), String(statSync(file).size), chars);
  return asBuffer(
    await cachedBytes('subsets', `${key}.woff`, async () => {
      // Decoded first, outside the queue: decoding queues itself, and waiting for it from inside
      // the queue would wait forever.
      const sfnt = await sfntOf(file);
      // Loaded here: a build whose subsets are all cached never needs harfbuzz.
      const { default: subsetFont } = await import('subset-font');
      return sfntToWoff(await serially(() => subsetFont(sfnt, chars, { targetFormat: 'truetype' })));
    }),
  );
}

function sfntOf(file: string): Promise<Buffer> {
  let p = sfntCache.get(file);
  if (!p) sfntCache.set(file, (p = decode(file)));
  return p;
}

/**
 * Per selection of faces, which subsets hold each code point: per face a table indexed by code
 * point (subset index + 1; tens of thousands of entries, built once), and the few code points
 * two subsets of one face share.
 */
interface OwnerIndex {
  faces: Uint16Array[];
  shared: Map<number, number[]>;
}
const ownersCache = new WeakMap<readonly FontSubset[], OwnerIndex>();
function subsetOwners(subsets: readonly FontSubset[]): OwnerIndex {
  let o = ownersCache.get(subsets);
  if (!o) {
    const faces = new Map<string, Uint16Array>();
    const shared = new Map<number, number[]>();
    subsets.forEach((s, i) => {
      const key = `${s.role}/${s.weight}`;
      let table = faces.get(key);
      if (!table) faces.set(key, (table = new Uint16Array(0x110000)));
      for (const [a, b] of s.ranges) {
        for (let cp = a; cp <= b; cp++) {
          if (table[cp] === 0) table[cp] = i + 1;
          else if (table[cp] !== i + 1) {
            const l = shared.get(cp);
            if (!l) shared.set(cp, [i]);
            else if (!l.includes(i)) l.push(i);
          }
        }
      }
    });
    o = { faces: [...faces.values()], shared };
    ownersCache.set(subsets, o);
  }
  return o;
}

/**
 * Like fontFaceCss('inline'), but each chunk is cut down to the characters the document uses
 * (harfbuzz, via subset-font) and inlined as WOFF: a few hundred KB instead of several MB, so
 * the HTML stays small and Chromium decodes far less before it can print.
 */
export async function subsetFontFaceCss(text: string, opts: FaceSelector = {}): Promise<FontCss> {
  const subsets = selectSubsets(opts);
  const owners = subsetOwners(subsets);
  const chars = new Map<FontSubset, number[]>();
  const add = (i: number, cp: number) => {
    const s = subsets[i]!;
    const l = chars.get(s);
    if (l) l.push(cp);
    else chars.set(s, [cp]);
  };
  for (const cp of codePointsOf(text)) {
    for (const table of owners.faces) if (table[cp]) add(table[cp]! - 1, cp);
    for (const i of owners.shared.get(cp) ?? []) add(i, cp);
  }
  const chosen = subsets.filter((s) => chars.has(s)).map((s) => ({ s, chars: chars.get(s)! }));
  let bytes = 0;
  const rules = await Promise.all(
    chosen.map(async ({ s, chars }) => {
      const chunk = String.fromCodePoint(...chars.sort((a, b) => a - b));
      const key = `${s.file}\n${chunk}`;
      let b64 = woffCache.get(key);
      if (!b64) woffCache.set(key, (b64 = subsetWoff(s.file, chunk).then((b) => b.toString('base64'))));
      const data = await b64;
      bytes += (data.length * 3) / 4;
      return (
        `@font-face{font-family:'${s.family}';font-style:normal;font-weight:${s.weight};` +
        `font-display:block;src:url(data:font/woff;base64,${data}) format('woff');unicode-range:${s.unicodeRange}}`
      );
    }),
  );
  return { css: rules.join('\n'), subsets: chosen.map((x) => x.s), bytes: Math.round(bytes) };
}

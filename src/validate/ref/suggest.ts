/**
 * "Did you mean …?" for unknown provinces and countries: nearest candidate by Damerau–Levenshtein
 * distance (optimal string alignment). Only runs on cells that failed to resolve, so it favours
 * clarity over speed.
 */

/** Han substitutions within this many places of each other in pinyin order count as homophones. */
const HOMOPHONE_WINDOW = 300;
const HAN_FIRST = 0x4e00;
const HAN_LAST = 0x9fff;

let pinyinRank: Uint16Array | undefined;

/**
 * Position of each CJK Unified Ideograph in the pinyin collation Node's ICU ships (chars of one
 * syllable sort together). Built on first use: ~30 ms, and only needed to break ties.
 */
function rankOf(ch: string): number | undefined {
  const cp = ch.codePointAt(0)!;
  if (cp < HAN_FIRST || cp > HAN_LAST) return undefined;
  if (!pinyinRank) {
    const chars: string[] = [];
    for (let c = HAN_FIRST; c <= HAN_LAST; c++) chars.push(String.fromCodePoint(c));
    chars.sort(new Intl.Collator('zh-u-co-pinyin').compare);
    pinyinRank = new Uint16Array(HAN_LAST - HAN_FIRST + 1);
    chars.forEach((c, i) => (pinyinRank![c.codePointAt(0)! - HAN_FIRST] = i));
  }
  return pinyinRank[cp - HAN_FIRST];
}

/** Pinyin-IME typos are homophones (山冬 for 山东, 湖被 for 湖北): make those substitutions cheaper. */
function homophoneCost(a: string, b: string): number {
  const ra = rankOf(a);
  const rb = rankOf(b);
  return ra !== undefined && rb !== undefined && Math.abs(ra - rb) <= HOMOPHONE_WINDOW ? 0.5 : 1;
}

const unitCost = (): number => 1;

/** Optimal string alignment distance over code points; subCost prices substitutions. */
function osa(a: string[], b: string[], subCost: (x: string, y: string) => number): number {
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    rows.push(new Array<number>(b.length + 1).fill(0));
    rows[i][0] = i;
  }
  for (let j = 0; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const sub = a[i - 1] === b[j - 1] ? 0 : subCost(a[i - 1], b[j - 1]);
      let d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + sub);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, rows[i - 2][j - 2] + 1);
      }
      rows[i][j] = d;
    }
  }
  return rows[a.length][b.length];
}

/** Comparison form: full-width folded, case-insensitive, whitespace ignored. */
function chars(s: string): string[] {
  return Array.from(s.normalize('NFKC').toLowerCase().replace(/\s+/gu, ''));
}

/** Only one distinct value among the entries? */
function sole<T>(entries: readonly { value: T }[]): T | undefined {
  const values = new Set(entries.map((e) => e.value));
  return values.size === 1 ? entries[0].value : undefined;
}

/**
 * Value of the candidate key nearest to raw. Several keys may name one value (山东, 山东省): a tie
 * between keys of the same value is no tie. A real tie is broken by pinyin homophones, else
 * undefined: a wrong suggestion is worse than none.
 */
export function closestBy<T>(raw: string, candidates: Iterable<readonly [key: string, value: T]>, maxDistance?: number): T | undefined {
  const r = chars(raw);
  if (r.length === 0) return undefined;
  const max = maxDistance ?? (r.length <= 4 ? 1 : 2);
  let best = Infinity;
  let tied: { key: string[]; value: T }[] = [];
  for (const [key, value] of candidates) {
    const k = chars(key);
    if (Math.abs(k.length - r.length) > max) continue;
    const d = osa(r, k, unitCost);
    // Require something in common: 德 → 德国 is a guess, not a correction.
    if (d > max || d >= r.length || d >= k.length || d > best) continue;
    if (d < best) {
      best = d;
      tied = [];
    }
    tied.push({ key: k, value });
  }
  if (tied.length === 0) return undefined;
  const only = sole(tied);
  if (only !== undefined) return only;
  const weighted = tied.map((t) => ({ ...t, cost: osa(r, t.key, homophoneCost) }));
  const least = Math.min(...weighted.map((w) => w.cost));
  return sole(weighted.filter((w) => w.cost === least));
}

/** Nearest candidate to raw, or undefined when none is close enough or two are equally close. */
export function closest(raw: string, candidates: Iterable<string>, maxDistance?: number): string | undefined {
  const pairs: [string, string][] = [];
  for (const c of candidates) pairs.push([c, c]);
  return closestBy(raw, pairs, maxDistance);
}

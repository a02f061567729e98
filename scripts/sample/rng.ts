/**
 * Deterministic randomness for the sample generator: mulberry32 streams keyed by strings, so that
 * each part of the data (a province's names, a year's metrics) draws from its own stream and does
 * not shift when another part changes. No Math.random, no clock.
 */

/** 32-bit FNV-1a hash of a string (UTF-16 code units). */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A stream keyed by the root seed and a label. */
  static keyed(seed: number, ...parts: (string | number)[]): Rng {
    return new Rng(hash32(seed + '|' + parts.join('|')));
  }

  /** mulberry32: uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  uniform(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Standard normal (Box–Muller, one value per call). */
  normal(): number {
    let u = this.next();
    if (u < 1e-12) u = 1e-12;
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Normal clipped to [lo, hi]. */
  clippedNormal(mean: number, sd: number, lo: number, hi: number): number {
    return Math.min(hi, Math.max(lo, mean + sd * this.normal()));
  }

  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }

  /** Index drawn with probability proportional to weights. */
  weightedIndex(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) return i;
    }
    return weights.length - 1;
  }

  weighted<T>(xs: readonly T[], weights: readonly number[]): T {
    return xs[this.weightedIndex(weights)];
  }

  /** Fisher–Yates, in place; returns the array. */
  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const t = xs[i];
      xs[i] = xs[j];
      xs[j] = t;
    }
    return xs;
  }

  /** k distinct items, weighted, without replacement (Efraimidis–Spirakis keys). */
  sampleWeighted<T>(xs: readonly T[], weights: readonly number[], k: number): T[] {
    const keyed = xs.map((x, i) => {
      const u = Math.max(this.next(), 1e-12);
      return { x, i, key: weights[i] > 0 ? Math.log(u) / weights[i] : -Infinity };
    });
    keyed.sort((a, b) => b.key - a.key || a.i - b.i);
    return keyed.slice(0, k).map((e) => e.x);
  }
}

/**
 * Largest-remainder (Hamilton) apportionment: integers proportional to weights that sum to total
 * exactly. Ties go to the lower index, so the result is deterministic.
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  if (!Number.isInteger(total) || total < 0) throw new Error(`apportion: bad total ${total}`);
  const n = weights.length;
  if (n === 0) {
    if (total === 0) return [];
    throw new Error('apportion: no weights');
  }
  let sum = 0;
  for (const w of weights) {
    if (!(w >= 0) || !Number.isFinite(w)) throw new Error(`apportion: bad weight ${w}`);
    sum += w;
  }
  if (sum === 0) throw new Error('apportion: weights sum to 0');
  const out = new Array<number>(n);
  const rem: { i: number; r: number }[] = [];
  let given = 0;
  for (let i = 0; i < n; i++) {
    const q = (total * weights[i]) / sum;
    const f = Math.floor(q);
    out[i] = f;
    given += f;
    rem.push({ i, r: q - f });
  }
  rem.sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; given < total; k++, given++) out[rem[k % n].i]++;
  return out;
}

/**
 * Apportionment with per-item caps (out[i] ≤ caps[i]): items whose share exceeds their cap get the
 * cap and the rest is shared again among the others.
 */
export function apportionCapped(total: number, weights: readonly number[], caps: readonly number[]): number[] {
  const n = weights.length;
  let capSum = 0;
  for (const c of caps) capSum += c;
  if (capSum < total) throw new Error(`apportionCapped: caps ${capSum} < total ${total}`);
  const out = new Array<number>(n).fill(0);
  const fixed = new Array<boolean>(n).fill(false);
  let remaining = total;
  for (;;) {
    const idx: number[] = [];
    for (let i = 0; i < n; i++) if (!fixed[i]) idx.push(i);
    const w = idx.map((i) => weights[i]);
    if (!w.some((x) => x > 0)) for (let k = 0; k < w.length; k++) w[k] = caps[idx[k]];
    const share = apportion(remaining, w);
    let over = false;
    for (let k = 0; k < idx.length; k++) {
      const i = idx[k];
      if (share[k] > caps[i]) {
        fixed[i] = true;
        out[i] = caps[i];
        remaining -= caps[i];
        over = true;
      }
    }
    if (!over) {
      for (let k = 0; k < idx.length; k++) out[idx[k]] = share[k];
      return out;
    }
  }
}

/**
 * Running text that reads badly with thin data: a missing value printed as — beside its unit
 * (学历教育在读学生—人), and a superlative over one item (最多的省份是山东（1个）). Tables keep —,
 * the statistical convention; paragraphs should phrase around a missing value ({{#if (known …)}})
 * or a single item, and a build warns on each one left.
 */
import { MISSING } from '../../format/index.js';
import { BUILD_WARNINGS } from '../../messages.js';

/** Units the report prints after numbers, longest first (万人次 before 万人 before 人). */
const UNITS = ['个百分点', '万人次', '万人', '人次', '亿元', '万元', '人', '所', '个', '元', '%', '位'];
const DASH_UNIT = new RegExp(`${MISSING}(?:${UNITS.join('|')})`, 'g');
const PARAGRAPH = /<p\b[^>]*>([\s\S]*?)<\/p>/g;

/** One warning per paragraph with a dash before a unit, quoting the words around it. */
export function dashBeforeUnit(html: string): string[] {
  const out: string[] = [];
  for (const [, inner] of html.matchAll(PARAGRAPH)) {
    const text = inner!.replace(/<[^>]*>/g, '');
    const hits = [...text.matchAll(DASH_UNIT)];
    if (!hits.length) continue;
    const at = hits[0]!.index!;
    const words = text.slice(Math.max(0, at - 12), at + hits[0]![0].length + 4).trim();
    out.push(BUILD_WARNINGS.DASH_BEFORE_UNIT({ dashes: hits.map((h) => h[0]).join('”“'), words }));
  }
  return out;
}

/** 最多/最大/最高 … followed in the same sentence by a lone figure of one: 最多的省份是山东（1个）。 */
const SUPERLATIVE_ONE = /最[多大高少]的?[^。；，、]{0,20}?[是为][^。；，、（]{1,20}（1[个所项]）/g;

/** One warning per paragraph that compares a single item with 最. */
export function superlativeOverOne(html: string): string[] {
  const out: string[] = [];
  for (const [, inner] of html.matchAll(PARAGRAPH)) {
    const text = inner!.replace(/<[^>]*>/g, '');
    const hit = text.match(SUPERLATIVE_ONE);
    if (hit) out.push(BUILD_WARNINGS.SUPERLATIVE_OVER_ONE({ words: hit[0] }));
  }
  return out;
}

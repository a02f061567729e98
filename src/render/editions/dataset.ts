/**
 * What a figure or table shows: rows of plain values plus the sources and notes of every
 * indicator behind them. The 数据来源 line and the footnotes under each figure and table are
 * generated from these, never written by hand.
 */
import type { Indicator, Source } from '../../aggregate/types.js';

export type Cell = string | number | null;
export type Row = Record<string, Cell>;

/**
 * A column of the data download: the row field, its Chinese header and the unit its values are
 * in (written 在校生数（万人）). Fields not listed (labels, tile positions) are not written.
 */
export interface Column {
  field: string;
  header: string;
  unit?: string;
}

export interface Dataset {
  rows: Row[];
  sources: Source[];
  /** What the download shows; without it, every field under its own name. */
  columns?: Column[];
}

export function dataset(rows: Row[], from: Iterable<Indicator | undefined>, columns?: Column[]): Dataset {
  const sources: Source[] = [];
  const seen = new Set<string>();
  for (const i of from) {
    if (!i) continue;
    for (const s of i.sources) {
      const k = JSON.stringify(s);
      if (!seen.has(k)) {
        seen.add(k);
        sources.push(s);
      }
    }
  }
  return columns ? { rows, sources, columns } : { rows, sources };
}

const ORIGIN = /数据来源[:：]\s*(.+)$/;

/** 数据来源 text: the publications behind series values, then the submissions behind sums. */
export function sourceNote(sources: readonly Source[], sample: boolean): string | null {
  const parts: string[] = [];
  const add = (s: string) => {
    if (!parts.includes(s)) parts.push(s);
  };
  for (const s of sources) {
    if (s.type !== 'series' || !s.source) continue;
    const m = ORIGIN.exec(s.source);
    // The seed writes the same bulletin span with — and -; one spelling, so duplicates merge.
    for (const part of (m ? m[1] : s.source).split(/[;；]/)) {
      const t = part
        .trim()
        .replace(/[。]$/, '')
        .replace(/(\d{4}年)\s*[-–—－]\s*(\d{4}年)/g, '$1—$2');
      if (t) add(t);
    }
  }
  const files = (table: 'roster' | 'projects') => {
    const list = sources.filter((s): s is Extract<Source, { type: 'rows' }> => s.type === 'rows' && s.table === table);
    return { files: new Set(list.map((s) => s.file)).size };
  };
  const roster = files('roster');
  const projects = files('projects');
  const tag = sample ? '，示例数据' : '';
  if (roster.files) add(`各省（区、市）报送的院校基本情况统计表（${roster.files}个文件${tag}）`);
  if (projects.files) add(`职业院校对外合作项目统计表（${projects.files}个文件${tag}）`);
  return parts.length ? parts.join('；') : null;
}

/** Notes from the series (series breaks, the report's own caveats), each once. */
export function seriesNotes(sources: readonly Source[]): string[] {
  const out: string[] = [];
  for (const s of sources) if (s.type === 'series' && s.note && !out.includes(s.note)) out.push(s.note);
  return out;
}

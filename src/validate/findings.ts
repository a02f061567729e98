/**
 * Collects findings in reading order. Each finding is built from the catalogue; --strict turns
 * warnings into errors here, in one place, so every rule honours it.
 *
 * A province whose export shifted one column gives a finding on every row: 255,747 of them
 * outgrew the memory and JSON.stringify. So findings of one kind in one column of a sheet are
 * kept up to a cap and the rest only counted (`suppressed`), which bounds what the terminal, the
 * workbook and build/aggregate hold. A caller that needs every finding (`--json`,
 * validation.json) passes a sink: a FindingSpill sorts them in runs on disk and merges them back.
 */
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { FINDINGS, type FindingCode } from '../messages.js';
import type { Finding, Severity } from '../types.js';

/** Findings of one kind in one column of one sheet listed in full; beyond this they are counted. */
export const FINDINGS_CAP = 100;

export interface Where {
  file: string;
  sheet?: string | null;
  row?: number | null;
  column?: string | null;
  header?: string | null;
  value?: string | null;
  /** The row's 学校标识码 and 学校名称, where its table has them: the findings workbook sorts by them. */
  schoolId?: string | null;
  schoolName?: string | null;
}

/** Findings of one kind in one column (file, sheet, code, column) beyond the cap: counted, not listed. */
export interface SuppressedGroup {
  severity: Severity;
  code: string;
  file: string;
  sheet: string | null;
  column: string | null;
  header: string | null;
  /** Listed in `findings` (the cap). */
  listed: number;
  /** Not listed: found beyond the cap. */
  count: number;
}

/** Receives every finding as it is made, with its place in the sorted order. */
export interface FindingSink {
  add(f: Finding, key: readonly number[], seq: number): void;
}

interface Entry {
  f: Finding;
  key: readonly number[];
  seq: number;
}

interface Group {
  n: number;
  first: Entry;
}

/** The one group a finding belongs to; a finding without a column is grouped by its header. */
export const groupKey = (f: Pick<Finding, 'file' | 'sheet' | 'code' | 'column' | 'header'>): string =>
  `${f.file}\u0000${f.sheet ?? ''}\u0000${f.code}\u0000${f.column ?? `(${f.header ?? ''})`}`;

/** Sort order: [file index, sheet index, row, column index] (a missing part first), then as made. */
function compareEntries(a: Entry, b: Entry): number {
  const ka = a.key;
  const kb = b.key;
  for (let i = 0; i < Math.max(ka.length, kb.length); i++) {
    const d = (ka[i] ?? -1) - (kb[i] ?? -1);
    if (d) return d;
  }
  return a.seq - b.seq;
}

export class FindingLog {
  private readonly kept: Entry[] = [];
  private readonly groups = new Map<string, Group>();
  private seq = 0;
  private readonly cap: number;
  private readonly sink: FindingSink | null;

  constructor(private readonly strict: boolean, opts: { cap?: number; sink?: FindingSink | null } = {}) {
    this.cap = opts.cap ?? FINDINGS_CAP;
    this.sink = opts.sink ?? null;
  }

  severityOf(code: FindingCode): Severity {
    const s = FINDINGS[code].severity as Severity;
    return this.strict && s === 'warning' ? 'error' : s;
  }

  /** `sortKey`: [file index, sheet index, row, column index], so cross-file findings sort in place. */
  add(code: FindingCode, where: Where, params: Record<string, string | number> = {}, sortKey: number[] = []): Finding {
    const f: Finding = {
      severity: this.severityOf(code),
      code,
      message: FINDINGS[code].text({ value: where.value ?? '', header: where.header ?? '', ...params }),
      file: where.file,
      sheet: where.sheet ?? null,
      row: where.row ?? null,
      column: where.column ?? null,
      header: where.header ?? null,
      value: where.value ?? null,
    };
    if (where.schoolId !== undefined || where.schoolName !== undefined) {
      f.schoolId = where.schoolId ?? null;
      f.schoolName = where.schoolName ?? null;
    }
    const e: Entry = { f, key: sortKey, seq: this.seq++ };
    this.sink?.add(f, sortKey, e.seq);
    const g = groupKey(f);
    const group = this.groups.get(g);
    if (!group) this.groups.set(g, { n: 1, first: e });
    else group.n++;
    if ((group?.n ?? 1) <= this.cap) this.kept.push(e);
    return f;
  }

  /** The findings kept (at most the cap of each group), in sorted order. */
  sorted(): Finding[] {
    return this.kept.sort(compareEntries).map((e) => e.f);
  }

  /** Groups with findings beyond the cap, in the order of their first finding. */
  suppressed(): SuppressedGroup[] {
    return [...this.groups.values()]
      .filter((g) => g.n > this.cap)
      .sort((a, b) => compareEntries(a.first, b.first))
      .map(({ n, first: { f } }) => ({
        severity: f.severity, code: f.code, file: f.file, sheet: f.sheet, column: f.column, header: f.header,
        listed: this.cap, count: n - this.cap,
      }));
  }
}

/**
 * Every finding of a run, on disk: sorted in runs of `runSize` (a run's findings are all that is
 * held), each run a temporary NDJSON file, merged back in sorted order by `findings()`. A run that
 * fits in one buffer never touches the disk. `dispose()` removes the files.
 */
export class FindingSpill implements FindingSink {
  private buf: Entry[] = [];
  private readonly runs: string[] = [];
  private dir: string | null = null;
  /** Findings received. */
  count = 0;

  constructor(private readonly runSize = 50_000) {}

  add(f: Finding, key: readonly number[], seq: number): void {
    this.buf.push({ f, key, seq });
    this.count++;
    if (this.buf.length >= this.runSize) this.flush();
  }

  private flush(): void {
    if (!this.buf.length) return;
    this.dir ??= mkdtempSync(path.join(tmpdir(), 'vet-report-findings-'));
    const file = path.join(this.dir, `${this.runs.length}.ndjson`);
    let text = '';
    for (const e of this.buf.sort(compareEntries)) text += JSON.stringify([e.key, e.seq, e.f]) + '\n';
    writeFileSync(file, text);
    this.runs.push(file);
    this.buf = [];
  }

  /** Every finding in sorted order (the order of the log's `sorted()`). */
  async *findings(): AsyncGenerator<Finding> {
    if (!this.runs.length) {
      for (const e of this.buf.sort(compareEntries)) yield e.f;
      return;
    }
    this.flush();
    const readers = this.runs.map((file) => createInterface({ input: createReadStream(file), crlfDelay: Infinity })[Symbol.asyncIterator]());
    const next = async (i: number): Promise<(Entry & { i: number }) | null> => {
      const r = await readers[i].next();
      if (r.done) return null;
      const [key, seq, f] = JSON.parse(r.value) as [number[], number, Finding];
      return { key, seq, f, i };
    };
    // A binary heap of each run's next finding: n log k for n findings in k runs.
    const heap: (Entry & { i: number })[] = [];
    const up = (k: number) => {
      while (k > 0) {
        const p = (k - 1) >> 1;
        if (compareEntries(heap[p], heap[k]) <= 0) break;
        [heap[p], heap[k]] = [heap[k], heap[p]];
        k = p;
      }
    };
    const down = (k: number) => {
      for (;;) {
        const l = 2 * k + 1;
        const r = l + 1;
        let m = k;
        if (l < heap.length && compareEntries(heap[l], heap[m]) < 0) m = l;
        if (r < heap.length && compareEntries(heap[r], heap[m]) < 0) m = r;
        if (m === k) return;
        [heap[m], heap[k]] = [heap[k], heap[m]];
        k = m;
      }
    };
    for (let i = 0; i < readers.length; i++) {
      const h = await next(i);
      if (h) heap.push(h), up(heap.length - 1);
    }
    while (heap.length) {
      const top = heap[0];
      yield top.f;
      const h = await next(top.i);
      if (h) heap[0] = h;
      else heap[0] = heap[heap.length - 1], heap.pop();
      if (heap.length) down(0);
    }
  }

  dispose(): void {
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
    this.buf = [];
  }
}

/** The keys of a finding in JSON (`--json`, validation.json): the contract, nothing more. */
const JSON_KEYS = ['severity', 'code', 'message', 'file', 'sheet', 'row', 'column', 'header', 'value'] as const;

/**
 * `{ ...head, "findings": [...] }` as JSON.stringify(…, null, 2) writes it, one finding at a time:
 * the text is never held whole (3 million findings were more than a string can be).
 */
export async function* findingsJson(head: Record<string, unknown>, findings: AsyncIterable<Finding> | Iterable<Finding>): AsyncGenerator<string> {
  const open = JSON.stringify({ ...head, findings: [] }, null, 2);
  // Everything before the (empty) findings array, which is the last key.
  const start = open.slice(0, open.lastIndexOf('[]'));
  let first = true;
  let chunk = '';
  for await (const f of findings) {
    const pick: Record<string, unknown> = {};
    for (const k of JSON_KEYS) pick[k] = f[k];
    chunk += `${first ? `${start}[\n    ` : ',\n    '}${JSON.stringify(pick, null, 2).replaceAll('\n', '\n    ')}`;
    first = false;
    if (chunk.length > 1 << 16) {
      yield chunk;
      chunk = '';
    }
  }
  yield first ? `${open}\n` : `${chunk}\n  ]\n}\n`;
}

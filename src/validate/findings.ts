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
import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
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

/** Receives every finding as it is made: its JSON (the contract's keys), its place in the sorted order. */
export interface FindingSink {
  add(json: string, key: readonly number[], seq: number): void;
}

interface Entry {
  f: Finding;
  key: readonly number[];
  seq: number;
  school?: [string | null, string | null];
}

interface Group {
  n: number;
  first: Entry;
  /** The JSON of the group's findings around their message, row and value (the rest is the group's). */
  json?: [string, string, string];
}

/** The one group a finding belongs to; a finding without a column is grouped by its header. */
export const groupKey = (f: Pick<Finding, 'file' | 'sheet' | 'code' | 'column' | 'header'>): string =>
  `${f.file}\u0000${f.sheet ?? ''}\u0000${f.code}\u0000${f.column ?? `(${f.header ?? ''})`}`;

/** Sort order: [file index, sheet index, row, column index] (a missing part first), then as made. */
function compareEntries(a: { key: readonly number[]; seq: number }, b: { key: readonly number[]; seq: number }): number {
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

  constructor(
    private readonly strict: boolean,
    opts: { cap?: number; sink?: FindingSink | null } = {},
  ) {
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
    const e: Entry = { f, key: sortKey, seq: this.seq++ };
    const k = groupKey(f);
    let group = this.groups.get(k);
    if (!group) this.groups.set(k, (group = { n: 0, first: e }));
    group.n++;
    if (this.sink) {
      // JSON.stringify of each finding was most of the cost of --json: the parts a group shares
      // are written once.
      const j = (group.json ??= [
        `{"severity":"${f.severity}","code":"${f.code}","message":`,
        `,"file":${JSON.stringify(f.file)},"sheet":${JSON.stringify(f.sheet)},"row":`,
        `,"column":${JSON.stringify(f.column)},"header":${JSON.stringify(f.header)},"value":`,
      ]);
      this.sink.add(`${j[0]}${JSON.stringify(f.message)}${j[1]}${f.row}${j[2]}${JSON.stringify(f.value)}}`, sortKey, e.seq);
    }
    if (group.n <= this.cap) {
      // The school goes on the listed findings only (a sink's JSON has the contract's keys).
      if (where.schoolId !== undefined || where.schoolName !== undefined) e.school = [where.schoolId ?? null, where.schoolName ?? null];
      this.kept.push(e);
    }
    return f;
  }

  /** The findings kept (at most the cap of each group), in sorted order, with their school. */
  sorted(): Finding[] {
    return this.kept.sort(compareEntries).map((e) => (e.school ? { ...e.f, schoolId: e.school[0], schoolName: e.school[1] } : e.f));
  }

  /** Groups with findings beyond the cap, in the order of their first finding. */
  suppressed(): SuppressedGroup[] {
    return [...this.groups.values()]
      .filter((g) => g.n > this.cap)
      .sort((a, b) => compareEntries(a.first, b.first))
      .map(({ n, first: { f } }) => ({
        severity: f.severity,
        code: f.code,
        file: f.file,
        sheet: f.sheet,
        column: f.column,
        header: f.header,
        listed: this.cap,
        count: n - this.cap,
      }));
  }
}

/**
 * Every finding of a run, on disk, in sorted order. Findings come almost sorted (row by row; a
 * row's cells in binding order; the cross-file rules at the end), so they pass through a small
 * heap (replacement selection): what leaves it in order is appended to the current run, a
 * finding that comes too late for it waits for the next run. A run is a temporary file of JSON
 * lines as `findingsJson` prints them (`    {…},`), with their sort keys in a file beside it; one
 * run (the usual case) is copied out as it is, several are merged. Memory: the heap and a write
 * buffer, whatever the number of findings. `dispose()` removes the files.
 */
export class FindingSpill implements FindingSink {
  private readonly heap: Held[] = [];
  private readonly runs: { file: string; fd: number; keys: number }[] = [];
  private run = 0;
  private last: Held | null = null;
  private readonly textOut = new Out(() => this.runs[this.runs.length - 1].fd);
  private readonly keysOut = new Out(() => this.runs[this.runs.length - 1].keys);
  private dir: string | null = null;
  /** Findings received. */
  count = 0;

  /** `window`: findings held to put them in order (a row's are a dozen at most). */
  constructor(private readonly window = 128) {}

  add(json: string, key: readonly number[], seq: number): void {
    const e: Held = { json, key, seq, run: this.run };
    // Too late for the current run (it has written a later key): the next one.
    if (this.last && compareEntries(e, this.last) < 0) e.run = this.run + 1;
    heapPush(this.heap, e);
    this.count++;
    if (this.heap.length > this.window) this.emit(heapPop(this.heap)!);
  }

  private emit(e: Held): void {
    if (e.run > this.run || !this.runs.length) {
      this.write(true);
      if (!this.dir) {
        this.dir = mkdtempSync(path.join(tmpdir(), 'vet-report-spill-'));
        // A run that ends early (Ctrl-C, a reader of --json that stops) removes them too.
        process.once('exit', this.removeFiles);
      }
      const file = path.join(this.dir, String(this.runs.length));
      this.runs.push({ file, fd: openSync(file, 'w'), keys: openSync(`${file}.keys`, 'w') });
      this.run = e.run;
    }
    this.last = e;
    // Encoded straight into buffers written when full: joined strings held until a write had
    // outlived the young generation, and garbage collection was most of the cost.
    this.textOut.put(`    ${e.json},\n`);
    this.keysOut.put(`${e.key.join(',')}|${e.seq}\n`);
  }

  private write(close: boolean): void {
    const cur = this.runs[this.runs.length - 1];
    if (!cur) return;
    this.textOut.flush();
    this.keysOut.flush();
    if (close && cur.fd >= 0) {
      closeSync(cur.fd);
      closeSync(cur.keys);
      cur.fd = cur.keys = -1;
    }
  }

  /**
   * Every finding in sorted order (the order of the log's `sorted()`), as the text of the
   * findings array of `findingsJson`: `    {…},\n` each, the last without its comma.
   */
  async *text(): AsyncGenerator<string> {
    while (this.heap.length) this.emit(heapPop(this.heap)!);
    this.write(true);
    if (this.runs.length === 1) {
      // As written, less the last comma.
      const size = statSync(this.runs[0].file).size;
      for await (const chunk of createReadStream(this.runs[0].file, { end: size - 3, encoding: 'utf8', highWaterMark: 1 << 20 })) yield chunk as string;
      yield '\n';
      return;
    }
    const lines = (file: string) => createInterface({ input: createReadStream(file), crlfDelay: Infinity })[Symbol.asyncIterator]();
    const readers = this.runs.map(({ file }) => ({ text: lines(file), keys: lines(`${file}.keys`) }));
    // `run` here: which reader the line came from.
    const byKey = (a: Held, b: Held) => compareEntries(a, b) < 0;
    const next = async (i: number): Promise<Held | null> => {
      const [t, k] = await Promise.all([readers[i].text.next(), readers[i].keys.next()]);
      if (t.done || k.done) return null;
      const bar = k.value.indexOf('|');
      const key = bar ? k.value.slice(0, bar).split(',').map(Number) : [];
      return { key, seq: Number(k.value.slice(bar + 1)), json: t.value, run: i };
    };
    const heap: Held[] = [];
    for (let i = 0; i < readers.length; i++) {
      const h = await next(i);
      if (h) heapPush(heap, h, byKey);
    }
    let chunk = '';
    while (heap.length) {
      const top = heapPop(heap, byKey)!;
      const h = await next(top.run);
      if (h) heapPush(heap, h, byKey);
      chunk += heap.length ? `${top.json}\n` : `${top.json.slice(0, -1)}\n`;
      if (chunk.length > 1 << 16 || !heap.length) {
        yield chunk;
        chunk = '';
      }
    }
  }

  /** Every finding, in sorted order. */
  async *findings(): AsyncGenerator<Finding> {
    let rest = '';
    for await (const chunk of this.text()) {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop()!;
      for (const l of lines) yield JSON.parse(l.trim().replace(/,$/, '')) as Finding;
    }
  }

  private readonly removeFiles = (): void => {
    for (const r of this.runs) {
      if (r.fd < 0) continue;
      closeSync(r.fd);
      closeSync(r.keys);
      r.fd = r.keys = -1;
    }
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
  };

  dispose(): void {
    this.removeFiles();
    process.removeListener('exit', this.removeFiles);
    this.heap.length = 0;
  }
}

/** UTF-8 into a buffer, written to a file when full. */
class Out {
  private readonly buf = Buffer.allocUnsafe(1 << 16);
  private pos = 0;
  constructor(private readonly fd: () => number) {}

  put(s: string): void {
    if (this.pos + 3 * s.length > this.buf.length) {
      this.flush();
      if (3 * s.length > this.buf.length) return void writeSync(this.fd(), s);
    }
    this.pos += this.buf.write(s, this.pos);
  }

  flush(): void {
    if (this.pos) writeSync(this.fd(), this.buf, 0, this.pos);
    this.pos = 0;
  }
}

/** A finding's JSON in the spill, with its run (in the merge: the run it was read from). */
interface Held {
  json: string;
  key: readonly number[];
  seq: number;
  run: number;
}

/** Binary heaps: the spill's by run, then sort order; the merge's by sort order. */
function bySpillRun(a: Held, b: Held): boolean {
  return a.run !== b.run ? a.run < b.run : compareEntries(a, b) < 0;
}

function heapPush<T extends Held>(h: T[], e: T, before: (a: T, b: T) => boolean = bySpillRun): void {
  h.push(e);
  for (let k = h.length - 1; k > 0; ) {
    const p = (k - 1) >> 1;
    if (!before(h[k], h[p])) break;
    [h[p], h[k]] = [h[k], h[p]];
    k = p;
  }
}

function heapPop<T extends Held>(h: T[], before: (a: T, b: T) => boolean = bySpillRun): T | undefined {
  const top = h[0];
  const end = h.pop();
  if (h.length && end) {
    h[0] = end;
    for (let k = 0; ; ) {
      const l = 2 * k + 1;
      const r = l + 1;
      let m = k;
      if (l < h.length && before(h[l], h[m])) m = l;
      if (r < h.length && before(h[r], h[m])) m = r;
      if (m === k) break;
      [h[m], h[k]] = [h[k], h[m]];
      k = m;
    }
  }
  return top;
}

/**
 * `{ ...head, "findings": [...] }` with each finding on a line of its own (grep finds them), a
 * piece at a time: the text is never held whole (3 million findings were more than a string can
 * be). `findings`: the findings (their JSON has the contract's keys: severity … value), or a
 * FindingSpill, whose text is copied out as it lies on disk.
 */
export async function* findingsJson(head: Record<string, unknown>, findings: FindingSpill | Iterable<Finding>): AsyncGenerator<string> {
  const open = JSON.stringify({ ...head, findings: [] }, null, 2);
  // Everything before the (empty) findings array, which is the last key.
  const start = open.slice(0, open.lastIndexOf('[]'));
  const pieces = findings instanceof FindingSpill ? findings.text() : listText(findings);
  let first = true;
  for await (const piece of pieces) {
    yield first ? `${start}[\n${piece}` : piece;
    first = false;
  }
  yield first ? `${open}\n` : '  ]\n}\n';
}

async function* listText(findings: Iterable<Finding>): AsyncGenerator<string> {
  let chunk = '';
  let prev: string | null = null;
  for (const f of findings) {
    if (prev !== null) chunk += `${prev},\n`;
    const { severity, code, message, file, sheet, row, column, header, value } = f;
    prev = `    ${JSON.stringify({ severity, code, message, file, sheet, row, column, header, value })}`;
    if (chunk.length > 1 << 16) {
      yield chunk;
      chunk = '';
    }
  }
  if (prev !== null) yield `${chunk}${prev}\n`;
}

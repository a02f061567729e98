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
import { closeSync, createReadStream, mkdtempSync, openSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
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

/**
 * Receives every finding as it is made (the contract's keys: severity … value; never changed
 * afterwards), with its place in the sorted order: its sort key, then its number as made.
 */
export interface FindingSink {
  add(finding: Finding, key: readonly number[], seq: number): void;
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
    this.sink?.add(f, sortKey, e.seq);
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
 * sorted window (replacement selection): a finding is put in its place from the window's end
 * (one comparison when it comes in order), the window's first is appended to the current run,
 * and a finding that comes too late for the current run waits for the next. A run is a temporary
 * file of the JSON lines `findingsJson` prints (`    {…},`), written once, with the sort keys
 * beside it in binary; one run (the usual case) is copied out byte for byte, several are merged
 * by their keys. Memory: the window and the write buffers, whatever the number of findings.
 * `dispose()` removes the files.
 */
export class FindingSpill implements FindingSink {
  /** The window, sorted by run, then sort order; live from `head` on. */
  private readonly held: Held[] = [];
  private head = 0;
  private readonly runs: { file: string; fd: number; keys: number }[] = [];
  private run = 0;
  private last: Held | null = null;
  private readonly textOut = new Out(() => this.runs[this.runs.length - 1].fd);
  private readonly keysOut = new Out(() => this.runs[this.runs.length - 1].keys);
  private dir: string | null = null;
  private readonly shapes = new Map<string, Shape>();
  private readonly recent = new Map<string, Shape>();
  /** Findings received. */
  count = 0;

  /** `window`: findings held to put them in order (a row's are a dozen at most). */
  constructor(private readonly window = 128) {}

  add(f: Finding, key: readonly number[], seq: number): void {
    const e: Held = { f, key, seq, run: this.run };
    // Too late for the current run (it has written a later key): the next one.
    if (this.last && compareEntries(e, this.last) < 0) e.run = this.run + 1;
    const w = this.held;
    let i = w.length;
    w.push(e);
    for (; i > this.head && bySpillRun(e, w[i - 1]); i--) w[i] = w[i - 1];
    w[i] = e;
    this.count++;
    if (w.length - this.head > this.window) this.emit(this.first());
  }

  /** The window's first, taken out. */
  private first(): Held {
    const e = this.held[this.head++];
    // Taken ones are dropped now and then, not one at a time (a shift moves the whole window).
    if (this.head >= 1024) {
      this.held.splice(0, this.head);
      this.head = 0;
    }
    return e;
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
    // Encoded straight into buffers written when full, no JSON string made: the strings of
    // 400,000 findings (made, joined, encoded) were most of the cost of --json, in garbage
    // collection above all.
    this.textOut.line(e.f, this.shape(e.f));
    this.keysOut.key(e.key, e.seq);
  }

  /** The line's bytes a group's findings share, made once: a code's last group, or looked up. */
  private shape(f: Finding): Shape {
    const s = this.recent.get(f.code);
    if (s && s.file === f.file && s.sheet === f.sheet && s.column === f.column && s.header === f.header && s.severity === f.severity) return s;
    const k = JSON.stringify([f.severity, f.code, f.file, f.sheet, f.column, f.header]);
    let shape = this.shapes.get(k);
    if (!shape) {
      const j = JSON.stringify;
      const bytes = (text: string) => Buffer.from(text);
      shape = {
        severity: f.severity,
        file: f.file,
        sheet: f.sheet,
        column: f.column,
        header: f.header,
        parts: [
          bytes(`    {"severity":${j(f.severity)},"code":${j(f.code)},"message":`),
          bytes(`,"file":${j(f.file)},"sheet":${j(f.sheet)},"row":`),
          bytes(`,"column":${j(f.column)},"header":${j(f.header)},"value":`),
        ],
      };
      this.shapes.set(k, shape);
    }
    this.recent.set(f.code, shape);
    return shape;
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
   * Every finding in sorted order (the order of the log's `sorted()`), as the UTF-8 text of the
   * findings array of `findingsJson`: `    {…},\n` each, the last without its comma. The bytes
   * are copied as they lie on disk, never decoded.
   */
  async *text(): AsyncGenerator<Buffer> {
    while (this.head < this.held.length) this.emit(this.first());
    this.held.length = this.head = 0;
    this.write(true);
    if (this.runs.length === 1) {
      // As written, less the last comma.
      const size = statSync(this.runs[0].file).size;
      for await (const chunk of createReadStream(this.runs[0].file, { end: size - 3, highWaterMark: 1 << 20 })) yield chunk as Buffer;
      yield NEWLINE;
      return;
    }
    yield* merge(this.runs.map((r) => r.file));
  }

  /** Every finding, in sorted order. */
  async *findings(): AsyncGenerator<Finding> {
    let rest: Buffer = Buffer.alloc(0);
    for await (const chunk of this.text()) {
      const b = rest.length ? Buffer.concat([rest, chunk]) : chunk;
      let start = 0;
      for (let nl = b.indexOf(10); nl >= 0; nl = b.indexOf(10, start)) {
        yield JSON.parse(b.toString('utf8', start, nl).trim().replace(/,$/, '')) as Finding;
        start = nl + 1;
      }
      rest = b.subarray(start);
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
    this.held.length = this.head = 0;
  }
}

const NEWLINE = Buffer.from('\n');

/** Runs merged by their keys: the lines' bytes copied into chunks, the last line without its comma. */
function* merge(files: string[]): Generator<Buffer> {
  const readers = files.map((f) => new RunReader(f));
  try {
    const heap: Line[] = [];
    const byKey = (a: Line, b: Line) => compareEntries(a, b) < 0;
    readers.forEach((r, i) => {
      const l = r.next(i);
      if (l) heapPush(heap, l, byKey);
    });
    let out = Buffer.allocUnsafe(1 << 16);
    let pos = 0;
    while (heap.length) {
      const top = heapPop(heap, byKey)!;
      // The line less its `,\n` (the reader's next line may reuse its bytes), then the ending.
      const body = top.text.length - 2;
      if (pos + body + 2 > out.length) {
        if (pos) yield out.subarray(0, pos);
        out = Buffer.allocUnsafe(Math.max(1 << 16, body + 2));
        pos = 0;
      }
      pos += top.text.copy(out, pos, 0, body);
      const l = readers[top.reader].next(top.reader);
      if (l) heapPush(heap, l, byKey);
      if (heap.length) out[pos++] = 44;
      out[pos++] = 10;
    }
    if (pos) yield out.subarray(0, pos);
  } finally {
    for (const r of readers) r.close();
  }
}

/** A run read back a buffer at a time: its lines (`    {…},\n`) with their keys. */
class RunReader {
  private readonly text: Chunks;
  private readonly keys: Chunks;

  constructor(file: string) {
    this.text = new Chunks(openSync(file, 'r'));
    this.keys = new Chunks(openSync(`${file}.keys`, 'r'));
  }

  /** The next line (its bytes valid until the next call), or null at the end. */
  next(reader: number): Line | null {
    const text = this.text.line();
    if (!text) return null;
    const n = this.keys.double();
    const key: number[] = [];
    for (let i = 0; i < n; i++) key.push(this.keys.double());
    return { text, key, seq: this.keys.double(), reader };
  }

  close(): void {
    this.text.close();
    this.keys.close();
  }
}

/** A file read forward through a buffer that grows to hold the longest line. */
class Chunks {
  private buf = Buffer.allocUnsafe(1 << 16);
  private start = 0;
  private end = 0;
  private eof = false;

  constructor(private fd: number) {}

  /** Reads on until at least `n` bytes are buffered, or the file ends. */
  private fill(n: number): void {
    while (this.end - this.start < n && !this.eof) {
      if (this.start) {
        this.buf.copyWithin(0, this.start, this.end);
        this.end -= this.start;
        this.start = 0;
      }
      if (this.end === this.buf.length) {
        const bigger = Buffer.allocUnsafe(2 * this.buf.length);
        this.buf.copy(bigger, 0, 0, this.end);
        this.buf = bigger;
      }
      const got = readSync(this.fd, this.buf, this.end, this.buf.length - this.end, null);
      if (!got) this.eof = true;
      this.end += got;
    }
  }

  line(): Buffer | null {
    for (let from = this.start; ; ) {
      const nl = this.buf.indexOf(10, from);
      // Past `end` lie the bytes of an earlier read.
      if (nl >= 0 && nl < this.end) {
        const line = this.buf.subarray(this.start, nl + 1);
        this.start = nl + 1;
        return line;
      }
      if (this.eof) return null;
      const had = this.end - this.start;
      this.fill(had + 1);
      from = this.start + had;
    }
  }

  double(): number {
    this.fill(8);
    const v = this.buf.readDoubleLE(this.start);
    this.start += 8;
    return v;
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}

/** UTF-8 into a buffer, written to a file when full. */
class Out {
  private buf = Buffer.allocUnsafe(1 << 16);
  private pos = 0;
  constructor(private readonly fd: () => number) {}

  /** Room for `n` more bytes. */
  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    this.flush();
    if (n > this.buf.length) this.buf = Buffer.allocUnsafe(n);
  }

  /** `    {…},\n`: a finding's line as `findingsJson` prints it (JSON.stringify's bytes). */
  line(f: Finding, { parts: [a, b, c] }: Shape): void {
    const message = plain(f.message) ? null : JSON.stringify(f.message);
    const value = f.value === null || plain(f.value) ? null : JSON.stringify(f.value);
    this.room(a.length + b.length + c.length + 3 * ((message ?? f.message).length + (value ?? f.value ?? '').length) + 40);
    const buf = this.buf;
    let p = this.pos;
    buf.set(a, p);
    p = this.string(f.message, message, p + a.length);
    buf.set(b, p);
    p += b.length;
    p = f.row === null ? p + buf.write('null', p) : digits(buf, f.row, p);
    buf.set(c, p);
    p += c.length;
    if (f.value === null) p += buf.write('null', p, 'latin1');
    else p = this.string(f.value, value, p);
    buf[p++] = 125; // }
    buf[p++] = 44; // ,
    buf[p++] = 10;
    this.pos = p;
  }

  /** A JSON string at `p`: `text` between quotes when it needs no escape, else its `json`. */
  private string(text: string, json: string | null, p: number): number {
    const buf = this.buf;
    if (json !== null) return p + buf.write(json, p);
    buf[p++] = 34;
    p += buf.write(text, p);
    buf[p++] = 34;
    return p;
  }

  /** A sort key and its sequence number: the key's length, its parts, the number, as doubles. */
  key(key: readonly number[], seq: number): void {
    this.room(8 * (key.length + 2));
    let p = this.buf.writeDoubleLE(key.length, this.pos);
    for (const k of key) p = this.buf.writeDoubleLE(k, p);
    this.pos = this.buf.writeDoubleLE(seq, p);
  }

  flush(): void {
    if (this.pos) writeSync(this.fd(), this.buf, 0, this.pos);
    this.pos = 0;
  }
}

/** A row number at `p`: a row's digits byte by byte (a string and a write per row cost more). */
function digits(buf: Buffer, n: number, p: number): number {
  if (!(Number.isInteger(n) && n >= 0 && n < 1e9)) return p + buf.write(String(n), p);
  let d = 1;
  while (d * 10 <= n) d *= 10;
  for (; d >= 1; d /= 10) buf[p++] = 48 + (Math.floor(n / d) % 10);
  return p;
}

/**
 * Text JSON.stringify writes as it is: no quote, backslash, control character or surrogate
 * (JSON.stringify escapes a lone one; a pair goes the slow way too).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what JSON escapes
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;
const plain = (s: string): boolean => !ESCAPED.test(s);

/** The bytes of a finding's line its group shares: before the message, the row and the value. */
interface Shape {
  severity: string;
  file: string;
  sheet: string | null;
  column: string | null;
  header: string | null;
  parts: [Buffer, Buffer, Buffer];
}

/** A finding in the spill's window, with its run. */
interface Held {
  f: Finding;
  key: readonly number[];
  seq: number;
  run: number;
}

/** A line of a run being merged, with the reader it came from. */
interface Line {
  text: Buffer;
  key: readonly number[];
  seq: number;
  reader: number;
}

/** The window's order: by run, then sort order. */
function bySpillRun(a: Held, b: Held): boolean {
  return a.run !== b.run ? a.run < b.run : compareEntries(a, b) < 0;
}

/** A binary heap (the merge's, by sort order). */
function heapPush<T>(h: T[], e: T, before: (a: T, b: T) => boolean): void {
  h.push(e);
  for (let k = h.length - 1; k > 0; ) {
    const p = (k - 1) >> 1;
    if (!before(h[k], h[p])) break;
    [h[p], h[k]] = [h[k], h[p]];
    k = p;
  }
}

function heapPop<T>(h: T[], before: (a: T, b: T) => boolean): T | undefined {
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
 * `{ ...head, "findings": [...] }` with each finding on a line of its own (grep finds them), as
 * UTF-8 a piece at a time: the text is never held whole (3 million findings were more than a
 * string can be). `findings`: the findings (their JSON has the contract's keys: severity …
 * value), or a FindingSpill, whose bytes are copied out as they lie on disk.
 */
export async function* findingsJson(head: Record<string, unknown>, findings: FindingSpill | Iterable<Finding>): AsyncGenerator<Buffer> {
  const open = JSON.stringify({ ...head, findings: [] }, null, 2);
  // Everything before the (empty) findings array, which is the last key.
  const start = open.slice(0, open.lastIndexOf('[]'));
  const pieces = findings instanceof FindingSpill ? findings.text() : listText(findings);
  let first = true;
  for await (const piece of pieces) {
    if (first) yield Buffer.from(`${start}[\n`);
    yield piece;
    first = false;
  }
  yield Buffer.from(first ? `${open}\n` : '  ]\n}\n');
}

async function* listText(findings: Iterable<Finding>): AsyncGenerator<Buffer> {
  let chunk = '';
  let prev: string | null = null;
  for (const f of findings) {
    if (prev !== null) chunk += `${prev},\n`;
    const { severity, code, message, file, sheet, row, column, header, value } = f;
    prev = `    ${JSON.stringify({ severity, code, message, file, sheet, row, column, header, value })}`;
    if (chunk.length > 1 << 16) {
      yield Buffer.from(chunk);
      chunk = '';
    }
  }
  if (prev !== null) yield Buffer.from(`${chunk}${prev}\n`);
}

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
import { closeSync, fstatSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
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

/** Findings of one kind in one column: how many, and the first's place and fields. */
interface Group extends Pick<SuppressedGroup, 'severity' | 'code' | 'file' | 'sheet' | 'column' | 'header'> {
  n: number;
  key: readonly number[];
  seq: number;
}

/** The one group a finding belongs to; a finding without a column is grouped by its header. */
export const groupKey = (f: Pick<Finding, 'file' | 'sheet' | 'code' | 'column' | 'header'>): string =>
  `${f.file}\u0000${f.sheet ?? ''}\u0000${f.code}\u0000${f.column ?? `(${f.header ?? ''})`}`;

/** Sort order: [file index, sheet index, row, column index] (a missing part first), then as made. */
function compareEntries(a: { key: readonly number[]; seq: number }, b: { key: readonly number[]; seq: number }): number {
  return compareKeys(a.key, a.seq, b.key, b.seq);
}

function compareKeys(ka: readonly number[], sa: number, kb: readonly number[], sb: number): number {
  for (let i = 0; i < Math.max(ka.length, kb.length); i++) {
    const d = (ka[i] ?? -1) - (kb[i] ?? -1);
    if (d) return d;
  }
  return sa - sb;
}

export class FindingLog {
  private readonly kept: Entry[] = [];
  private readonly groups = new Map<string, Group>();
  /** Each code's last group: a kind's findings come column by column, row after row. */
  private readonly recent = new Map<string, Group>();
  private seq = 0;
  private readonly cap: number;
  private readonly sink: FindingSink | null;
  /** The sink when it is a spill: it writes a finding from its parts, no Finding made. */
  private readonly spill: FindingSpill | null;

  constructor(
    private readonly strict: boolean,
    opts: { cap?: number; sink?: FindingSink | null } = {},
  ) {
    this.cap = opts.cap ?? FINDINGS_CAP;
    this.sink = opts.sink ?? null;
    this.spill = this.sink instanceof FindingSpill ? this.sink : null;
  }

  severityOf(code: FindingCode): Severity {
    const s = FINDINGS[code].severity as Severity;
    return this.strict && s === 'warning' ? 'error' : s;
  }

  /**
   * `sortKey`: [file index, sheet index, row, column index], so cross-file findings sort in place.
   * `where` and `params` are not changed afterwards (a spill may read them later).
   */
  add(code: FindingCode, where: Where, params: Record<string, string | number> = {}, sortKey: number[] = []): Finding {
    return this.log(code, this.severityOf(code), where, params, sortKey, true)!;
  }

  /**
   * As `add`, for the findings on a row's cells (a broken export has one on every row): whether
   * it is an error. One beyond the cap is only counted, or written by the spill from its parts;
   * no Finding and no message are made for it.
   */
  flag(code: FindingCode, where: Where, params: Record<string, string | number>, sortKey: number[]): boolean {
    const severity = this.severityOf(code);
    this.log(code, severity, where, params, sortKey, false);
    return severity === 'error';
  }

  private log(code: FindingCode, severity: Severity, where: Where, params: Record<string, string | number>, sortKey: number[], made: boolean): Finding | null {
    const seq = this.seq++;
    const group = this.groupOf(code, severity, where, sortKey, seq);
    const listed = ++group.n <= this.cap;
    const f = listed || made || (this.sink && !this.spill) ? finding(code, severity, where, params) : null;
    if (this.spill) this.spill.take(code, severity, where, params, sortKey, seq);
    else if (this.sink) this.sink.add(f!, sortKey, seq);
    if (listed) {
      const e: Entry = { f: f!, key: sortKey, seq };
      // The school goes on the listed findings only (a sink's JSON has the contract's keys).
      if (where.schoolId !== undefined || where.schoolName !== undefined) e.school = [where.schoolId ?? null, where.schoolName ?? null];
      this.kept.push(e);
    }
    return f;
  }

  private groupOf(code: string, severity: Severity, where: Where, key: readonly number[], seq: number): Group {
    const file = where.file;
    const sheet = where.sheet ?? null;
    const column = where.column ?? null;
    const header = where.header ?? null;
    const last = this.recent.get(code);
    // The same group as groupKey's (a column, or the header where there is none), without its string.
    if (last && last.file === file && last.sheet === sheet && last.column === column && (column !== null || last.header === header)) return last;
    const k = groupKey({ file, sheet, code, column, header });
    let group = this.groups.get(k);
    if (!group) this.groups.set(k, (group = { n: 0, key, seq, severity, code, file, sheet, column, header }));
    this.recent.set(code, group);
    return group;
  }

  /** The findings kept (at most the cap of each group), in sorted order, with their school. */
  sorted(): Finding[] {
    return this.kept.sort(compareEntries).map((e) => (e.school ? { ...e.f, schoolId: e.school[0], schoolName: e.school[1] } : e.f));
  }

  /** Groups with findings beyond the cap, in the order of their first finding. */
  suppressed(): SuppressedGroup[] {
    return [...this.groups.values()]
      .filter((g) => g.n > this.cap)
      .sort(compareEntries)
      .map(({ n, severity, code, file, sheet, column, header }) => ({
        severity,
        code,
        file,
        sheet,
        column,
        header,
        listed: this.cap,
        count: n - this.cap,
      }));
  }
}

/** A finding as the catalogue words it. */
function finding(code: FindingCode, severity: Severity, where: Where, params: Record<string, string | number>): Finding {
  return {
    severity,
    code,
    message: FINDINGS[code].text({ value: where.value ?? '', header: where.header ?? '', ...params }),
    file: where.file,
    sheet: where.sheet ?? null,
    row: where.row ?? null,
    column: where.column ?? null,
    header: where.header ?? null,
    value: where.value ?? null,
  };
}

/**
 * Every finding of a run, on disk, in sorted order. Findings come almost sorted (row by row; a
 * row's cells in binding order; the cross-file rules at the end), so they pass through a small
 * sorted window (replacement selection): each is written as its JSON line as it comes, after the
 * run's last line (one comparison when it comes in order) or moved in before later ones still in
 * the window; the window's first is then out of it, in its place for good; a finding that comes
 * before a line already out of the window waits for the next run. A run is a temporary file of
 * the JSON lines `findingsJson` prints (`    {…},`), with the sort keys beside it in binary; one
 * run (the usual case) is copied out byte for byte, several are merged by their keys. Memory:
 * the window and the write buffers, whatever the number of findings. `dispose()` removes the
 * files.
 *
 * A line is mostly bytes made once: the fixed text of a kind of finding in one column and, for
 * a finding from FindingLog (whose message is not made), the message's text around the cell's
 * value; what is left to encode is the value and the row number. Nothing is kept of a finding
 * in order but its line and its key (the strings and objects of 400,000 findings, made and kept
 * a while, were most of the cost of --json, in garbage collection above all).
 */
export class FindingSpill implements FindingSink {
  private readonly runs: Run[] = [];
  /** The current run's file is open (`runs`' last). */
  private open = false;
  private dir: string | null = null;
  /** The current run's lines not yet written to its file, from 0 to `pos`. */
  private buf: Buffer = Buffer.allocUnsafe(1 << 20);
  private pos = 0;
  /** Where the line being written starts. */
  private lineStart = 0;
  /** The window: the lines from `head` on (their starts, keys and numbers), in sorted order. */
  private starts: number[] = [];
  private keys: (readonly number[])[] = [];
  private seqs: number[] = [];
  private head = 0;
  /** The last line out of the window: the current run is sorted up to it. */
  private lastKey: readonly number[] | null = null;
  private lastSeq = 0;
  /** Findings before `last`, held for the next run, in sorted order (part of the window). */
  private readonly late: Late[] = [];
  private readonly keyBytes = Buffer.allocUnsafe(1 << 16);
  private readonly keyView = new DataView(this.keyBytes.buffer, this.keyBytes.byteOffset, this.keyBytes.length);
  private kpos = 0;
  private scratch = Buffer.allocUnsafe(1 << 12);
  private readonly shapes = new Map<string, Shape>();
  private readonly recent = new Map<string, Shape>();
  /** Findings received. */
  count = 0;

  /** `window`: findings held to put them in order (a row's are a dozen at most). */
  constructor(private readonly window = 128) {}

  /** A finding as made: its message is encoded as it stands. */
  add(f: Finding, key: readonly number[], seq: number): void {
    this.count++;
    if (this.isLate(key, seq)) this.hold({ key, seq, f, code: f.code as FindingCode, severity: f.severity, where: null, params: null });
    else {
      this.encode(f);
      this.place(key, seq);
    }
    this.trim();
  }

  /** A finding from FindingLog, before its message is made (`where` and `params` are not changed afterwards). */
  take(code: FindingCode, severity: Severity, where: Where, params: Record<string, string | number>, key: readonly number[], seq: number): void {
    this.count++;
    if (this.isLate(key, seq)) this.hold({ key, seq, f: null, code, severity, where, params });
    else {
      if (!this.encodeTaken(code, severity, where, params)) this.encode(finding(code, severity, where, params));
      this.place(key, seq);
    }
    this.trim();
  }

  /** Before the last line out of the window: too late for the current run. */
  private isLate(key: readonly number[], seq: number): boolean {
    return this.lastKey !== null && compareKeys(key, seq, this.lastKey, this.lastSeq) < 0;
  }

  private hold(e: Late): void {
    const l = this.late;
    let i = l.length;
    l.push(e);
    for (; i > 0 && compareKeys(e.key, e.seq, l[i - 1].key, l[i - 1].seq) < 0; i--) l[i] = l[i - 1];
    l[i] = e;
  }

  /** The line just written (`lineStart` to `pos`) into the window, in its place: moved in before the later ones. */
  private place(key: readonly number[], seq: number): void {
    const { starts, keys, seqs } = this;
    const n = starts.length;
    let i = n;
    while (i > this.head && compareKeys(key, seq, keys[i - 1], seqs[i - 1]) < 0) i--;
    if (i === n) {
      starts.push(this.lineStart);
      keys.push(key);
      seqs.push(seq);
      return;
    }
    const len = this.pos - this.lineStart;
    const at = starts[i];
    if (this.scratch.length < len) this.scratch = Buffer.allocUnsafe(2 * len);
    this.buf.copy(this.scratch, 0, this.lineStart, this.pos);
    this.buf.copyWithin(at + len, at, this.lineStart);
    this.scratch.copy(this.buf, at, 0, len);
    for (let j = i; j < n; j++) starts[j] += len;
    starts.splice(i, 0, at);
    keys.splice(i, 0, key);
    seqs.splice(i, 0, seq);
  }

  /** The window back to its size: its first lines out of it for good, or, with only late ones left, a new run. */
  private trim(): void {
    while (this.starts.length - this.head + this.late.length > this.window) {
      if (this.head < this.starts.length) this.settle();
      else this.nextRun();
    }
  }

  /** The window's first line out of it: its key written beside the run. */
  private settle(): void {
    const key = this.keys[this.head];
    const seq = this.seqs[this.head];
    if (this.kpos + 8 * (key.length + 2) > this.keyBytes.length) this.flush();
    const v = this.keyView;
    let p = this.kpos;
    v.setFloat64(p, key.length, true);
    for (let i = 0; i < key.length; i++) v.setFloat64((p += 8), key[i], true);
    v.setFloat64((p += 8), seq, true);
    this.kpos = p + 8;
    this.lastKey = key;
    this.lastSeq = seq;
    this.head++;
  }

  /** The current run ended and written; the findings held for the next one are its first lines. */
  private nextRun(): void {
    while (this.head < this.starts.length) this.settle();
    this.flush();
    this.closeRun();
    this.lastKey = null;
    for (const e of this.late.splice(0)) {
      if (e.f !== null) this.encode(e.f);
      else if (!this.encodeTaken(e.code, e.severity, e.where!, e.params!)) this.encode(finding(e.code, e.severity, e.where!, e.params!));
      this.place(e.key, e.seq);
    }
  }

  /**
   * The lines out of the window, and their keys, to the run's files (opened first); the window's
   * lines moved to the start of the buffer.
   */
  private flush(): void {
    const settled = this.head < this.starts.length ? this.starts[this.head] : this.pos;
    if (settled || this.kpos) {
      if (!this.open) this.openRun();
      const run = this.runs[this.runs.length - 1];
      if (settled) writeSync(run.fd, this.buf, 0, settled);
      if (this.kpos) writeSync(run.keys, this.keyBytes, 0, this.kpos);
      this.kpos = 0;
    }
    if (!settled) return;
    this.buf.copyWithin(0, settled, this.pos);
    this.pos -= settled;
    const starts = this.starts.slice(this.head).map((s) => s - settled);
    this.keys = this.keys.slice(this.head);
    this.seqs = this.seqs.slice(this.head);
    this.starts = starts;
    this.head = 0;
  }

  private openRun(): void {
    if (!this.dir) {
      this.dir = mkdtempSync(path.join(tmpdir(), 'vet-report-spill-'));
      // A run that ends early (Ctrl-C, a reader of --json that stops) removes them too.
      process.once('exit', this.removeFiles);
    }
    const file = path.join(this.dir, String(this.runs.length));
    this.runs.push({ file, fd: openSync(file, 'w'), keys: openSync(`${file}.keys`, 'w') });
    this.open = true;
  }

  private closeRun(): void {
    const run = this.runs[this.runs.length - 1];
    if (this.open && run.fd >= 0) {
      closeSync(run.fd);
      closeSync(run.keys);
      run.fd = run.keys = -1;
    }
    this.open = false;
  }

  /** The buffer, with room after `pos` for `n` more bytes: the lines out of the window written first, grown if the window needs it. */
  private room(n: number): Buffer {
    if (this.pos + n <= this.buf.length) return this.buf;
    this.flush();
    if (this.pos + n > this.buf.length) {
      const bigger = Buffer.allocUnsafe(2 * (this.pos + n));
      this.buf.copy(bigger, 0, 0, this.pos);
      this.buf = bigger;
    }
    return this.buf;
  }

  /** A finding's line at `pos`, its message encoded as it stands. */
  private encode(f: Finding): void {
    const { a, b, c } = this.shape(f.severity, f.code, f.file, f.sheet, f.column, f.header);
    const value = f.value;
    const buf = this.room(a.length + b.length + c.length + 6 * (f.message.length + (value?.length ?? 0)) + 40);
    let p = (this.lineStart = this.pos);
    buf.set(a, p);
    p = jsonString(buf, f.message, p + a.length);
    buf.set(b, p);
    p = row(buf, f.row, p + b.length);
    buf.set(c, p);
    p += c.length;
    p = value === null ? p + buf.write('null', p, 'latin1') : jsonString(buf, value, p);
    this.pos = end(buf, p);
  }

  /**
   * A finding FindingLog did not make, at `pos`, from its message template: the bytes before,
   * between and after the value's places, with the value's bytes (encoded once) put in them and
   * the row's digits. False, nothing written, when there is no template, or the value is long or
   * one JSON escapes: then the catalogue makes the message (the bytes are the same either way).
   */
  private encodeTaken(code: FindingCode, severity: Severity, where: Where, params: Record<string, string | number>): boolean {
    const header = where.header ?? null;
    const shape = this.shape(severity, code, where.file, where.sheet ?? null, where.column ?? null, header);
    let t = shape.message;
    if (t === null || !sameParams(t, params)) {
      // Parameters that change finding by finding (a suggestion for each value) are not worth a
      // template each: after a miss, one is made again only every so often.
      if (t !== null && ++t.misses % 16 !== 0) return false;
      t = shape.message = messageTemplate(code, header, params, shape);
    }
    const pieces = t.pieces;
    const value = where.value ?? null;
    if (pieces === null || (value !== null && value.length > LONG)) return false;
    const text = value ?? '';
    const buf = this.room(t.bytes + shape.valueOpen.length + 3 * text.length * pieces.length + 40);
    let p = (this.lineStart = this.pos);
    // The value's bytes: written once, then copied.
    let from = -1;
    let to = -1;
    buf.set(pieces[0], p);
    p += pieces[0].length;
    for (let i = 1; i < pieces.length; i++) {
      if (from < 0) {
        from = p;
        p = plainUtf8(buf, text, p);
        if (p < 0) return false;
        to = p;
      } else {
        buf.copyWithin(p, from, to);
        p += to - from;
      }
      buf.set(pieces[i], p);
      p += pieces[i].length;
    }
    p = row(buf, where.row ?? null, p);
    if (value === null) {
      buf.set(shape.valueNull, p);
      p += shape.valueNull.length;
    } else {
      buf.set(shape.valueOpen, p);
      p += shape.valueOpen.length;
      if (from >= 0) {
        buf.copyWithin(p, from, to);
        p += to - from;
      } else if ((p = plainUtf8(buf, text, p)) < 0) return false;
      buf[p++] = 34; // "
    }
    this.pos = end(buf, p);
    return true;
  }

  /** The bytes of a line a kind of finding in one column shares, made once: a code's last, or looked up. */
  private shape(severity: string, code: string, file: string, sheet: string | null, column: string | null, header: string | null): Shape {
    const s = this.recent.get(code);
    if (s && s.file === file && s.sheet === sheet && s.column === column && s.header === header && s.severity === severity) return s;
    const k = JSON.stringify([severity, code, file, sheet, column, header]);
    let shape = this.shapes.get(k);
    if (!shape) {
      const j = JSON.stringify;
      const c = `,"column":${j(column)},"header":${j(header)},"value":`;
      shape = {
        severity,
        file,
        sheet,
        column,
        header,
        a: Buffer.from(`    {"severity":${j(severity)},"code":${j(code)},"message":`),
        b: Buffer.from(`,"file":${j(file)},"sheet":${j(sheet)},"row":`),
        c: Buffer.from(c),
        valueOpen: Buffer.from(`${c}"`),
        valueNull: Buffer.from(`${c}null`),
        message: null,
      };
      this.shapes.set(k, shape);
    }
    this.recent.set(code, shape);
    return shape;
  }

  /**
   * Every finding in sorted order (the order of the log's `sorted()`), as the UTF-8 text of the
   * findings array of `findingsJson`: `    {…},\n` each, the last without its comma. The bytes
   * are copied as they lie on disk, never decoded. `reuse`: the chunks are one buffer, each valid
   * until the next is asked for (see findingsJson).
   */
  async *text(reuse = false): AsyncGenerator<Buffer> {
    while (this.late.length) this.nextRun();
    while (this.head < this.starts.length) this.settle();
    this.flush();
    this.closeRun();
    if (this.runs.length === 1) {
      // As written, less the last `,\n`; then the newline.
      const fd = openSync(this.runs[0].file, 'r');
      try {
        let left = fstatSync(fd).size - 2;
        const one = reuse ? Buffer.allocUnsafe(CHUNK) : null;
        while (left > 0) {
          const buf = one ?? Buffer.allocUnsafe(Math.min(CHUNK, left));
          const n = readSync(fd, buf, 0, Math.min(buf.length, left), null);
          if (!n) break;
          left -= n;
          yield buf.subarray(0, n);
        }
      } finally {
        closeSync(fd);
      }
      yield NEWLINE;
      return;
    }
    yield* merge(
      this.runs.map((r) => r.file),
      reuse,
    );
  }

  /** Every finding, in sorted order. */
  async *findings(): AsyncGenerator<Finding> {
    let rest: Buffer = Buffer.alloc(0);
    // Read into one buffer: each chunk's lines are parsed before the next is read, the piece of
    // a line at its end copied.
    for await (const chunk of this.text(true)) {
      const b = rest.length ? Buffer.concat([rest, chunk]) : chunk;
      let start = 0;
      for (let nl = b.indexOf(10); nl >= 0; nl = b.indexOf(10, start)) {
        yield JSON.parse(b.toString('utf8', start, nl).trim().replace(/,$/, '')) as Finding;
        start = nl + 1;
      }
      rest = Buffer.from(b.subarray(start));
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
    this.open = false;
    this.late.length = this.starts.length = this.keys.length = this.seqs.length = this.head = this.pos = this.kpos = 0;
  }
}

const NEWLINE = Buffer.from('\n');
/** The size of a chunk of a run read back. */
const CHUNK = 1 << 20;

/** Runs merged by their keys: the lines' bytes copied into chunks, the last line without its comma. */
function* merge(files: string[], reuse: boolean): Generator<Buffer> {
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
        if (!reuse || body + 2 > out.length) out = Buffer.allocUnsafe(Math.max(1 << 16, body + 2));
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

/** A run's two files. */
interface Run {
  file: string;
  fd: number;
  keys: number;
}

/** Values longer than this are encoded by JSON.stringify and Buffer (faster for long text). */
const LONG = 256;

/** A JSON string at `p` (JSON.stringify's bytes): the end. */
function jsonString(buf: Buffer, s: string, p: number): number {
  if (s.length <= LONG) {
    buf[p] = 34;
    const q = plainUtf8(buf, s, p + 1);
    if (q >= 0) {
      buf[q] = 34;
      return q + 1;
    }
  } else if (!ESCAPED.test(s)) {
    buf[p++] = 34;
    p += buf.write(s, p);
    buf[p++] = 34;
    return p;
  }
  return p + buf.write(JSON.stringify(s), p);
}

/**
 * `s` as UTF-8 at `p`, when JSON writes it as it is (no quote, backslash, control character or
 * surrogate): the end, else -1. Byte by byte, for the short text of a cell or a message: a call
 * into Buffer's encoder costs more than the few characters it would write.
 */
function plainUtf8(buf: Buffer, s: string, p: number): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      if (c < 0x20 || c === 34 || c === 92) return -1;
      buf[p++] = c;
    } else if (c < 0x800) {
      buf[p++] = 0xc0 | (c >> 6);
      buf[p++] = 0x80 | (c & 0x3f);
    } else if (c >= 0xd800 && c <= 0xdfff) return -1;
    else {
      buf[p++] = 0xe0 | (c >> 12);
      buf[p++] = 0x80 | ((c >> 6) & 0x3f);
      buf[p++] = 0x80 | (c & 0x3f);
    }
  }
  return p;
}

/** A row number at `p` (`null` for none): its digits byte by byte, from the last (a string and a write per row cost more). */
function row(buf: Buffer, n: number | null, p: number): number {
  if (n === null) return p + buf.write('null', p, 'latin1');
  if (!(Number.isInteger(n) && n >= 0 && n < 1e9)) return p + buf.write(String(n), p, 'latin1');
  const end = p + (n < 10 ? 1 : n < 100 ? 2 : n < 1e3 ? 3 : n < 1e4 ? 4 : n < 1e5 ? 5 : n < 1e6 ? 6 : n < 1e7 ? 7 : n < 1e8 ? 8 : 9);
  for (let e = end, m = n; e > p; ) {
    const q = (m / 10) | 0;
    buf[--e] = 48 + m - q * 10;
    m = q;
  }
  return end;
}

/** A line's end, `},` and a newline: the end. */
function end(buf: Buffer, p: number): number {
  buf[p] = 125; // }
  buf[p + 1] = 44; // ,
  buf[p + 2] = 10;
  return p + 3;
}

/**
 * Text JSON.stringify writes as it is: no quote, backslash, control character or surrogate
 * (JSON.stringify escapes a lone one; a pair goes the slow way too).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what JSON escapes
const ESCAPED = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * A message's text around its value, for a kind of finding in one column and the other
 * parameters: the catalogue's text with a mark for the value, cut at the mark, each piece as JSON
 * writes it inside a string; the first with the line's bytes before the message, the last with
 * those after it up to the row. `pieces` is null when the text is not the same around every value
 * (checked with two more: an empty one and another mark), or holds a surrogate (JSON escapes a
 * lone one, and a piece could end in half a pair).
 */
interface MessageTemplate {
  params: Record<string, string | number>;
  n: number;
  pieces: Buffer[] | null;
  /** The pieces' bytes. */
  bytes: number;
  /** Findings since made whose parameters were others. */
  misses: number;
}

/** Characters of Unicode's private use area: no catalogue text or parameter holds them. */
const MARK = '\ue000\ue001';
const OTHER_MARK = '\ue002';

function messageTemplate(code: FindingCode, header: string | null, params: Record<string, string | number>, shape: Shape): MessageTemplate {
  const text = FINDINGS[code].text;
  const say = (value: string) => text({ value, header: header ?? '', ...params });
  const around = say(MARK).split(MARK);
  const same = say('') === around.join('') && say(OTHER_MARK) === around.join(OTHER_MARK) && !around.some((x) => /[\ud800-\udfff]/.test(x));
  let pieces: Buffer[] | null = null;
  if (same) {
    const json = around.map((x) => JSON.stringify(x).slice(1, -1));
    json[0] = `"${json[0]}`;
    json[json.length - 1] += '"';
    pieces = json.map((x) => Buffer.from(x));
    pieces[0] = Buffer.concat([shape.a, pieces[0]]);
    pieces[pieces.length - 1] = Buffer.concat([pieces[pieces.length - 1], shape.b]);
  }
  return { params: { ...params }, n: Object.keys(params).length, pieces, bytes: pieces?.reduce((n, b) => n + b.length, 0) ?? 0, misses: 0 };
}

/** The template's parameters, the same keys and values. */
function sameParams(t: MessageTemplate, params: Record<string, string | number>): boolean {
  let n = 0;
  for (const k in params) {
    const v = t.params[k];
    if (v !== params[k] || (v === undefined && !(k in t.params))) return false;
    n++;
  }
  return n === t.n;
}

/** The bytes of a finding's line its kind in one column shares: before the message, the row and the value. */
interface Shape {
  severity: string;
  file: string;
  sheet: string | null;
  column: string | null;
  header: string | null;
  a: Buffer;
  b: Buffer;
  c: Buffer;
  /** `c` and the value's opening quote; `c` and a null value. */
  valueOpen: Buffer;
  valueNull: Buffer;
  /** The last parameters' message template. */
  message: MessageTemplate | null;
}

/** A finding held for the next run: made (`f`), or as FindingLog has it (`where` and `params`). */
interface Late {
  key: readonly number[];
  seq: number;
  f: Finding | null;
  code: FindingCode;
  severity: Severity;
  where: Where | null;
  params: Record<string, string | number> | null;
}

/** A line of a run being merged, with the reader it came from. */
interface Line {
  text: Buffer;
  key: readonly number[];
  seq: number;
  reader: number;
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
 *
 * `reuse`: a spill's chunks are read into one buffer, so each is valid only until the next is
 * asked for; for a reader that has written each one by then (the CLI waits for each write). A
 * fresh megabyte for each read cost more than the reading itself (the memory's page faults).
 */
export async function* findingsJson(
  head: Record<string, unknown>,
  findings: FindingSpill | Iterable<Finding>,
  { reuse = false }: { reuse?: boolean } = {},
): AsyncGenerator<Buffer> {
  const open = JSON.stringify({ ...head, findings: [] }, null, 2);
  // Everything before the (empty) findings array, which is the last key.
  const start = open.slice(0, open.lastIndexOf('[]'));
  const pieces = findings instanceof FindingSpill ? findings.text(reuse) : listText(findings);
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

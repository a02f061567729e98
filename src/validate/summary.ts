/**
 * The human output of `validate`: a per-sheet accounting table, then the findings grouped by
 * file. Plain text (no colour, no cursor tricks), readable in a terminal and in a CI log.
 * Linear in the findings: a file with 100,000 of them costs no more per finding than one with ten.
 */
import { UI } from '../messages.js';
import { padEnd, padStart } from '../text-width.js';
import { count } from '../format/index.js';
import type { Finding } from '../types.js';
import type { SuppressedGroup } from './findings.js';
import type { ValidationResult } from './index.js';

/** Beyond this many findings per file, the rest are counted and left to --report / --json. */
const PER_FILE = 50;

export function formatSummary(r: ValidationResult): string {
  const lines: string[] = [];
  const names = r.files.map((f) => (f.sheet ? `${f.file} · ${f.sheet}` : f.file));
  const w = Math.min(70, Math.max(20, ...names.map((n) => [...n].length * 2)));
  const tot = { read: 0, accepted: 0, rejected: 0, skipped: 0 };
  for (const f of r.files) {
    tot.read += f.read;
    tot.accepted += f.accepted;
    tot.rejected += f.rejected;
    tot.skipped += f.skipped;
  }
  // As wide as the widest count (the totals), one space apart: 2,200,006 rows ran into the next column.
  const cw = Math.max(8, 1 + Math.max(...Object.values(tot).map((x) => count(x).length)));
  const counts = (c: { read: number; accepted: number; rejected: number; skipped: number }) =>
    [c.read, c.accepted, c.rejected, c.skipped].map((x) => padStart(count(x), cw)).join('');
  lines.push(`${padEnd('文件 · 工作表', w)}  ${padEnd('数据表', 12)}${['读取', '接收', '拒收', '跳过'].map((h) => padStart(h, cw)).join('')}`);
  r.files.forEach((f, i) => {
    const table = f.table ? UI.tableName[f.table] : f.sheet ? '（跳过）' : '（无法读取）';
    lines.push(`${padEnd(names[i], w)}  ${padEnd(table, 12)}${counts(f)}`);
  });
  lines.push(`${padEnd('合计', w)}  ${padEnd('', 12)}${counts(tot)}`);

  const suppressed = r.suppressed ?? [];
  const n = { error: 0, warning: 0, info: 0 };
  for (const f of r.findings) n[f.severity]++;
  for (const g of suppressed) n[g.severity] += g.count;
  lines.push('');
  lines.push(`发现 ${count(n.error)} 个错误、${count(n.warning)} 个警告、${count(n.info)} 条提示。错误所在行未被接收，警告所在行已接收。`);
  const byFile = new Map<string, { list: Finding[]; more: SuppressedGroup[] }>();
  const entry = (file: string) => {
    let e = byFile.get(file);
    if (!e) byFile.set(file, (e = { list: [], more: [] }));
    return e;
  };
  for (const f of r.findings) entry(f.file).list.push(f);
  for (const g of suppressed) entry(g.file).more.push(g);
  for (const [file, { list, more }] of byFile) {
    lines.push('');
    lines.push(`■ ${file}`);
    const shown = Math.min(list.length, PER_FILE);
    for (let i = 0; i < shown; i++) lines.push(`  ${formatFinding(list[i])}`);
    const total = list.length + more.reduce((a, g) => a + g.count, 0);
    if (total > shown) lines.push(`  ${UI.moreInFile(count(total - shown))}`);
    for (const g of more) lines.push(`  ${formatSuppressed(g)}`);
  }
  return lines.join('\n');
}

function place(f: Pick<Finding, 'sheet' | 'row' | 'column' | 'header'>): string {
  return [
    f.sheet ? `工作表“${f.sheet}”` : '',
    f.row !== null ? `第 ${f.row} 行` : '',
    f.column ? `${f.column} 列${f.header ? `（${f.header}）` : ''}` : f.header ? `（${f.header}）` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

export function formatFinding(f: Finding): string {
  const p = place(f);
  return `[${UI.severityLabel[f.severity]}] ${p}${p ? '：' : ''}${f.message} [${f.code}]`;
}

/** `[错误] 工作表“Sheet1” C 列（省份）：同类问题另有 3,900 处（…） [PROVINCE_UNKNOWN]` */
export function formatSuppressed(g: SuppressedGroup): string {
  const p = place({ ...g, row: null });
  return `[${UI.severityLabel[g.severity]}] ${p}${p ? '：' : ''}${UI.sameKind(count(g.count), g.listed)} [${g.code}]`;
}

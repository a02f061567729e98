/**
 * The human output of `validate`: a per-sheet accounting table, then the findings grouped by
 * file. Plain text (no colour, no cursor tricks), readable in a terminal and in a CI log.
 */
import { UI } from '../messages.js';
import { padEnd, padStart } from '../text-width.js';
import { count } from '../format/index.js';
import type { Finding } from '../types.js';
import type { ValidationResult } from './index.js';

/** Beyond this many findings per file, the rest are counted and left to --report / --json. */
const PER_FILE = 50;

export function formatSummary(r: ValidationResult): string {
  const lines: string[] = [];
  const names = r.files.map((f) => (f.sheet && f.table !== null ? `${f.file} · ${f.sheet}` : f.sheet ? `${f.file} · ${f.sheet}` : f.file));
  const w = Math.min(70, Math.max(20, ...names.map((n) => [...n].length * 2)));
  lines.push(`${padEnd('文件 · 工作表', w)}  ${padEnd('数据表', 12)}${padStart('读取', 8)}${padStart('接收', 8)}${padStart('拒收', 8)}${padStart('跳过', 8)}`);
  const tot = { read: 0, accepted: 0, rejected: 0, skipped: 0 };
  r.files.forEach((f, i) => {
    const table = f.table ? UI.tableName[f.table] : f.sheet ? '（跳过）' : '（无法读取）';
    lines.push(`${padEnd(names[i], w)}  ${padEnd(table, 12)}${padStart(count(f.read), 8)}${padStart(count(f.accepted), 8)}${padStart(count(f.rejected), 8)}${padStart(count(f.skipped), 8)}`);
    tot.read += f.read;
    tot.accepted += f.accepted;
    tot.rejected += f.rejected;
    tot.skipped += f.skipped;
  });
  lines.push(`${padEnd('合计', w)}  ${padEnd('', 12)}${padStart(count(tot.read), 8)}${padStart(count(tot.accepted), 8)}${padStart(count(tot.rejected), 8)}${padStart(count(tot.skipped), 8)}`);

  const n = { error: 0, warning: 0, info: 0 };
  for (const f of r.findings) n[f.severity]++;
  lines.push('');
  lines.push(`发现 ${n.error} 个错误、${n.warning} 个警告、${n.info} 条提示。错误所在行未被接收，警告所在行已接收。`);
  const byFile = new Map<string, Finding[]>();
  for (const f of r.findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  for (const [file, list] of byFile) {
    lines.push('');
    lines.push(`■ ${file}`);
    for (const f of list.slice(0, PER_FILE)) lines.push(`  ${formatFinding(f)}`);
    if (list.length > PER_FILE) lines.push(`  …… 另有 ${list.length - PER_FILE} 条，完整列表请用 --report 问题.xlsx 或 --json 输出。`);
  }
  return lines.join('\n');
}

export function formatFinding(f: Finding): string {
  const place = [
    f.sheet ? `工作表“${f.sheet}”` : '',
    f.row !== null ? `第 ${f.row} 行` : '',
    f.column ? `${f.column} 列${f.header ? `（${f.header}）` : ''}` : f.header ? `（${f.header}）` : '',
  ].filter(Boolean).join(' ');
  return `[${UI.severityLabel[f.severity]}] ${place}${place ? '：' : ''}${f.message} [${f.code}]`;
}

/**
 * What the benchmark scripts share: medians, and running a command in a fresh process while
 * sampling the peak RSS of its whole process tree (Chromium's processes included).
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Proportional set size: shared pages divided among the processes sharing them, so a
 * process tree's sum is not inflated by Chromium's many processes mapping the same libraries. */
function rssKb(pid: number): number {
  try {
    const m = /^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    if (m) return Number(m[1]);
  } catch {
    // no smaps_rollup: fall back to RSS
  }
  try {
    const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

function children(pid: number): number[] {
  const out: number[] = [];
  try {
    for (const t of readdirSync(`/proc/${pid}/task`)) {
      const c = readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim();
      if (c) out.push(...c.split(/\s+/).map(Number));
    }
  } catch {
    // gone
  }
  return out;
}

export function treeRssMB(pid: number): number {
  let kb = 0;
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop()!;
    kb += rssKb(p);
    stack.push(...children(p));
  }
  return kb / 1024;
}

export interface RunResult {
  ms: number;
  peakMB: number;
  stdout: string;
  code: number;
  /** The signal that ended it, if one did. */
  signal: string | null;
}

/**
 * Runs a command to completion, sampling its process tree's memory every 500 ms. Reading
 * smaps_rollup walks each process's page tables under its mmap lock: sampling Chromium's dozen
 * processes every 50 ms took ~40% of a core and slowed the build it measured by a third.
 */
export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    let peak = 0;
    child.stdout.on('data', (d) => (stdout += d));
    const timer = setInterval(() => (peak = Math.max(peak, treeRssMB(child.pid!))), 500);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearInterval(timer);
      resolve({ ms: performance.now() - t0, peakMB: peak, stdout, code: code ?? 1, signal });
    });
  });
}

/** The CLI as a user runs it (compiled, as after setup). */
export const CLI = ['bin/vet-report.js'];

export const fmtS = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
export const fmtMB = (mb: number) => `${Math.round(mb)} MB`;

export function table(rows: string[][]): string {
  const w = rows[0].map((_, k) => Math.max(...rows.map((r) => [...r[k]].length)));
  const line = (r: string[]) => `| ${r.map((c, k) => c.padEnd(w[k])).join(' | ')} |`;
  return [line(rows[0]), `| ${w.map((n) => '-'.repeat(n)).join(' | ')} |`, ...rows.slice(1).map(line)].join('\n');
}

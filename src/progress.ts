/**
 * Build progress for people and for CI logs: a bar with the edition's name and an ETA on a
 * terminal; plain timestamped lines when not a terminal or when CI=true; nothing with --quiet.
 */
import cliProgress from 'cli-progress';
import type { ProgressEvent } from './render/batch.js';

const STATUS: Record<string, string> = { built: '已生成', unchanged: '未变化，跳过', failed: '失败' };

export function progressReporter(opts: { quiet?: boolean; stream?: NodeJS.WriteStream; clock?: () => Date }): {
  onEvent: (e: ProgressEvent) => void;
  stop: () => void;
} {
  const stream = opts.stream ?? process.stderr;
  const clock = opts.clock ?? (() => new Date());
  if (opts.quiet) return { onEvent: () => {}, stop: () => {} };
  const tty = stream.isTTY && !process.env.CI;
  if (!tty) {
    const stamp = () => clock().toISOString().slice(11, 19);
    let total = 0;
    let done = 0;
    return {
      onEvent(e) {
        if (e.type === 'plan') {
          total = e.total;
          stream.write(`${stamp()} 共 ${total} 个版本\n`);
        } else if (e.type === 'done') {
          done++;
          stream.write(`${stamp()} [${done}/${total}] ${e.title}：${STATUS[e.status]}（${(e.ms / 1000).toFixed(1)} 秒）${e.error ? ` ${e.error}` : ''}\n`);
        }
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: '{bar} {value}/{total} 剩余约 {eta_formatted} | {title}', hideCursor: true, clearOnComplete: false, stream, etaBuffer: 8 },
    cliProgress.Presets.shades_classic,
  );
  return {
    onEvent(e) {
      if (e.type === 'plan') bar.start(e.total, 0, { title: '' });
      else if (e.type === 'start') bar.update({ title: e.title });
      else bar.increment(1, { title: `${e.title}：${STATUS[e.status]}` });
    },
    stop: () => bar.stop(),
  };
}

// `build --watch`: the analyst's loop. One process keeps Chromium (and its tabs), the loaded
// stages and the in-memory caches, and builds again whenever an input file or a template changes;
// the incremental build then prints only the editions whose HTML changed. A fresh process per
// edit pays ~1.5 s of module loading and browser start before any work.

import { type FSWatcher, watch } from 'node:fs';
import path from 'node:path';
import { runBuild, type BuildOptions, type BuildResult } from './pipeline.js';
import { resolveBuildOptions } from './options.js';
import { statGiven } from './ingest/files.js';
import { TEMPLATES } from './paths.js';

export interface WatchOptions extends Omit<BuildOptions, 'browser' | 'printer'> {
  /** Ends the watch (Ctrl-C in the CLI). */
  signal: AbortSignal;
  /** Each build's result, or its error, and how long it took. */
  onBuild: (result: BuildResult | null, ms: number, error?: unknown) => void;
  /** Quiet time after the last change before building (editors save in bursts). Default 150 ms. */
  debounceMs?: number;
  /** The clock for each build's date (tests pin it). */
  clock?: () => Date;
  /** A build is starting (the preview says so in its pages). */
  onStart?: () => void;
}

/** Builds now, then again after every change to the inputs or templates, until the signal aborts. */
export async function watchBuild(opts: WatchOptions): Promise<void> {
  const { signal, onBuild, onStart, debounceMs = 150, clock = () => new Date(), ...build } = opts;
  // Checked once here, so a bad option stops the watch at once instead of failing every build.
  const resolved = resolveBuildOptions(build);
  for (const p of resolved.paths) await statGiven(p);
  const { formats } = resolved;
  // One printer for every build: Chromium and its tabs stay up between edits, and one that
  // crashed is relaunched by it.
  const printer = formats.includes('pdf') ? (await import('./render/printer.js')).createPrinter() : undefined;
  const out = path.resolve(resolved.out);

  const once = async (): Promise<void> => {
    const t0 = performance.now();
    onStart?.();
    try {
      // A launch that failed is tried again at each build (a fixed install, memory freed).
      printer?.retryLaunch();
      onBuild(await runBuild({ ...build, now: build.now ?? clock(), printer }), performance.now() - t0);
    } catch (e) {
      onBuild(null, performance.now() - t0, e);
    }
  };

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  let again = false;
  const go = async (): Promise<void> => {
    if (running) {
      again = true; // one more build after this one, for what changed meanwhile
      return;
    }
    running = (async () => {
      do {
        again = false;
        await once();
      } while (again && !signal.aborted);
    })();
    await running;
    running = null;
  };
  const changed =
    (dir: string) =>
    (_event: string, name: string | Buffer | null): void => {
      if (signal.aborted) return;
      const file = name ? path.resolve(dir, String(name)) : dir;
      // Our own outputs and temporary files never trigger a build (out/ may sit inside a watched folder).
      if (file === out || file.startsWith(out + path.sep) || /\.tmp$|~$|\.swp$/.test(file)) return;
      clearTimeout(timer);
      timer = setTimeout(() => void go(), debounceMs);
    };

  const watchers: FSWatcher[] = [];
  try {
    await go();
    // An overlay (--templates) holds only the files that differ: the shipped templates are read too.
    for (const given of [...resolved.paths, ...(resolved.templates ? [resolved.templates] : []), TEMPLATES]) {
      // (A path removed since the start is a usage error too, not a crash.)
      const dir = (await statGiven(given)).isDirectory();
      const p = path.resolve(given);
      watchers.push(watch(p, { recursive: dir }, changed(dir ? p : path.dirname(p))));
    }
    if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
  } finally {
    clearTimeout(timer);
    for (const w of watchers) w.close();
    await (running as Promise<void> | null);
    await printer?.close();
  }
}

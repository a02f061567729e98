/**
 * `vet-report preview`: builds what is selected, serves the output folder over HTTP on loopback,
 * and keeps building on change with watchBuild (one process, one Chromium). Open pages learn
 * of each build by server-sent events: an edition's page reloads after its edition was rebuilt,
 * errors show as an overlay over the page (src/preview/client.ts).
 *
 * Served are the output folder's files and the preview's own two URLs (/__preview/client.js,
 * /__preview/events), nothing else: a request path is decoded, resolved under the folder and
 * checked again after symlinks are followed; anything outside, a folder, or a file that is not
 * there is 404. The reload script is added to the HTML as it is served; the files in out/ are
 * the build's, unchanged.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { VetError, isVetError } from '../errors.js';
import type { EditionEntry } from '../manifest.js';
import { PREVIEW } from '../messages.js';
import { PreviewServeOptionsSchema, resolveBuildOptions, resolveOptions, type PreviewServeOptions } from '../options.js';
import type { BuildResult } from '../pipeline.js';
import type { Finding } from '../types.js';
import { watchBuild, type WatchOptions } from '../watch.js';
import { CLIENT_SCRIPT } from './client.js';
import { describeError, type Overlay } from './errors.js';
import { renderIndex } from './page.js';

export interface PreviewOptions extends Omit<WatchOptions, 'onBuild' | 'onStart'>, Omit<PreviewServeOptions, 'open'> {
  /** Called once the server listens, with its address (before the first build). */
  onListening?: (url: string) => void;
  /** Each build, as watchBuild reports it (the CLI prints a line). */
  onBuild?: WatchOptions['onBuild'];
}

const CLIENT_URL = '/__preview/client.js';
const EVENTS_URL = '/__preview/events';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.pdf': 'application/pdf',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The written HTML's Content-Security-Policy allows no script at all (default-src 'none'); the
 * served copy lets in the preview's own script and event stream (same origin) and names the
 * edition for the script. Only the response is changed.
 */
export function injectClient(html: string, edition: string): string {
  const withCsp = html.replace(
    /(<meta http-equiv="Content-Security-Policy" content=")([^"]*)(")/i,
    (_m, a: string, csp: string, b: string) => `${a}${csp.replace("default-src 'none'", "default-src 'none'; script-src 'self'; connect-src 'self'")}${b}`,
  );
  const tag = clientTag(edition);
  const at = withCsp.lastIndexOf('</body>');
  return at < 0 ? withCsp + tag : withCsp.slice(0, at) + tag + withCsp.slice(at);
}

const clientTag = (edition: string): string => `<script src="${CLIENT_URL}" data-edition="${edition.replace(/[^\w.-]/g, '')}" defer></script>`;

/**
 * The file a request path names under root, or null (→ 404): undecodable, NUL, outside root
 * (`..`, encoded or not), through a symlink that leads outside, a folder, or not there.
 */
export async function resolveServed(root: string, urlPath: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const base = path.resolve(root);
  const full = path.resolve(base, `.${decoded.startsWith('/') ? '' : '/'}${decoded}`);
  if (full !== base && !full.startsWith(base + path.sep)) return null;
  try {
    const [real, realRoot] = await Promise.all([realpath(full), realpath(base)]);
    if (!real.startsWith(realRoot + path.sep)) return null;
    return (await stat(real)).isFile() ? real : null;
  } catch {
    return null;
  }
}

interface Shown {
  entry: EditionEntry;
  /** The last build of it that did not fail (its files stay in out/ and stay linked). */
  lastGood?: EditionEntry;
}

/** Serves and builds until the signal aborts; then the server is closed (its port freed) and the watch's browser too. */
export async function runPreview(opts: PreviewOptions): Promise<void> {
  const { port: givenPort, host: givenHost, onListening, onBuild, signal, clock, debounceMs, ...build } = opts;
  const { port, host } = resolveOptions(PreviewServeOptionsSchema, { port: givenPort, host: givenHost });
  // A bad option is said before anything listens.
  const resolved = resolveBuildOptions(build);
  const root = path.resolve(resolved.out);
  const loopback = isLoopbackHost(host);
  await mkdir(root, { recursive: true });

  let year: number | null = null;
  const editions = new Map<string, Shown>();
  let buildError: Overlay | null = null;
  let status: string = PREVIEW.waiting;
  let building = false;
  const current = new Set<string>();
  const clients = new Set<ServerResponse>();

  const errors = (): Overlay[] => [
    ...(buildError ? [buildError] : []),
    ...[...editions.values()]
      .filter((s) => s.entry.status === 'failed')
      .map((s) => describeError(s.entry.error ?? '', { edition: s.entry.id, title: s.entry.title })),
  ];
  const send = (event: string, data: unknown, to: Iterable<ServerResponse> = clients): void => {
    const text = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const res of to) res.write(text);
  };
  const state = (reason: 'connect' | 'build', built: string[] = []) => ({ reason, built, errors: errors() });
  const progress = (): void => {
    status = current.size ? PREVIEW.building([...current].join('、')) : building ? PREVIEW.buildingAny : status;
    send('progress', { text: status });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end(PREVIEW.methodNotAllowed);
      return;
    }
    // Bound to loopback, the preview answers only requests addressed to loopback: a web page
    // whose name was made to point at 127.0.0.1 (DNS rebinding) cannot read the reports.
    if (loopback && !isLoopbackHost(req.headers.host)) {
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' }).end(PREVIEW.forbiddenHost);
      return;
    }
    const raw = req.url ?? '/';
    const q = raw.indexOf('?');
    const urlPath = q < 0 ? raw : raw.slice(0, q);
    const query = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
    const headers = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };
    if (urlPath === EVENTS_URL && req.method === 'GET') {
      res.writeHead(200, { ...headers, 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive' });
      res.write('retry: 500\n\n');
      clients.add(res);
      req.on('close', () => clients.delete(res));
      send('state', state('connect'), [res]);
      send('progress', { text: status }, [res]);
      return;
    }
    if (urlPath === CLIENT_URL) {
      res.writeHead(200, { ...headers, 'Content-Type': 'text/javascript; charset=utf-8' }).end(req.method === 'HEAD' ? undefined : CLIENT_SCRIPT);
      return;
    }
    if (urlPath === '/' || urlPath === '/index.html') {
      const html = renderIndex(
        {
          year,
          editions: [...editions.values()],
          findings: year === null ? null : await readFindings(path.join(root, String(year), 'validation.json')),
          exists: (f) => year !== null && existsSync(path.join(root, String(year), f)),
          errors: errors(),
          status,
          filter: { file: query.get('file') || undefined, severity: query.get('severity') || undefined },
        },
        clientTag(''),
      );
      res.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8' }).end(req.method === 'HEAD' ? undefined : html);
      return;
    }
    const file = await resolveServed(root, urlPath);
    if (!file) {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end(PREVIEW.notFound);
      return;
    }
    const ext = path.extname(file).toLowerCase();
    let body: Buffer | string = await readFile(file);
    if (ext === '.html') body = injectClient(body.toString('utf8'), path.basename(file, ext));
    res.writeHead(200, { ...headers, 'Content-Type': TYPES[ext] ?? 'application/octet-stream' }).end(req.method === 'HEAD' ? undefined : body);
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      reject(
        e.code === 'EADDRINUSE'
          ? new VetError('PREVIEW_PORT_IN_USE', { port, next: port + 1 })
          : new VetError('PREVIEW_LISTEN_FAILED', { host, port, detail: e.code ?? e.message }),
      );
    });
    server.listen(port, host, () => resolve());
  });
  // Listening, a failed accept (too many open files) is one browser's problem, not the preview's end.
  server.on('error', () => undefined);
  const address = server.address() as AddressInfo;
  const hostInUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const heartbeat = setInterval(() => {
    for (const res of clients) res.write(': \n\n');
  }, 15_000);
  try {
    onListening?.(`http://${hostInUrl}:${address.port}/`);
    await watchBuild({
      ...build,
      signal,
      clock,
      debounceMs,
      onEvent(e) {
        if (e.type === 'start') current.add(e.title);
        else if (e.type === 'done') current.delete(e.title);
        else return;
        progress();
      },
      onStart() {
        building = true;
        current.clear();
        progress();
      },
      onBuild(result: BuildResult | null, ms: number, error?: unknown) {
        building = false;
        current.clear();
        const at = new Date().toTimeString().slice(0, 8);
        status = PREVIEW.idle(at, (ms / 1000).toFixed(1));
        if (result) {
          buildError = null;
          year = result.year;
          for (const e of result.editions) {
            const before = editions.get(e.id);
            editions.set(e.id, { entry: e, lastGood: e.status === 'failed' ? before?.lastGood : e });
          }
        } else {
          const message = isVetError(error) ? error.message : String((error as Error)?.stack ?? error);
          buildError = describeError(message, { title: PREVIEW.overlayWhole });
        }
        send('progress', { text: status });
        send('state', state('build', result ? result.editions.filter((e) => e.status === 'built').map((e) => e.id) : []));
        onBuild?.(result, ms, error);
      },
    });
  } finally {
    clearInterval(heartbeat);
    // Open event streams would keep close() waiting forever: they are ended with the server.
    for (const res of clients) res.end();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** 127.x.x.x, ::1 or localhost, with or without a port (a Host header or an address). */
export function isLoopbackHost(host: string | undefined): boolean {
  const h = (host ?? '').toLowerCase();
  // [::1]:4321 or [::1]; ::1 bare; name:port or name.
  const name = h.startsWith('[') ? h.slice(1, h.indexOf(']')) : h.split(':').length === 2 ? h.split(':')[0] : h;
  return name === 'localhost' || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name);
}

async function readFindings(file: string): Promise<Finding[] | null> {
  try {
    return (JSON.parse(await readFile(file, 'utf8')) as { findings: Finding[] }).findings;
  } catch {
    return null;
  }
}

/** `--open`: the system's browser through xdg-open (or open on macOS); false when there is none. */
export function openInBrowser(url: string): Promise<boolean> {
  const command = process.platform === 'darwin' ? 'open' : 'xdg-open';
  return new Promise((resolve) => {
    const child = spawn(command, [url], { stdio: 'ignore', detached: true });
    child.once('error', () => resolve(false));
    child.once('spawn', () => {
      child.unref();
      resolve(true);
    });
  });
}

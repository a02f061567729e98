/**
 * File writes go through here: written under a temporary name in the same folder, then renamed,
 * so a killed run never leaves a half-written output and the previous one stays intact.
 */
import { mkdir, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { VetError } from './errors.js';
import { fsReason } from './messages.js';

export type WriteFile = (file: string, data: string | Uint8Array) => Promise<void>;

/** Beside the file, hidden, unique to this process and moment (a killed run's are swept up). */
function tempPath(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2, 8)}.tmp`);
}

/** `data` may come in pieces (an async iterable), for outputs too large to hold as one string. */
export async function writeAtomic(file: string, data: string | Uint8Array | AsyncIterable<string | Uint8Array>): Promise<void> {
  const tmp = tempPath(file);
  try {
    // The folder is made only when missing: a mkdir before each of the build's thousands of
    // writes cost more than the writes of small files.
    await writeFile(tmp, data).catch(async (e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
      await makeFolders(path.dirname(file));
      await writeFile(tmp, data);
    });
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    // A folder that is a file, no permission, a full disk: the user's to fix, said in Chinese.
    throw (e as NodeJS.ErrnoException).code ? new VetError('WRITE_FAILED', { path: file, detail: fsReason(e) }) : e;
  }
}

/**
 * mkdir -p, one level at a time from the nearest folder that exists. Node 20's recursive mkdir
 * reports ENOENT where the reason is a read-only file system, and never returns under /proc.
 */
async function makeFolders(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (
      await stat(d).then(
        () => true,
        () => false,
      )
    )
      break;
    missing.unshift(d);
    if (path.dirname(d) === d) break;
  }
  for (const d of missing)
    await mkdir(d).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e; // made meanwhile by another writer: fine
    });
}

/** For the tool cache (src/cache.ts): like writeAtomic, but a failure (read-only folder, full disk) only costs speed. */
export async function writeCacheFile(file: string, data: string | Uint8Array): Promise<void> {
  try {
    await writeAtomic(file, data);
  } catch {
    // the work is redone next time
  }
}

/** A fresh folder in the system's temporary folder; TEMP_FAILED (naming it and TMPDIR) if it cannot be made. */
export async function makeTempDir(prefix: string): Promise<string> {
  try {
    return await mkdtemp(path.join(tmpdir(), prefix));
  } catch (e) {
    throw new VetError('TEMP_FAILED', { path: tmpdir(), detail: fsReason(e) });
  }
}

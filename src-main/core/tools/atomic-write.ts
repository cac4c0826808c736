/**
 * Writing files so that a reader (or a crash) never sees half of one: the new content goes to
 * a temporary file in the same folder, is flushed to disk, then renamed over the target.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** Options for {@link writeFileAtomic}. */
export interface AtomicWriteOptions {
  /** Permission bits for the new file; default: the current file's, else 0o644. */
  mode?: number;
  /** Owner to give the new file when running with the right to do so. */
  owner?: { uid: number; gid: number };
}

/** Default permissions for a file that did not exist before: readable by all, like `touch`. */
const DEFAULT_FILE_MODE = 0o644;

/**
 * Replaces `target` with `data` atomically: temp file in the same folder (so the rename never
 * crosses file systems), fsync, rename, then fsync of the folder so the rename itself is durable.
 */
export async function writeFileAtomic(
  target: string,
  data: string | Uint8Array,
  options: AtomicWriteOptions = {},
): Promise<void> {
  const dir = path.dirname(target);
  const mode = options.mode ?? (await currentMode(target)) ?? DEFAULT_FILE_MODE;
  const temp = path.join(dir, `.${path.basename(target)}.tmp-${process.pid}-${randomHex()}`);
  const handle = await fs.open(temp, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.chmod(mode);
    if (options.owner) await handle.chown(options.owner.uid, options.owner.gid).catch(() => {});
    await handle.sync();
  } catch (error) {
    await handle.close();
    await fs.rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await fs.rename(temp, target);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

async function currentMode(file: string): Promise<number | undefined> {
  try {
    return (await fs.stat(file)).mode & 0o7777;
  } catch {
    return undefined;
  }
}

/** Flushes a folder's entry table; some platforms (Windows) cannot open folders, which is fine. */
async function syncDirectory(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // Not supported here; the rename is still atomic, only its durability is the OS's call.
  } finally {
    await handle?.close();
  }
}

function randomHex(): string {
  return randomBytes(6).toString('hex');
}

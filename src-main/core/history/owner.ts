/**
 * Which process holds a run: host, pid, a random token and the boot the process belongs to.
 * The pid alone is not enough: after a reboot (or on a busy machine) another process may have
 * the same pid, and the store must not take a dead run for a live one.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname, uptime } from 'node:os';

/** Boot times (on systems without a boot id) this close are the same boot: uptime is coarse. */
const BOOT_TIME_TOLERANCE_MS = 120_000;

/** A process that may hold runs. */
export interface Owner {
  host: string;
  pid: number;
  token: string;
  boot: string;
}

/** The current boot: Linux's boot id, elsewhere the boot time in milliseconds. */
export function currentBoot(): string {
  if (process.platform === 'linux') {
    try {
      return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    } catch {
      // fall through to the boot time
    }
  }
  return String(Math.round(Date.now() - uptime() * 1000));
}

/** A fresh identity for this process (a new token each call). */
export function newOwner(token?: string): Owner {
  return {
    host: hostname(),
    pid: process.pid,
    token: token ?? randomBytes(16).toString('hex'),
    boot: currentBoot(),
  };
}

function sameBoot(a: string, b: string): boolean {
  if (a === b) return true;
  const x = Number(a);
  const y = Number(b);
  return Number.isFinite(x) && Number.isFinite(y) && Math.abs(x - y) <= BOOT_TIME_TOLERANCE_MS;
}

/**
 * True when the recorded owner is certainly gone. Owners on other hosts are never judged (the
 * file may sit on a shared folder): they count as alive.
 */
export function ownerIsDead(recorded: Owner, self: Owner): boolean {
  if (recorded.host !== self.host) return false;
  if (!sameBoot(recorded.boot, self.boot)) return true;
  if (recorded.pid === self.pid)
    return recorded.token !== self.token && !liveTokens.has(recorded.token);
  try {
    process.kill(recorded.pid, 0);
    return false;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Tokens of stores open in this process: a second store here must not interrupt the first's runs. */
export const liveTokens = new Set<string>();

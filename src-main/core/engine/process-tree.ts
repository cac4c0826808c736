/**
 * Finding and killing what a step started. node-pty makes the step's first process a session
 * leader, so its session id (and process group) equals its pid; children that called setsid
 * leave the session but are still found through their parent chain.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** One process as seen in a snapshot; `start` tells a live process from a reused pid. */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  sid: number;
  start: string;
}

function readProcStat(pid: number): ProcessInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: parse after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state); ppid is field 4, session field 6, starttime field 22.
    if (fields[0] === 'Z') return undefined;
    return { pid, ppid: Number(fields[1]), sid: Number(fields[3]), start: fields[19] ?? '' };
  } catch {
    return undefined;
  }
}

/** Every live process on the machine (Linux: /proc; macOS: ps, with the process group as session). */
export function listProcesses(platform: NodeJS.Platform = process.platform): ProcessInfo[] {
  if (platform === 'linux') {
    const out: ProcessInfo[] = [];
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      const info = readProcStat(Number(name));
      if (info) out.push(info);
    }
    return out;
  }
  if (platform === 'win32') return [];
  try {
    const text = execFileSync('ps', ['-A', '-o', 'pid=,ppid=,pgid=,lstart='], { encoding: 'utf8' });
    return text
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter((f) => f.length >= 3)
      .map((f) => ({
        pid: Number(f[0]),
        ppid: Number(f[1]),
        sid: Number(f[2]),
        start: f.slice(3).join(' '),
      }));
  } catch {
    return [];
  }
}

/** Processes whose parent chain leads to `root` (root excluded), from one snapshot. */
export function descendantsOf(root: number, processes: ProcessInfo[]): ProcessInfo[] {
  const children = new Map<number, ProcessInfo[]>();
  for (const p of processes) {
    const list = children.get(p.ppid) ?? [];
    list.push(p);
    children.set(p.ppid, list);
  }
  const out: ProcessInfo[] = [];
  const queue = [root];
  const seen = new Set<number>([root]);
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    for (const child of children.get(pid) ?? []) {
      if (seen.has(child.pid)) continue;
      seen.add(child.pid);
      out.push(child);
      queue.push(child.pid);
    }
  }
  return out;
}

/** Sends a signal, ignoring a process that is already gone. */
export function signalQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone (ESRCH) or not ours to signal: nothing more to do
  }
}

/**
 * Tracks everything that belongs to one step: its session and each descendant ever seen (kept
 * with its start time so a reused pid is never signalled).
 */
export class StepProcesses {
  private readonly known = new Map<number, string>();

  constructor(
    readonly leader: number,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {}

  /** Records the step's current descendants; called periodically and before a stop. */
  observe(snapshot: ProcessInfo[] = listProcesses(this.platform)): void {
    for (const p of descendantsOf(this.leader, snapshot)) this.known.set(p.pid, p.start);
    for (const p of snapshot)
      if (p.sid === this.leader && p.pid !== this.leader) this.known.set(p.pid, p.start);
  }

  /** Processes of the step still alive: in its session, or known descendants with the same start. */
  alive(snapshot: ProcessInfo[] = listProcesses(this.platform)): ProcessInfo[] {
    return snapshot.filter(
      (p) =>
        p.pid !== process.pid &&
        (p.sid === this.leader || (this.known.has(p.pid) && this.known.get(p.pid) === p.start)),
    );
  }

  /**
   * Signals the step's process group, and each known descendant that left the session (the group
   * signal already reached the others; a second SIGINT could cut a program's own cleanup short).
   */
  signalAll(signal: NodeJS.Signals): void {
    if (this.platform === 'win32') return;
    signalQuietly(-this.leader, signal);
    for (const p of this.alive()) if (p.sid !== this.leader) signalQuietly(p.pid, signal);
  }

  /** Kills whatever is still in the step's session (left behind when the step ended on its own). */
  killSession(): void {
    if (this.platform === 'win32') return;
    for (const p of listProcesses(this.platform)) {
      if (p.sid === this.leader && p.pid !== process.pid) signalQuietly(p.pid, 'SIGKILL');
    }
  }
}

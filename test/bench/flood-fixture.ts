/**
 * The output-flood fixture: a fixed file of base64 text made once, so the engine, the bare
 * pseudo-terminal and the browser all print exactly the same bytes, plus a runbook that prints it
 * and a sampler of a process's memory.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runProgram } from './stats.js';

/** Base64 of 3 raw bytes is 4 characters: raw size for a wanted text size. */
const BASE64_RAW_PER_CHAR = 3 / 4;
/** LF in the file becomes CR LF on the way out of a pty (the terminal's onlcr setting). */
const PTY_EXTRA_PER_LINE = 1;

export interface FloodFile {
  file: string;
  /** Size of the file in bytes. */
  bytes: number;
  /** Bytes a pty turns the file into (each LF becomes CR LF): what the history must hold. */
  ptyBytes: number;
}

/** Makes (or reuses) a file of about `megabytes` MB of base64 lines in `dir`. */
export async function floodFile(dir: string, megabytes: number): Promise<FloodFile> {
  const file = join(dir, `flood-${megabytes}mb.txt`);
  if (!existsSync(file)) {
    const raw = Math.round(megabytes * 1e6 * BASE64_RAW_PER_CHAR);
    await runProgram('sh', ['-c', `head -c ${raw} /dev/urandom | base64 > '${file}'`]);
  }
  const bytes = statSync(file).size;
  let lines = 0;
  const content = readFileSync(file);
  for (let at = content.indexOf(10); at !== -1; at = content.indexOf(10, at + 1)) lines++;
  return { file, bytes, ptyBytes: bytes + lines * PTY_EXTRA_PER_LINE };
}

/** Writes a one-step runbook `id` that prints `file`, into `dir`; returns its path. */
export function floodRunbook(dir: string, id: string, file: string): string {
  const path = join(dir, `${id}.md`);
  const text = [
    '---',
    `id: ${id}`,
    `title: Flood ${id}`,
    'platforms: [linux, darwin]',
    '---',
    `# Flood ${id}`,
    '',
    'Prints a large file to measure how output is carried, stored and shown.',
    '',
    '```sh {"name":"flood"}',
    `cat '${file}'`,
    '```',
    '',
  ].join('\n');
  writeFileSync(path, text);
  return path;
}

/** Samples a process's resident memory; `peakMb` is the highest seen (VmHWM when available). */
export class MemorySampler {
  /** Often enough to catch a peak of a run lasting seconds, rarely enough to cost nothing. */
  static readonly INTERVAL_MS = 100;
  private timer: ReturnType<typeof setInterval> | undefined;
  private peakKb = 0;
  private lastHwmKb = 0;

  constructor(private readonly pid: number) {}

  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), MemorySampler.INTERVAL_MS);
    return this;
  }

  stop(): void {
    this.sample();
    if (this.timer) clearInterval(this.timer);
  }

  /** Highest resident size seen while sampling, in MB. */
  get peakMb(): number {
    return (this.peakKb * 1024) / 1e6;
  }

  /** The kernel's own high-water mark of the process since it started, in MB. */
  get highWaterMb(): number {
    return (this.lastHwmKb * 1024) / 1e6;
  }

  private sample(): void {
    let status: string;
    try {
      status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    } catch {
      return; // The process is gone: keep what was seen.
    }
    const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    this.peakKb = Math.max(this.peakKb, rss);
    this.lastHwmKb = Math.max(this.lastHwmKb, hwm);
  }
}

/** Pids of a process's direct children (Linux). */
export function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

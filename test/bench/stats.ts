/**
 * What every benchmark shares: repeated timing, median and spread, and the shape of one result
 * row, so that every figure in docs/PERFORMANCE.md is read the same way.
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

/** A measured figure: the median of several runs and their spread. */
export interface Stat {
  median: number;
  min: number;
  max: number;
  runs: number;
}

/** One line of a benchmark's table. */
export interface Row {
  measure: string;
  /** Human-readable target, e.g. "≤ 1.5× baseline" or "< 50 ms". */
  target: string;
  unit: 'ms' | 'MB' | 's';
  value: Stat;
  baseline?: { label: string; value: Stat };
  /** Whether the target is met; undefined when the row is informative only. */
  pass?: boolean;
}

/** One benchmark's results: its table and any notes the run produced. */
export interface Section {
  title: string;
  description: string;
  rows: Row[];
  notes: string[];
}

/** Median, min and max of a non-empty list. */
export function summarize(values: number[]): Stat {
  if (values.length === 0) throw new Error('summarize: no values were measured');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, runs: values.length };
}

/** Milliseconds taken by `fn`. */
export async function timeMs(fn: () => unknown): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

/** Runs `fn` `times` times in a row and summarizes the milliseconds each took. */
export async function repeatMs(times: number, fn: () => unknown): Promise<Stat> {
  const values: number[] = [];
  for (let i = 0; i < times; i++) values.push(await timeMs(fn));
  return summarize(values);
}

/** Median ratio of a figure to its baseline. */
export function ratio(value: Stat, baseline: Stat): number {
  return baseline.median > 0 ? value.median / baseline.median : Number.POSITIVE_INFINITY;
}

/** Runs a program to its end and rejects, with its stderr, when it fails. */
export function runProgram(
  command: string,
  args: string[],
  options: { cwd?: string; stdout?: 'ignore' | 'inherit' } = {},
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      stdio: ['ignore', options.stdout ?? 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${command} ${args.join(' ')} failed (${code ?? signal}): ${stderr}`));
    });
  });
}

/** Bytes as megabytes (10^6), the unit output sizes are given in. */
export function megabytes(bytes: number): number {
  return bytes / 1e6;
}

/** Prints a progress line to stderr so a long bench shows it is alive. */
export function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

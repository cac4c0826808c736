/**
 * Reads the CPU profiles the bench takes (cpu-profile-hook.cjs) and says where a process's time
 * went, in the few categories that explain an output figure: reading the pty, carrying output to
 * the viewers, writing the history, interpreting terminal output, the collector, idle.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * Categories, first match wins: [name, test on "function url"]. Function names are tested as well
 * as files, since the build merges modules into chunks named after one of them.
 */
const CATEGORIES: Array<[string, RegExp]> = [
  ['idle', /^\(idle\) /],
  ['waiting for the output writer thread', /^(waitFor|ready) /],
  ['garbage collector', /^\(garbage collector\) /],
  [
    'output carried between processes (serialise, pipe)',
    /writeBuffer|writeChannelMessage|parseChannelMessages|serialization|channel\.onread|_copyActual|createUnsafeBuffer/,
  ],
  [
    'history (hand-over to the writer thread, SQLite, plain text store)',
    /sqlite|better-sqlite3|storeText|postMessage|receiveMessageOnPort|handOver|^append |stepEnded/,
  ],
  [
    'terminal interpretation (xterm.js: plain text, screen mirror)',
    /xterm|countNewlines|^render |linesOf|^feed |keptInOrder|serialize|catchUp|dropOldest|controlSkeleton/,
  ],
  ['display batches (decode, number, fan out)', /string_decoder|^push |^flush |^deliver |fanout/],
  ['reading the pty', /node-pty|onStreamRead|stream_base/],
  [
    'start-up (loading modules)',
    /esm\/|cjs\/|compile|wrapSafe|modules\/|bootstrap|realm|lexer|readFileUtf8|openFileHandle|realpathSync/,
  ],
];

/** Milliseconds per category for one profile, with the busiest functions named. */
export function whereTimeWent(file: string): { total: number; parts: Map<string, number> } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parts = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    total += ms;
    const frame = byId.get(id)?.callFrame;
    const key = `${frame?.functionName ?? ''} ${frame?.url ?? ''}`;
    const category = CATEGORIES.find(([, test]) => test.test(key))?.[0] ?? 'other work';
    parts.set(category, (parts.get(category) ?? 0) + ms);
  });
  return { total, parts };
}

/** One line per process profiled in `dir`: its main thread's time by category. */
export function profileNotes(dir: string, label: (file: string) => string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => {
      const { total, parts } = whereTimeWent(join(dir, f));
      const shares = [...parts.entries()]
        .sort((a, b) => b[1] - a[1])
        .map(([name, ms]) => `${name} ${(ms / 1000).toFixed(2)} s`)
        .join('; ');
      return `Profile of ${label(f)} (main thread, ${(total / 1000).toFixed(1)} s): ${shares}.`;
    });
}

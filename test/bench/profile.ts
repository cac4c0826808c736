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

/** Categories, first match wins: [name, test on "function url"]. */
const CATEGORIES: Array<[string, RegExp]> = [
  ['idle (waiting for the pty, the pipe or the other thread)', /^\(idle\)|waitFor /],
  ['garbage collector', /^\(garbage collector\)/],
  [
    'output carried between processes (serialise, pipe)',
    /child_process|writeBuffer|writeChannelMessage|parseChannelMessages|serialization/,
  ],
  [
    'history: SQLite, plain text store, hand-over to the writer thread',
    /sqlite|better-sqlite3|storeText|postMessage|output-writer|output-sink|recorder-thread/,
  ],
  [
    'terminal interpretation (xterm.js: screen mirror, plain text)',
    /xterm|screen-mirror|plain-text|addon-serialize/,
  ],
  [
    'display batches (decode, number, fan out)',
    /output-batcher|display-stream|string_decoder|output-fanout|step-stream|engine-server|engine-client/,
  ],
  ['reading the pty (node-pty, streams)', /node-pty|stream_base_commons|onStreamRead|unixTerminal/],
  [
    'starting: loading and compiling modules',
    /esm\/|cjs\/|compile|wrapSafe|modules\/|bootstrap|realm|lexer/,
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

/**
 * `npm run bench`: runs every benchmark in turn on this machine and writes docs/PERFORMANCE.md.
 * `--only flood,steps,ui,history,export,startup,ledger` runs a subset; the report keeps the other
 * sections of the earlier report as they were, marked with the date they were measured.
 * Needs the built app (`npx electron-vite build`) for the CLI, serve, UI and engine benchmarks.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { benchExport } from './bench-export.js';
import { benchFlood, benchSteps } from './bench-cli.js';
import { benchHistory } from './bench-history.js';
import { benchLedger } from './bench-ledger.js';
import { benchStartup } from './bench-startup.js';
import { benchUi } from './bench-ui.js';
import { writeReport } from './report.js';
import { progress, type Section } from './stats.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
/** Runs per figure: at least 5 where a run is cheap, 3 where it takes seconds. */
const CHEAP_REPS = 7;
const COSTLY_REPS = 3;

type Bench = (workDir: string) => Promise<Section>;

const BENCHES: Record<string, Bench> = {
  startup: (workDir) => benchStartup({ workDir, root: ROOT, reps: CHEAP_REPS }),
  history: (workDir) => benchHistory({ workDir, reps: CHEAP_REPS * 3 }),
  export: (workDir) => benchExport({ workDir, root: ROOT, reps: COSTLY_REPS + 2 }),
  flood: (workDir) => benchFlood({ workDir, root: ROOT, reps: COSTLY_REPS + 2 }),
  steps: (workDir) => benchSteps({ workDir, root: ROOT, reps: CHEAP_REPS }),
  ui: (workDir) => benchUi({ workDir, root: ROOT, reps: COSTLY_REPS }),
  ledger: (workDir) => benchLedger({ workDir, reps: CHEAP_REPS }),
};

function selected(): string[] {
  const at = process.argv.indexOf('--only');
  if (at < 0) return Object.keys(BENCHES);
  const names = (process.argv[at + 1] ?? '').split(',').filter(Boolean);
  const unknown = names.filter((n) => !(n in BENCHES));
  if (unknown.length) {
    throw new Error(
      `--only: unknown benchmark "${unknown.join(', ')}"; choose from ${Object.keys(BENCHES).join(', ')}`,
    );
  }
  return names;
}

async function main(): Promise<void> {
  if (!existsSync(join(ROOT, 'out', 'main', 'cli.js'))) {
    throw new Error(
      'out/main/cli.js is missing: build the app first with `npx electron-vite build`.',
    );
  }
  const workDir = mkdtempSync(join(tmpdir(), 'runlog-bench-'));
  const sections: Section[] = [];
  const failures: string[] = [];
  const started = Date.now();
  try {
    for (const name of selected()) {
      progress(`${name}…`);
      try {
        sections.push(await BENCHES[name]!(workDir));
      } catch (err) {
        failures.push(`${name}: ${(err as Error).message.split('\n')[0]}`);
        progress(`${name} failed: ${(err as Error).stack}`);
      }
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  const file = join(ROOT, 'docs', 'PERFORMANCE.md');
  writeReport(file, sections, failures, { keepOthers: process.argv.includes('--only') });
  progress(`wrote ${file} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const missed = sections.flatMap((s) =>
    s.rows.filter((r) => r.pass === false).map((r) => `${s.title}: ${r.measure}`),
  );
  for (const m of missed) progress(`missed: ${m}`);
  process.exitCode = failures.length ? 1 : 0;
}

await main();

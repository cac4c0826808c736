/**
 * The built `runlog run` as an operator starts it, start-up included, each against its baseline in
 * the same run, interleaved:
 * - a 150 MB flood (pty, engine, history, output on stdout to /dev/null) against the same `cat`
 *   under a bare pty (`script -qfc … /dev/null > /dev/null`), with the engine process's peak
 *   memory at 50 and 150 MB, and CPU profiles of the CLI and the engine that say where time went;
 * - twenty one-line steps against the same twenty commands each in its own `script` pty.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HistoryStore } from '../../src-main/core/history/index.js';
import { childPids, floodFile, floodRunbook, type FloodFile } from './flood-fixture.js';
import { profileNotes } from './profile.js';
import { progress, runProgram, summarize, timeMs, type Section } from './stats.js';

/** The flood measured through `runlog run`, and a third of it to show memory is flat. */
const FLOOD_MB = 150;
const SMALL_FLOOD_MB = 50;
/** The targets: output time over a bare pty's, and the engine's peak memory. */
const FLOOD_TARGET_RATIO = 1.2;
const RSS_LIMIT_MB = 150;
/** Memory is flat when three times the output costs no more than this much more memory. */
const RSS_FLAT_RATIO = 1.2;
const STEPS = 20;
const STEPS_TARGET_RATIO = 1.5;
/** How often the engine's memory is read while it runs. */
const SAMPLE_MS = 50;

interface CliOptions {
  workDir: string;
  root: string;
  reps: number;
}

interface Cli {
  cli: string;
  dataDir: string;
  runbooks: string;
}

/** The engine process of a CLI, found among the descendants of `root`; its peak memory. */
class EngineMemory {
  private peakKb = 0;
  private timer: NodeJS.Timeout;

  constructor(root: number) {
    this.timer = setInterval(() => {
      for (const child of childPids(root)) {
        for (const pid of [child, ...childPids(child)]) this.sample(pid);
      }
    }, SAMPLE_MS);
  }

  private sample(pid: number): void {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('engine.js')) return;
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
      this.peakKb = Math.max(this.peakKb, hwm);
    } catch {
      // Gone between listing and reading.
    }
  }

  stop(): number {
    clearInterval(this.timer);
    return (this.peakKb * 1024) / 1e6;
  }
}

/** A measured run: wall time, CPU time of the whole process tree (user + system), engine memory. */
interface Measured {
  ms: number;
  cpuSeconds: number;
  engineMb: number;
}

/**
 * Runs a command with its output to /dev/null under bash, whose `times` then gives the CPU time
 * of everything it waited for (the command and all it started); watches the engine's memory.
 */
function measured(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<Measured> {
  const script = '"$@" >/dev/null; code=$?; times; exit $code';
  const start = performance.now();
  const child = spawn('bash', ['-c', script, 'bash', ...argv], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  const memory = new EngineMemory(child.pid ?? 0);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = performance.now() - start;
      const engineMb = memory.stop();
      // `times` prints the shell's own user and system time, then its children's.
      const children = stdout.trim().split('\n').at(-1) ?? '';
      const cpuSeconds = [...children.matchAll(/(\d+)m([\d.]+)s/g)]
        .map((m) => Number(m[1]) * 60 + Number(m[2]))
        .reduce((a, b) => a + b, 0);
      if (code === 0) resolve({ ms, cpuSeconds, engineMb });
      else reject(new Error(`${argv.join(' ')} exited ${code}: ${stderr}`));
    });
  });
}

/** `runlog ARGS` on the bench's data folder and runbooks. */
function runlog(c: Cli, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Measured> {
  return measured(
    [process.execPath, c.cli, ...args, '--data-dir', c.dataDir, '--runbooks', c.runbooks],
    env,
  );
}

/** Bytes the history holds for the latest execution of `step` (the whole output, or not). */
function recordedBytes(dataDir: string, step: string): number {
  const store = HistoryStore.open(join(dataDir, 'history.sqlite'), { readonly: true });
  try {
    const [latest] = store.listRuns({ limit: 1 }).runs;
    const exec = store.getRun(latest?.id ?? '')?.steps.find((s) => s.stepName === step);
    return store.readOutput(exec?.id ?? 0, 0, 1).total;
  } finally {
    store.close();
  }
}

function barePty(command: string): Promise<Measured> {
  return measured(['script', '-qfc', command, '/dev/null']);
}

async function trust(c: Cli, file: string): Promise<void> {
  await runProgram(process.execPath, [c.cli, 'trust', file, '--data-dir', c.dataDir]);
}

/** The 150 MB flood, the memory at 50 and 150 MB, and one profiled run. */
export async function benchFlood(options: CliOptions): Promise<Section> {
  const c = prepare(options);
  const floods = new Map<number, FloodFile>();
  for (const mb of [SMALL_FLOOD_MB, FLOOD_MB]) {
    const flood = await floodFile(options.workDir, mb);
    floods.set(mb, flood);
    await trust(c, floodRunbook(c.runbooks, `cli-flood-${mb}`, flood.file));
  }
  const big = floods.get(FLOOD_MB)!;
  const bare: number[] = [];
  const runs: number[] = [];
  const peaks = new Map<number, number[]>([
    [SMALL_FLOOD_MB, []],
    [FLOOD_MB, []],
  ]);
  const cpu = { bare: [] as number[], runs: [] as number[] };
  const notes: string[] = [];
  let complete = true;
  for (let i = 0; i < options.reps; i++) {
    const base = await barePty(`cat '${big.file}'`);
    bare.push(base.ms);
    cpu.bare.push(base.cpuSeconds);
    const run = await runlog(c, ['run', `cli-flood-${FLOOD_MB}`]);
    runs.push(run.ms);
    cpu.runs.push(run.cpuSeconds);
    peaks.get(FLOOD_MB)!.push(run.engineMb);
    const stored = recordedBytes(c.dataDir, 'flood');
    if (stored !== big.ptyBytes) {
      complete = false;
      notes.push(`Run ${i + 1}: the history holds ${stored} of ${big.ptyBytes} bytes.`);
    }
    peaks
      .get(SMALL_FLOOD_MB)!
      .push((await runlog(c, ['run', `cli-flood-${SMALL_FLOOD_MB}`])).engineMb);
    progress(
      `flood ${i + 1}/${options.reps}: bare pty ${base.ms.toFixed(0)} ms (CPU ${base.cpuSeconds.toFixed(2)} s), runlog run ${run.ms.toFixed(0)} ms (CPU ${run.cpuSeconds.toFixed(2)} s), engine ${run.engineMb.toFixed(0)} MB`,
    );
  }
  const profiles = mkdtempSync(join(options.workDir, 'profiles-'));
  await runlog(c, ['run', `cli-flood-${FLOOD_MB}`], {
    NODE_OPTIONS: `--require ${join(options.root, 'test', 'bench', 'cpu-profile-hook.cjs')}`,
    RUNLOG_BENCH_PROFILE_DIR: profiles,
  });
  const bareStat = summarize(bare);
  const runStat = summarize(runs);
  const big150 = summarize(peaks.get(FLOOD_MB)!);
  const small50 = summarize(peaks.get(SMALL_FLOOD_MB)!);
  const best = Math.min(...runs) / Math.min(...bare);
  const cpuRuns = summarize(cpu.runs).median;
  const cpuBare = summarize(cpu.bare).median;
  notes.unshift(
    `${(big.ptyBytes / 1e6).toFixed(1)} MB through the pty (base64 lines, LF turned into CR LF); the whole output was in the history after every run: ${complete ? 'yes' : 'NO'}. Best run over best baseline: ${best.toFixed(2)}×.`,
    `CPU time of the whole process tree (user + system, median): \`runlog run\` ${cpuRuns.toFixed(2)} s, bare pty ${cpuBare.toFixed(2)} s (${(cpuRuns / cpuBare).toFixed(2)}×). On two cores shared with other work the wall time follows the CPU time; the profiles below say where the CLI's and the engine's main threads spent theirs (the output writer thread and the kernel's share are not in them).`,
    ...profileNotes(profiles, (f) =>
      f.startsWith('engine') ? 'the engine process' : 'the runlog CLI',
    ),
  );
  return {
    title: `Output flood through \`runlog run\` (${FLOOD_MB} MB)`,
    description:
      '`node out/main/cli.js run` on a runbook whose one step `cat`s the file, start-up and the end of the run included, stdout to /dev/null; its baseline, interleaved with it: `script -qfc "cat FILE" /dev/null > /dev/null`. The engine\'s memory is its process\'s peak resident size (VmHWM), its output-writer thread included.',
    rows: [
      {
        measure: `${FLOOD_MB} MB flood, start to exit`,
        target: `≤ ${FLOOD_TARGET_RATIO}× bare pty`,
        unit: 'ms',
        value: runStat,
        baseline: { label: 'bare pty (`script`)', value: bareStat },
        pass: complete && runStat.median <= FLOOD_TARGET_RATIO * bareStat.median,
      },
      {
        measure: `Engine peak RSS, ${FLOOD_MB} MB flood`,
        target: `< ${RSS_LIMIT_MB} MB`,
        unit: 'MB',
        value: big150,
        pass: big150.max < RSS_LIMIT_MB,
      },
      {
        measure: `Engine peak RSS, ${SMALL_FLOOD_MB} MB flood (flat: ${FLOOD_MB} MB ≤ ${RSS_FLAT_RATIO}× this)`,
        target: `< ${RSS_LIMIT_MB} MB`,
        unit: 'MB',
        value: small50,
        pass: small50.max < RSS_LIMIT_MB && big150.median <= RSS_FLAT_RATIO * small50.median,
      },
    ],
    notes,
  };
}

/** Twenty one-line steps in one `runlog run`, against twenty `script` ptys. */
export async function benchSteps(options: CliOptions): Promise<Section> {
  const c = prepare(options);
  const file = join(c.runbooks, 'twenty-steps.md');
  const body = Array.from(
    { length: STEPS },
    (_, i) => `\`\`\`sh {"name":"s${i + 1}"}\necho step ${i + 1}\n\`\`\`\n`,
  );
  writeFileSync(
    file,
    `---\nid: twenty-steps\ntitle: Twenty steps\n---\n# Twenty steps\n\n${body.join('\n')}`,
  );
  await trust(c, file);
  const bare: number[] = [];
  const runs: number[] = [];
  for (let i = 0; i < options.reps; i++) {
    bare.push(
      await timeMs(async () => {
        for (let s = 1; s <= STEPS; s++)
          await runProgram('script', ['-qfc', `echo step ${s}`, '/dev/null']);
      }),
    );
    runs.push((await runlog(c, ['run', 'twenty-steps'])).ms);
    progress(
      `steps ${i + 1}/${options.reps}: ${STEPS} ptys ${bare.at(-1)!.toFixed(0)} ms, runlog run ${runs.at(-1)!.toFixed(0)} ms`,
    );
  }
  const bareStat = summarize(bare);
  const runStat = summarize(runs);
  return {
    title: `${STEPS} one-line steps through \`runlog run\``,
    description: `\`node out/main/cli.js run\` on a runbook of ${STEPS} steps \`echo step N\` (start-up, engine, history, the run's end included); baseline, interleaved: the same ${STEPS} commands, each in its own \`script -qfc … /dev/null\` pty, one after the other.`,
    rows: [
      {
        measure: `${STEPS} one-line steps, start to exit`,
        target: `≤ ${STEPS_TARGET_RATIO}× ${STEPS} bare ptys`,
        unit: 'ms',
        value: runStat,
        baseline: { label: `${STEPS} × \`script\``, value: bareStat },
        pass: runStat.median <= STEPS_TARGET_RATIO * bareStat.median,
      },
    ],
    notes: [
      'For comparison (not measured here, Jupyter is not installed on this machine): `jupyter-execute` of 20 `!` cells took 5.1 s on this machine when the target was set.',
    ],
  };
}

function prepare(options: CliOptions): Cli {
  const cli = join(options.root, 'out', 'main', 'cli.js');
  const dataDir = join(options.workDir, 'cli-data');
  const runbooks = join(options.workDir, 'cli-runbooks');
  mkdirSync(runbooks, { recursive: true });
  return { cli, dataDir, runbooks };
}

/**
 * Shared tools for the live runbook tests: they drive the built `runlog` CLI exactly as an
 * operator would (a real pty, a real history database, real programs), then read back what the
 * run recorded and exported.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { built, unmet } from '../needs.js';

/** The repository root, so tests find the build and the fixtures wherever vitest starts. */
export const REPO = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** The built CLI; `npm test` builds it first, a bare vitest run may not have. */
export const CLI = join(REPO, 'out', 'main', 'cli.js');

/** True when the CLI is missing, so every live test can skip with that reason (never under CI). */
export const CLI_MISSING = unmet(built()) !== undefined;

/** Title suffix explaining a skip caused by a missing build. */
export const NEEDS_BUILD = 'skipped: out/main/cli.js is missing, run "npm run build" first';

/** Upper bound for one CLI call; generous because the shared machine has two cores. */
const CLI_TIMEOUT_MS = 120_000;

/** What one CLI call produced. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** One step as `runlog run --json` reports it. */
export interface RunStepResult {
  name: string;
  status: string;
  flag?: string;
  exitCode?: number;
  signal?: string;
  attempts: number;
}

/** The document `runlog run --json` prints. */
export interface RunResult {
  runId: string;
  /** The run's status; "open" when it was left open (steps left to do). */
  status: string;
  open: boolean;
  steps: RunStepResult[];
  code: number | null;
  stderr: string;
}

/** An answer for a checklist or config step, given on the command line. */
export interface AttestOption {
  step: string;
  done?: boolean;
  note?: string;
  device?: string;
}

/** Makes a temporary folder; the caller removes it with `removeDir`. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Removes a temporary folder, ignoring one already gone. */
export function removeDir(dir: string | undefined): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/**
 * Starts `runlog ARGS…` without blocking the event loop, so servers living in the test process
 * keep answering the steps. `onChild` receives the process (to signal it mid-run). A `launcher`
 * (a program and its arguments, such as `unshare -n --`) runs the CLI through it.
 */
export function startCli(
  args: string[],
  onChild?: (child: ChildProcess) => void,
  env: NodeJS.ProcessEnv = process.env,
  launcher: string[] = [],
): Promise<CliResult> {
  const [program, ...programArgs] = [...launcher, process.execPath, CLI, ...args];
  return new Promise((resolveResult, reject) => {
    const child = spawn(program, programArgs, {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), CLI_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolveResult({ code, signal, stdout, stderr });
    });
    onChild?.(child);
  });
}

/** Options of one `runlog run`. */
export interface RunOptions {
  params?: Record<string, string>;
  steps?: string[];
  yes?: boolean;
  keepGoing?: boolean;
  attest?: AttestOption[];
  /** Finish the run at the end even with steps left. */
  finish?: boolean;
}

/** Builds the argument list of `runlog run … --json`. */
export function runArgs(runbook: string, dataDir: string, opts: RunOptions = {}): string[] {
  const args = ['run', runbook, '--data-dir', dataDir, '--json'];
  for (const [k, v] of Object.entries(opts.params ?? {})) args.push('--param', `${k}=${v}`);
  for (const s of opts.steps ?? []) args.push('--step', s);
  for (const a of opts.attest ?? []) {
    args.push('--attest', `${a.step}=${a.done === false ? 'not-done' : 'done'}`);
    if (a.note !== undefined) args.push('--note', `${a.step}=${a.note}`);
    if (a.device !== undefined) args.push('--device', `${a.step}=${a.device}`);
  }
  if (opts.yes) args.push('--yes');
  if (opts.keepGoing) args.push('--keep-going');
  if (opts.finish) args.push('--finish');
  return args;
}

/** Parses the `--json` document of a run, failing with the run's stderr when there is none. */
export function parseRun(result: CliResult): RunResult {
  let doc: { runId: string; status: string; open: boolean; steps: RunStepResult[] };
  try {
    doc = JSON.parse(result.stdout) as typeof doc;
  } catch {
    throw new Error(
      `runlog run printed no JSON (exit ${result.code}, signal ${result.signal}).\n` +
        `stdout: ${result.stdout}\nstderr: ${result.stderr}`,
    );
  }
  return { ...doc, code: result.code, stderr: result.stderr };
}

/** Runs a bundled runbook through the CLI and returns its JSON result. */
export async function runRunbook(
  runbook: string,
  dataDir: string,
  opts: RunOptions = {},
): Promise<RunResult> {
  return parseRun(await startCli(runArgs(runbook, dataDir, opts)));
}

/** The recorded status of one step; throws (naming the run's output) when the step is absent. */
export function stepStatus(run: RunResult, name: string): string {
  const found = run.steps.find((s) => s.name === name);
  if (!found) throw new Error(`step ${name} is not in run ${run.runId}:\n${run.stderr}`);
  return found.status;
}

/** Step name → status for the steps that actually ran, for readable assertion diffs. */
export function ranSteps(run: RunResult): Record<string, string> {
  const ran = run.steps.filter((s) => !['pending', 'not-applicable'].includes(s.status));
  return Object.fromEntries(ran.map((s) => [s.name, s.status]));
}

/** The run's own folder, where its steps worked and left their artifacts. */
export function runFolder(dataDir: string, runId: string): string {
  return join(dataDir, 'runs', runId);
}

/** Exports a run as evidence and returns the file's path. */
export async function exportRun(
  dataDir: string,
  runId: string,
  format: 'json' | 'html' | 'pdf',
  outDir: string,
): Promise<string> {
  const out = join(outDir, `${runId}.${format}`);
  const result = await startCli([
    'export',
    runId,
    '--format',
    format,
    '--out',
    out,
    '--data-dir',
    dataDir,
  ]);
  if (result.code !== 0)
    throw new Error(`runlog export failed (exit ${result.code}): ${result.stderr}`);
  return out;
}

/** One step of the signed record: its current result and how it counts. */
export interface EvidenceStep {
  name: string;
  status: string;
  kind: string;
  flag?: string;
  rules?: Record<string, unknown>;
  /** `seq` of its attempts. */
  attempts: number[];
  [key: string]: unknown;
}

/** One attempt of the signed record (an execution, an answer or a skip). */
export interface EvidenceAttempt {
  seq: number;
  step: string;
  attempt: number;
  status: string;
  output?: string;
  exitCode?: number;
  artifacts?: Array<{ path: string; sha256: string; size: number }>;
  attestation?: { done: boolean; note?: string; device?: string };
  [key: string]: unknown;
}

/** The in-toto statement inside a JSON evidence file. */
export interface Statement {
  subject: Array<{ name: string; digest: { sha256: string } }>;
  predicate: {
    steps: EvidenceStep[];
    attempts: EvidenceAttempt[];
    parameters: Record<string, string>;
    [key: string]: unknown;
  };
}

/** The attempts of one step in a signed statement, oldest first. */
export function attemptsOf(statement: Statement, step: string): EvidenceAttempt[] {
  return statement.predicate.attempts.filter((a) => a.step === step);
}

/** Decodes the signed statement of a JSON evidence file (its payload is base64). */
export function readStatement(jsonFile: string): Statement {
  const doc = JSON.parse(readFileSync(jsonFile, 'utf8')) as { envelope: { payload: string } };
  return JSON.parse(Buffer.from(doc.envelope.payload, 'base64').toString('utf8')) as Statement;
}

/**
 * All the text an evidence file carries: its bytes as they are plus every long base64 run
 * decoded, since the signed statement travels base64-encoded inside both JSON and HTML.
 */
export function evidenceText(file: string): string {
  const raw = readFileSync(file, 'latin1');
  const decoded = [...raw.matchAll(/[A-Za-z0-9+/]{200,}={0,2}/g)].map((m) =>
    Buffer.from(m[0], 'base64').toString('latin1'),
  );
  return [raw, ...decoded].join('\n');
}

/**
 * Runs `runlog verify FILE --data-dir DATA [--artifacts DIR]`: the data folder whose key signed
 * the evidence, so its own key history is what verify trusts.
 */
export function verifyEvidence(
  file: string,
  dataDir: string,
  artifactsDir?: string,
): Promise<CliResult> {
  const args = ['verify', file, '--data-dir', dataDir];
  if (artifactsDir) args.push('--artifacts', artifactsDir);
  return startCli(args);
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** Runs a program to completion and returns its output; throws with stderr when it fails. */
export function sh(
  cmd: string,
  args: string[],
  opts: { cwd?: string; input?: string } = {},
): string {
  const r = spawnSync(cmd, args, { cwd: opts.cwd, input: opts.input, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** Waits until `check` is true, polling; false when the time is up (the caller says what). */
export async function waitFor(
  check: () => boolean,
  timeoutMs: number,
  everyMs = 100,
): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return check();
}

/**
 * Shared pieces of the security tests: the built CLI run as a real process,
 * temporary data folders, and trusting a runbook through the real service.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { engineEntry } from '../../src-main/api/app-context.js';
import { openService, type OpenedService } from '../../src-main/api/open-service.js';
import { spawnEngine } from '../../src-main/core/engine/spawn-engine.js';
import type { Events } from '../../src-main/api/contract.js';
import { built, unmet } from '../needs.js';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const CLI = join(ROOT, 'out', 'main', 'cli.js');
export const HOSTILE = join(ROOT, 'test', 'fixtures', 'hostile');
/** The tests that drive the CLI need the build; they are skipped without it (never under CI). */
export const BUILT = unmet(built()) === undefined;

/** A CLI process must answer well within this; a hang is a failure, not a wait. */
const CLI_TIMEOUT_MS = 45_000;

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `runlog ARGS…` as a child process and collects what it printed. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), CLI_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolveRun({ code, signal, stdout, stderr });
    });
  });
}

/** A fresh temporary folder. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `runlog-sec-${prefix}-`));
}

/** Trusts a runbook (by id or path) in a data folder, as an operator who reviewed it would. */
export async function trustRunbook(
  dataDir: string,
  id: string,
  runbookDirs: string[] = [],
): Promise<string> {
  const opened = await openService({ dataDir, runbookDirs, transport: 'cli' });
  try {
    const { runbook } = await opened.service.commands['library:get']({ id });
    await opened.service.commands['library:trust']({ id, sha256: runbook.sha256 });
    return runbook.sha256;
  } finally {
    await opened.close();
  }
}

/** Every regular file under a folder, recursively. */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map((f) => join(dir, String(f)))
    .filter((f) => statSync(f).isFile());
}

/** The files under `dir` whose bytes contain `needle` (as UTF-8 or UTF-16LE). */
export function filesContaining(dir: string, needle: string): string[] {
  const forms = [Buffer.from(needle, 'utf8'), Buffer.from(needle, 'utf16le')];
  return filesUnder(dir).filter((file) => {
    const bytes = readFileSync(file);
    return forms.some((form) => bytes.includes(form));
  });
}

/** Exports a run with the real CLI (`runlog export RUN --format F --out FILE`); throws on failure. */
export async function exportWithCli(
  dataDir: string,
  runId: string,
  format: 'json' | 'html' | 'pdf' | 'bundle',
  out: string,
): Promise<string> {
  const r = await runCli([
    'export',
    runId,
    '--format',
    format,
    '--out',
    out,
    '--data-dir',
    dataDir,
  ]);
  if (r.code !== 0) throw new Error(`runlog export ${format} failed (exit ${r.code}): ${r.stderr}`);
  return out;
}

/**
 * Opens the real service over some runbook folders and records the pid of every engine process
 * it forks, so a test can kill one.
 */
export async function openTracked(
  dataDir: string,
  runbookDirs: string[],
): Promise<{ opened: OpenedService; pids: number[] }> {
  const pids: number[] = [];
  const opened = await openService({
    dataDir,
    runbookDirs,
    transport: 'cli',
    startEngine: (args) => {
      const client = spawnEngine({ ...args, entry: engineEntry() });
      if (client.pid) pids.push(client.pid);
      return client;
    },
  });
  return { opened, pids };
}

/** Resolves with the first output event of a step that contains `text`. */
export function outputSeen(opened: OpenedService, text: string): Promise<void> {
  return new Promise((resolve) => {
    let seen = '';
    const sub = opened.service.subscribe((event, payload) => {
      if (event !== 'step:output') return;
      const p = payload as Events['step:output'];
      seen += p.data;
      sub.ack(p.runId, p.data.length);
      if (seen.includes(text)) {
        sub.unsubscribe();
        resolve();
      }
    });
  });
}

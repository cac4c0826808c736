/**
 * A real `runlog serve` (the built CLI) in a child process, for the host's own tests and the
 * end-to-end fixtures alike: started with a data folder, resolved once it prints its address.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const CLI = join(ROOT, 'out', 'main', 'cli.js');
export const E2E_RUNBOOKS = join(ROOT, 'test', 'fixtures', 'e2e-runbooks');

/** The address `runlog serve` prints: the token only in the fragment. */
export const SERVE_ADDRESS = /(http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/;

/** The last line `runlog serve` prints when it has started. */
const READY_LINE = 'Press Ctrl-C to stop.';

/** How long a fresh `runlog serve` may take to print its address on a loaded machine. */
const START_TIMEOUT_MS = 20_000;

export interface Host {
  url: string;
  origin: string;
  port: number;
  token: string;
  dataDir: string;
  process: ChildProcess;
  /** Everything the process printed so far (stdout and stderr). */
  output: () => string;
}

export interface ServeOptions {
  /** Add the e2e fixture runbooks folder (default true); pictures for the docs leave it out. */
  e2eRunbooks?: boolean;
  /** The child's environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** `--port N` (default 0: any free port). */
  port?: number;
}

/** Starts `runlog serve` and resolves once it has printed its URL and the rest of its greeting. */
export async function startServe(
  extraArgs: string[] = [],
  dataDir?: string,
  options: ServeOptions = {},
): Promise<Host> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'runlog-e2e-'));
  const runbooks = options.e2eRunbooks === false ? [] : ['--runbooks', E2E_RUNBOOKS];
  const port = String(options.port ?? 0);
  const child = spawn(
    process.execPath,
    [CLI, 'serve', '--data-dir', dir, ...runbooks, '--port', port, ...extraArgs],
    { stdio: ['ignore', 'pipe', 'pipe'], env: options.env ?? process.env },
  );
  let output = '';
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`runlog serve did not start:\n${output}`)),
      START_TIMEOUT_MS,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = SERVE_ADDRESS.exec(output);
      if (match?.[1] && output.includes(READY_LINE)) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`runlog serve exited (${code}):\n${output}`)));
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    port: Number(parsed.port),
    token: parsed.hash.slice('#token='.length),
    dataDir: dir,
    process: child,
    output: () => output,
  };
}

/** Stops the host (SIGTERM, then SIGKILL after 5 s) and removes its data folder unless told not to. */
export async function stopServe(host: Host, removeData = true): Promise<void> {
  if (host.process.exitCode === null && host.process.signalCode === null) {
    const exited = new Promise((r) => host.process.once('exit', r));
    host.process.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
    if (host.process.exitCode === null) host.process.kill('SIGKILL');
  }
  if (removeData) rmSync(host.dataDir, { recursive: true, force: true });
}

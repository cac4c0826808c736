/**
 * The `host` fixture: a real `runlog serve` (the built CLI) with a fresh data
 * folder and the e2e runbooks folder, stopped after the test.
 */
import { test as base, expect } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const CLI = join(ROOT, 'out', 'main', 'cli.js');
export const E2E_RUNBOOKS = join(ROOT, 'test', 'fixtures', 'e2e-runbooks');

export interface Host {
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  process: ChildProcess;
}

export interface ServeOptions {
  /** Add the e2e fixture runbooks folder (default true); pictures for the docs leave it out. */
  e2eRunbooks?: boolean;
}

/** Starts `runlog serve` and resolves once it prints its URL. */
export async function startServe(
  extraArgs: string[] = [],
  dataDir?: string,
  options: ServeOptions = {},
): Promise<Host> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'runlog-e2e-'));
  const runbooks = options.e2eRunbooks === false ? [] : ['--runbooks', E2E_RUNBOOKS];
  const child = spawn(
    process.execPath,
    [CLI, 'serve', '--data-dir', dir, ...runbooks, '--port', '0', ...extraArgs],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`runlog serve did not start:\n${output}`)),
      20_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.exec(output);
      if (match?.[1]) {
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
    token: parsed.searchParams.get('token') ?? '',
    dataDir: dir,
    process: child,
  };
}

export async function stopServe(host: Host, removeData = true): Promise<void> {
  if (host.process.exitCode === null) {
    const exited = new Promise((r) => host.process.once('exit', r));
    host.process.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
    if (host.process.exitCode === null) host.process.kill('SIGKILL');
  }
  if (removeData) rmSync(host.dataDir, { recursive: true, force: true });
}

export const test = base.extend<{ host: Host }>({
  host: async ({}, use) => {
    const host = await startServe();
    await use(host);
    await stopServe(host);
  },
});

export { expect };

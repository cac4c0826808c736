/**
 * Start-up: the built `runlog --help`, `list` and `show` and `runlog serve` until its first
 * request is answered, against a bare `node -e 0`; and a library of 200 runbooks parsed, against
 * reading the same files unparsed.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Library } from '../../src-main/core/runbook/library.js';
import { SERVE_ADDRESS } from '../host/serve-process.js';
import { progress, repeatMs, runProgram, timeMs, summarize, type Section } from './stats.js';

/** Each start-up must be done within this: the operator is waiting for a window. */
const TARGET_MS = 1000;
/** `runlog --help` answers within this: a command line that feels instant. */
const HELP_TARGET_MS = 200;
/** The library size the performance target names. */
const LIBRARY_SIZE = 200;
/** A serve that has not printed its URL by then is broken, not slow. */
const SERVE_TIMEOUT_MS = 30_000;

/** Spawns the built CLI's serve, waits for its URL, GETs it; resolves with the milliseconds taken. */
async function serveOnce(cli: string, workDir: string): Promise<number> {
  const dataDir = mkdtempSync(join(workDir, 'serve-'));
  const start = performance.now();
  const child = spawn(process.execPath, [cli, 'serve', '--data-dir', dataDir, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let seen = '';
      const timer = setTimeout(
        () => reject(new Error(`runlog serve printed no URL:\n${seen}`)),
        SERVE_TIMEOUT_MS,
      );
      const onData = (chunk: Buffer) => {
        seen += chunk.toString();
        const match = SERVE_ADDRESS.exec(seen);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code) => reject(new Error(`runlog serve exited (${code}):\n${seen}`)));
    });
    const reply = await fetch(url);
    await reply.arrayBuffer();
    if (reply.status !== 200) throw new Error(`runlog serve answered ${reply.status} to ${url}`);
    return performance.now() - start;
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Copies the bundled runbooks into `dir` until it holds `LIBRARY_SIZE`, each with its own id. */
function makeLibrary(root: string, dir: string): void {
  const bundled = join(root, 'runbooks');
  const sources = readdirSync(bundled).filter((f) => f.endsWith('.md'));
  for (let i = 0; i < LIBRARY_SIZE; i++) {
    const name = sources[i % sources.length]!;
    const text = readFileSync(join(bundled, name), 'utf8');
    const id = `${name.replace(/\.md$/, '')}-${i}`;
    const renamed = /^---\n[\s\S]*?^id: .*$/m.test(text)
      ? text.replace(/^id: .*$/m, `id: ${id}`)
      : text.replace(/^---\n/, `---\nid: ${id}\n`);
    writeFileSync(join(dir, `${id}.md`), renamed);
  }
}

/** Runs the start-up benchmarks and returns their section of the report. */
export async function benchStartup(options: {
  workDir: string;
  root: string;
  reps: number;
}): Promise<Section> {
  const cli = join(options.root, 'out', 'main', 'cli.js');
  const nodeBare = await repeatMs(options.reps, () => runProgram(process.execPath, ['-e', '0']));
  const cliData = mkdtempSync(join(options.workDir, 'cli-start-'));
  const command = (args: string[]) =>
    repeatMs(options.reps, () =>
      runProgram(process.execPath, [cli, ...args, '--data-dir', cliData]).catch(() => undefined),
    );
  const help = await command(['--help']);
  const list = await command(['list']);
  const show = await command(['show', 'wireless-capture']);
  progress(`runlog --help median ${help.median.toFixed(0)} ms, list ${list.median.toFixed(0)} ms`);
  const serve: number[] = [];
  for (let i = 0; i < options.reps; i++) serve.push(await serveOnce(cli, options.workDir));
  progress(`serve start-up median ${summarize(serve).median.toFixed(0)} ms`);

  const libDir = join(options.workDir, 'library-200');
  const emptyBundled = join(options.workDir, 'library-empty');
  mkdirSync(libDir, { recursive: true });
  mkdirSync(emptyBundled, { recursive: true });
  makeLibrary(options.root, libDir);
  let loaded = 0;
  const parse = await repeatMs(options.reps, async () => {
    const library = new Library({ bundledDir: emptyBundled, extraDirs: [libDir] });
    await library.load();
    loaded = library.list().length;
    library.close();
  });
  const read = await repeatMs(options.reps, async () => {
    const files = readdirSync(libDir).filter((f) => f.endsWith('.md'));
    await Promise.all(files.map((f) => readFile(join(libDir, f), 'utf8')));
  });
  const firstParse = await timeMs(async () => {
    await runProgram(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `import('${join(options.root, 'src-main/core/runbook/library.ts')}').then(async ({ Library }) => { const l = new Library({ bundledDir: '${emptyBundled}', extraDirs: ['${libDir}'] }); await l.load(); l.close(); })`,
      ],
      { cwd: options.root },
    );
  });
  return {
    title: 'Start-up',
    description:
      '`node out/main/cli.js --help`, `list` and `show` (each a fresh process; `list` exits 1 when a runbook has errors, which does not matter here), and `node out/main/cli.js serve --port 0` with a fresh data folder, timed from spawn until a GET of the printed page address returns 200; and `Library.load()` of 200 runbooks made from copies of the six bundled ones with distinct ids.',
    rows: [
      {
        measure: '`runlog --help`',
        target: `≤ ${HELP_TARGET_MS} ms`,
        unit: 'ms',
        value: help,
        baseline: { label: '`node -e 0`', value: nodeBare },
        pass: help.median <= HELP_TARGET_MS,
      },
      {
        measure: '`runlog list` (library and history, no engine)',
        target: 'informative',
        unit: 'ms',
        value: list,
        baseline: { label: '`node -e 0`', value: nodeBare },
      },
      {
        measure: '`runlog show wireless-capture`',
        target: 'informative',
        unit: 'ms',
        value: show,
        baseline: { label: '`node -e 0`', value: nodeBare },
      },
      {
        measure: '`runlog serve` to first request answered',
        target: `< ${TARGET_MS / 1000} s`,
        unit: 'ms',
        value: summarize(serve),
        baseline: { label: '`node -e 0`', value: nodeBare },
        pass: summarize(serve).median < TARGET_MS,
      },
      {
        measure: `Library of ${LIBRARY_SIZE} runbooks parsed`,
        target: `< ${TARGET_MS / 1000} s`,
        unit: 'ms',
        value: parse,
        baseline: { label: 'reading the 200 files unparsed', value: read },
        pass: parse.median < TARGET_MS && loaded === LIBRARY_SIZE,
      },
    ],
    notes: [
      `The library loaded ${loaded} of ${LIBRARY_SIZE} runbooks. Parse figures are repeated loads in one process (warm JIT); ` +
        `a whole fresh process (Node + tsx + modules + one load) took ${firstParse.toFixed(0)} ms.`,
    ],
  };
}

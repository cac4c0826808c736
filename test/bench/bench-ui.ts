/**
 * The output flood as an operator sees it: the built browser host, Chromium driven by
 * playwright-core, a step printing 50 MB and then 150 MB into the notebook. Measures the time to
 * the step's end against the same `cat` under a bare pty, the step's own time with the page
 * watching against the same step with no page, the longest main-thread task, page and engine
 * memory, and checks that the full output stays retrievable from the history.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import WebSocket from 'ws';
import {
  MemorySampler,
  childPids,
  floodFile,
  floodRunbook,
  type FloodFile,
} from './flood-fixture.js';
import { handshakeProtocols } from '../../src-main/host/handshake.js';
import { SERVE_ADDRESS } from '../host/serve-process.js';
import {
  megabytes,
  progress,
  runProgram,
  summarize,
  timeMs,
  type Row,
  type Section,
} from './stats.js';

/** No main-thread task may be longer than this: beyond it the window feels frozen. */
const LONG_TASK_LIMIT_MS = 200;
/** Click Run to step passed may take at most this multiple of the bare pty's time (50 MB). */
const UI_TARGET_RATIO = 2;
/** The step's own time with the page watching, over its time with no page: noise, not pacing. */
const VIEWER_INDEPENDENCE_RATIO = 1.25;
/** Page memory is bounded when the larger flood costs no more than this over the smaller one. */
const HEAP_GROWTH_LIMIT = 1.5;
/** The sizes compared: the 50 MB of the target, and three times that to show memory does not follow. */
const SIZES_MB = [50, 150];
/** How often page memory is sampled during a flood. */
const HEAP_SAMPLE_MS = 500;
/** A flood that has not ended by then is stuck. */
const STEP_TIMEOUT_MS = 600_000;
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/** Registered before the app loads: keeps the longest main-thread task since the last reset. */
const LONG_TASK_OBSERVER = `
  window.__longest = 0;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
  }).observe({ type: 'longtask', buffered: false });
`;

interface Host {
  url: string;
  port: number;
  child: ChildProcess;
  nextId: number;
}

async function startHost(cli: string, dataDir: string, runbooks: string): Promise<Host> {
  const child = spawn(
    process.execPath,
    [cli, 'serve', '--data-dir', dataDir, '--runbooks', runbooks, '--port', '0'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = SERVE_ADDRESS.exec(seen);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`runlog serve exited (${code}):\n${seen}`)));
  });
  const parsed = new URL(url);
  return { url, port: Number(parsed.port), child, nextId: 1 };
}

/**
 * One command over a WebSocket of its own, closed at once: a connection left open is a
 * subscriber that never acknowledges output, and flow control would rightly hold the step for it.
 */
async function call<T>(host: Host, command: string, request: unknown): Promise<T> {
  const parsed = new URL(host.url);
  const token = parsed.hash.slice('#token='.length);
  const socket = new WebSocket(`ws://127.0.0.1:${host.port}/ws`, handshakeProtocols(token), {
    headers: { origin: parsed.origin },
  });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  try {
    return await send<T>(socket, host.nextId++, command, request);
  } finally {
    socket.close();
  }
}

function send<T>(socket: WebSocket, id: number, command: string, request: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (raw: WebSocket.RawData) => {
      const msg = JSON.parse(raw.toString()) as {
        id?: number;
        ok?: boolean;
        response?: T;
        error?: { message: string };
      };
      if (msg.id !== id) return;
      socket.off('message', onMessage);
      if (msg.ok) resolve(msg.response as T);
      else reject(new Error(`${command}: ${msg.error?.message}`));
    };
    socket.on('message', onMessage);
    socket.send(JSON.stringify({ id, command, request }));
  });
}

interface FloodResult {
  ms: number;
  /** The step's own time as the history recorded it (its start to its end). */
  stepMs: number;
  longestTaskMs: number;
  peakHeapMb: number;
  engineRssMb: number;
  storedBytes: number;
}

/** Opens the runbook, starts a run, runs the flood step and measures it. */
async function floodOnce(browser: Browser, host: Host, id: string): Promise<FloodResult> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page: Page = await context.newPage();
  try {
    await page.addInitScript(LONG_TASK_OBSERVER);
    await page.goto(`${host.url}#/runbook/${id}`);
    await page.getByRole('button', { name: 'Start run' }).click();
    await page.locator('[data-role="run-status"]').filter({ hasText: 'open' }).waitFor();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    let peakHeap = 0;
    const sampleHeap = async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
      peakHeap = Math.max(peakHeap, heap);
    };
    const heapTimer = setInterval(() => void sampleHeap().catch(() => {}), HEAP_SAMPLE_MS);
    const enginePid = childPids(host.child.pid ?? 0)[0] ?? 0;
    const engine = new MemorySampler(enginePid).start();
    await page.evaluate(() => ((window as unknown as { __longest: number }).__longest = 0));
    const cell = page.locator('section.cell[data-step="flood"]');
    const start = performance.now();
    await cell.getByRole('button', { name: /Run/ }).click();
    await cell
      .locator('[data-role="status"]')
      .filter({ hasText: /^(passed|failed|stopped)$/ })
      .waitFor({ timeout: STEP_TIMEOUT_MS });
    const ms = performance.now() - start;
    clearInterval(heapTimer);
    engine.stop();
    await sampleHeap();
    const longestTaskMs = await page.evaluate(
      () => (window as unknown as { __longest: number }).__longest,
    );
    const { runs } = await call<{ runs: Array<{ id: string }> }>(host, 'history:list', {
      runbookId: id,
      limit: 1,
    });
    const { exec, total } = await latestFlood(host, runs[0]?.id ?? '');
    return {
      ms,
      stepMs: Date.parse(exec?.endedAt ?? '') - Date.parse(exec?.startedAt ?? ''),
      longestTaskMs,
      peakHeapMb: megabytes(peakHeap),
      engineRssMb: engine.peakMb,
      storedBytes: exec?.status === 'passed' ? total : -1,
    };
  } finally {
    await context.close();
  }
}

interface RecordedFlood {
  id: number;
  stepName: string;
  status: string;
  startedAt?: string;
  endedAt?: string;
}

/** The flood step of a run as the history recorded it, and the bytes of its output. */
async function latestFlood(
  host: Host,
  runId: string,
): Promise<{ exec?: RecordedFlood; total: number }> {
  const { run } = await call<{ run: { steps: RecordedFlood[] } }>(host, 'history:get', { runId });
  const exec = run.steps.find((s) => s.stepName === 'flood');
  const { total } = await call<{ total: number }>(host, 'history:output', {
    executionId: exec?.id ?? 1,
    offset: 0,
    length: 1,
  });
  return { exec, total };
}

/**
 * The same step run over the contract with no page open: its own recorded time. The WebSocket
 * that asks is itself a subscriber that never acknowledges, which must not slow the step either.
 */
async function unwatched(host: Host, id: string): Promise<number> {
  const { runId } = await call<{ runId: string }>(host, 'run:start', { runbookId: id, params: {} });
  await call(host, 'run:step', { runId, step: 'flood' });
  const { exec } = await latestFlood(host, runId);
  return Date.parse(exec?.endedAt ?? '') - Date.parse(exec?.startedAt ?? '');
}

interface Baselines {
  /** The same `cat` under a bare pty, ms. */
  bare: number[];
  /** The step's own time with no page, ms. */
  alone: number[];
}

function rowsFor(size: number, results: FloodResult[], flood: FloodFile, base: Baselines): Row[] {
  const stored = results.every((r) => r.storedBytes === flood.ptyBytes);
  const clicked = summarize(results.map((r) => r.ms / 1000));
  const bare = summarize(base.bare.map((ms) => ms / 1000));
  const own = summarize(results.map((r) => r.stepMs / 1000));
  const alone = summarize(base.alone.map((ms) => ms / 1000));
  const judged = size === SIZES_MB[0];
  return [
    {
      measure: `${size} MB: click Run to step passed`,
      target: judged ? `≤ ${UI_TARGET_RATIO}× bare pty` : 'informative',
      unit: 's',
      value: clicked,
      baseline: { label: 'bare pty (`script`)', value: bare },
      pass: judged ? clicked.median <= UI_TARGET_RATIO * bare.median : undefined,
    },
    {
      measure: `${size} MB: the step's own time, page watching`,
      target: `≤ ${VIEWER_INDEPENDENCE_RATIO}× no page`,
      unit: 's',
      value: own,
      baseline: { label: 'same step, no page', value: alone },
      pass: own.median <= VIEWER_INDEPENDENCE_RATIO * alone.median,
    },
    {
      measure: `${size} MB: longest main-thread task`,
      target: `≤ ${LONG_TASK_LIMIT_MS} ms`,
      unit: 'ms',
      value: summarize(results.map((r) => r.longestTaskMs)),
      pass: results.every((r) => r.longestTaskMs <= LONG_TASK_LIMIT_MS),
    },
    {
      measure: `${size} MB: page JS heap, peak`,
      target: 'bounded (see below)',
      unit: 'MB',
      value: summarize(results.map((r) => r.peakHeapMb)),
    },
    {
      measure: `${size} MB: engine process peak RSS`,
      target: 'bounded',
      unit: 'MB',
      value: summarize(results.map((r) => r.engineRssMb)),
    },
    {
      measure: `${size} MB: full output in history (\`history:output\` total)`,
      target: `= ${flood.ptyBytes} bytes`,
      unit: 'MB',
      value: summarize(results.map((r) => megabytes(r.storedBytes))),
      pass: stored,
    },
  ];
}

/** Runs the UI flood benchmark and returns its section of the report. */
export async function benchUi(options: {
  workDir: string;
  root: string;
  reps: number;
  sizesMb?: number[];
}): Promise<Section> {
  const sizes = options.sizesMb ?? SIZES_MB;
  const runbooks = join(options.workDir, 'ui-runbooks');
  mkdirSync(runbooks, { recursive: true });
  const floods = new Map<number, FloodFile>();
  for (const size of sizes) {
    const flood = await floodFile(options.workDir, size);
    floods.set(size, flood);
    floodRunbook(runbooks, `bench-ui-${size}`, flood.file);
  }
  const host = await startHost(
    join(options.root, 'out', 'main', 'cli.js'),
    join(options.workDir, 'ui-data'),
    runbooks,
  );
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  try {
    const { runbooks: list } = await call<{ runbooks: Array<{ id: string; sha256: string }> }>(
      host,
      'library:list',
      {},
    );
    for (const rb of list.filter((r) => r.id.startsWith('bench-ui-'))) {
      await call(host, 'library:trust', { id: rb.id, sha256: rb.sha256 });
    }
    const rows: Row[] = [];
    const heaps: number[] = [];
    for (const size of sizes) {
      const results: FloodResult[] = [];
      const base: Baselines = { bare: [], alone: [] };
      const flood = floods.get(size)!;
      for (let i = 0; i < options.reps; i++) {
        base.bare.push(
          await timeMs(() => runProgram('script', ['-qfc', `cat '${flood.file}'`, '/dev/null'])),
        );
        results.push(await floodOnce(browser, host, `bench-ui-${size}`));
        base.alone.push(await unwatched(host, `bench-ui-${size}`));
        const r = results.at(-1)!;
        progress(
          `ui ${size} MB ${i + 1}/${options.reps}: ${(r.ms / 1000).toFixed(1)} s (bare pty ${(base.bare.at(-1)! / 1000).toFixed(1)} s), step ${(r.stepMs / 1000).toFixed(1)} s (no page ${(base.alone.at(-1)! / 1000).toFixed(1)} s), longest task ${r.longestTaskMs.toFixed(0)} ms, heap ${r.peakHeapMb.toFixed(0)} MB`,
        );
      }
      heaps.push(summarize(results.map((r) => r.peakHeapMb)).median);
      rows.push(...rowsFor(size, results, flood, base));
    }
    const growth = heaps[1]! / heaps[0]!;
    rows.push({
      measure: `Page heap growth ${sizes[0]} → ${sizes[1]} MB`,
      target: `≤ ${HEAP_GROWTH_LIMIT}× (bounded)`,
      unit: 'MB',
      value: summarize([heaps[1]! - heaps[0]!]),
      pass: growth <= HEAP_GROWTH_LIMIT,
    });
    return {
      title: 'Output flood in the UI (browser host + Chromium)',
      description:
        "`runlog serve` (built), Chromium through playwright-core; the runbook is trusted over the WebSocket, then the page is driven like an operator: Start run, then the step's Run button, until its status says passed. Baselines, interleaved: the same `cat` under `script -qfc … /dev/null`, and the same step run over the WebSocket with no page open (its own time as the history recorded it). Long tasks come from a PerformanceObserver registered before the app loads; heap from CDP `Performance.getMetrics` (JSHeapUsedSize) every 0.5 s.",
      rows,
      notes: [`Page heap peak grows ${growth.toFixed(2)}× for 3× the output.`],
    };
  } finally {
    await browser.close();
    host.child.kill('SIGTERM');
  }
}

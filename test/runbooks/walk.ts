/**
 * Walking a bundled runbook as written, through both doors, as an operator would: every gate
 * confirmed, every required checklist and config step answered done (with the device's name
 * where the runbook asks for it), optional ones left alone. The CLI is driven on a real pty,
 * answering its questions as they appear; the contract is driven the way the UI does (run all,
 * confirm the gate it stops at, attest the manual step it stops at, run all again).
 */
import { join } from 'node:path';
import { openService, type OpenedService } from '../../src-main/api/open-service.js';
import { spawnEngine } from '../../src-main/core/engine/spawn-engine.js';
import { HistoryStore } from '../../src-main/core/history/index.js';
import type { RunDetail } from '../../src-main/core/run-model.js';
import { CliPty } from '../cli/cli-pty.js';

export { CliPty };

/** What the operator says, and what must happen before a step is answered (a device changed). */
export interface Operator {
  device?: string;
  note?: string;
  /** Called before the operator answers a checklist or config step. */
  before?: (step: string) => void | Promise<void>;
  /** Looks at the screen while the walk goes on (to press Ctrl-C at the right moment). */
  watch?: (screen: string, pty: CliPty) => void;
}

const QUESTIONS: Array<[RegExp, string]> = [
  [/Run it\? \[y\]es/, 'gate'],
  [/(Done|Applied)\? \[y\]es \/ \[n\]ot done/, 'manual'],
  [/Device( \(Enter for none\))?: /, 'device'],
  [/Note \(Enter for none\): /, 'note'],
  [/\[r\]un it again/, 'failure'],
];
const MANUAL_HEADER = /(?:Checklist|Configuration to apply on the device): (\S+)( \(optional\))?/g;
const POLL_MS = 100;
/** A walk on the shared two-core machine takes well under this; a hang is a failure. */
const WALK_MS = 180_000;

/** The first question on the screen after `from`, if any. */
function nextQuestion(
  screen: string,
  from: number,
): { at: number; end: number; kind: string } | undefined {
  let best: { at: number; end: number; kind: string } | undefined;
  for (const [pattern, kind] of QUESTIONS) {
    const match = new RegExp(pattern.source, 'g');
    match.lastIndex = from;
    const found = match.exec(screen);
    if (found && (!best || found.index < best.at))
      best = { at: found.index, end: found.index + found[0].length, kind };
  }
  return best;
}

/** The manual step a question is about: the last header before it. */
function headerBefore(screen: string, at: number): { step: string; optional: boolean } {
  let last = { step: '', optional: false };
  for (const m of screen.slice(0, at).matchAll(MANUAL_HEADER))
    last = { step: m[1]!, optional: m[2] !== undefined };
  return last;
}

/** Answers every question of `runlog run`/`resume` on the pty until it exits; resolves with its exit code. */
export async function operate(pty: CliPty, operator: Operator = {}): Promise<number | undefined> {
  let exited = false;
  void pty.done.then(() => (exited = true));
  const end = Date.now() + WALK_MS;
  let cursor = 0;
  while (!exited) {
    if (Date.now() > end) throw new Error(`the walk did not end:\n${pty.screen()}`);
    const screen = pty.screen();
    operator.watch?.(screen, pty);
    const q = nextQuestion(screen, cursor);
    if (!q) {
      await new Promise((r) => setTimeout(r, POLL_MS));
      continue;
    }
    cursor = q.end;
    if (q.kind === 'failure') throw new Error(`a step failed during the walk:\n${screen}`);
    if (q.kind === 'gate') pty.type('y\r');
    else if (q.kind === 'manual') {
      const header = headerBefore(screen, q.at);
      if (!header.optional) await operator.before?.(header.step);
      pty.type(header.optional ? 'l\r' : 'y\r');
    } else if (q.kind === 'device') pty.type(`${operator.device ?? 'edge-01'}\r`);
    else pty.type(`${operator.note ?? ''}\r`);
  }
  return pty.exitCode();
}

/** The built engine, as `runlog serve` forks it (steps then find the built `runlog` too). */
const BUILT_ENGINE = join(import.meta.dirname, '..', '..', 'out', 'main', 'engine.js');

/** Opens the service over a data folder, as the browser host does. */
export async function openDoor(dataDir: string): Promise<OpenedService> {
  return openService({
    dataDir,
    transport: 'websocket',
    startEngine: (args) => spawnEngine({ ...args, entry: BUILT_ENGINE }),
  });
}

/**
 * Walks a run through the contract as the UI does; resolves with the status the run was finished
 * with. A step that fails ends the walk with its output in the error.
 */
export async function walkContract(
  opened: OpenedService,
  runId: string,
  operator: Operator = {},
): Promise<string> {
  const { service } = opened;
  const confirmed: string[] = [];
  for (;;) {
    const { stoppedAt } = await service.commands['run:all']({ runId, confirmed });
    if (!stoppedAt) break;
    if (stoppedAt.reason === 'needs-confirmation') {
      confirmed.push(stoppedAt.step);
      continue;
    }
    if (stoppedAt.reason !== 'pending-manual') {
      const { run } = await service.commands['history:get']({ runId });
      const step = run.steps.find((s) => s.stepName === stoppedAt.step);
      const out = step?.id
        ? await service.commands['history:output']({ executionId: step.id })
        : undefined;
      throw new Error(`${stoppedAt.step} ${stoppedAt.reason}:\n${out?.text ?? ''}`);
    }
    const { run } = await service.commands['history:get']({ runId });
    const step = run.steps.find((s) => s.stepName === stoppedAt.step)!;
    await operator.before?.(step.stepName);
    await service.commands['run:attest']({
      runId,
      step: step.stepName,
      done: true,
      note: operator.note,
      device: step.kind === 'config' ? (operator.device ?? 'edge-01') : undefined,
    });
  }
  return (await service.commands['run:finish']({ runId })).status;
}

/** The newest run recorded in a data folder, read as the history holds it. */
export function lastRun(dataDir: string): RunDetail {
  const store = HistoryStore.open(join(dataDir, 'history.sqlite'), { readonly: true });
  try {
    const [summary] = store.listRuns({ limit: 1 }).runs;
    if (!summary) throw new Error(`no run in ${dataDir}`);
    return store.getRun(summary.id)!;
  } finally {
    store.close();
  }
}

/** Walks a runbook on a pty with `runlog run` and the operator's answers; the exit code and the run. */
export async function walkCli(
  runbook: string,
  dataDir: string,
  params: Record<string, string>,
  operator: Operator = {},
  env: Record<string, string> = {},
): Promise<{ code: number | undefined; run: RunDetail; pty: CliPty }> {
  const args = ['run', runbook, '--data-dir', dataDir];
  for (const [k, v] of Object.entries(params)) args.push('--param', `${k}=${v}`);
  const pty = new CliPty(args, { env });
  const code = await operate(pty, operator);
  return { code, run: lastRun(dataDir), pty };
}

/** Starts a run over the contract and walks it as the UI does; the status it finished with and the run. */
export async function walkUi(
  runbook: string,
  dataDir: string,
  params: Record<string, string>,
  operator: Operator = {},
): Promise<{ status: string; run: RunDetail }> {
  const opened = await openDoor(dataDir);
  try {
    const { runId } = await opened.service.commands['run:start']({ runbookId: runbook, params });
    const status = await walkContract(opened, runId, operator);
    return { status, run: (await opened.service.commands['history:get']({ runId })).run };
  } finally {
    await opened.close();
  }
}

/**
 * Who holds an open run. A run is held by the process that started or resumed it; another
 * process may take it over only when that one is gone (or left the run open on purpose, which
 * "releases" it). A finished run is never taken again: it is read-only.
 */
import type Database from 'better-sqlite3';
import type { RunHolder } from '../run-model.js';
import { ownerIsDead, type Owner } from './owner.js';

/** Why a run cannot be taken; `code` is the engine's error code for the same refusal. */
export class ClaimError extends Error {
  constructor(
    readonly code: 'unknown-run' | 'run-not-open' | 'run-held',
    message: string,
    readonly holder?: RunHolder,
  ) {
    super(message);
    this.name = 'ClaimError';
  }
}

interface HolderRow {
  status: string;
  owner_host: string;
  owner_pid: number;
  owner_token: string;
  owner_boot: string;
  owner_door: string;
}

/** Words for each door in messages. */
const DOOR_NAMES: Record<string, string> = {
  app: 'the Runlog app',
  host: 'runlog serve (the browser host)',
  cli: 'a runlog command',
};

/** Whether a run is held, by whom, and whether that process still lives. */
export interface HolderState {
  status: string;
  /** Absent when nobody holds it (released, or never claimed). */
  holder?: RunHolder;
  /** The holder is a live process (another one than `self`). */
  alive: boolean;
  /** `self` holds it. */
  ours: boolean;
  token: string;
}

/** Reads who holds a run, judged from `self`'s point of view; undefined for an unknown run. */
export function holderOf(
  db: Database.Database,
  runId: string,
  self: Owner,
): HolderState | undefined {
  const row = db
    .prepare(
      'SELECT status, owner_host, owner_pid, owner_token, owner_boot, owner_door FROM runs WHERE id = ?',
    )
    .get(runId) as HolderRow | undefined;
  if (!row) return undefined;
  if (row.owner_token === '') return { status: row.status, alive: false, ours: false, token: '' };
  const owner: Owner = {
    host: row.owner_host,
    pid: row.owner_pid,
    token: row.owner_token,
    boot: row.owner_boot,
  };
  const ours = row.owner_token === self.token;
  return {
    status: row.status,
    holder: { door: row.owner_door, pid: row.owner_pid, host: row.owner_host },
    alive: !ours && !ownerIsDead(owner, self),
    ours,
    token: row.owner_token,
  };
}

/** "a runlog command (pid 41 on ws-1)": who holds a run, for a refusal message. */
export function describeHolder(holder: RunHolder): string {
  return `${DOOR_NAMES[holder.door] ?? 'another Runlog process'} (pid ${holder.pid} on ${holder.host})`;
}

/** Refuses a claim of a finished, unknown or live-held run; otherwise returns its state. */
export function checkClaimable(state: HolderState | undefined, runId: string): HolderState {
  if (!state) throw new ClaimError('unknown-run', `No run "${runId}" in the history.`);
  if (state.status !== 'open' && state.status !== 'interrupted') {
    throw new ClaimError(
      'run-not-open',
      `Run ${runId} is finished (${state.status}); a finished run is read-only.`,
    );
  }
  if (state.status === 'open' && state.alive && state.holder) {
    throw new ClaimError(
      'run-held',
      `Run ${runId} is open in ${describeHolder(state.holder)}; continue it there, or close that first.`,
      state.holder,
    );
  }
  return state;
}

/** Marks the run open and held by `self` (through `door`). */
export function takeRun(db: Database.Database, runId: string, self: Owner, door: string): void {
  db.prepare(
    `UPDATE runs SET status = 'open', ended_at = NULL, owner_host = ?, owner_pid = ?,
       owner_token = ?, owner_boot = ?, owner_door = ? WHERE id = ?`,
  ).run(self.host, self.pid, self.token, self.boot, door, runId);
}

/** Leaves an open run held by nobody: it stays "open" (not interrupted) until resumed. */
export function releaseRun(db: Database.Database, runId: string, self: Owner): void {
  db.prepare(
    `UPDATE runs SET owner_token = '', owner_pid = 0, owner_door = ''
     WHERE id = ? AND status = 'open' AND owner_token = ?`,
  ).run(runId, self.token);
}

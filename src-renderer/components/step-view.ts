/**
 * What the notebook shows about one step of one run, gathered from `history:get` and then kept up
 * to date by `step:state` events. Plain data so it can be passed down as a property.
 */
import type { Attestation, StepStatus } from '../../src-main/core/run-model.js';

export interface StepView {
  status: StepStatus;
  exitCode?: number;
  signal?: string;
  startedAt?: string;
  endedAt?: string;
  /** Latest execution; 0 while the step has none. */
  executionId: number;
  reason?: string;
  attestation?: Attestation;
}

/** Human words for each status, as shown in badges. */
export const STATUS_LABELS: Record<string, string> = {
  pending: 'pending',
  running: 'running',
  passed: 'passed',
  failed: 'failed',
  stopped: 'stopped',
  'timed-out': 'timed out',
  interrupted: 'interrupted',
  'not-applicable': 'not applicable here',
  done: 'done',
  'not-done': 'not done',
  open: 'open',
  incomplete: 'incomplete',
};

/** Statuses that count as a step completed for the progress figure. */
export const DONE_STATUSES: ReadonlySet<string> = new Set(['passed', 'done']);

/** Duration between two ISO times as "1.2 s" / "3 min 4 s"; empty when either is missing. */
export function formatDuration(startedAt?: string, endedAt?: string): string {
  if (!startedAt || !endedAt) return '';
  const ms = Date.parse(endedAt) - Date.parse(startedAt);
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** A local date and time for lists ("2024-05-01 14:03"), or the raw text when unparsable. */
export function formatTime(iso?: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}`
  );
}

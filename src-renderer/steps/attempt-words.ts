/**
 * How an attempt, a flag and a runbook version read in words, in the notebook and the team views
 * alike: "Attempt 1 of 2: failed, exit 3", "failed as expected", "version 2 of 2 (1a2b3c4d…)".
 * Pure, so unit tests read it as the operator does.
 */
import type { RunbookVersion, StepFlag } from '../../src-main/core/run-model.js';
import { statusInfo } from '../shared/status.js';

/** Words for each flag an attempt may carry. */
const FLAG_WORDS: Record<StepFlag, string> = {
  'failed-as-expected': 'failed as expected',
  'unexpected-success': 'unexpected success',
  'stopped-by-operator': 'stopped by the operator',
};

/** Characters of a SHA-256 shown inline; the full hash is in the title. */
export const SHORT_HASH = 12;

/** The flag in words; empty when there is none. */
export function flagWords(flag?: string): string {
  return flag && Object.hasOwn(FLAG_WORDS, flag) ? FLAG_WORDS[flag as StepFlag] : (flag ?? '');
}

/** What an attempt is shown with: its fields that the words are made of. */
export interface AttemptFacts {
  attempt: number;
  status: string;
  flag?: string;
  exitCode?: number;
  signal?: string;
  action?: string;
  reason?: string;
  attestation?: { done: boolean };
}

/** "exit 3", "SIGTERM", or empty. */
export function exitWords(a: Pick<AttemptFacts, 'exitCode' | 'signal'>): string {
  if (a.exitCode !== undefined) return `exit ${a.exitCode}`;
  return a.signal ?? '';
}

/** "Attempt 1 of 2: failed, exit 3"; a skip or an answer says so. */
export function attemptSummary(a: AttemptFacts, total: number): string {
  const what =
    a.action === 'skip'
      ? 'skipped'
      : a.action === 'attest' && a.attestation
        ? a.attestation.done
          ? 'done'
          : 'not done'
        : statusInfo(a.status).label;
  const more = [flagWords(a.flag), exitWords(a)].filter(Boolean);
  return `Attempt ${a.attempt} of ${total}: ${[what, ...more].join(', ')}`;
}

/** "version 1 of 2 (1a2b3c4d5e6f…)": which version of the runbook an attempt ran. */
export function versionWords(sha256: string | undefined, versions: readonly RunbookVersion[]) {
  if (!sha256) return '';
  const index = versions.findIndex((v) => v.sha256 === sha256);
  const short = `${sha256.slice(0, SHORT_HASH)}…`;
  return index < 0 ? `version ${short}` : `version ${index + 1} of ${versions.length} (${short})`;
}

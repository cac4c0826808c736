/**
 * Why a run has (or would finish with) its status, in words: one line per thing that keeps it
 * from a plain "passed". The Finish dialog, the run bar's details and a finished run's summary
 * all read these lines. Pure, for unit tests.
 */
import type { OutcomeNote, RunOutcome } from '../../src-main/core/run-model.js';
import { flagWords } from '../steps/attempt-words.js';
import { statusInfo } from '../shared/status.js';

/** How each kind of note begins. */
const KIND_WORDS: Record<OutcomeNote['kind'], string> = {
  pending: 'Pending',
  failed: 'Failed',
  skipped: 'Skipped',
  flagged: 'Flagged',
  'optional-not-done': 'Optional, not done',
  'not-runnable': 'Cannot run as written',
};

/** "Skipped: capture — no capture card here"; a group of alternatives names each option ("a or b"). */
export function noteWords(note: OutcomeNote): string {
  const steps = note.steps.join(' or ');
  const detail = note.kind === 'flagged' ? flagWords(note.detail) : (note.detail ?? '');
  return `${KIND_WORDS[note.kind]}: ${steps}${detail ? ` — ${detail}` : ''}`;
}

/** Every note of an outcome in words. */
export function outcomeLines(outcome: RunOutcome | undefined): string[] {
  return (outcome?.notes ?? []).map(noteWords);
}

/** The Finish dialog's message: the status finishing now records, and what follows from it. */
export function finishMessage(outcome: RunOutcome | undefined): string {
  const status = outcome ? statusInfo(outcome.status).label : 'its result';
  const why = outcome?.notes.length
    ? 'What is pending, skipped or failed:'
    : 'Every required step is done.';
  return `Finishing now records this run as "${status}". After that nothing in it can run, be attested or change.\n${why}`;
}

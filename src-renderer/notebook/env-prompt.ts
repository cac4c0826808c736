/**
 * Runme's promptEnv in the notebook: a step that exports variables may be refused with
 * 'needs-env' until the operator has said what they hold. The session asks through the env
 * dialog and sends the step again with the answers; the answers live only in that request (never
 * in the session, the URL or storage), and Cancel leaves the step pending.
 */
import type { EnvQuestion } from '../../src-main/api/contract.js';
import type { Step } from '../../src-main/core/runbook/model.js';
import type { ClientError } from '../api/client.js';

/** A step waiting for the values of the variables it exports. */
export interface EnvAsk {
  step: Step;
  questions: EnvQuestion[];
}

/** The operator's answers by variable name: only the fields filled in (the others keep the written value). */
export type EnvAnswers = Record<string, string>;

/**
 * The questions of a 'needs-env' refusal, or undefined for any other error. A door that did not
 * pass the refusal's details leaves only the step's exports to go by: each is then asked as a
 * secret, so nothing typed shows on screen when the door did not say it was safe to.
 */
export function envQuestionsOf(err: unknown, step: Step | undefined): EnvQuestion[] | undefined {
  const e = err as Partial<ClientError> | undefined;
  if (e?.code !== 'needs-env') return undefined;
  const details = e.details as { questions?: EnvQuestion[] } | undefined;
  return questionsOrExports(details?.questions, step);
}

/** The questions as the service sent them, else every variable the step exports, as a secret. */
export function questionsOrExports(
  questions: EnvQuestion[] | undefined,
  step: Step | undefined,
): EnvQuestion[] {
  if (questions?.length) return questions;
  return (step?.prompts ?? []).map((p) => ({ name: p.name, value: p.value, secret: true }));
}

/**
 * A promise that settles with the questions of a 'needs-env' refusal of `request`, or with
 * undefined when it was answered; any other error passes through.
 */
export async function refusedForEnv(
  request: Promise<unknown>,
  step: Step | undefined,
): Promise<EnvQuestion[] | undefined> {
  try {
    await request;
    return undefined;
  } catch (err) {
    const questions = envQuestionsOf(err, step);
    if (!questions) throw err;
    return questions;
  }
}

/** The one question to the operator about variables, open while `asking` is set. */
export class EnvPrompt {
  asking?: EnvAsk;
  private resolve?: (answers: EnvAnswers | undefined) => void;

  constructor(private readonly changed: () => void) {}

  /** Opens the env dialog; resolves with the answers, or undefined when the operator cancels. */
  ask(step: Step, questions: EnvQuestion[]): Promise<EnvAnswers | undefined> {
    this.resolve?.(undefined);
    this.asking = { step, questions };
    this.changed();
    return new Promise((resolve) => (this.resolve = resolve));
  }

  /** The dialog's answer (undefined: canceled); the dialog is closed and forgets what was typed. */
  answered(answers: EnvAnswers | undefined): void {
    const resolve = this.resolve;
    this.resolve = undefined;
    this.asking = undefined;
    this.changed();
    resolve?.(answers);
  }
}

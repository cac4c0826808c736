/**
 * The questions `runlog run` asks on a terminal, in words: a gate before a step that needs
 * elevation or confirmation (with the exact text and the parameters its environment will hold),
 * a checklist or configuration step to answer, a step that failed or was stopped. Every text
 * that comes from the runbook or the run is printed through visible(), never raw.
 */
import type { StepExecution } from '../core/run-model.js';
import type { ConfirmationDetails } from '../core/engine/engine-types.js';
import { painter } from './style.js';
import type { TerminalInput } from './terminal-input.js';
import { visible } from './terminal-text.js';

/** An answer to a question, or undefined when the operator pressed Ctrl-C. */
type Reply = string | undefined;

/** Indents a block of text (runbook text, configuration) under a heading line. */
function block(text: string): string {
  return visible(text.replace(/\n$/, ''), { multiline: true })
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\r\n');
}

/** Asks until the reply is one of `keys` (first letters), or empty when `empty` is allowed. */
async function choose(
  input: TerminalInput,
  question: string,
  keys: string,
  empty?: string,
): Promise<Reply> {
  for (;;) {
    const reply = await input.ask(question);
    if (reply === undefined) return undefined;
    const key = reply.trim().toLowerCase().slice(0, 1);
    if (key === '' && empty !== undefined) return empty;
    if (key !== '' && keys.includes(key)) return key;
  }
}

/** Asks for a reason until one is given (Ctrl-C cancels). */
export async function askReason(input: TerminalInput, step: string): Promise<Reply> {
  for (;;) {
    const reason = await input.ask(`Why is ${visible(step)} skipped? `);
    if (reason === undefined || reason.trim() !== '') return reason?.trim();
  }
}

/** The gate: y (run it), n (leave the run open), s (skip it). */
export async function askGate(
  input: TerminalInput,
  out: NodeJS.WriteStream,
  details: ConfirmationDetails,
): Promise<Reply> {
  const paint = painter(out);
  const why = details.sudo ? 'runs with elevated rights (sudo)' : 'asks for confirmation';
  const params = Object.entries(details.params)
    .map(([k, v]) => `${visible(k)}=${visible(v)}`)
    .join(' ');
  out.write(
    `\r\n${paint(['bold', 'yellow'], `Step ${visible(details.step)} ${why}`)}` +
      `${details.confirm ? `: ${visible(details.confirm)}` : ''}\r\n${block(details.text)}\r\n` +
      `${params ? `  Its environment holds: ${params}\r\n` : ''}`,
  );
  return choose(
    input,
    'Run it? [y]es / [n]o, leave the run open / [s]kip it with a reason: ',
    'yns',
    'n',
  );
}

/** A checklist or config step: y (done), n (not done), s (skip), l (later: leave it pending). */
export async function askManual(
  input: TerminalInput,
  out: NodeJS.WriteStream,
  step: StepExecution,
): Promise<Reply> {
  const paint = painter(out);
  const config = step.kind === 'config';
  const what = config ? 'Configuration to apply on the device' : 'Checklist';
  const optional = step.rules.optional ? ' (optional)' : '';
  out.write(
    `\r\n${paint('bold', `${what}: ${visible(step.stepName)}${optional}`)}\r\n${block(step.text)}\r\n`,
  );
  const question = `${config ? 'Applied' : 'Done'}? [y]es / [n]ot done / [s]kip it with a reason / [l]ater: `;
  return choose(input, question, 'ynsl', 'l');
}

/**
 * A failed or stopped step: r (run again), s (skip), f (finish here), l (leave the run open). A
 * step that cannot run as written (`again` false) is not offered again.
 */
export async function askAfterFailure(
  input: TerminalInput,
  out: NodeJS.WriteStream,
  step: string,
  how: string,
  again = true,
): Promise<Reply> {
  const paint = painter(out);
  out.write(`${paint(['bold', 'red'], `Step ${visible(step)} ${how}.`)}\r\n`);
  const run = again ? '[r]un it again / ' : '';
  return choose(
    input,
    `${run}[s]kip it with a reason / [f]inish the run here / [l]eave it open: `,
    again ? 'rsfl' : 'sfl',
  );
}

/**
 * Runme's promptEnv on the command line: before a step that exports variables runs, each one is
 * given by `--env NAME=VALUE`, or asked on a terminal (Enter keeps the value written in the step,
 * a secret-looking name is asked without echo), or left as written when no one can be asked.
 */
import type { EnvQuestion, EnvQuestions } from '../core/engine/engine-types.js';
import { splitPair } from './answers.js';
import { UsageError } from './cli-io.js';
import { painter } from './style.js';
import type { TerminalInput } from './terminal-input.js';
import { visible } from './terminal-text.js';

/** `--env NAME=VALUE…` as a map (a name given twice is refused). */
export function readEnvOption(list: string[] | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  for (const item of list ?? []) {
    const [name, value] = splitPair(item, '--env');
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
      throw new UsageError(`--env ${name}: not a variable name (letters, digits, _)`);
    if (Object.hasOwn(env, name)) throw new UsageError(`--env ${name} is given twice`);
    env[name] = value ?? '';
  }
  return env;
}

function question(q: EnvQuestion): string {
  const shown = q.secret ? '' : q.value;
  return `  ${visible(q.name)}${shown ? ` [${visible(shown)}]` : ''}${q.secret ? ' (secret, not shown)' : ''}: `;
}

/**
 * The answers for one step: from `given` (--env) first, then asked when `input` is a terminal.
 * Undefined when the operator pressed Ctrl-C.
 */
export async function answerEnv(
  details: EnvQuestions,
  given: Readonly<Record<string, string>>,
  input: TerminalInput,
  out: NodeJS.WriteStream,
): Promise<Record<string, string> | undefined> {
  const answers: Record<string, string> = {};
  const open: EnvQuestion[] = [];
  for (const q of details.questions) {
    if (Object.hasOwn(given, q.name)) answers[q.name] = given[q.name] as string;
    else open.push(q);
  }
  if (open.length === 0 || !input.interactive) return answers;
  const paint = painter(out);
  out.write(
    `\r\n${paint('bold', `Step ${visible(details.step)} exports variables you may set`)} (Enter keeps the value in brackets):\r\n`,
  );
  for (const q of open) {
    const reply = await input.ask(question(q), { hidden: q.secret });
    if (reply === undefined) return undefined;
    if (reply !== '') answers[q.name] = reply;
  }
  return answers;
}

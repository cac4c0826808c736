/**
 * `runlog run`: walks a runbook in the terminal. Output streams live; what
 * the operator types goes to the running step and is never recorded. The
 * order of steps, the gates and the stop on failure are the engine's.
 */
import { createInterface } from 'node:readline/promises';
import { UsageError } from './cli-io.js';
import { visible, visibleJson } from './terminal-text.js';
import type { CommandSpec, Parsed } from './command-types.js';
import { withService } from './with-service.js';
import type { Service } from '../api/service.js';
import type { Subscriber } from '../api/output-fanout.js';

function pairs(
  list: string[] | undefined,
  flag: string,
  needValue: boolean,
): Array<[string, string | undefined]> {
  return (list ?? []).map((item) => {
    const at = item.indexOf('=');
    if (at === 0 || (needValue && at < 0))
      throw new UsageError(`${flag} takes NAME=VALUE, not "${item}"`);
    return at < 0 ? [item, undefined] : [item.slice(0, at), item.slice(at + 1)];
  });
}

/** Forwards the terminal's keys to the running step; Ctrl-C (SIGINT without a TTY) stops it. */
function attachTerminal(service: Service, runId: string): () => void {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    // Without a terminal, Ctrl-C (or a supervisor) arrives as SIGINT: stop the step the same way.
    const onSigint = () => void service.commands['run:stop']({ runId }).catch(() => {});
    process.on('SIGINT', onSigint);
    return () => void process.off('SIGINT', onSigint);
  }
  stdin.setRawMode(true);
  stdin.resume();
  const onData = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    if (text === '\u0003') void service.commands['run:stop']({ runId }).catch(() => {});
    else void service.commands['run:input']({ runId, data: text }).catch(() => {});
  };
  stdin.on('data', onData);
  const onResize = () =>
    void service.commands['run:resize']({
      runId,
      cols: process.stdout.columns,
      rows: process.stdout.rows,
    }).catch(() => {});
  process.stdout.on('resize', onResize);
  onResize();
  return () => {
    stdin.off('data', onData);
    process.stdout.off('resize', onResize);
    stdin.setRawMode(false);
    stdin.pause();
  };
}

async function askYes(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}

function streamOutput(service: Service, runId: string, toStderr: boolean): Subscriber {
  const out = toStderr ? process.stderr : process.stdout;
  const subscriber: Subscriber = service.subscribe((event, payload) => {
    if (event === 'step:output') {
      const p = payload as { runId: string; data: string };
      if (p.runId !== runId) return;
      out.write(p.data, () => subscriber.ack(runId, p.data.length));
    } else if (event === 'step:state') {
      const p = payload as {
        runId: string;
        step: string;
        status: string;
        exitCode?: number;
        signal?: string;
      };
      if (p.runId !== runId) return;
      const how = p.signal
        ? ` (${p.signal})`
        : p.exitCode !== undefined
          ? ` (exit ${p.exitCode})`
          : '';
      process.stderr.write(`\x1b[1m── ${visible(p.step)}: ${p.status}${how}\x1b[0m\n`);
    } else if (event === 'run:notice') {
      const p = payload as { runId: string; message: string };
      if (p.runId === runId) process.stderr.write(`runlog: ${visible(p.message)}\n`);
    }
  });
  return subscriber;
}

async function walk(
  service: Service,
  runId: string,
  values: Record<string, unknown>,
  yes: boolean,
): Promise<'walked' | 'declined'> {
  const steps = (values.step as string[] | undefined) ?? [];
  const confirmed = new Set<string>();
  for (;;) {
    if (steps.length) {
      for (const step of steps) {
        const outcome = await runOne(service, runId, step, yes);
        if (outcome === 'declined') return 'declined';
        if (outcome !== 'passed' && !values['keep-going']) return 'walked';
      }
      return 'walked';
    }
    const { stoppedAt } = await service.commands['run:all']({
      runId,
      confirmed: yes ? undefined : [...confirmed],
      confirmAll: yes,
      keepGoing: Boolean(values['keep-going']),
      skipManual: true,
    });
    if (stoppedAt?.reason !== 'needs-confirmation') return 'walked';
    const { runbook } = await service.commands['library:get']({
      id: await runbookOf(service, runId),
    });
    const step = runbook.steps.find((s) => s.name === stoppedAt.step);
    // The text the operator approves is shown with every hidden character escaped: what they
    // read is what runs.
    const question =
      `\nStep ${visible(stoppedAt.step)} ${step?.sudo ? 'needs elevation (sudo)' : 'asks for confirmation'}` +
      `${step?.confirm ? `: ${visible(step.confirm)}` : ''}\n${visible(step?.text ?? '', { multiline: true })}\nRun it? [y/N] `;
    if (!(await askYes(question))) {
      process.stderr.write(
        `runlog: stopped before ${visible(stoppedAt.step)}; pass --yes to confirm gates.\n`,
      );
      return 'declined';
    }
    confirmed.add(stoppedAt.step);
  }
}

async function runbookOf(service: Service, runId: string): Promise<string> {
  return (await service.commands['history:get']({ runId })).run.runbookPath;
}

async function runOne(
  service: Service,
  runId: string,
  step: string,
  yes: boolean,
): Promise<string> {
  try {
    return (await service.commands['run:step']({ runId, step, confirmed: yes })).status;
  } catch (err) {
    if ((err as { code?: string }).code !== 'needs-confirmation') throw err;
    if (!(await askYes(`\nStep ${visible(step)} needs confirmation. Run it? [y/N] `))) {
      process.stderr.write(
        `runlog: step ${visible(step)} was not run: it needs confirmation (pass --yes).\n`,
      );
      return 'declined';
    }
    return (await service.commands['run:step']({ runId, step, confirmed: true })).status;
  }
}

export const runCommand: CommandSpec = {
  usage:
    'Usage: runlog run RUNBOOK [--param NAME=VALUE]… [--step NAME]… [--yes] [--keep-going] [--attest NAME[=NOTE]]… [--json]\n' +
    'Exit status: 0 every step run passed, 1 a step failed, was stopped or was left unconfirmed, 2 bad input.',
  options: {
    param: { type: 'string', multiple: true },
    step: { type: 'string', multiple: true },
    attest: { type: 'string', multiple: true },
    yes: { type: 'boolean', short: 'y' },
    'keep-going': { type: 'boolean' },
  },
  run: (ctx) =>
    withService(ctx as Parsed, async (service, { io, values, positionals, globals }) => {
      if (positionals.length !== 1) throw new UsageError('name one RUNBOOK (an id or a path)');
      const params = Object.fromEntries(pairs(values.param as string[], '--param', true)) as Record<
        string,
        string
      >;
      const attests = pairs(values.attest as string[], '--attest', false);
      const { runId } = await service.commands['run:start']({
        runbookId: positionals[0] ?? '',
        params,
      });
      io.stderr(`runlog: run ${runId}\n`);
      for (const [step, note] of attests) {
        await service.commands['run:attest']({ runId, step, done: true, note });
      }
      const subscriber = streamOutput(service, runId, globals.json);
      const detach = attachTerminal(service, runId);
      let declined: boolean;
      try {
        declined = (await walk(service, runId, values, Boolean(values.yes))) === 'declined';
      } finally {
        detach();
        subscriber.unsubscribe();
      }
      const { status } = await service.commands['run:finish']({ runId });
      const { run } = await service.commands['history:get']({ runId });
      const failed = run.steps.some((s) =>
        ['failed', 'stopped', 'timed-out', 'interrupted', 'not-done'].includes(s.status),
      );
      if (globals.json) {
        io.stdout(
          `${visibleJson({ runId, status, steps: run.steps.map(({ stepName, status: st, exitCode, signal }) => ({ name: stepName, status: st, exitCode, signal })) })}\n`,
        );
      } else {
        io.stdout(`${runId}\n`);
        io.stderr(`runlog: run ${runId} ${status}\n`);
      }
      return failed || declined ? 1 : 0;
    }),
};

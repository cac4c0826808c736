/**
 * The walk of `runlog run` and `runlog resume`: the engine's "run all" does the order, the gates
 * and the stops; this asks the operator where the engine stops (on a terminal), applies the
 * answers given with --attest/--skip when their step's turn comes, and turns Ctrl-C into the UI's
 * Stop (a second one within DOUBLE_INTERRUPT_MS leaves the run open and ends the walk).
 */
import type { ConfirmationDetails, EnvQuestions } from '../core/engine/engine-types.js';
import type { StepExecution } from '../core/run-model.js';
import type { Service } from '../api/service.js';
import type { RunAllOutcome } from '../api/contract.js';
import type { Answer } from './answers.js';
import { answerEnv } from './env-answers.js';
import { askAfterFailure, askGate, askManual, askReason } from './prompts.js';
import type { WalkStreams } from './step-stream.js';
import { painter } from './style.js';
import { TerminalInput } from './terminal-input.js';
import { visible } from './terminal-text.js';

/** A second Ctrl-C this soon after the first means "quit now", as the operator expects. */
export const DOUBLE_INTERRUPT_MS = 2_000;

export interface WalkOptions {
  /** Every gate confirmed in advance. */
  yes: boolean;
  /** Go on past failed steps. */
  keepGoing: boolean;
  /** Only these steps, in this order (empty: the whole runbook). */
  steps: string[];
  answers: Map<string, Answer>;
  /** Only the steps of these categories (empty: every step). */
  categories?: string[];
  /** Values for variables steps export (promptEnv), from --env. */
  env?: Record<string, string>;
}

/** How a walk ended: it went through, it stopped where the run should now be finished, or the run is left open. */
export type WalkEnd = 'walked' | 'finish' | 'leave';

type Step = Pick<StepExecution, 'stepName' | 'kind' | 'text' | 'rules' | 'status'>;
type Next = 'continue' | 'finish' | 'leave';

/** One walk of one run in this terminal. */
export class Walk {
  private leaving: Promise<void> | undefined;
  private lastInterrupt = 0;
  private readonly pass = new Set<string>();
  private readonly confirmed = new Set<string>();
  /** Answers for each step's exported variables, once given. */
  private readonly env: Record<string, Record<string, string>> = {};
  private readonly input: TerminalInput;
  private readonly say: (text: string) => void;

  constructor(
    private readonly service: Service,
    private readonly runId: string,
    private readonly streams: WalkStreams,
    private readonly options: WalkOptions,
  ) {
    this.input = new TerminalInput(
      { stdin: process.stdin, prompts: streams.messages },
      {
        toStep: (data) => service.notify({ name: 'run:input', request: { runId, data } }),
        interrupt: () => this.interrupt(),
      },
    );
    this.say = (text) => void streams.messages.write(`${text}\r\n`);
  }

  /** Walks the run; resolves with how it ended. */
  async run(): Promise<WalkEnd> {
    const onSigint = () => this.interrupt();
    const onResize = () => this.resize();
    this.input.start();
    if (!this.input.interactive) process.on('SIGINT', onSigint);
    process.stdout.on('resize', onResize);
    this.resize();
    try {
      return this.options.steps.length > 0 ? await this.chosen() : await this.all();
    } finally {
      this.input.stop();
      process.off('SIGINT', onSigint);
      process.stdout.off('resize', onResize);
    }
  }

  /** The first Ctrl-C stops the running step like the UI's Stop; a second one soon after leaves the run open. */
  interrupt(): void {
    const now = Date.now();
    if (now - this.lastInterrupt < DOUBLE_INTERRUPT_MS) {
      void this.leave();
      return;
    }
    this.lastInterrupt = now;
    const paint = painter(this.streams.messages);
    this.say(
      paint(
        'yellow',
        `\r\nStopping… (Ctrl-C again within ${DOUBLE_INTERRUPT_MS / 1000} s leaves the run open and quits)`,
      ),
    );
    void this.service.commands['run:stop']({ runId: this.runId }).catch(() => {});
  }

  /** Leaves the run open (once): its running step is stopped and any door may resume it. */
  leave(): Promise<void> {
    this.leaving ??= this.service.commands['run:leave-open']({ runId: this.runId }).then(
      () => undefined,
      () => undefined,
    );
    return this.leaving;
  }

  private resize(): void {
    const { columns, rows } = process.stdout;
    if (!process.stdout.isTTY || !columns || !rows) return;
    this.service.notify({
      name: 'run:resize',
      request: { runId: this.runId, cols: columns, rows },
    });
  }

  private async all(): Promise<WalkEnd> {
    for (;;) {
      if (this.leaving) return this.left();
      const { stoppedAt } = await this.service.commands['run:all']({
        runId: this.runId,
        confirmed: [...this.confirmed],
        confirmAll: this.options.yes,
        keepGoing: this.options.keepGoing,
        pass: [...this.pass],
        pauseAt: [...this.options.answers.keys()],
        askOptional: this.input.interactive,
        categories: this.options.categories,
        env: this.env,
      });
      if (this.leaving) return this.left();
      if (!stoppedAt) return 'walked';
      const next = await this.handle(stoppedAt);
      if (next === 'leave') return this.left();
      if (next === 'finish') return 'finish';
    }
  }

  private async left(): Promise<WalkEnd> {
    await this.leave();
    return 'leave';
  }

  private async handle(stop: NonNullable<RunAllOutcome['stoppedAt']>): Promise<Next> {
    switch (stop.reason) {
      case 'paused':
        return this.applyAnswer(stop.step);
      case 'pending-manual':
        return this.manual(await this.stepOf(stop.step));
      case 'needs-confirmation':
        return this.gate(stop.step);
      case 'needs-params':
        return this.secrets();
      case 'needs-env':
        return this.envFor({ step: stop.step, questions: stop.questions ?? [] });
      case 'invalid':
        return this.invalid(stop.step, stop.problems ?? []);
      default:
        return this.afterFailure(stop.step, stop.reason);
    }
  }

  private async stepOf(name: string): Promise<StepExecution> {
    const { run } = await this.service.commands['history:get']({ runId: this.runId });
    return run.steps.find((s) => s.stepName === name)!;
  }

  /** Records the answer given on the command line for this step. */
  private async applyAnswer(name: string): Promise<Next> {
    const answer = this.options.answers.get(name)!;
    this.options.answers.delete(name);
    if (answer.kind === 'skip')
      await this.service.commands['run:skip']({
        runId: this.runId,
        step: name,
        reason: answer.reason,
      });
    else
      await this.service.commands['run:attest']({
        runId: this.runId,
        step: name,
        done: answer.done,
        note: answer.note,
        device: answer.device,
      });
    this.say(
      `── ${visible(name)}: ${answer.kind === 'skip' ? 'skipped' : answer.done ? 'done' : 'not done'} (from the command line)`,
    );
    return 'continue';
  }

  private async skip(name: string): Promise<Next> {
    const reason = await askReason(this.input, name);
    if (reason === undefined) return 'leave';
    await this.service.commands['run:skip']({ runId: this.runId, step: name, reason });
    return 'continue';
  }

  /** A checklist or config step: asked on a terminal, else left pending for `runlog attest`. */
  private async manual(step: Step): Promise<Next> {
    if (!this.input.interactive) {
      this.pass.add(step.stepName);
      return 'continue';
    }
    const reply = await askManual(this.input, this.streams.messages, step as StepExecution);
    if (reply === undefined) return 'leave';
    if (reply === 'l') {
      this.pass.add(step.stepName);
      return 'continue';
    }
    if (reply === 's') return this.skip(step.stepName);
    return this.attest(step, reply === 'y');
  }

  private async attest(step: Step, done: boolean): Promise<Next> {
    let device: string | undefined;
    if (step.kind === 'config') {
      const required = done && step.rules.deviceRequired;
      do {
        device = await this.input.ask(`Device${required ? '' : ' (Enter for none)'}: `);
        if (device === undefined) return 'leave';
      } while (required && device.trim() === '');
    }
    const note = await this.input.ask('Note (Enter for none): ');
    if (note === undefined) return 'leave';
    await this.service.commands['run:attest']({
      runId: this.runId,
      step: step.stepName,
      done,
      note: note.trim() || undefined,
      device: device?.trim() || undefined,
    });
    return 'continue';
  }

  /** A step that needs elevation or confirmation: asked on a terminal, confirmed by --yes. */
  private async gate(name: string): Promise<Next> {
    const refusal = (await this.service
      .call('run:step', { runId: this.runId, step: name })
      .catch((e: unknown) => e)) as {
      code?: string;
      details?: ConfirmationDetails;
    };
    // Another refusal (the runbook changed on disk, say) ends the walk with its message.
    if (refusal?.code && refusal.code !== 'needs-confirmation') throw refusal;
    if (!refusal?.details) return 'continue';
    if (!this.input.interactive) {
      this.say(
        `runlog: step ${visible(name)} needs confirmation; the run is left open. Pass --yes, or answer on a terminal with "runlog resume ${visible(this.runId)}".`,
      );
      return 'leave';
    }
    const reply = await askGate(this.input, this.streams.messages, refusal.details);
    if (reply === 'y') {
      this.confirmed.add(name);
      return 'continue';
    }
    return reply === 's' ? this.skip(name) : 'leave';
  }

  /** A resumed run without its secret values: asked again (never echoed), else left open. */
  private async secrets(): Promise<Next> {
    const { missingSecrets } = await this.service.commands['run:resume']({ runId: this.runId });
    if (!this.input.interactive) {
      this.say(
        `runlog: give ${missingSecrets.map((n) => visible(n)).join(', ')} with --param (secret values are never stored); the run is left open.`,
      );
      return 'leave';
    }
    const params: Record<string, string> = {};
    for (const name of missingSecrets) {
      const value = await this.input.ask(`${visible(name)} (secret, not shown): `, {
        hidden: true,
      });
      if (value === undefined) return 'leave';
      params[name] = value;
    }
    await this.service.commands['run:resume']({ runId: this.runId, params });
    return 'continue';
  }

  /** A step that exports variables (promptEnv): --env values, else asked on a terminal. */
  private async envFor(details: EnvQuestions): Promise<Next> {
    const answers = await answerEnv(
      details,
      this.options.env ?? {},
      this.input,
      this.streams.messages,
    );
    if (answers === undefined) return 'leave';
    this.env[details.step] = answers;
    return 'continue';
  }

  /** A step whose attributes would make it run wrongly: its problems, then skip it or end. */
  private async invalid(name: string, problems: string[]): Promise<Next> {
    const paint = painter(this.streams.messages);
    this.say(
      paint(['bold', 'red'], `Step ${visible(name)} cannot run until the runbook is fixed:`),
    );
    for (const p of problems) this.say(`  ${visible(p)}`);
    if (!this.input.interactive) return 'finish';
    const reply = await askAfterFailure(
      this.input,
      this.streams.messages,
      name,
      'cannot run',
      false,
    );
    if (reply === 's') return this.skip(name);
    return reply === 'f' ? 'finish' : 'leave';
  }

  private async afterFailure(name: string, reason: string): Promise<Next> {
    if (!this.input.interactive) return 'finish';
    const reply = await askAfterFailure(
      this.input,
      this.streams.messages,
      name,
      reason === 'stopped' ? 'was stopped' : 'failed',
    );
    if (reply === 'r') return 'continue';
    if (reply === 's') return this.skip(name);
    return reply === 'f' ? 'finish' : 'leave';
  }

  /** `--step NAME…`: only those steps, in that order. */
  private async chosen(): Promise<WalkEnd> {
    for (const name of this.options.steps) {
      if (this.leaving) return this.left();
      const next = await this.oneStep(name);
      if (next !== 'continue') return next === 'leave' ? this.left() : 'finish';
    }
    return 'walked';
  }

  private async oneStep(name: string): Promise<Next> {
    if (this.options.answers.has(name)) return this.applyAnswer(name);
    const step = await this.stepOf(name);
    if (step.kind === 'checklist' || step.kind === 'config') return this.manual(step);
    for (;;) {
      const confirmed = this.options.yes || this.confirmed.has(name);
      const outcome = await this.service
        .call('run:step', { runId: this.runId, step: name, confirmed, env: this.env[name] })
        .catch((e: { code?: string }) => e);
      if ((outcome as { code?: string }).code === 'needs-confirmation') {
        const next = await this.gate(name);
        if (next !== 'continue' || !this.confirmed.has(name)) return next;
        continue;
      }
      const refusal = outcome as { code?: string; details?: EnvQuestions };
      if (refusal.code === 'needs-env' && refusal.details) {
        const next = await this.envFor(refusal.details);
        if (next !== 'continue') return next;
        continue;
      }
      if ((outcome as { code?: string }).code) throw outcome;
      const status = (outcome as { status: string }).status;
      const ok = status === 'passed' || status === 'running' || this.options.keepGoing;
      return ok || this.leaving ? 'continue' : 'finish';
    }
  }
}

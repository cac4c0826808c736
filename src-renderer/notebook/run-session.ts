/**
 * The state of the runbook and run on screen, and every API call that changes it. The notebook
 * owns one; the elements below only receive its data as properties. Events from the service keep
 * it current, so two windows on the same run agree.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ClientError, type ApiClient } from '../api/client.js';
import type { Events, TeamTrustMark } from '../../src-main/api/contract.js';
import { appliesTo, type Runbook, type Step } from '../../src-main/core/runbook/model.js';
import type { RunDetail, RunStatus } from '../../src-main/core/run-model.js';
import { formatDuration } from '../shared/format.js';
import { statusInfo } from '../shared/status.js';
import { hasHiddenChars } from '../shared/text-flags.js';
import { viewsOf, type StepView } from '../steps/step-view.js';
import { EnvPrompt, questionsOrExports, refusedForEnv, type EnvAnswers } from './env-prompt.js';
import { categoriesOfRun, inCategories } from './run-categories.js';

/** A step that ran at least this long earns a notice when it ends: the operator may have looked away. */
export const LONG_STEP_MS = 10_000;

/** Kinds of step counted for progress. */
const COUNTED_KINDS = new Set(['command', 'checklist', 'config']);

/** Where the session reports things the operator must see. */
export interface SessionHost extends ReactiveControllerHost {
  notify(message: string, kind?: 'info' | 'ok' | 'error'): void;
}

/**
 * A step the operator confirms before it runs: `sudo` and `confirm` steps (the engine insists
 * too), and steps whose text holds characters a screen does not show (the notebook asks, showing
 * them marked, so nothing runs that the operator could not see).
 */
export function needsConfirmation(step: Step): boolean {
  return step.sudo || step.confirm !== undefined || hasHiddenChars(step.text);
}

/** The steps of a run as it ran, for a run whose runbook has since changed or gone. */
export function runbookFromRun(run: RunDetail): Runbook {
  const steps: Step[] = run.steps.map((s) => ({
    name: s.stepName,
    kind: s.kind,
    language: '',
    text: s.text,
    line: 0,
    platforms: [],
    sudo: false,
    artifacts: [],
    expect: [0],
    interactive: false,
    excludeFromRunAll: false,
    attributes: {},
  }));
  return {
    id: run.runbookId,
    title: run.runbookTitle,
    platforms: [],
    tags: [],
    shell: 'bash',
    params: [],
    steps,
    segments: [
      {
        kind: 'prose',
        markdown:
          '*The runbook file has changed since this run: the steps are shown as they ran.*\n',
      },
      ...steps.map((s) => ({ kind: 'step' as const, name: s.name })),
    ],
    file: run.runbookPath,
    sha256: run.runbookSha256,
    problems: [],
    bundled: false,
  };
}

/** The runbook and run on screen. */
export class RunSession implements ReactiveController {
  client?: ApiClient;
  platform = '';
  runbook?: Runbook;
  trusted = true;
  /** The team ledger trusts the runbook version on screen: who and when. */
  teamTrust?: TeamTrustMark;
  runId = '';
  status: RunStatus | '' = '';
  views: Record<string, StepView> = {};
  /** Values the form starts from: defaults, or a run's recorded values. */
  initialValues: Record<string, string> = {};
  /** What the operator has typed; kept here only, never in the URL or storage. */
  values: Record<string, string> = {};
  /** "Run all" is walking the run. */
  walking = false;
  /** The runbook file changed during the run (message to show). */
  changed = '';
  /** Runme categories the run is for (chosen before it starts, or recorded); empty: every step. */
  categories: string[] = [];
  /** A step asking for the variables it exports (promptEnv). */
  readonly env = new EnvPrompt(() => this.host.requestUpdate());
  /** A gated step waiting for the operator's answer. */
  confirmStep?: Step;
  private answer?: (yes: boolean) => void;
  private unsubscribe: Array<() => void> = [];

  constructor(private readonly host: SessionHost) {
    host.addController(this);
  }

  /** Back on the page (the notebook was moved): listens again to the same connection. */
  hostConnected(): void {
    if (this.client && this.unsubscribe.length === 0) this.listen(this.client);
  }

  hostDisconnected(): void {
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
  }

  /** Starts listening to the service once connected. */
  listen(client: ApiClient): void {
    for (const off of this.unsubscribe) off();
    this.client = client;
    this.unsubscribe = [
      client.on('step:state', (p) => this.onStepState(p)),
      client.on('run:state', (p) => this.onRunState(p)),
      client.on('run:notice', (p) => this.onNotice(p)),
    ];
  }

  /** A walk or a step holds the run; a background step running does not. */
  get busy(): boolean {
    const running = Object.entries(this.views).filter(([, v]) => v.status === 'running');
    return this.walking || running.some(([name]) => !this.step(name)?.background);
  }

  get readonly(): boolean {
    return this.runId !== '' && this.status !== 'open';
  }

  /** Steps done and applicable, for the progress bar. */
  get progress(): { done: number; applicable: number } {
    let done = 0;
    let applicable = 0;
    for (const step of this.runbook?.steps ?? []) {
      if (!COUNTED_KINDS.has(step.kind) || step.ignored) continue;
      const view = this.views[step.name];
      const chosen = this.categories.length === 0 || inCategories(step, this.categories);
      const counts = view
        ? view.status !== 'not-applicable'
        : chosen && appliesTo(step, this.platform);
      if (!counts) continue;
      applicable += 1;
      if (view && statusInfo(view.status).done) done += 1;
    }
    return { done, applicable };
  }

  /** Calls the service; an error becomes a notice and `undefined`. */
  async call<T>(work: (client: ApiClient) => Promise<T>): Promise<T | undefined> {
    if (!this.client) return undefined;
    try {
      return await work(this.client);
    } catch (err) {
      const e = err as ClientError;
      if (e.code === 'runbook-changed' || e.code === 'runbook-missing') this.changed = e.message;
      this.host.notify(e.message, 'error');
      this.host.requestUpdate();
      return undefined;
    }
  }

  /** Shows a runbook with no run yet. */
  async openRunbook(id: string): Promise<void> {
    const got = await this.call((c) => c.call('library:get', { id }));
    if (!got) return;
    this.reset();
    this.runbook = got.runbook;
    this.trusted = got.trusted;
    this.teamTrust = got.teamTrust;
    this.initialValues = {};
    this.host.requestUpdate();
  }

  /** Shows a run: live while it is open, read-only once finished. */
  async openRun(runId: string): Promise<boolean> {
    const got = await this.call((c) => c.call('history:get', { runId }));
    if (!got) return false;
    const run = got.run;
    const current = await this.client
      ?.call('library:get', { id: run.runbookId })
      .catch(() => undefined);
    const same = current && current.runbook.sha256 === run.runbookSha256;
    this.reset();
    this.runbook = same
      ? current.runbook
      : current && run.status === 'open'
        ? current.runbook
        : runbookFromRun(run);
    this.trusted = current?.trusted ?? false;
    this.teamTrust = same ? current.teamTrust : undefined;
    if (run.status === 'open' && !same) {
      this.changed = `${run.runbookPath}: the runbook changed since this run started.`;
    }
    this.runId = run.id;
    this.status = run.status;
    this.views = viewsOf(run);
    this.categories = categoriesOfRun(run);
    this.initialValues = { ...run.params };
    this.host.requestUpdate();
    return true;
  }

  /** Re-reads the run's record (after an attestation, to show the note as recorded). */
  async refreshRun(): Promise<void> {
    if (!this.runId) return;
    const got = await this.call((c) => c.call('history:get', { runId: this.runId }));
    if (!got || got.run.id !== this.runId) return;
    this.views = viewsOf(got.run);
    this.status = got.run.status;
    this.host.requestUpdate();
  }

  private reset(): void {
    this.runId = '';
    this.status = '';
    this.views = {};
    this.changed = '';
    this.walking = false;
    this.values = {};
    this.categories = [];
  }

  /** Starts a run of the runbook on screen with the values typed; returns its id. */
  async start(): Promise<string | undefined> {
    const rb = this.runbook;
    if (!rb) return undefined;
    const categories = this.categories.length > 0 ? { categories: this.categories } : {};
    const started = await this.call((c) =>
      c.call('run:start', { runbookId: rb.id, params: this.values, ...categories }),
    );
    if (!started) return undefined;
    const values = this.values;
    await this.openRun(started.runId);
    this.values = values;
    return started.runId;
  }

  /** Asks the operator through the confirm dialog; resolves with the answer. */
  ask(step: Step): Promise<boolean> {
    this.answer?.(false);
    this.confirmStep = step;
    this.host.requestUpdate();
    return new Promise((resolve) => (this.answer = resolve));
  }

  /** The dialog's answer. */
  answered(yes: boolean): void {
    const answer = this.answer;
    this.answer = undefined;
    this.confirmStep = undefined;
    this.host.requestUpdate();
    answer?.(yes);
  }

  step(name: string): Step | undefined {
    return this.runbook?.steps.find((s) => s.name === name);
  }

  /** Runs one step; gated steps are confirmed first, exported variables asked for when refused. */
  async runStep(name: string, confirmed = false): Promise<void> {
    const runId = this.runId;
    const step = this.step(name);
    let env: EnvAnswers | undefined;
    // The cell shows the outcome; a refusal (needs confirmation, runbook changed) becomes a notice.
    for (;;) {
      const request = { runId, step: name, confirmed, ...(env ? { env } : {}) };
      const asked = await this.call((c) => refusedForEnv(c.call('run:step', request), step));
      if (!asked || env || !step) return;
      env = await this.env.ask(step, asked);
      if (!env) return this.host.notify(`${name} was not run: its values were not given.`);
    }
  }

  /** Walks the applicable steps in order, pausing for each gate and each pending manual step. */
  async runAll(): Promise<void> {
    const runId = this.runId;
    const confirmed: string[] = [];
    let env: Record<string, EnvAnswers> | undefined;
    this.walking = true;
    this.host.requestUpdate();
    try {
      // The engine does not stop at hidden characters: the walk is confirmed for them first.
      for (const step of this.hiddenInWalk()) {
        if (!(await this.ask(step)))
          return this.host.notify(`Run all not started: ${step.name} was not confirmed.`);
        confirmed.push(step.name);
      }
      for (;;) {
        const request = { runId, confirmed, ...(env ? { env } : {}) };
        env = undefined;
        const out = await this.call((c) => c.call('run:all', request));
        const stop = out?.stoppedAt;
        if (!out) return;
        if (!stop) return this.host.notify('Run all: every applicable step has run.', 'ok');
        if (stop.reason === 'needs-confirmation') {
          const step = this.step(stop.step);
          if (step && (await this.ask(step))) {
            confirmed.push(step.name);
            continue;
          }
          return this.host.notify(`Run all stopped before ${stop.step}: not confirmed.`);
        }
        if (stop.reason === 'pending-manual') {
          return this.host.notify(
            `Run all paused at ${stop.step}: attest it, then choose Run all again.`,
          );
        }
        if (stop.reason === 'failed')
          return this.host.notify(`Run all stopped: ${stop.step} failed.`, 'error');
        if (stop.reason === 'invalid')
          return this.host.notify(
            `Run all stopped: ${stop.step} cannot run until the runbook is fixed.`,
            'error',
          );
        if (stop.reason === 'needs-env') {
          const step = this.step(stop.step);
          const answers =
            step && (await this.env.ask(step, questionsOrExports(stop.questions, step)));
          if (answers) {
            env = { [stop.step]: answers };
            continue;
          }
          return this.host.notify(
            `Run all stopped before ${stop.step}: its values were not given.`,
          );
        }
        return this.host.notify(`Run all stopped at ${stop.step}.`);
      }
    } finally {
      this.walking = false;
      this.host.requestUpdate();
    }
  }

  /** Command steps that Run all may reach whose text holds hidden characters. */
  private hiddenInWalk(): Step[] {
    return (this.runbook?.steps ?? []).filter((step) => {
      const status = this.views[step.name]?.status;
      return (
        step.kind === 'command' &&
        !step.excludeFromRunAll &&
        status !== 'passed' &&
        status !== 'not-applicable' &&
        appliesTo(step, this.platform) &&
        hasHiddenChars(step.text)
      );
    });
  }

  private onStepState(p: Events['step:state']): void {
    if (p.runId !== this.runId) return;
    const before = this.views[p.step];
    this.views = {
      ...this.views,
      [p.step]: {
        ...before,
        status: p.status,
        exitCode: p.exitCode,
        signal: p.signal,
        startedAt: p.startedAt ?? before?.startedAt,
        endedAt: p.endedAt,
        executionId: p.executionId || before?.executionId || 0,
      },
    };
    const took = p.startedAt && p.endedAt ? Date.parse(p.endedAt) - Date.parse(p.startedAt) : 0;
    if (p.status !== 'running' && took >= LONG_STEP_MS) {
      const ok = p.status === 'passed';
      this.host.notify(
        `Step ${p.step} ${p.status} after ${formatDuration(p.startedAt, p.endedAt)}.`,
        ok ? 'ok' : 'error',
      );
    }
    this.host.requestUpdate();
  }

  private onRunState(p: Events['run:state']): void {
    if (p.runId !== this.runId) return;
    this.status = p.status;
    this.host.requestUpdate();
  }

  private onNotice(p: Events['run:notice']): void {
    if (p.runId !== this.runId) return;
    // Only a changed runbook blocks the steps; a notice about one step (a shell that fell back
    // to /bin/sh, a history that refused a write) is told and blocks nothing.
    if (p.runbookChanged) this.changed = p.message;
    this.host.notify(p.message, 'error');
    this.host.requestUpdate();
  }

  /**
   * Continues the run with the runbook's new version and shows that version. The new version is
   * shown first; until it is trusted it is not accepted (the operator reviews it, trusts it, and
   * accepts again), and accepting names the exact version reviewed.
   */
  async acceptChange(): Promise<void> {
    const runId = this.runId;
    if (!this.runbook) return;
    const got = await this.call((c) => c.call('library:get', { id: this.runbook!.id }));
    if (!got) return;
    this.runbook = got.runbook;
    this.trusted = got.trusted;
    this.teamTrust = got.teamTrust;
    if (!got.trusted) {
      this.host.notify('Review the new version and trust it, then accept it.', 'error');
      this.host.requestUpdate();
      return;
    }
    const sha256 = got.runbook.sha256;
    const ok = await this.call((c) => c.call('run:accept-change', { runId, sha256 }));
    if (!ok) return;
    this.changed = '';
    this.host.requestUpdate();
  }
}

/**
 * The state of the runbook and run on screen, and every API call that changes it. The notebook
 * owns one; the elements below only receive its data as properties. Events from the service keep
 * it current, so two windows on the same run agree.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ClientError, type ApiClient } from '../api/client.js';
import type { Events, TeamTrustMark } from '../../src-main/api/contract.js';
import type { Runbook, Step } from '../../src-main/core/runbook/model.js';
import type {
  RunbookVersion,
  RunDetail,
  RunOutcome,
  RunStatus,
} from '../../src-main/core/run-model.js';
import { formatDuration } from '../shared/format.js';
import { hasHiddenChars } from '../shared/text-flags.js';
import { viewsOf, withStepState, type StepView } from '../steps/step-view.js';
import { EnvPrompt, refusedForEnv, type EnvAnswers } from './env-prompt.js';
import { walkAll } from './run-all-walk.js';
import { progressOf } from './outline.js';
import { categoriesOfRun } from './run-categories.js';
import { runbookFromRun } from './run-runbook.js';
import { stepChanges, type ProposedVersion } from './runbook-change.js';

/** A step that ran at least this long earns a notice when it ends: the operator may have looked away. */
export const LONG_STEP_MS = 10_000;

/** Where the session reports things the operator must see. */
export interface SessionHost extends ReactiveControllerHost {
  notify(message: string, kind?: 'info' | 'ok' | 'error'): void;
  /** The service refused a call (the notebook asks for secrets again on `needs-params`). */
  refused?(code: string): void;
}

/**
 * A step the operator confirms before it runs: `sudo` and `confirm` steps, and steps whose text
 * holds characters a screen does not show (the dialog shows them marked, so nothing runs that the
 * operator could not see). The engine refuses all three unconfirmed too.
 */
export function needsConfirmation(step: Step): boolean {
  return step.sudo || step.confirm !== undefined || hasHiddenChars(step.text);
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
  /** The version on disk that the change banner shows for review. */
  proposed?: ProposedVersion;
  /** Runme categories the run is for (chosen before it starts, or recorded); empty: every step. */
  categories: string[] = [];
  /** A step asking for the variables it exports (promptEnv). */
  readonly env = new EnvPrompt(() => this.host.requestUpdate());
  /** This window let go of the open run (`run:leave-open`): another door, or Resume, continues it. */
  leftOpen = false;
  /** A gated step waiting for the operator's answer. */
  confirmStep?: Step;
  /** The runbook versions the run used, in order. */
  versions: RunbookVersion[] = [];
  /** What finishing the run now would record, and why (for a finished run: what it recorded). */
  outcome?: RunOutcome;
  /** When the run ended (a finished run). */
  endedAt?: string;
  /** The run's working folder. */
  folder = '';
  /** Counts the times the record was read: what depends on it reads again. */
  revision = 0;
  private refreshing?: Promise<void>;
  private refreshAgain = false;
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
      // The library may read the edited file after the engine noticed it: review it again.
      client.on('library:changed', () => void (this.changed && this.reviewChange())),
    ];
  }

  /** A walk or a step holds the run; a background step running does not. */
  get busy(): boolean {
    const running = Object.entries(this.views).filter(([, v]) => v.status === 'running');
    return this.walking || running.some(([name]) => !this.step(name)?.background);
  }

  get readonly(): boolean {
    return this.runId !== '' && (this.status !== 'open' || this.leftOpen);
  }

  /** Steps done and applicable, for the progress bar. */
  get progress(): { done: number; applicable: number } {
    return progressOf(this.runbook?.steps ?? [], this.views, this.platform, this.categories);
  }

  /** Calls the service; an error becomes a notice and `undefined`. */
  async call<T>(work: (client: ApiClient) => Promise<T>): Promise<T | undefined> {
    if (!this.client) return undefined;
    try {
      return await work(this.client);
    } catch (err) {
      const e = err as ClientError;
      if (e.code === 'runbook-changed' || e.code === 'runbook-missing')
        this.noticeChange(e.message);
      this.host.notify(e.message, 'error');
      this.host.refused?.(e.code);
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
      this.noticeChange(`${run.runbookPath}: the runbook changed since this run started.`);
    }
    this.runId = run.id;
    this.initialValues = { ...run.params };
    this.show(run);
    return true;
  }

  /** Takes the record's view of the run: status, steps with every attempt, versions, outcome. */
  private show(run: RunDetail): void {
    this.status = run.status;
    this.views = viewsOf(run);
    this.versions = run.versions;
    this.outcome = run.outcome;
    this.endedAt = run.endedAt;
    this.folder = run.folder;
    this.categories = categoriesOfRun(run);
    this.revision += 1;
    this.host.requestUpdate();
  }

  /** Re-reads the run's record (after an attestation, to show the note as recorded). */
  async refreshRun(): Promise<void> {
    if (!this.runId) return;
    const got = await this.call((c) => c.call('history:get', { runId: this.runId }));
    if (!got || got.run.id !== this.runId) return;
    this.show(got.run);
  }

  /**
   * Re-reads the record after a step changed, so an attempt that ended moves under the earlier
   * ones and the outcome is current; one read at a time, and one more if something changed
   * while it was on its way.
   */
  private refreshSoon(): void {
    if (this.refreshing) {
      this.refreshAgain = true;
      return;
    }
    this.refreshing = this.refreshRun().finally(() => {
      this.refreshing = undefined;
      if (!this.refreshAgain) return;
      this.refreshAgain = false;
      this.refreshSoon();
    });
  }

  private reset(): void {
    this.leftOpen = false;
    this.runId = '';
    this.status = '';
    this.views = {};
    this.changed = '';
    this.proposed = undefined;
    this.walking = false;
    this.values = {};
    this.versions = [];
    this.outcome = undefined;
    this.endedAt = undefined;
    this.folder = '';
    this.categories = [];
  }

  /**
   * Takes the run over for this window (one left open or interrupted by a process that has
   * gone); the record keeps no secret value, so those are asked for again through `ask`.
   */
  async resume(
    ask: (names: string[]) => Promise<Record<string, string> | undefined>,
  ): Promise<boolean> {
    const runId = this.runId;
    const got = await this.call((c) => c.call('run:resume', { runId }));
    if (!got) return false;
    if (got.missingSecrets.length > 0) {
      const params = await ask(got.missingSecrets);
      const again = params && (await this.call((c) => c.call('run:resume', { runId, params })));
      if (!again || again.missingSecrets.length > 0) return false;
    }
    this.leftOpen = false;
    await this.refreshRun();
    return true;
  }

  /**
   * Lets go of the open run without finishing it: it stays open, held by no process, for
   * `runlog resume` on a terminal or Resume here later. Its steps no longer run from this window.
   */
  async leaveOpen(): Promise<boolean> {
    const runId = this.runId;
    const left = await this.call((c) => c.call('run:leave-open', { runId }));
    if (!left) return false;
    this.leftOpen = true;
    await this.refreshRun();
    return true;
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
    this.walking = true;
    this.host.requestUpdate();
    try {
      await walkAll(this, (message, kind) => this.host.notify(message, kind));
    } finally {
      this.walking = false;
      this.host.requestUpdate();
    }
  }

  private onStepState(p: Events['step:state']): void {
    if (p.runId !== this.runId) return;
    this.views = { ...this.views, [p.step]: withStepState(this.views[p.step], p) };
    const took = p.startedAt && p.endedAt ? Date.parse(p.endedAt) - Date.parse(p.startedAt) : 0;
    if (p.status !== 'running' && took >= LONG_STEP_MS) {
      const ok = p.status === 'passed';
      this.host.notify(
        `Step ${p.step} ${p.status} after ${formatDuration(p.startedAt, p.endedAt)}.`,
        ok ? 'ok' : 'error',
      );
    }
    this.refreshSoon();
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
    if (p.runbookChanged) this.noticeChange(p.message);
    this.host.notify(p.message, 'error');
    this.host.requestUpdate();
  }

  /** The runbook changed on disk: says so, and reads the new version for review. */
  private noticeChange(message: string): void {
    this.changed = message;
    void this.reviewChange();
  }

  /** Reads the version on disk and which steps it changes against the run's record. */
  private async reviewChange(): Promise<void> {
    const id = this.runbook?.id;
    const got = id
      ? await this.client?.call('library:get', { id }).catch(() => undefined)
      : undefined;
    if (!got || !this.changed) return;
    this.proposed = {
      runbook: got.runbook,
      trusted: got.trusted,
      changes: stepChanges(this.views, got.runbook, this.initialValues),
    };
    this.host.requestUpdate();
  }

  /**
   * Continues the run with the runbook's new version and shows that version. The new version is
   * shown first; until it is trusted it is not accepted (the operator reviews it, trusts it, and
   * accepts again), and accepting names the exact version reviewed: one changed again since is
   * shown for review anew.
   */
  async acceptChange(): Promise<void> {
    const runId = this.runId;
    if (!this.runbook) return;
    const reviewed = this.proposed?.runbook.sha256;
    const got = await this.call((c) => c.call('library:get', { id: this.runbook!.id }));
    if (!got) return;
    this.runbook = got.runbook;
    this.trusted = got.trusted;
    this.teamTrust = got.teamTrust;
    const sha256 = got.runbook.sha256;
    if (!got.trusted || (reviewed && reviewed !== sha256)) {
      await this.reviewChange();
      const why = got.trusted
        ? 'The file changed again: review this version'
        : 'Review the new version and trust it';
      this.host.notify(`${why}, then accept it.`, 'error');
      this.host.requestUpdate();
      return;
    }
    const ok = await this.call((c) => c.call('run:accept-change', { runId, sha256 }));
    if (!ok) return;
    this.changed = '';
    this.proposed = undefined;
    await this.refreshRun();
  }
}

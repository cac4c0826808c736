/**
 * What checklist and configuration steps share: the operator attests them done or not done, with
 * a note (and, for configuration, the device it was applied to). The attestation is evidence, so
 * what was recorded is shown back plainly.
 */
import { LitElement, css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Problem, Step } from '../../src-main/core/runbook/model.js';
import type { RunbookVersion } from '../../src-main/core/run-model.js';
import { statusBadge } from '../shared/badge.js';
import { emit } from '../shared/events.js';
import { formatTime } from '../shared/format.js';
import { statusInfo } from '../shared/status.js';
import { markBadges } from './step-marks.js';
import { skipButton } from './skip-button.js';
import { stepProblems } from './step-problems.js';
import { earlierAttempts, type StepView } from './step-view.js';
import './rl-attempts.js';

export const attestStyles = css`
  .attest {
    display: flex;
    flex-direction: column;
    gap: 8px;
    padding: 10px 12px;
    border-top: 1px solid var(--rl-border);
  }
  .row {
    display: flex;
    gap: 8px;
    align-items: center;
    flex-wrap: wrap;
  }
  textarea {
    width: 100%;
    min-height: 52px;
  }
  label {
    font-size: 12px;
    font-weight: 600;
  }
  .recorded {
    font-size: 12px;
  }
  .recorded q {
    white-space: pre-wrap;
  }
  .hint {
    font-size: 12px;
  }
`;

/** Base of the attestable step elements; subclasses render the step's own content. */
export abstract class AttestableStep extends LitElement {
  @property({ attribute: false }) step!: Step;
  @property({ attribute: false }) view?: StepView;
  /** A run is open and accepts attestations. */
  @property({ type: Boolean }) runnable = false;
  @property({ type: Boolean }) readonly = false;
  /** The runbook is untrusted: its text is shown in full for review. */
  @property({ type: Boolean }) review = false;
  /** The runbook versions of the run, for naming the one each attempt ran. */
  @property({ attribute: false }) versions: RunbookVersion[] = [];
  /** The alternative of this step's group that was done, if any. */
  @property() settledBy = '';
  @property() runId = '';
  /** The step's own errors in the runbook: shown, and it cannot be attested until they are fixed. */
  @property({ attribute: false }) problems: Problem[] = [];
  @state() protected note = '';
  @state() protected device = '';

  /** Whether this kind of step asks for a device name. */
  protected abstract readonly withDevice: boolean;

  protected attest(done: boolean): void {
    emit(this, 'rl-attest', {
      step: this.step.name,
      done,
      note: this.note.trim() || undefined,
      device: this.withDevice ? this.device.trim() || undefined : undefined,
    });
  }

  protected get status(): string {
    return this.view?.status ?? 'pending';
  }

  protected statusBadge() {
    return html`${markBadges(this.step, this.settledBy)} ${statusBadge(this.status, 'status')}`;
  }

  /** Attesting it done needs the device name, and none is written yet. */
  private get deviceMissing(): boolean {
    return this.withDevice && !!this.step.rules?.deviceRequired && this.device.trim() === '';
  }

  /** Earlier answers and skips, folded like a command's earlier attempts. */
  protected earlier() {
    const v = this.view;
    return html`<rl-attempts
      .attempts=${earlierAttempts(v)}
      .total=${v?.attempts?.length ?? 0}
      .versions=${this.versions}
      .runId=${this.runId}
    ></rl-attempts>`;
  }

  protected recorded() {
    const v = this.view;
    if (v?.status === 'skipped' && v.reason)
      return html`<div class="recorded" data-role="skip-reason">
        <strong>Skipped</strong> <span class="muted">${formatTime(v.endedAt)}</span> —
        <q>${v.reason}</q>
      </div>`;
    const a = v?.attestation;
    if (!a) return nothing;
    return html`<div class="recorded" data-role="attestation">
      <strong class="tone-${statusInfo(a.done ? 'done' : 'not-done').tone}"
        >${a.done ? 'Done' : 'Not done'}</strong
      >
      <span class="muted">${formatTime(a.at)}</span>
      ${a.device ? html`on <span class="mono">${a.device}</span>` : nothing}
      ${a.note ? html`— <q>${a.note}</q>` : nothing}
    </div>`;
  }

  protected controls(doneLabel: string) {
    if (this.readonly)
      return html`${this.earlier()}
        <div class="attest">${this.recorded()}</div>`;
    // A step written wrongly cannot be attested; it can still be skipped with a reason.
    if (this.problems.length > 0)
      return html`${stepProblems(this.problems)} ${this.earlier()}
        <div class="attest">
          ${this.recorded()}
          ${
            this.runnable && this.status !== 'skipped'
              ? html`<div class="row">${skipButton(this, this.step.name)}</div>`
              : nothing
          }
        </div>`;
    const id = `note-${this.step.name}`;
    return html`${this.earlier()}
      <div class="attest">
        ${this.recorded()}
        ${
          this.withDevice
            ? html`<div class="row">
                <label for="device-${this.step.name}">Device</label>
                <input
                  id="device-${this.step.name}"
                  type="text"
                  placeholder="hostname of the device"
                  .value=${this.device}
                  ?disabled=${!this.runnable}
                  @input=${(e: Event) => (this.device = (e.target as HTMLInputElement).value)}
                />
              </div>`
            : nothing
        }
        <label for=${id}>Note</label>
        <textarea
          id=${id}
          placeholder="Answer, observation or reason (kept in the evidence)"
          .value=${this.note}
          ?disabled=${!this.runnable}
          @input=${(e: Event) => (this.note = (e.target as HTMLTextAreaElement).value)}
        ></textarea>
        <div class="row">
          <button
            class="primary"
            ?disabled=${!this.runnable || this.deviceMissing}
            @click=${() => this.attest(true)}
          >
            ✓ ${doneLabel}
          </button>
          <button ?disabled=${!this.runnable} @click=${() => this.attest(false)}>✗ Not done</button>
          ${this.runnable && this.status !== 'skipped' ? skipButton(this, this.step.name) : nothing}
          ${
            this.runnable && this.deviceMissing
              ? html`<span class="hint muted" data-role="device-hint"
                  >Name the device to attest it ${doneLabel.toLowerCase()}.</span
                >`
              : nothing
          }
        </div>
      </div>`;
  }
}

/**
 * What checklist and configuration steps share: the operator attests them done or not done, with
 * a note (and, for configuration, the device it was applied to). The attestation is evidence, so
 * what was recorded is shown back plainly.
 */
import { LitElement, css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { Problem, Step } from '../../src-main/core/runbook/model.js';
import { statusBadge } from '../shared/badge.js';
import { emit } from '../shared/events.js';
import { formatTime } from '../shared/format.js';
import { statusInfo } from '../shared/status.js';
import { stepProblems } from './step-problems.js';
import type { StepView } from './step-view.js';

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
    return statusBadge(this.status, 'status');
  }

  protected recorded() {
    const a = this.view?.attestation;
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
    if (this.readonly) return html`<div class="attest">${this.recorded()}</div>`;
    if (this.problems.length > 0)
      return html`${stepProblems(this.problems)}
        <div class="attest">${this.recorded()}</div>`;
    const id = `note-${this.step.name}`;
    return html`<div class="attest">
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
        <button class="primary" ?disabled=${!this.runnable} @click=${() => this.attest(true)}>
          ✓ ${doneLabel}
        </button>
        <button ?disabled=${!this.runnable} @click=${() => this.attest(false)}>✗ Not done</button>
      </div>
    </div>`;
  }
}

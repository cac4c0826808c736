/**
 * A step's earlier attempts, folded under its current result: "Attempt 1 of 2: failed, exit 3".
 * Opened, an attempt shows when it started and ended, its exit code or signal, its flag, the
 * runbook version it ran, the answer or the skip reason, and its recorded output (the terminal
 * element reads it from the history). Nothing earlier disappears when a step is tried again.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { RunbookVersion, StepAttempt } from '../../src-main/core/run-model.js';
import { formatDuration, formatTime } from '../shared/format.js';
import { sharedStyles } from '../shared/shared.styles.js';
import { attemptSummary, exitWords, flagWords, versionWords } from './attempt-words.js';
import '../terminal/rl-terminal.js';

@customElement('rl-attempts')
export class RlAttempts extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      details {
        border-top: 1px solid var(--rl-border);
      }
      summary {
        padding: 6px 12px;
        font-size: 12.5px;
        cursor: pointer;
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 2px 12px;
        margin: 0;
        padding: 4px 12px 8px;
        font-size: 12px;
      }
      dt {
        color: var(--rl-muted);
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
      q {
        white-space: pre-wrap;
      }
    `,
  ];

  /** The attempts before the current one, oldest first. */
  @property({ attribute: false }) attempts: StepAttempt[] = [];
  /** How many attempts the step has in all (the current one included). */
  @property({ type: Number }) total = 0;
  @property({ attribute: false }) versions: RunbookVersion[] = [];
  @property() runId = '';
  /** Attempts opened once: their output stays loaded. */
  @state() private opened = new Set<number>();

  private toggled(a: StepAttempt, ev: Event): void {
    if (!(ev.target as HTMLDetailsElement).open || this.opened.has(a.id)) return;
    this.opened = new Set([...this.opened, a.id]);
  }

  private facts(a: StepAttempt) {
    const rows: Array<[string, unknown]> = [
      ['Started', formatTime(a.startedAt)],
      [
        'Ended',
        a.endedAt ? `${formatTime(a.endedAt)} (${formatDuration(a.startedAt, a.endedAt)})` : '',
      ],
      ['Result', exitWords(a)],
      ['Flag', flagWords(a.flag)],
      ['Runbook', versionWords(a.runbookSha256, this.versions)],
      [a.action === 'skip' ? 'Reason' : 'Why', a.reason ? html`<q>${a.reason}</q>` : ''],
      ['Answer', a.attestation ? (a.attestation.done ? 'done' : 'not done') : ''],
      ['Device', a.attestation?.device ?? ''],
      ['Note', a.attestation?.note ? html`<q>${a.attestation.note}</q>` : ''],
      ['Output SHA-256', a.outputSha256 ?? ''],
    ];
    return html`<dl>
      ${rows
        .filter(([, v]) => v !== '')
        .map(
          ([k, v]) =>
            html`<dt>${k}</dt>
              <dd>${v}</dd>`,
        )}
    </dl>`;
  }

  override render() {
    if (this.attempts.length === 0) return nothing;
    return html`${this.attempts.map(
      (a) =>
        html`<details
          data-role="earlier-attempt"
          data-attempt=${a.attempt}
          @toggle=${(ev: Event) => this.toggled(a, ev)}
        >
          <summary>${attemptSummary(a, this.total)}</summary>
          ${this.facts(a)}
          ${
            this.opened.has(a.id) && a.action === 'run' && a.id > 0
              ? html`<rl-terminal
                  .runId=${this.runId}
                  .step=${a.stepName}
                  .executionId=${a.id}
                ></rl-terminal>`
              : nothing
          }
        </details>`,
    )}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rl-attempts': RlAttempts;
  }
}

/**
 * Settings, Team ledger: the connection string of the team's PostgreSQL ledger (never with a
 * password: the service refuses one, and the help says where libpq finds it instead), whether the
 * ledger answers now, the runs of this workstation that wait to be published and why, and
 * "Publish now". It talks to the service itself (`settings:get`, `settings:set-ledger-url`,
 * `ledger:status`, `ledger:publish`), like the notebook does for its run.
 */
import { LitElement, html, nothing } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { ApiClient } from '../api/client.js';
import { clientContext } from '../app/contexts.js';
import type { LedgerStatus, Responses } from '../../src-main/api/contract.js';
import { attempt } from '../shared/attempt.js';
import { emit } from '../shared/events.js';
import { LEDGER_URL_EXAMPLE } from '../shared/ledger-example.js';
import { waitingRuns, waitingSummary } from '../shared/waiting-runs.js';
import { ledgerSettingsStyles } from './rl-ledger-settings.styles.js';

/** The service refused the string's shape (not a postgresql:// URL nor key=value pairs). */
function explainRefusal(code: string, message: string): string {
  if (code !== 'bad-request') return message;
  return 'Not a connection string: use a postgresql:// URL or libpq key=value pairs (host=… dbname=… user=…).';
}

@customElement('rl-ledger-settings')
export class RlLedgerSettings extends LitElement {
  static override styles = ledgerSettingsStyles;

  @consume({ context: clientContext, subscribe: true })
  @state()
  client?: ApiClient;
  /** The saved connection string, or '' when there is no ledger. */
  @state() private saved = '';
  @state() private draft = '';
  @state() private error = '';
  @state() private status?: LedgerStatus;
  @state() private checking = false;
  @state() private publishing = false;
  @state() private published?: Responses['ledger:publish'];
  private started = false;

  override willUpdate(): void {
    if (this.client && !this.started) {
      this.started = true;
      void this.load();
    }
  }

  private async load(): Promise<void> {
    const got = await attempt(this.client!.call('settings:get', {}));
    if (got.ok) this.saved = this.draft = got.value.ledgerUrl ?? '';
    await this.refresh();
  }

  /** Reads the queue at once, then asks the ledger whether it answers. */
  async refresh(): Promise<void> {
    const quick = await attempt(this.client!.call('ledger:status', {}));
    if (quick.ok) this.status = quick.value;
    if (!quick.ok || !quick.value.configured) return;
    this.checking = true;
    const checked = await attempt(this.client!.call('ledger:status', { check: true }));
    this.checking = false;
    if (checked.ok) this.status = checked.value;
  }

  private async save(url: string | null): Promise<void> {
    const got = await attempt(this.client!.call('settings:set-ledger-url', { url }));
    if (!got.ok) {
      this.error = explainRefusal(got.error.code, got.error.message);
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('#ledger-url')?.focus();
      return;
    }
    this.error = '';
    this.published = undefined;
    this.saved = this.draft = got.value.ledgerUrl ?? '';
    // Save (now disabled) or Remove (now gone) had the focus: it goes back to the field.
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLInputElement>('#ledger-url')?.focus();
    emit(this, 'rl-notify', {
      message: this.saved
        ? 'Team ledger saved.'
        : 'Team ledger removed: runs stay on this workstation.',
      kind: 'ok',
    });
    await this.refresh();
  }

  private async publish(): Promise<void> {
    // Not disabled while it works: a disabled button would drop the keyboard focus.
    if (this.publishing) return;
    this.publishing = true;
    const got = await attempt(this.client!.call('ledger:publish', {}));
    this.publishing = false;
    if (!got.ok) {
      emit(this, 'rl-notify', { message: got.error.message, kind: 'error' });
    } else this.published = got.value;
    await this.refresh();
  }

  private form() {
    const dirty = this.draft.trim() !== this.saved;
    return html`<form
      @submit=${(e: Event) => {
        e.preventDefault();
        void this.save(this.draft.trim() || null);
      }}
    >
      <label for="ledger-url">Connection string</label>
      <div class="row">
        <input
          id="ledger-url"
          type="text"
          spellcheck="false"
          autocomplete="off"
          placeholder=${LEDGER_URL_EXAMPLE}
          aria-invalid=${this.error ? 'true' : 'false'}
          aria-describedby="ledger-help${this.error ? ' ledger-error' : ''}"
          .value=${this.draft}
          @input=${(e: Event) => (this.draft = (e.target as HTMLInputElement).value)}
        />
        <button type="submit" class="primary" ?disabled=${!dirty}>Save</button>
        ${
          this.saved
            ? html`<button type="button" class="danger" @click=${() => void this.save(null)}>
                Remove
              </button>`
            : nothing
        }
      </div>
      ${this.error ? html`<p class="error" id="ledger-error" role="alert">${this.error}</p>` : nothing}
      <p class="help" id="ledger-help">
        Never put a password here: Runlog refuses a connection string that holds one, and keeps none
        in clear. It finds the password where psql does: the password file (<code>~/.pgpass</code>,
        or the file <code>PGPASSFILE</code> names, mode 600), a service file
        (<code>service=NAME</code>, read from <code>PGSERVICEFILE</code> or
        <code>~/.pg_service.conf</code>), or the environment Runlog was started with
        (<code>PGPASSWORD</code>, <code>PGUSER</code>, <code>PGSSLMODE</code>…). Use
        <code>sslmode=verify-full</code> for a ledger across a network.
      </p>
    </form>`;
  }

  private reachability(s: LedgerStatus) {
    if (!s.configured) {
      return html`<p class="state" data-role="ledger-state" data-state="none">
        <span class="dot off" aria-hidden="true"></span>No ledger set: finished runs stay in this
        workstation's history only.
      </p>`;
    }
    const [state, words] = this.checking
      ? ['checking', 'Checking whether the ledger answers…']
      : s.reachable
        ? ['reachable', 'Reachable']
        : ['unreachable', 'Cannot be reached'];
    return html`<p class="state" data-role="ledger-state" data-state=${state}>
        <span class="dot ${state}" aria-hidden="true"></span><strong>${words}</strong>
        ${s.target ? html`<span class="mono target">${s.target}</span>` : nothing}
        <button type="button" ?disabled=${this.checking} @click=${() => void this.refresh()}>
          Check again
        </button>
      </p>
      ${!this.checking && s.error ? html`<p class="why">${s.error}</p>` : nothing}`;
  }

  private publishResult() {
    const r = this.published;
    if (!r) return nothing;
    const words =
      `Published ${r.published.length} run${r.published.length === 1 ? '' : 's'}; ` +
      `${r.already.length} already in the ledger; ${r.waiting} still waiting.`;
    return html`<p class="result" data-role="publish-result">${words}</p>`;
  }

  private queue(s: LedgerStatus) {
    return html`<h3>Waiting to be published</h3>
      <p data-role="waiting-summary">${waitingSummary(s.waiting)}</p>
      ${waitingRuns(s.waiting)}
      <div class="row actions">
        <button
          type="button"
          class="primary"
          ?disabled=${!s.configured}
          aria-busy=${this.publishing ? 'true' : 'false'}
          @click=${() => void this.publish()}
        >
          ${this.publishing ? 'Publishing…' : 'Publish now'}
        </button>
        ${this.publishResult()}
      </div>`;
  }

  override render() {
    const s = this.status;
    return html`<section aria-labelledby="ledger-title">
      <h2 id="ledger-title">Team ledger</h2>
      <p class="lead">
        A PostgreSQL database the team already runs, where every finished run is published with its
        signed record, and where the team's signers and trusted runbook versions are kept.
      </p>
      ${this.form()}
      <div class="status" data-role="ledger-status">
        <div aria-live="polite">${s ? this.reachability(s) : nothing}</div>
        ${s ? this.queue(s) : nothing}
      </div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rl-ledger-settings': RlLedgerSettings;
  }
}

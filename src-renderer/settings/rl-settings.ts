/**
 * Settings: the runbook folders added to the library, and the team ledger (rl-ledger-settings).
 * Runbooks found in added folders are untrusted until the operator reviews and trusts each one;
 * folders given on the command line are shown but can only be changed there.
 */
import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { emit } from '../shared/events.js';
import { settingsStyles } from './rl-settings.styles.js';
import './rl-ledger-settings.js';

@customElement('rl-settings')
export class RlSettings extends LitElement {
  static override styles = settingsStyles;

  /** Folders saved in the settings. */
  @property({ attribute: false }) folders: string[] = [];
  /** Folders given with --runbooks when Runlog was started. */
  @property({ attribute: false }) commandLineFolders: string[] = [];
  /** The service's answer to the last change, when it refused it. */
  @property() error = '';
  @state() private draft = '';

  private change(folders: string[]): void {
    emit(this, 'rl-set-folders', { folders });
  }

  private add(event: Event): void {
    event.preventDefault();
    const path = this.draft.trim();
    if (!path) return;
    this.change([...this.folders, path]);
    this.draft = '';
  }

  override render() {
    return html`
      <h1>Settings</h1>
      <section aria-labelledby="folders-title">
        <h2 id="folders-title">Runbook folders</h2>
        <p class="lead">
          The bundled runbooks are always in the library. Add folders of your own; their runbooks
          stay untrusted — they render but run nothing — until you review and trust each one.
        </p>
        <ul aria-label="Added folders">
          ${
            this.folders.length === 0
              ? html`<li class="empty">No folder added yet.</li>`
              : this.folders.map(
                  (folder) =>
                    html`<li>
                      <span class="path">${folder}</span>
                      <button
                        type="button"
                        class="danger"
                        aria-label=${`Remove ${folder}`}
                        @click=${() => this.change(this.folders.filter((f) => f !== folder))}
                      >
                        Remove
                      </button>
                    </li>`,
                )
          }
          ${this.commandLineFolders.map(
            (folder) =>
              html`<li title="Given with --runbooks when Runlog started">
                <span class="path">${folder}</span><span class="muted">command line</span>
              </li>`,
          )}
        </ul>
        <form @submit=${this.add}>
          <label class="sr-only" for="folder">Folder to add (absolute path)</label>
          <input
            id="folder"
            placeholder="/home/you/runbooks"
            .value=${this.draft}
            @input=${(e: Event) => (this.draft = (e.target as HTMLInputElement).value)}
          />
          <button type="submit" class="primary">Add folder</button>
        </form>
        ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      </section>
      <rl-ledger-settings></rl-ledger-settings>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rl-settings': RlSettings;
  }
}

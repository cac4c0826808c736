/** The application shell: connects to the service and lays out the library. */
import { LitElement, css, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { connect, type ApiClient } from '../api/client.js';
import type { RunbookSummary } from '../../src-main/api/contract.js';

@customElement('rl-app')
export class RlApp extends LitElement {
  static override styles = css`
    :host {
      display: block;
      padding: 16px;
    }
    li {
      font-family: var(--rl-mono);
    }
  `;

  @state() private runbooks: RunbookSummary[] = [];
  @state() private error = '';
  private client?: ApiClient;

  override async connectedCallback(): Promise<void> {
    super.connectedCallback();
    try {
      this.client = await connect();
      this.runbooks = (await this.client.call('library:list', {})).runbooks;
    } catch (err) {
      this.error = (err as Error).message;
    }
  }

  override render() {
    return html`
      <h1>Runlog</h1>
      ${this.error ? html`<p role="alert">${this.error}</p>` : ''}
      <ul class="library">
        ${this.runbooks.map((rb) => html`<li data-file=${rb.fileName}>${rb.fileName}</li>`)}
      </ul>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rl-app': RlApp;
  }
}

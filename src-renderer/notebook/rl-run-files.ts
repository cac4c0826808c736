/**
 * The files of a run: every artifact its steps recorded, with its path in the run folder, size,
 * SHA-256, the step and attempt that made it and whether the folder still holds it as recorded;
 * each one downloadable. A big file comes in pages; the download is offered only when the bytes
 * received hash to what the run recorded.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { ApiClient } from '../api/client.js';
import type { RunArtifact } from '../../src-main/api/contract.js';
import { clientContext } from '../app/contexts.js';
import { bytesOf, downloadParts } from '../shared/download.js';
import { emit } from '../shared/events.js';
import { sharedStyles } from '../shared/shared.styles.js';

/** Bytes asked for per call: a big capture comes in several, none too big for one message. */
const PAGE_BYTES = 256 * 1024;

/** Hex SHA-256 of bytes, in the browser's own crypto. */
async function sha256Hex(parts: Uint8Array<ArrayBuffer>[]): Promise<string> {
  const whole = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    whole.set(p, at);
    at += p.length;
  }
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', whole));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

@customElement('rl-run-files')
export class RlRunFiles extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
        margin: 14px 0;
      }
      section {
        border: 1px solid var(--rl-border);
        border-radius: var(--rl-radius);
        background: var(--rl-surface);
        padding: 8px 12px;
        font-size: 12.5px;
      }
      h2 {
        font-size: 14px;
        margin: 0 0 6px;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 2px 10px;
        padding: 4px 0;
        border-top: 1px solid var(--rl-border);
      }
      .path,
      .hash,
      .folder {
        font-family: var(--rl-mono);
        overflow-wrap: anywhere;
      }
      .spacer {
        flex: 1;
      }
    `,
  ];

  @consume({ context: clientContext, subscribe: true })
  @state()
  client?: ApiClient;
  @property() runId = '';
  /** Changes whenever the run's record may have changed: the list is read again. */
  @property({ type: Number }) revision = 0;
  @state() private files: RunArtifact[] = [];
  @state() private folder = '';
  private loaded = '';

  override willUpdate(): void {
    const key = `${this.runId}\u0000${this.revision}\u0000${this.client ? 1 : 0}`;
    if (key === this.loaded || !this.client || !this.runId) return;
    this.loaded = key;
    void this.load();
  }

  private async load(): Promise<void> {
    const runId = this.runId;
    const got = await this.client?.call('history:artifacts', { runId }).catch(() => undefined);
    if (!got || runId !== this.runId) return;
    this.files = got.artifacts;
    this.folder = got.folder;
  }

  /** Reads the file page by page and offers it once its bytes match the recorded SHA-256. */
  private async download(file: RunArtifact): Promise<void> {
    const client = this.client;
    if (!client) return;
    const parts: Uint8Array<ArrayBuffer>[] = [];
    try {
      for (let offset = 0, total = Infinity; offset < total;) {
        const page = await client.call('history:artifact', {
          runId: this.runId,
          path: file.path,
          offset,
          length: PAGE_BYTES,
        });
        total = page.total;
        parts.push(bytesOf(page.content));
        offset += page.length;
        if (page.length === 0) break;
      }
    } catch (err) {
      emit(this, 'rl-notify', { message: (err as Error).message, kind: 'error' });
      return;
    }
    if ((await sha256Hex(parts)) !== file.sha256) {
      const message = `${file.path} no longer matches the SHA-256 the run recorded; not downloaded.`;
      emit(this, 'rl-notify', { message, kind: 'error' });
      return;
    }
    downloadParts(file.path.split('/').pop() || 'artifact', parts, 'application/octet-stream');
  }

  override render() {
    if (!this.runId || this.files.length === 0) return nothing;
    return html`<section data-role="run-files" aria-labelledby="files-title">
      <h2 id="files-title">Files of this run</h2>
      <p class="muted">
        Run folder: <span class="folder" data-role="run-folder">${this.folder}</span>
      </p>
      <ul>
        ${this.files.map(
          (f) =>
            html`<li data-artifact=${f.path}>
              <span class="path">${f.path}</span>
              <span class="muted">${f.size} bytes</span>
              <span class="muted">${f.step}, attempt ${f.attempt}</span>
              <span class="hash muted" title="SHA-256" data-role="sha256">${f.sha256}</span>
              <span class="spacer"></span>
              ${
                f.present
                  ? html`<button
                      aria-label="Download ${f.path}"
                      @click=${() => void this.download(f)}
                    >
                      Download
                    </button>`
                  : html`<span class="tone-warn" data-role="missing"
                      >changed or gone since recorded</span
                    >`
              }
            </li>`,
        )}
      </ul>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rl-run-files': RlRunFiles;
  }
}

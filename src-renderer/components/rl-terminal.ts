/**
 * A step's terminal: xterm.js at a fixed height (streaming output never moves the page), as wide
 * as its cell. Keys reach the step only while it runs; otherwise the terminal is a read-only record
 * and Tab moves focus on as everywhere else.
 */
import { LitElement, css, html, unsafeCSS } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import xtermCss from '@xterm/xterm/css/xterm.css?inline';
import type { ApiClient } from '../api/client.js';
import { TerminalStream } from './terminal-stream.js';

/** Rows shown: most steps print a few lines, and several cells still fit on one screen. */
export const TERMINAL_ROWS = 10;
/** Rows when the operator enlarges the terminal: a long listing without scrolling back. */
export const EXPANDED_ROWS = 30;
/** Lines kept for scrolling back; a recorded output longer than this is in the history export. */
const SCROLLBACK_LINES = 5000;

@customElement('rl-terminal')
export class RlTerminal extends LitElement {
  static override styles = [
    unsafeCSS(xtermCss),
    css`
      :host {
        display: flex;
        align-items: flex-start;
        gap: 4px;
        background: var(--rl-term-bg);
        border-radius: 0 0 var(--rl-radius) var(--rl-radius);
        padding: 6px 4px 6px 8px;
      }
      .screen {
        flex: 1;
        min-width: 0;
      }
      /* A narrow gutter of its own, so the button never covers output. */
      button.size {
        flex: none;
        width: 24px;
        height: 24px;
        padding: 0;
        border: 1px solid transparent;
        border-radius: var(--rl-radius);
        background: transparent;
        color: var(--rl-term-fg);
        opacity: 0.7;
        cursor: pointer;
        font-size: 14px;
        line-height: 1;
      }
      button.size:hover {
        opacity: 1;
        border-color: currentColor;
      }
      button.size:focus-visible {
        opacity: 1;
        outline: 2px solid var(--rl-focus);
        outline-offset: 1px;
      }
      /* xterm.css paints the viewport black; the element's token background shows instead. */
      .xterm .xterm-viewport {
        background-color: transparent !important;
      }
      :host(:focus-within) {
        outline: 2px solid var(--rl-focus);
        outline-offset: -2px;
      }
    `,
  ];

  @property({ attribute: false }) client?: ApiClient;
  @property() runId = '';
  @property() step = '';
  @property({ type: Number }) executionId = 0;
  /** The step is running in this session: input and resizes go to its pty. */
  @property({ type: Boolean }) live = false;
  /** The operator enlarged this terminal; it stays at that height while output streams. */
  @state() private expanded = false;
  @query('.screen') private screen!: HTMLDivElement;

  private readonly stream = new TerminalStream(this);
  private term?: Terminal;
  private fit?: FitAddon;
  private observer?: ResizeObserver;

  private themeColour(name: string, fallback: string): string {
    return getComputedStyle(this).getPropertyValue(name).trim() || fallback;
  }

  override firstUpdated(): void {
    this.create();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.hasUpdated && !this.term) this.create();
  }

  private create(): void {
    const term = new Terminal({
      rows: this.rows,
      cols: 80,
      scrollback: SCROLLBACK_LINES,
      fontFamily: this.themeColour('--rl-mono', 'monospace'),
      fontSize: 12,
      cursorBlink: false,
      convertEol: false,
      disableStdin: !this.live,
      // Transparent so the element's own background (a design token) shows in both themes.
      allowTransparency: true,
      theme: {
        background: 'rgba(0, 0, 0, 0)',
        foreground: this.themeColour('--rl-term-fg', '#e6edf3'),
        cursor: this.themeColour('--rl-term-fg', '#e6edf3'),
      },
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(this.screen);
    term.attachCustomKeyEventHandler(() => this.live);
    term.onData((data) => this.stream.input(data));
    term.onResize(({ cols, rows }) => this.stream.resize(cols, rows));
    this.term = term;
    this.fit = fit;
    this.observer = new ResizeObserver(() => this.refit());
    this.observer.observe(this);
    this.refit();
    this.stream.attach(term);
  }

  private get rows(): number {
    return this.expanded ? EXPANDED_ROWS : TERMINAL_ROWS;
  }

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('expanded')) this.refit();
    if (changed.has('live') && this.term) {
      this.term.options.disableStdin = !this.live;
      if (this.live) this.stream.resize(this.term.cols, this.term.rows);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.observer?.disconnect();
    this.stream.detach();
    this.term?.dispose();
    this.term = undefined;
  }

  /** Fits the columns to the cell; the height stays at the rows chosen. */
  private refit(): void {
    const dims = this.fit?.proposeDimensions();
    if (!this.term || !dims || !Number.isFinite(dims.cols) || dims.cols < 2) return;
    if (dims.cols !== this.term.cols || this.term.rows !== this.rows)
      this.term.resize(dims.cols, this.rows);
  }

  /** Moves keyboard focus into the terminal (to answer a prompt). */
  override focus(): void {
    this.term?.focus();
  }

  override render() {
    const label = this.expanded ? 'Shrink the output' : 'Enlarge the output';
    return html`<div class="screen" role="region" aria-label="Output of ${this.step}"></div>
      <button
        class="size"
        data-role="terminal-size"
        title=${label}
        aria-label=${label}
        aria-pressed=${this.expanded ? 'true' : 'false'}
        @click=${() => (this.expanded = !this.expanded)}
      >
        ${this.expanded ? '⤡' : '⤢'}
      </button>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rl-terminal': RlTerminal;
  }
}

/**
 * A step's terminal: xterm.js at a fixed height (streaming output never moves the page), as wide
 * as its cell. Keys reach the step only while it runs; otherwise the terminal is a read-only record
 * and Tab moves focus on as everywhere else.
 */
import { LitElement, css, html, unsafeCSS } from 'lit';
import { customElement, property, query } from 'lit/decorators.js';
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import xtermCss from '@xterm/xterm/css/xterm.css?inline';
import type { ApiClient } from '../api/client.js';
import { TerminalStream } from './terminal-stream.js';

/** Rows shown: enough for a screen of output, small enough to keep the runbook in view. */
export const TERMINAL_ROWS = 16;
/** Lines kept for scrolling back; a recorded output longer than this is in the history export. */
const SCROLLBACK_LINES = 5000;

@customElement('rl-terminal')
export class RlTerminal extends LitElement {
  static override styles = [
    unsafeCSS(xtermCss),
    css`
      :host {
        display: block;
        background: var(--rl-term-bg);
        border-radius: 0 0 var(--rl-radius) var(--rl-radius);
        padding: 6px 4px 6px 8px;
      }
      .screen {
        width: 100%;
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
      rows: TERMINAL_ROWS,
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

  override updated(changed: Map<string, unknown>): void {
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

  /** Fits the columns to the cell; the height stays fixed. */
  private refit(): void {
    const dims = this.fit?.proposeDimensions();
    if (!this.term || !dims || !Number.isFinite(dims.cols) || dims.cols < 2) return;
    if (dims.cols !== this.term.cols) this.term.resize(dims.cols, TERMINAL_ROWS);
  }

  /** Moves keyboard focus into the terminal (to answer a prompt). */
  override focus(): void {
    this.term?.focus();
  }

  override render() {
    return html`<div class="screen" role="region" aria-label="Output of ${this.step}"></div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rl-terminal': RlTerminal;
  }
}

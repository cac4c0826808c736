/**
 * A step's terminal: xterm.js as wide as its cell and as tall as its output (up to a limit, then
 * it scrolls; Enlarge makes it nearly as tall as the window). Keys reach the step only while it
 * runs, except Tab, which always moves the focus on, so the keyboard is never trapped here; a
 * finished terminal is a read-only record that the arrow and page keys scroll. xterm.js's screen
 * reader mode is on, so its rows and new output reach assistive technology (its DOM rows are
 * hidden from it otherwise); it costs the page about a fifth more work while output floods in.
 */
import { LitElement, html } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { Terminal } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import type { ApiClient } from '../api/client.js';
import { clientContext } from '../app/contexts.js';
import { FrameTask } from '../shared/frame-task.js';
import { TerminalStream } from './terminal-stream.js';
import { TERMINAL_ROWS, expandedRows, usedRows } from './terminal-size.js';
import { terminalStyles } from './rl-terminal.styles.js';

/** Lines kept for scrolling back; a recorded output longer than this is in the history export. */
const SCROLLBACK_LINES = 5000;

/** Keys that scroll a finished terminal's record, and how. */
const SCROLL_KEYS: Record<string, (term: Terminal) => void> = {
  ArrowUp: (t) => t.scrollLines(-1),
  ArrowDown: (t) => t.scrollLines(1),
  PageUp: (t) => t.scrollPages(-1),
  PageDown: (t) => t.scrollPages(1),
  Home: (t) => t.scrollToTop(),
  End: (t) => t.scrollToBottom(),
};

@customElement('rl-terminal')
export class RlTerminal extends LitElement {
  static override styles = terminalStyles;

  @consume({ context: clientContext, subscribe: true })
  @state()
  client?: ApiClient;
  @property() runId = '';
  @property() step = '';
  @property({ type: Number }) executionId = 0;
  /** The step is running in this session: input and resizes go to its pty. */
  @property({ type: Boolean }) live = false;
  /** The operator enlarged this terminal. */
  @state() private expanded = false;
  /** The output is taller than the terminal at its usual size: Enlarge is offered. */
  @state() private overflowing = false;
  @query('.screen') private screen!: HTMLDivElement;
  @query('.clip') private clip!: HTMLDivElement;

  private readonly stream = new TerminalStream(this);
  private term?: Terminal;
  private fit?: FitAddon;
  private observer?: ResizeObserver;
  /** Output arrived: the visible height follows it, at most once a frame. */
  private readonly height = new FrameTask(() => this.fitHeight());

  private token(name: string, fallback: string): string {
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
      fontFamily: this.token('--rl-mono', 'monospace'),
      fontSize: 12,
      cursorBlink: false,
      convertEol: false,
      disableStdin: !this.live,
      screenReaderMode: true,
      // Transparent so the element's own background (a design token) shows in both themes.
      allowTransparency: true,
      theme: {
        background: 'rgba(0, 0, 0, 0)',
        foreground: this.token('--rl-term-fg', '#e6edf3'),
        cursor: this.token('--rl-term-fg', '#e6edf3'),
      },
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(this.screen);
    term.attachCustomKeyEventHandler((ev) => this.onKey(term, ev));
    term.onData((data) => this.stream.input(data));
    term.onResize(({ cols, rows }) => this.stream.resize(cols, rows));
    term.onWriteParsed(() => this.height.schedule());
    this.term = term;
    this.fit = fit;
    this.labelInput();
    this.observer = new ResizeObserver(() => this.refit());
    this.observer.observe(this);
    this.refit();
    this.stream.attach(term);
  }

  /** Decides who gets a key: the step (while it runs), the record's scrolling, or the page. */
  private onKey(term: Terminal, ev: KeyboardEvent): boolean {
    if (ev.key === 'Tab') return false;
    if (this.live) return true;
    const scroll = SCROLL_KEYS[ev.key];
    if (scroll && ev.type === 'keydown') {
      scroll(term);
      ev.preventDefault();
    }
    return false;
  }

  /** Names the terminal's input for assistive technology: what typing here does. */
  private labelInput(): void {
    const label = this.live
      ? `Input to step ${this.step}: typing goes to the running step; Tab leaves`
      : `Output of step ${this.step}, read-only: arrows and Page keys scroll`;
    this.term?.textarea?.setAttribute('aria-label', label);
  }

  override updated(changed: Map<string, unknown>): void {
    if (changed.has('expanded')) this.refit();
    if (changed.has('live') || changed.has('step')) this.labelInput();
    if (changed.has('live') && this.term) {
      this.term.options.disableStdin = !this.live;
      if (this.live) this.stream.resize(this.term.cols, this.term.rows);
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.observer?.disconnect();
    this.height.cancel();
    this.stream.detach();
    this.term?.dispose();
    this.term = undefined;
  }

  private cellHeight(): number {
    const screen = this.term?.element?.querySelector('.xterm-screen');
    const height = screen?.getBoundingClientRect().height ?? 0;
    return this.term && height > 0 ? height / this.term.rows : 0;
  }

  private get rows(): number {
    return this.expanded ? expandedRows(window.innerHeight, this.cellHeight()) : TERMINAL_ROWS;
  }

  /** Fits the columns to the cell and the rows to the size chosen. */
  private refit(): void {
    const dims = this.fit?.proposeDimensions();
    if (!this.term || !dims || !Number.isFinite(dims.cols) || dims.cols < 2) return;
    const rows = this.rows;
    if (dims.cols !== this.term.cols || this.term.rows !== rows) this.term.resize(dims.cols, rows);
    this.height.schedule();
  }

  /** Cuts the terminal off below its last line of output; a full terminal shows whole. */
  private fitHeight(): void {
    const term = this.term;
    if (!term || !this.clip) return;
    const buffer = term.buffer.active;
    this.overflowing = this.expanded || buffer.baseY > 0;
    const used = usedRows(buffer, term.rows);
    // Measured only while the output is shorter than the screen: no layout read during a flood.
    const cell = used < term.rows ? this.cellHeight() : 0;
    const height = cell > 0 ? `${Math.ceil(used * cell)}px` : '';
    if (this.clip.style.height !== height) this.clip.style.height = height;
  }

  /** Moves keyboard focus into the terminal (to answer a prompt). */
  override focus(): void {
    this.term?.focus();
  }

  override render() {
    const label = this.expanded ? 'Shrink the output' : 'Enlarge the output';
    return html`<div class="clip">
        <div class="screen" role="region" aria-label="Output of step ${this.step}"></div>
      </div>
      <button
        class="size"
        data-role="terminal-size"
        title=${label}
        aria-label=${label}
        aria-pressed=${this.expanded ? 'true' : 'false'}
        ?hidden=${!this.overflowing}
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

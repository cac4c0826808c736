/**
 * Folding a step's text so its result sits right under its header. The text is folded by default
 * once the step has run (the output is what matters then) and when it is long; it is never folded
 * by default while the runbook is untrusted, since the operator must read every step before
 * trusting it. The operator's own choice, once made, wins for as long as the cell lives.
 */
import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { revealedLine } from '../shared/revealed-text.js';

/** A script longer than this is folded from the start: it would push the next steps away. */
export const LONG_SCRIPT_LINES = 12;

/** Lines of a step's text, ignoring a final line break. */
export function lineCount(text: string): number {
  return text.replace(/\n$/, '').split('\n').length;
}

/** What decides the default: whether the step has a result, and whether it must be reviewed. */
export interface FoldInput {
  text: string;
  /** The step has run (or was attested): its result is on screen. */
  settled: boolean;
  /** The runbook is not trusted yet: every line must be readable without a click. */
  review: boolean;
}

/** Whether the text is shown when the operator has not chosen. */
export function openByDefault({ text, settled, review }: FoldInput): boolean {
  return review || (!settled && lineCount(text) <= LONG_SCRIPT_LINES);
}

export class CodeFold implements ReactiveController {
  /** The operator's choice, and the text it was made for (a cell may be given another step). */
  private choice?: { open: boolean; text: string };

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {}

  /** Whether the text is shown now. */
  isOpen(input: FoldInput): boolean {
    const choice = this.choice?.text === input.text ? this.choice.open : undefined;
    return choice ?? openByDefault(input);
  }

  /** The disclosure button at the start of the header: a triangle that says what it folds. */
  toggle(input: FoldInput, controls: string) {
    const open = this.isOpen(input);
    const lines = lineCount(input.text);
    const label = `Code, ${lines} ${lines === 1 ? 'line' : 'lines'}`;
    return html`<button
      class="fold"
      data-role="fold"
      aria-expanded=${open ? 'true' : 'false'}
      aria-controls=${controls}
      aria-label=${label}
      title=${`${open ? 'Fold' : 'Show'} the code (${lines} ${lines === 1 ? 'line' : 'lines'})`}
      @click=${() => this.set(input, !open)}
    >
      <span aria-hidden="true">${open ? '▾' : '▸'}</span>
    </button>`;
  }

  /** The folded form: the first line of the text (hidden characters marked), which opens it on a click. */
  peek(input: FoldInput, id: string) {
    if (this.isOpen(input)) return nothing;
    const first = input.text.split('\n').find((line) => line.trim()) ?? '';
    return html`<div class="peek" id=${id} data-role="peek" @click=${() => this.set(input, true)}>
      <code>${revealedLine(first.trim())}</code>
    </div>`;
  }

  private set(input: FoldInput, open: boolean): void {
    this.choice = { open, text: input.text };
    this.host.requestUpdate();
  }
}

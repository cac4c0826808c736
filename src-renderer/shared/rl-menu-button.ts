/**
 * A button that opens a menu of actions, with the keyboard behaviour of the WAI-ARIA menu button
 * pattern: Enter, Space or ArrowDown open it on the first item and ArrowUp on the last; arrows,
 * Home, End and a letter move between items; Enter or Space choose; Escape closes and gives the
 * focus back to the button; Tab or a click elsewhere closes it. Choosing sends `rl-menu-select`.
 */
import { LitElement, html } from 'lit';
import { customElement, property, query, queryAll, state } from 'lit/decorators.js';
import { emit } from './events.js';
import { menuButtonStyles } from './rl-menu-button.styles.js';

export interface MenuItem {
  value: string;
  label: string;
}

@customElement('rl-menu-button')
export class RlMenuButton extends LitElement {
  static override styles = menuButtonStyles;

  /** Names the menu in `rl-menu-select`, so one listener can tell menus apart. */
  @property() name = '';
  @property() label = '';
  @property({ attribute: false }) items: MenuItem[] = [];
  @property({ type: Boolean }) disabled = false;
  /** Which edge of the button the menu lines up with: `end` (a bar's right side) or `start`. */
  @property({ reflect: true }) align: 'start' | 'end' = 'end';
  @state() private open = false;
  @query('button[aria-haspopup]') private button!: HTMLButtonElement;
  @queryAll('[role="menuitem"]') private menuItems!: NodeListOf<HTMLButtonElement>;
  private readonly onOutside = (ev: Event) => {
    if (!ev.composedPath().includes(this)) this.close(false);
  };

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('pointerdown', this.onOutside, true);
  }

  /** Opens the menu with the focus on one item: the first, or the last (-1). */
  async show(at = 0): Promise<void> {
    if (this.disabled || this.items.length === 0) return;
    this.open = true;
    document.addEventListener('pointerdown', this.onOutside, true);
    await this.updateComplete;
    this.focusItem(at < 0 ? this.items.length - 1 : at);
  }

  /** Closes the menu; the focus goes back to the button when the operator asked for it. */
  close(refocus: boolean): void {
    if (!this.open) return;
    this.open = false;
    document.removeEventListener('pointerdown', this.onOutside, true);
    if (refocus) this.button.focus();
  }

  private focusItem(index: number): void {
    const items = [...this.menuItems];
    const count = items.length;
    items[((index % count) + count) % count]?.focus();
  }

  private current(): number {
    const focused = (this.renderRoot as ShadowRoot).activeElement;
    return [...this.menuItems].findIndex((el) => el === focused);
  }

  private choose(item: MenuItem): void {
    this.close(true);
    emit(this, 'rl-menu-select', { menu: this.name, value: item.value });
  }

  private onButtonKey(ev: KeyboardEvent): void {
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      ev.preventDefault();
      void this.show(ev.key === 'ArrowUp' ? -1 : 0);
    }
  }

  private onMenuKey(ev: KeyboardEvent): void {
    const at = this.current();
    const moves: Record<string, number> = {
      ArrowDown: at + 1,
      ArrowUp: at - 1,
      Home: 0,
      End: this.items.length - 1,
    };
    if (ev.key in moves) {
      ev.preventDefault();
      this.focusItem(moves[ev.key] as number);
    } else if (ev.key === 'Escape') {
      ev.preventDefault();
      ev.stopPropagation();
      this.close(true);
    } else if (ev.key === 'Tab') {
      this.close(false);
    } else if (ev.key.length === 1 && /\S/.test(ev.key)) {
      this.jumpTo(ev.key.toLowerCase(), at);
    }
  }

  /** Type-ahead: the next item whose label starts with the letter typed. */
  private jumpTo(letter: string, from: number): void {
    const count = this.items.length;
    for (let step = 1; step <= count; step++) {
      const index = (from + step) % count;
      if (this.items[index]?.label.toLowerCase().startsWith(letter)) return this.focusItem(index);
    }
  }

  override render() {
    return html`<button
        aria-haspopup="menu"
        aria-expanded=${this.open ? 'true' : 'false'}
        aria-controls="menu"
        ?disabled=${this.disabled}
        @click=${() => (this.open ? this.close(true) : void this.show(0))}
        @keydown=${this.onButtonKey}
      >
        ${this.label} <span aria-hidden="true">▾</span>
      </button>
      <div
        id="menu"
        role="menu"
        aria-label=${this.label}
        ?hidden=${!this.open}
        @keydown=${this.onMenuKey}
      >
        ${this.items.map(
          (item) =>
            html`<button
              role="menuitem"
              tabindex="-1"
              data-value=${item.value}
              @click=${() => this.choose(item)}
            >
              ${item.label}
            </button>`,
        )}
      </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rl-menu-button': RlMenuButton;
  }
}

/**
 * Runme's categories before a run: one box per category the runbook's steps belong to, all ticked
 * by default; the run starts with only the steps of the ticked ones (the others are not
 * applicable). Once the run has started, the choice is shown as recorded.
 */
import { LitElement, css, html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { emit } from '../shared/events.js';
import { sharedStyles } from '../shared/shared.styles.js';
import { toggleCategory } from './run-categories.js';

@customElement('rl-category-choice')
export class RlCategoryChoice extends LitElement {
  static override styles = [
    sharedStyles,
    css`
      :host {
        display: block;
      }
      fieldset {
        margin: 10px 0 0;
        padding: 6px 12px 8px;
        border: 1px solid var(--rl-border);
        border-radius: var(--rl-radius);
      }
      legend {
        font-size: 12px;
        font-weight: 600;
        padding: 0 4px;
      }
      .boxes {
        display: flex;
        flex-wrap: wrap;
        gap: 4px 16px;
      }
      label {
        display: inline-flex;
        gap: 6px;
        align-items: center;
        font-family: var(--rl-mono);
        font-size: 12.5px;
      }
      .help,
      .chosen {
        font-size: 12px;
        margin: 6px 0 0;
      }
    `,
  ];

  /** Every category of the runbook's steps. */
  @property({ attribute: false }) categories: string[] = [];
  /** The categories chosen; empty means every one. */
  @property({ attribute: false }) chosen: string[] = [];
  /** A run has started (or is shown): the choice is fixed. */
  @property({ type: Boolean }) locked = false;

  private ticked(category: string): boolean {
    return this.chosen.length === 0 || this.chosen.includes(category);
  }

  private toggle(category: string, on: boolean): void {
    const categories = toggleCategory(this.categories, this.chosen, category, on);
    emit(this, 'rl-categories-change', { categories });
    this.requestUpdate();
  }

  override render() {
    if (this.locked) {
      if (this.chosen.length === 0) return nothing;
      return html`<p class="chosen" data-role="categories-chosen">
        <strong>Run for categories:</strong> <span class="mono">${this.chosen.join(', ')}</span>
        <span class="muted">(the other steps are not applicable)</span>
      </p>`;
    }
    if (this.categories.length === 0) return nothing;
    const only = this.chosen.length === 1 ? this.chosen[0] : undefined;
    return html`<fieldset data-role="category-choice">
      <legend>Categories to run</legend>
      <div class="boxes">
        ${this.categories.map(
          (c) =>
            html`<label
              ><input
                type="checkbox"
                name="category"
                .value=${c}
                .checked=${this.ticked(c)}
                ?disabled=${c === only}
                title=${c === only ? 'At least one category runs' : nothing}
                @change=${(e: Event) => this.toggle(c, (e.target as HTMLInputElement).checked)}
              />${c}</label
            >`,
        )}
      </div>
      <p class="help muted">
        ${
          this.chosen.length === 0
            ? 'Every step runs. Untick a category to leave its steps out of the run.'
            : 'Steps outside the ticked categories are not applicable in this run.'
        }
      </p>
    </fieldset>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rl-category-choice': RlCategoryChoice;
  }
}

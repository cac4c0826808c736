/**
 * The run's parameters as a form built from the runbook's ParamSpecs. Values are checked as the
 * operator types with the same rules the engine applies. Secret values are masked and live only
 * in this element's memory: never in the URL, never in storage. A secret so short that redacting
 * it may also blank out ordinary output earns a warning (the redactor's own rule), not a refusal.
 */
import { LitElement, html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { ParamSpec } from '../../src-main/core/runbook/model.js';
import { shortSecretWarning } from '../../src-main/core/engine/secret-policy.js';
import { emit } from '../shared/events.js';
import { paramMessage } from './param-message.js';
import { paramFormStyles } from './rl-param-form.styles.js';

@customElement('rl-param-form')
export class RlParamForm extends LitElement {
  static override styles = paramFormStyles;

  @property({ attribute: false }) params: ParamSpec[] = [];
  /** Values to start from (defaults, or what a run recorded); copied, never written back. */
  @property({ attribute: false }) initial: Record<string, string> = {};
  /** A started run's values are pinned: the form is shown, not edited. */
  @property({ type: Boolean }) disabled = false;
  @state() private values: Record<string, string> = {};
  @state() private touched = new Set<string>();
  /** Fields the operator has left after a change: warnings wait for that, not every keystroke. */
  @state() private left = new Set<string>();

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('params') || changed.has('initial')) {
      const values: Record<string, string> = {};
      for (const spec of this.params)
        values[spec.name] = this.initial[spec.name] ?? spec.default ?? '';
      this.values = values;
      this.touched = new Set();
      this.left = new Set();
      this.announce();
    }
  }

  /** True when every value passes its rules. */
  get valid(): boolean {
    return this.params.every((spec) => !paramMessage(spec, this.values[spec.name] ?? ''));
  }

  /** Marks every field as visited so all messages show (before a start is refused). */
  async revealErrors(): Promise<void> {
    this.touched = new Set(this.params.map((p) => p.name));
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }

  private announce(): void {
    emit(this, 'rl-params-change', { values: { ...this.values }, valid: this.valid });
  }

  private onInput(spec: ParamSpec, value: string): void {
    this.values = { ...this.values, [spec.name]: value };
    this.touched = new Set(this.touched).add(spec.name);
    this.announce();
  }

  /** The short-secret warning for a secret field being filled in, if its value is that short. */
  private warning(spec: ParamSpec): string | undefined {
    if (!spec.secret || this.disabled || !this.left.has(spec.name)) return undefined;
    return shortSecretWarning(this.values[spec.name] ?? '');
  }

  private control(spec: ParamSpec, id: string, message: string | undefined) {
    const value = this.values[spec.name] ?? '';
    const described = [
      message ? `${id}-error` : '',
      this.warning(spec) ? `${id}-warning` : '',
      spec.description ? `${id}-help` : '',
    ]
      .filter(Boolean)
      .join(' ');
    const input = (e: Event) => this.onInput(spec, (e.target as HTMLInputElement).value);
    if (spec.choices?.length) {
      return html`<select
        id=${id}
        name=${spec.name}
        ?disabled=${this.disabled}
        aria-invalid=${message ? 'true' : 'false'}
        aria-describedby=${described || nothing}
        @change=${input}
      >
        ${spec.required ? nothing : html`<option value="" ?selected=${value === ''}></option>`}
        ${spec.choices.map((c) => html`<option value=${c} ?selected=${c === value}>${c}</option>`)}
      </select>`;
    }
    const numeric = spec.type === 'integer' || spec.type === 'port';
    return html`<input
      id=${id}
      name=${spec.name}
      type=${spec.secret ? 'password' : 'text'}
      inputmode=${numeric ? 'numeric' : 'text'}
      autocomplete=${spec.secret ? 'new-password' : 'off'}
      spellcheck="false"
      placeholder=${spec.type === 'string' ? '' : spec.type}
      ?required=${spec.required}
      ?disabled=${this.disabled}
      .value=${value}
      aria-invalid=${message ? 'true' : 'false'}
      aria-describedby=${described || nothing}
      @input=${input}
      @change=${() => (this.left = new Set(this.left).add(spec.name))}
    />`;
  }

  private secretWarning(spec: ParamSpec, id: string) {
    const warning = this.warning(spec);
    return warning
      ? html`<div class="warning" id="${id}-warning" data-role="short-secret">${warning}</div>`
      : nothing;
  }

  override render() {
    if (this.params.length === 0)
      return html`<p class="help">This runbook takes no parameters.</p>`;
    return html`<form @submit=${(e: Event) => e.preventDefault()} novalidate>
      ${this.params.map((spec) => {
        const id = `param-${spec.name}`;
        const value = this.values[spec.name] ?? '';
        const message = this.disabled ? undefined : paramMessage(spec, value);
        const shown =
          message && (this.touched.has(spec.name) || value !== '') ? message : undefined;
        return html`<div class="field" data-param=${spec.name}>
          <label for=${id}>
            ${spec.label || spec.name}${spec.required ? html`<span class="required" aria-hidden="true"> *</span>` : nothing}
            <span class="name">${spec.name}</span>
          </label>
          ${this.control(spec, id, shown)}
          ${shown ? html`<div class="error" id="${id}-error" role="alert">${shown}</div>` : nothing}
          ${this.secretWarning(spec, id)}
          ${spec.description ? html`<div class="help" id="${id}-help">${spec.description}</div>` : nothing}
        </div>`;
      })}
    </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'rl-param-form': RlParamForm;
  }
}

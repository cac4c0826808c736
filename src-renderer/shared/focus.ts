/** Keyboard focus across shadow roots, which `document.activeElement` stops at. */

/** The element that has the keyboard focus, looking through open shadow roots. */
export function deepActiveElement(): HTMLElement | undefined {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement ? active : undefined;
}

/** True when the focus is in a place that takes typing (a field, a terminal). */
export function typingInto(el: Element | undefined): boolean {
  if (!el) return false;
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true;
  if (el instanceof HTMLInputElement) return !['button', 'checkbox', 'radio'].includes(el.type);
  return el instanceof HTMLElement && el.isContentEditable;
}

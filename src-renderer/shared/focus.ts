/** Keyboard focus across shadow roots, which `document.activeElement` stops at. */

/** The element that has the keyboard focus, looking through open shadow roots. */
export function deepActiveElement(): HTMLElement | undefined {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement ? active : undefined;
}

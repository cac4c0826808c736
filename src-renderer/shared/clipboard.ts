/** Copying text for the operator (a device configuration to paste into a console). */

/** Copies text, falling back to a hidden textarea where the Clipboard API is refused. */
export async function copyText(text: string, scope: ShadowRoot | Document): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    (scope instanceof ShadowRoot ? scope : document.body).append(area);
    area.select();
    const ok = document.execCommand('copy');
    area.remove();
    return ok;
  }
}

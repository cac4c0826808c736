/**
 * The note a viewer shows above a screen that stands in for output it was not sent. Pure: the CLI
 * and the renderer both word it so.
 */

/** Characters as a size a person reads ("3.2 MB", "640 kB"), counting a character as a byte. */
export function sizeOfChars(chars: number): string {
  if (chars >= 1e6) return `${(chars / 1e6).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(chars / 1e3))} kB`;
}

/** The note for a screen, or '' when the screen still holds everything the viewer missed. */
export function screenNote(screen: { complete: boolean; skipped?: number }): string {
  const skipped = screen.skipped ?? 0;
  if (screen.complete || skipped <= 0) return '';
  return `[… ${sizeOfChars(skipped)} of output shown only in the history]`;
}

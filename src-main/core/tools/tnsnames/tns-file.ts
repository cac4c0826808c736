/** Reading tnsnames.ora bytes the same way for every `runlog tnsnames` command. */

/**
 * UTF-8 when the bytes are valid UTF-8, else Latin-1; both round-trip exactly, so comments in a
 * legacy code page survive an edit untouched. A byte order mark is kept as it was.
 */
export function decodeTnsBytes(bytes: Buffer): { text: string; encoding: 'utf8' | 'latin1' } {
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    return { text, encoding: 'utf8' };
  } catch {
    return { text: bytes.toString('latin1'), encoding: 'latin1' };
  }
}

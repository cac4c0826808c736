/**
 * Recorded output read back as text, one page at a time. Pages are cut by byte offset, and a
 * character whose UTF-8 bytes straddle a cut would otherwise be decoded as U+FFFD twice, once at
 * the end of a page and once at the start of the next. A page therefore ends after the last
 * character it starts: at most UTF8_MAX_EXTRA bytes past the length asked for.
 */

/** Bytes a UTF-8 character may have after its first. */
export const UTF8_MAX_EXTRA = 3;

/** True for a UTF-8 continuation byte (10xxxxxx). */
function continues(byte: number | undefined): boolean {
  return byte !== undefined && (byte & 0xc0) === 0x80;
}

/**
 * Where a page of `wanted` bytes should end in `bytes` (read with up to UTF8_MAX_EXTRA bytes
 * more): after the continuation bytes of a character that starts before `wanted`.
 */
export function pageEnd(bytes: Uint8Array, wanted: number): number {
  let end = Math.min(wanted, bytes.length);
  while (end < bytes.length && end - wanted < UTF8_MAX_EXTRA && continues(bytes[end])) end++;
  return end;
}

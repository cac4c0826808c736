/**
 * Bytes to text: a runbook must be UTF-8 text. Binary junk, invalid UTF-8 and NUL bytes are
 * reported at the first bad byte's line and column instead of being decoded into garbage.
 */
import { createHash } from 'node:crypto';

/** The text of a runbook file, its hash, and where it stops being text (if it does). */
export interface DecodedSource {
  /** Decoded text with CRLF and lone CR turned into LF (what marked does too). */
  text: string;
  sha256: string;
  byteLength: number;
  /** First position that makes the file "not a UTF-8 text file". */
  bad?: { line: number; column: number; what: string };
}

const BYTE_ORDER_MARK = '\uFEFF';

/** Decodes and hashes a runbook source given as a string or as the file's bytes. */
export function decodeSource(source: string | Uint8Array): DecodedSource {
  const bytes = typeof source === 'string' ? new TextEncoder().encode(source) : source;
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  let text: string;
  if (typeof source === 'string') {
    text = source.startsWith(BYTE_ORDER_MARK) ? source.slice(1) : source;
  } else {
    const invalidAt = firstInvalidUtf8(bytes);
    if (invalidAt !== -1) {
      return { text: '', sha256, byteLength: bytes.length, bad: positionOfByte(bytes, invalidAt) };
    }
    text = new TextDecoder('utf-8').decode(bytes);
  }
  const nul = text.indexOf('\0');
  if (nul !== -1) {
    return {
      text: '',
      sha256,
      byteLength: bytes.length,
      bad: positionInText(text, nul, 'a NUL byte'),
    };
  }
  return { text: text.replace(/\r\n?/g, '\n'), sha256, byteLength: bytes.length };
}

function positionInText(text: string, index: number, what: string): DecodedSource['bad'] {
  const before = text.slice(0, index);
  const lineStart = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) + 1;
  const line = (before.match(/\r\n|\r|\n/g)?.length ?? 0) + 1;
  return { line, column: [...text.slice(lineStart, index)].length + 1, what };
}

function positionOfByte(bytes: Uint8Array, index: number): DecodedSource['bad'] {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < index; i++) {
    if (bytes[i] === 0x0a) {
      line += 1;
      lineStart = i + 1;
    }
  }
  const prefix = new TextDecoder('utf-8').decode(bytes.subarray(lineStart, index));
  const hex = (bytes[index] ?? 0).toString(16).padStart(2, '0');
  return { line, column: [...prefix].length + 1, what: `the byte 0x${hex} is not valid UTF-8` };
}

/** Offset of the first byte that starts an invalid UTF-8 sequence, or -1 (RFC 3629 rules). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i += 1;
      continue;
    }
    let need: number;
    let min = 0x80;
    let max = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) min = 0xa0;
      if (b === 0xed) max = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) min = 0x90;
      if (b === 0xf4) max = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      const lo = k === 1 ? min : 0x80;
      const hi = k === 1 ? max : 0xbf;
      if (c === undefined || c < lo || c > hi) return i;
    }
    i += need + 1;
  }
  return -1;
}

/**
 * Removes secret parameter values from output bytes before they are stored. Output arrives in
 * arbitrary chunks, so a secret may be split across two of them: the redactor holds back the
 * longest tail that could still be the start of a secret until the next chunk (or the end) shows.
 */
import { REDACTED } from '../run-model.js';

/** Shorter values would redact ordinary words and digits out of the record. */
export const MIN_SECRET_LENGTH = 4;

/** Byte-level secret replacement over a stream of chunks. */
export class SecretRedactor {
  private readonly secrets: Buffer[];
  private readonly replacement = Buffer.from(REDACTED, 'utf8');
  private held: Buffer = Buffer.alloc(0);

  constructor(secrets: string[]) {
    const unique = [...new Set(secrets.filter((s) => s.length >= MIN_SECRET_LENGTH))];
    // Longest first, so a secret that contains another is replaced whole.
    this.secrets = unique.map((s) => Buffer.from(s, 'utf8')).sort((a, b) => b.length - a.length);
  }

  /** True when there is nothing to redact (the bytes then pass through untouched). */
  get empty(): boolean {
    return this.secrets.length === 0;
  }

  /** Takes a chunk; returns the bytes that are safe to store now. */
  push(chunk: Uint8Array): Buffer {
    if (this.empty) return Buffer.from(chunk);
    const data = this.replaceAll(Buffer.concat([this.held, chunk]));
    const keep = this.unsafeTail(data);
    this.held = Buffer.from(data.subarray(data.length - keep));
    return data.subarray(0, data.length - keep);
  }

  /** Returns whatever was held back; the stream is over. */
  end(): Buffer {
    const rest = this.held;
    this.held = Buffer.alloc(0);
    return rest;
  }

  private replaceAll(data: Buffer): Buffer {
    let out = data;
    for (const secret of this.secrets) {
      if (out.indexOf(secret) === -1) continue;
      const parts: Buffer[] = [];
      let from = 0;
      for (let at = out.indexOf(secret); at !== -1; at = out.indexOf(secret, from)) {
        parts.push(out.subarray(from, at), this.replacement);
        from = at + secret.length;
      }
      parts.push(out.subarray(from));
      out = Buffer.concat(parts);
    }
    return out;
  }

  /** Length of the longest suffix of `data` that is a proper prefix of some secret. */
  private unsafeTail(data: Buffer): number {
    let longest = 0;
    for (const secret of this.secrets) {
      const max = Math.min(secret.length - 1, data.length);
      for (let len = max; len > longest; len--) {
        if (data.subarray(data.length - len).equals(secret.subarray(0, len))) {
          longest = len;
          break;
        }
      }
    }
    return longest;
  }
}

/**
 * Turns the pty's raw byte stream into display batches. Bytes are decoded with a StringDecoder,
 * which keeps an incomplete UTF-8 sequence for the next chunk, so a character is never split
 * across two batches; invalid bytes become U+FFFD in the display only (the record keeps the
 * bytes exactly as produced).
 */
import { StringDecoder } from 'node:string_decoder';

/** About one frame at 60 Hz: fewer, larger updates without visible lag (Hyper's figure). */
export const BATCH_INTERVAL_MS = 16;

/** A batch is sent at once past this size, so a flood never builds one giant string. */
export const MAX_BATCH_CHARS = 64 * 1024;

/** Collects decoded text and hands it to `emit` about every BATCH_INTERVAL_MS. */
export class OutputBatcher {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly emit: (text: string) => void) {}

  /** Adds raw bytes from the pty. */
  push(bytes: Uint8Array): void {
    this.pending += this.decoder.write(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    );
    if (this.pending.length >= MAX_BATCH_CHARS) {
      this.flush();
    } else if (this.pending.length > 0 && !this.timer) {
      this.timer = setTimeout(() => this.flush(), BATCH_INTERVAL_MS);
    }
  }

  /** Sends whatever is pending now. */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.pending.length === 0) return;
    const text = this.pending;
    this.pending = '';
    this.emit(text);
  }

  /** The stream ended: decodes any dangling partial sequence and sends the rest. */
  end(): void {
    this.pending += this.decoder.end();
    this.flush();
  }
}

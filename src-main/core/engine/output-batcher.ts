/**
 * Turns the pty's raw byte stream into display batches. The reads of a batch are decoded at once
 * with a StringDecoder, which keeps an incomplete UTF-8 sequence for the next batch, so a
 * character is never split across two batches; invalid bytes become U+FFFD in the display only
 * (the record keeps the bytes exactly as produced).
 */
import { StringDecoder } from 'node:string_decoder';

/** About one frame at 60 Hz: fewer, larger updates without visible lag (Hyper's figure). */
export const BATCH_INTERVAL_MS = 16;

/**
 * A batch is sent at once past this many bytes: during a flood, few large messages cost far less
 * to carry to the viewers than many small ones, and a batch still fills in a few milliseconds.
 */
export const MAX_BATCH_BYTES = 256 * 1024;

/** Collects the pty's bytes and hands them to `emit` as text about every BATCH_INTERVAL_MS. */
export class OutputBatcher {
  private readonly decoder = new StringDecoder('utf8');
  /**
   * The bytes of the batch, copied into one buffer used again and again: the pty's own buffers
   * are then garbage at once, and a flood leaves no pile of them for the collector.
   */
  private readonly pending = Buffer.allocUnsafe(MAX_BATCH_BYTES);
  private used = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly emit: (text: string) => void) {}

  /** Adds raw bytes from the pty. */
  push(bytes: Uint8Array): void {
    for (let from = 0; from < bytes.length;) {
      const n = Math.min(bytes.length - from, MAX_BATCH_BYTES - this.used);
      this.pending.set(bytes.subarray(from, from + n), this.used);
      this.used += n;
      from += n;
      if (this.used === MAX_BATCH_BYTES) this.flush();
    }
    if (this.used > 0) this.timer ??= setTimeout(() => this.flush(), BATCH_INTERVAL_MS);
  }

  /** Sends whatever is pending now. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.used === 0) return;
    const text = this.decoder.write(this.pending.subarray(0, this.used));
    this.used = 0;
    if (text.length > 0) this.emit(text);
  }

  /** The stream ended: decodes any dangling partial sequence and sends the rest. */
  end(): void {
    this.flush();
    const rest = this.decoder.end();
    if (rest.length > 0) this.emit(rest);
  }
}

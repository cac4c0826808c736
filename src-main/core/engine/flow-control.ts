/**
 * Back-pressure between a step and whoever displays it (VS Code's scheme): characters sent to
 * the viewer and not yet acknowledged are counted; above the high watermark the pty is paused
 * (the step then blocks on its next write), below the low watermark it resumes. Recording never
 * depends on this: the recorder sees every byte as soon as it is read.
 */

/** About 100 kB in flight is a few screens for xterm.js to parse: enough to stay busy, no more. */
export const HIGH_WATERMARK_CHARS = 100_000;

/** Resume once the viewer is nearly drained, so pause/resume does not flap on every batch. */
export const LOW_WATERMARK_CHARS = 5_000;

/** Counts unacknowledged characters and pauses or resumes a source accordingly. */
export class FlowControl {
  private unacked = 0;
  private paused = false;
  private enabled = true;

  constructor(private readonly source: { pause(): void; resume(): void }) {}

  /** Whether the source is paused now. */
  get isPaused(): boolean {
    return this.paused;
  }

  /** Characters sent to the viewer. */
  sent(chars: number): void {
    this.unacked += chars;
    if (this.enabled && !this.paused && this.unacked > HIGH_WATERMARK_CHARS) {
      this.paused = true;
      this.source.pause();
    }
  }

  /** Characters the viewer has finished with. */
  ack(chars: number): void {
    if (!Number.isFinite(chars) || chars <= 0) return;
    this.unacked = Math.max(0, this.unacked - chars);
    if (this.paused && this.unacked < LOW_WATERMARK_CHARS) this.resumeNow();
  }

  /** Turns flow control off for good (the step is ending and its trailing output must drain). */
  disable(): void {
    this.enabled = false;
    if (this.paused) this.resumeNow();
  }

  private resumeNow(): void {
    this.paused = false;
    this.source.resume();
  }
}

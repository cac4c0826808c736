/**
 * One viewer's place in a run's output, counted in characters sent and not yet acknowledged (VS
 * Code's scheme). The step is never paused for a viewer: past the high watermark the viewer is
 * simply not sent more; once it has written what it was sent (below the low watermark) it asks for
 * the screen, and is then sent the screen and the live output after it. The same rule serves the
 * engine's channel to the process that carries its output, and each window, browser tab or
 * terminal of the service.
 */

/** The watermarks of one kind of viewer. */
export interface PaceLimits {
  /** Characters in flight past which the viewer is sent no more output. */
  high: number;
  /** A viewer left behind asks for the screen once it has no more than this left to write. */
  low: number;
}

/**
 * A window or terminal: about what a terminal's scrollback holds, so output that is left out would
 * have scrolled out of its view anyway; xterm.js parses it in a few tens of milliseconds.
 */
export const VIEWER_LIMITS: PaceLimits = { high: 512 * 1024, low: 64 * 1024 };

/**
 * The engine's channel to the process of the service: that process only forwards, so this is
 * wide; it bounds what waits in the pipe (and in memory) when that process is starved of CPU.
 */
export const CHANNEL_LIMITS: PaceLimits = { high: 4 * 1024 * 1024, low: 1024 * 1024 };

/** The receiving end of the channel acknowledges at least this often (VS Code's CharCountAckSize). */
export const CHANNEL_ACK_CHARS = 256 * 1024;

type PaceState = 'live' | 'behind' | 'awaiting';

/** What a screen carries that a viewer's pace needs. */
export interface ScreenMark {
  /** Characters of output the screen stands for. */
  at: number;
  /** Output left out before it further up the way (the engine's channel). */
  skipped?: number;
}

/** One viewer of one run. */
export class ViewerPace {
  private pending = 0;
  private state: PaceState = 'live';
  private skipped = 0;
  /** Waiting for a first screen: everything before it was left out. */
  private attaching = false;

  constructor(private readonly limits: PaceLimits) {}

  /** Whether the viewer is waiting for a screen (it is then sent no output). */
  get awaiting(): boolean {
    return this.state === 'awaiting';
  }

  /** Characters sent and not acknowledged. */
  get inFlight(): number {
    return this.pending;
  }

  /** A batch of `chars` for the viewer: true to send it, false to leave it out. */
  offer(chars: number): boolean {
    if (this.state === 'live' && this.pending + chars <= this.limits.high) {
      this.pending += chars;
      return true;
    }
    if (this.state === 'live') this.state = 'behind';
    this.skipped += chars;
    return false;
  }

  /** The viewer has written `chars` more; true when it now needs the screen. */
  ack(chars: number): boolean {
    if (!Number.isFinite(chars) || chars <= 0) return false;
    this.pending = Math.max(0, this.pending - chars);
    if (this.state !== 'behind' || this.pending > this.limits.low) return false;
    this.state = 'awaiting';
    return true;
  }

  /** The viewer appeared after the output began and needs the screen. */
  attach(): void {
    this.state = 'awaiting';
    this.attaching = true;
  }

  /** A new execution begins: its first batch starts a fresh screen, nothing is left out of it. */
  restart(): void {
    this.state = 'live';
    this.skipped = 0;
    this.attaching = false;
  }

  /**
   * A screen has come: returns the characters it stands in for when this viewer is to be sent it
   * (it was waiting for one, or output was left out further up), else undefined.
   */
  takeScreen(screen: ScreenMark): number | undefined {
    const upstream = screen.skipped ?? 0;
    if (this.state === 'behind') {
      this.skipped += upstream;
      return undefined;
    }
    if (this.state === 'live') return upstream > 0 ? upstream : undefined;
    const standsFor = this.attaching ? screen.at : this.skipped + upstream;
    this.state = 'live';
    this.pending = 0;
    this.skipped = 0;
    this.attaching = false;
    return standsFor;
  }
}

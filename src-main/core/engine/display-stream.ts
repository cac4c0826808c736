/**
 * What viewers get of one execution: its text in batches, each with its offset in the execution's
 * text (`at`), and on request the screen as it is now. The engine sends every batch as it comes;
 * whoever carries them on (the engine's channel, the service's fan-out) leaves out what a viewer
 * is too slow for and asks for a screen instead, so no viewer ever slows the step.
 */
import type { EngineEvents } from './engine-types.js';
import { ScreenMirror } from './screen-mirror.js';

/**
 * Shortest time between two screens of one execution: serialising costs the engine a few tens of
 * milliseconds, so a viewer that keeps falling behind during a flood sees the screen twice a
 * second and the step loses at most a few percent of the engine's time to it.
 */
export const SCREEN_INTERVAL_MS = 500;

type Emit = <K extends 'step:output' | 'step:screen'>(name: K, payload: EngineEvents[K]) => void;

/** The display side of one execution, from its first batch until the next execution replaces it. */
export class DisplayStream {
  private at = 0;
  private readonly mirror: ScreenMirror;
  private lastScreen = -Infinity;
  private pendingScreen: NodeJS.Timeout | undefined;

  constructor(
    private readonly id: { runId: string; step: string; executionId: number },
    size: { cols: number; rows: number },
    private readonly emit: Emit,
  ) {
    this.mirror = new ScreenMirror(size.cols, size.rows);
  }

  /** Characters sent so far. */
  get position(): number {
    return this.at;
  }

  /** A batch of text from the pty: to the screen mirror and to every viewer. */
  push(data: string): void {
    if (data.length === 0) return;
    this.mirror.write(data);
    this.emit('step:output', { ...this.id, at: this.at, data });
    this.at += data.length;
  }

  /** The pty was resized after the text sent so far. */
  resize(cols: number, rows: number): void {
    this.mirror.resize(cols, rows);
  }

  /**
   * Emits a 'step:screen' event: now, or when SCREEN_INTERVAL_MS have passed since the last one
   * (requests in between are answered by that one). The event is consistent with the batches: it
   * shows exactly the text of the batches emitted before it.
   */
  requestScreen(now: number = Date.now()): void {
    if (this.pendingScreen) return;
    const wait = this.lastScreen + SCREEN_INTERVAL_MS - now;
    if (wait <= 0) return this.sendScreen();
    this.pendingScreen = setTimeout(() => this.sendScreen(), wait);
    this.pendingScreen.unref();
  }

  /** The execution is replaced or its run is gone. */
  dispose(): void {
    clearTimeout(this.pendingScreen);
    this.pendingScreen = undefined;
    this.mirror.dispose();
  }

  private sendScreen(): void {
    this.pendingScreen = undefined;
    this.lastScreen = Date.now();
    const { data, complete } = this.mirror.serialize();
    this.emit('step:screen', { ...this.id, at: this.at, data, complete });
  }
}

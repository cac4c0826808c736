/** Work done at most once per animation frame, however often it is asked for in between. */
export class FrameTask {
  private frame = 0;

  constructor(private readonly work: () => void) {}

  /** Runs the work before the next paint, unless it is already due. */
  schedule(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.work();
    });
  }

  /** Drops a run that is due (the element left the page). */
  cancel(): void {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
  }
}

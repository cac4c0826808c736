/** A CSS media query as reactive state of an element: it renders again when the answer changes. */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class MediaQuery implements ReactiveController {
  private readonly list: MediaQueryList;
  private readonly onChange = () => this.host.requestUpdate();

  constructor(
    private readonly host: ReactiveControllerHost,
    query: string,
  ) {
    this.list = window.matchMedia(query);
    host.addController(this);
  }

  /** Whether the query matches now. */
  get matches(): boolean {
    return this.list.matches;
  }

  hostConnected(): void {
    this.list.addEventListener('change', this.onChange);
  }

  hostDisconnected(): void {
    this.list.removeEventListener('change', this.onChange);
  }
}

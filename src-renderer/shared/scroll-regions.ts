/**
 * A block that scrolls (a long line of code, a wide sample) must be reachable with the keyboard,
 * or its hidden part can only be read with a mouse. This controller finds such blocks in its
 * element after each render and whenever the element changes size, and makes exactly the ones
 * that overflow focusable and named; the others stay out of the Tab order.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { FrameTask } from './frame-task.js';

/** An element with a render root: a LitElement. */
type Host = ReactiveControllerHost & HTMLElement & { readonly renderRoot: ParentNode };

/** Marks the attributes this controller set, so it never removes an author's own. */
const MARK = 'data-scroll-region';

/** A pixel of slack: sub-pixel layout can make an exact fit look one pixel too wide. */
const SLACK_PX = 1;

/** True when the element's content is larger than its box in either direction. */
export function overflows(el: Element): boolean {
  return el.scrollWidth > el.clientWidth + SLACK_PX || el.scrollHeight > el.clientHeight + SLACK_PX;
}

export class ScrollRegions implements ReactiveController {
  private readonly task = new FrameTask(() => this.refresh());
  private readonly resize = new ResizeObserver(() => this.task.schedule());

  /**
   * @param selector the blocks that may scroll, inside the host's render root
   * @param label the accessible name of one block, when it scrolls
   */
  constructor(
    private readonly host: Host,
    private readonly selector: string,
    private readonly label: (el: HTMLElement) => string,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.resize.observe(this.host);
  }

  hostDisconnected(): void {
    this.resize.disconnect();
    this.task.cancel();
  }

  hostUpdated(): void {
    this.task.schedule();
  }

  /** Marks every block that overflows now, and unmarks the ones that no longer do. */
  refresh(): void {
    for (const el of this.host.renderRoot.querySelectorAll<HTMLElement>(this.selector)) {
      if (overflows(el)) {
        if (el.hasAttribute('tabindex') && !el.hasAttribute(MARK)) continue;
        el.setAttribute(MARK, '');
        el.tabIndex = 0;
        if (el.localName !== 'table') el.setAttribute('role', 'region');
        el.setAttribute('aria-label', this.label(el));
      } else if (el.hasAttribute(MARK)) {
        el.removeAttribute(MARK);
        el.removeAttribute('tabindex');
        el.removeAttribute('aria-label');
        if (el.localName !== 'table') el.removeAttribute('role');
      }
    }
  }
}

/**
 * Every event the renderer's elements send up, in one typed map. Leaf elements never call the API:
 * they say what the operator asked for, and the notebook or the shell decides. All events bubble
 * and cross shadow roots (composed); the "before" ones are cancelable so a listener can say no.
 *
 * Listeners are registered with {@link listen}, which takes its types from this map, so no
 * template or handler restates an event's detail.
 */
import type { Route } from '../app/router.js';
import type { TeamFilterValues } from '../history/team-filter.js';

/** The evidence forms the Export menu offers; `bundle` is a zip of the page, the record and the artifacts. */
export type ExportFormat = 'html' | 'json' | 'pdf' | 'bundle';

/** Where the notebook should bring the operator: a step's cell or a heading of the prose. */
export type RevealTarget = { step: string } | { heading: number };

export interface RlEventMap {
  /** The operator picked a runbook in the library. */
  'rl-open-runbook': { id: string };
  /** A step is about to run; cancel it to stop the run (the notebook shows the confirm dialog). */
  'rl-before-run': { step: string };
  /** Run this step now (sent only when `rl-before-run` was not canceled). */
  'rl-run-step': { step: string };
  'rl-stop-step': { step: string };
  /** The operator wants to skip a step; the notebook asks for the reason. */
  'rl-skip-step': { step: string };
  /** A checklist or configuration step was attested done or not done. */
  'rl-attest': { step: string; done: boolean; note?: string; device?: string };
  /** Parameter values as typed, with whether every one of them is valid. */
  'rl-params-change': { values: Record<string, string>; valid: boolean };
  'rl-start-run': Record<string, never>;
  'rl-run-all': Record<string, never>;
  'rl-finish-run': Record<string, never>;
  /** Let go of the open run without finishing it, for another door to continue. */
  'rl-leave-open': Record<string, never>;
  /** Take a run left open back into this window. */
  'rl-resume-run': Record<string, never>;
  'rl-export': { format: ExportFormat };
  /** The operator reviewed an untrusted runbook and trusts this exact version. */
  'rl-trust': { id: string; sha256: string };
  /** Continue the open run with the runbook's new version. */
  'rl-accept-change': Record<string, never>;
  /** Show a run; with `resume`, take it over here (a run left open or interrupted elsewhere). */
  'rl-open-run': { runId: string; resume?: boolean };
  /** Delete a past run; the history list asked the operator first. */
  'rl-delete-run': { runId: string };
  'rl-history-filter': { text: string; status: string };
  /** The team history's filters, as they should now be (the list starts again at its first page). */
  'rl-team-filter': { filter: TeamFilterValues };
  /** The operator's runbook folders, as they should now be. */
  'rl-set-folders': { folders: string[] };
  /** The confirm dialog's answer for a gated step. */
  'rl-confirm-answer': { step: string; confirmed: boolean };
  /** The env dialog's answer: the values typed (only those filled in), or undefined for Cancel. */
  'rl-env-answer': { step: string; answers?: Record<string, string> };
  /** The Runme categories chosen for the next run (empty: every step). */
  'rl-categories-change': { categories: string[] };
  /** An item of a menu button was chosen. */
  'rl-menu-select': { menu: string; value: string };
  /** Bring a step or a heading into view and give it the focus (the outline). */
  'rl-reveal': RevealTarget;
  /** The focus moved into a step's cell: that is where the operator is now. */
  'rl-step-focus': { step: string };
  /** Go to the next step still to be done (a button and Alt+N). */
  'rl-next-pending': Record<string, never>;
  /** The notebook moved somewhere the address should say (a run was started). */
  'rl-navigate': { route: Route };
  /** Something the operator must be told, shown by the shell as a notice. */
  'rl-notify': { message: string; kind: 'info' | 'ok' | 'error' };
  /** The notebook now shows this runbook (the library marks it). */
  'rl-runbook-shown': { id: string };
  /** The library's list is out of date (a runbook was trusted). */
  'rl-library-stale': Record<string, never>;
}

export type RlEventName = keyof RlEventMap;
export type RlEvent<K extends RlEventName> = CustomEvent<RlEventMap[K]>;

/** The DOM's event map entries for the map above, so `addEventListener` knows each detail. */
export type RlDomEvents = { [K in RlEventName]: RlEvent<K> };

/**
 * Sends a typed event from `from`; returns false when a listener canceled it. Composed so it
 * reaches the notebook and the shell through every shadow root on the way.
 */
export function emit<K extends RlEventName>(
  from: EventTarget,
  name: K,
  detail: RlEventMap[K],
  cancelable = false,
): boolean {
  return from.dispatchEvent(
    new CustomEvent(name, { detail, bubbles: true, composed: true, cancelable }),
  );
}

/** Handlers for some of the events, keyed by name; each gets the detail and the event. */
export type RlHandlers = {
  [K in RlEventName]?: (detail: RlEventMap[K], event: RlEvent<K>) => void;
};

/**
 * Listens on `target` (usually an element's host, which hears every composed event from its
 * shadow tree) with handlers typed from the map; returns a function that removes them.
 */
export function listen(target: EventTarget, handlers: RlHandlers): () => void {
  const added: Array<[string, EventListener]> = [];
  for (const [name, handler] of Object.entries(handlers)) {
    const listener = (ev: Event) =>
      (handler as (d: unknown, e: Event) => void)((ev as CustomEvent).detail, ev);
    target.addEventListener(name, listener);
    added.push([name, listener]);
  }
  return () => {
    for (const [name, listener] of added) target.removeEventListener(name, listener);
  };
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges the map above in
  interface HTMLElementEventMap extends RlDomEvents {}
}

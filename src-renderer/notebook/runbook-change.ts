/**
 * A runbook changed on disk during its run: which steps the new version changes, adds or removes
 * against the texts the run recorded, and the banner that shows them with the new version's
 * SHA-256, a Trust button naming that exact version, and Accept. Nothing runs until the operator
 * has reviewed and accepted the version, trusted by the same rules as any runbook.
 */
import { css, html, nothing } from 'lit';
import { substituteParams } from '../../src-main/core/runbook/config-text.js';
import type { Runbook, Step } from '../../src-main/core/runbook/model.js';
import { emit } from '../shared/events.js';
import type { StepView } from '../steps/step-view.js';

/** Characters of a SHA-256 on a button; the banner shows it whole. */
const SHORT_SHA = 12;

/** What a new version does to the steps of the run. */
export interface StepChanges {
  changed: string[];
  added: string[];
  removed: string[];
}

/** The new version on disk, as the operator reviews it. */
export interface ProposedVersion {
  runbook: Runbook;
  trusted: boolean;
  changes: StepChanges;
}

/**
 * The steps whose text differs, and those added or removed, against the run's recorded texts. A
 * config step's record holds its text with the run's values put in, so the new text is compared
 * with those values put in the same way (`values`: the run's parameters).
 */
export function stepChanges(
  recorded: Record<string, StepView>,
  next: Runbook,
  values: Readonly<Record<string, string>> = {},
): StepChanges {
  const nextNames = new Set(next.steps.map((s) => s.name));
  const changes: StepChanges = { changed: [], added: [], removed: [] };
  const shown = (s: Step) =>
    s.kind === 'config' ? substituteParams(s.text, next.params, values).text : s.text;
  for (const s of next.steps) {
    const before = recorded[s.name];
    if (!before) changes.added.push(s.name);
    else if (before.text !== undefined && before.text !== shown(s)) changes.changed.push(s.name);
  }
  for (const name of Object.keys(recorded)) if (!nextNames.has(name)) changes.removed.push(name);
  return changes;
}

/** "Changed: a, b. Added: c." — or a plain sentence when no step text changed. */
export function changesWords(c: StepChanges): string {
  const parts = [
    c.changed.length ? `Changed: ${c.changed.join(', ')}.` : '',
    c.added.length ? `Added: ${c.added.join(', ')}.` : '',
    c.removed.length ? `Removed: ${c.removed.join(', ')}.` : '',
  ].filter(Boolean);
  return parts.length ? parts.join(' ') : 'No step text changed (prose or attributes only).';
}

/** What the banner needs of the notebook's session. */
interface BannerState {
  changed: string;
  status: string;
  proposed?: ProposedVersion;
}

/** The banner over a run whose runbook changed; `from` sends the Trust and Accept events. */
export function changeBanner(from: HTMLElement, s: BannerState) {
  if (!s.changed) return nothing;
  const p = s.proposed;
  const sha = p?.runbook.sha256 ?? '';
  const open = s.status === 'open';
  return html`<div class="banner" role="alert">
    <div class="what">
      <span
        >${s.changed} No further step runs until you accept the new version or start a new
        run.</span
      >
      ${
        p
          ? html`<span data-role="changed-steps">${changesWords(p.changes)}</span>
              <span class="mono sha" data-role="new-sha">New version SHA-256 ${sha}</span>`
          : nothing
      }
    </div>
    ${
      open && p && !p.trusted
        ? html`<button
            data-role="trust-new"
            @click=${() => emit(from, 'rl-trust', { id: p.runbook.id, sha256: sha })}
          >
            Trust version ${sha.slice(0, SHORT_SHA)}…
          </button>`
        : nothing
    }
    ${
      open
        ? html`<button @click=${() => emit(from, 'rl-accept-change', {})}>
            Accept new version
          </button>`
        : nothing
    }
  </div>`;
}

/** The banner's layout: its words take the room, the buttons keep theirs. */
export const changeBannerStyles = css`
  .banner .what {
    flex: 1;
    display: flex;
    flex-direction: column;
    gap: 2px;
    min-width: 0;
  }
  .banner .sha {
    font-size: 11.5px;
    overflow-wrap: anywhere;
  }
`;

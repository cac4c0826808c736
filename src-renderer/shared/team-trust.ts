/**
 * "Trusted by NAME on DATE": how the library and the runbook's heading say that the team ledger
 * trusts the exact version on screen. The name and the time are the ledger's (stamped by the
 * database from the steward's login), so they are shown as given, never as this workstation's.
 */
import { html, nothing } from 'lit';
import type { TeamTrustMark } from '../../src-main/api/contract.js';
import { formatDate, formatTime } from './format.js';

/** The words, as the CLI's `runlog show` prints them. */
export function teamTrustText(mark: TeamTrustMark): string {
  return `trusted by ${mark.by} on ${formatDate(mark.at)}`;
}

/**
 * The mark with a check and the exact time on hover, or nothing without a team trust; `where`
 * adds "· team ledger" where the words alone could be read as this workstation's own trust.
 */
export function teamTrustLine(mark: TeamTrustMark | undefined, where = false) {
  if (!mark) return nothing;
  return html`<span
    class="team-trust tone-ok"
    data-role="team-trust"
    title="This exact version is trusted in the team ledger (${formatTime(mark.at)})"
    ><span aria-hidden="true">✓ </span>${teamTrustText(mark)}${
      where ? html`<span class="muted"> · team ledger</span>` : nothing
    }</span
  >`;
}

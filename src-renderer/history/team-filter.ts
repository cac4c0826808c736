/**
 * The team history's filters as the form holds them (every field a string, empty meaning "any")
 * and the `team:list` request they make. Pure, so the request is tested without a page.
 */
import type { Request } from '../../src-main/api/contract.js';

/** Runs a page of the team history holds: the ledger's own default. */
export const TEAM_PAGE_SIZE = 50;

/** What the operator typed or picked in the filter form. */
export interface TeamFilterValues {
  runbookId: string;
  operator: string;
  host: string;
  status: string;
  /** YYYY-MM-DD (a date field): runs started that day or later. */
  from: string;
  /** YYYY-MM-DD: runs started that day or earlier. */
  to: string;
  /** Words anywhere in the run, matched as typed. */
  text: string;
}

/** No filter at all: the whole ledger, newest first. */
export const NO_TEAM_FILTER: Readonly<TeamFilterValues> = {
  runbookId: '',
  operator: '',
  host: '',
  status: '',
  from: '',
  to: '',
  text: '',
};

/** The request for one page: trimmed values, empty ones left out, the page's cursor if any. */
export function teamListRequest(
  filter: TeamFilterValues,
  after?: string,
  limit: number = TEAM_PAGE_SIZE,
): Request<'team:list'> {
  const request: Request<'team:list'> = { limit };
  for (const key of Object.keys(NO_TEAM_FILTER) as Array<keyof TeamFilterValues>) {
    const value = filter[key].trim();
    if (value) request[key] = value;
  }
  if (after) request.after = after;
  return request;
}

/** How many filters narrow the list now. */
export function activeFilters(filter: TeamFilterValues): number {
  return Object.values(filter).filter((v) => v.trim() !== '').length;
}

/** The team history's filter form to the `team:list` request: trimmed, empty left out, paged. */
import { describe, expect, it } from 'vitest';
import {
  activeFilters,
  NO_TEAM_FILTER,
  TEAM_PAGE_SIZE,
  teamListRequest,
} from '../../../src-renderer/history/team-filter.js';
import { parseRequest } from '../../../src-main/api/contract.js';

describe('team filter', () => {
  it('asks for the first page with nothing but the page size when no filter is set', () => {
    expect(teamListRequest(NO_TEAM_FILTER)).toEqual({ limit: TEAM_PAGE_SIZE });
    expect(activeFilters(NO_TEAM_FILTER)).toBe(0);
  });

  it('sends every filter set, trimmed, with the page cursor, in a shape the contract accepts', () => {
    const filter = {
      ...NO_TEAM_FILTER,
      runbookId: ' bogons ',
      operator: 'alice',
      host: 'ws-a',
      status: 'failed',
      from: '2026-03-01',
      to: '2026-03-04',
      text: '  link down ',
    };
    const request = teamListRequest(filter, '2026-03-02T08:00:00.000Z|42');
    expect(request).toEqual({
      limit: TEAM_PAGE_SIZE,
      runbookId: 'bogons',
      operator: 'alice',
      host: 'ws-a',
      status: 'failed',
      from: '2026-03-01',
      to: '2026-03-04',
      text: 'link down',
      after: '2026-03-02T08:00:00.000Z|42',
    });
    expect(parseRequest('team:list', request)).toEqual(request);
    expect(activeFilters(filter)).toBe(7);
  });

  it('leaves out a field holding only spaces', () => {
    expect(teamListRequest({ ...NO_TEAM_FILTER, operator: '   ' })).toEqual({
      limit: TEAM_PAGE_SIZE,
    });
    expect(activeFilters({ ...NO_TEAM_FILTER, operator: '   ' })).toBe(0);
  });
});

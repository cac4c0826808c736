/** Routes and hashes: each view's address reads back as the same view, the team ones included. */
import { describe, expect, it } from 'vitest';
import { parseRoute, routeHash, type Route } from '../../../src-renderer/app/router.js';

describe('router', () => {
  const routes: Route[] = [
    { view: 'home' },
    { view: 'runbook', id: 'wireless-capture' },
    { view: 'run', runId: '20261128T074024300Z-d3e40e12' },
    { view: 'history', scope: 'local' },
    { view: 'history', scope: 'team' },
    { view: 'team-run', runId: 'run with spaces/and#signs' },
    { view: 'settings' },
  ];

  it('reads back every route from its hash', () => {
    for (const route of routes) expect(parseRoute(routeHash(route))).toEqual(route);
  });

  it('gives the history its local scope unless the team is asked for', () => {
    expect(parseRoute('#/history')).toEqual({ view: 'history', scope: 'local' });
    expect(parseRoute('#/history/team')).toEqual({ view: 'history', scope: 'team' });
    expect(parseRoute('#/history/other')).toEqual({ view: 'history', scope: 'local' });
    expect(routeHash({ view: 'history', scope: 'team' })).toBe('#/history/team');
  });

  it('sends a team run without an id, or a malformed address, home', () => {
    expect(parseRoute('#/team-run/')).toEqual({ view: 'home' });
    expect(parseRoute('#/team-run/%E0%A4%A')).toEqual({ view: 'home' });
  });
});

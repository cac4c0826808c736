/**
 * Navigation lives in the URL hash so a reload returns to the same place: `#/runbook/<id>`,
 * `#/run/<runId>`, `#/history` (this workstation's runs), `#/history/team` (the team ledger's),
 * `#/team-run/<runId>` (a run of the ledger, read-only), `#/settings`. Nothing secret ever goes
 * into it (parameter values never do).
 */
export type Route =
  | { view: 'home' }
  | { view: 'runbook'; id: string }
  | { view: 'run'; runId: string }
  | { view: 'history'; scope: HistoryScope }
  | { view: 'team-run'; runId: string }
  | { view: 'settings' };

/** Whose runs the history lists: this workstation's (SQLite) or the team ledger's. */
export type HistoryScope = 'local' | 'team';

/** Reads a route from a hash such as `#/run/abc`; anything unknown is home. */
export function parseRoute(hash: string): Route {
  const [, kind, ...rest] = hash.replace(/^#/, '').split('/');
  const arg = rest.join('/');
  let value: string;
  try {
    value = decodeURIComponent(arg);
  } catch {
    return { view: 'home' };
  }
  if (kind === 'runbook' && value) return { view: 'runbook', id: value };
  if (kind === 'run' && value) return { view: 'run', runId: value };
  if (kind === 'team-run' && value) return { view: 'team-run', runId: value };
  if (kind === 'history') return { view: 'history', scope: value === 'team' ? 'team' : 'local' };
  if (kind === 'settings') return { view: 'settings' };
  return { view: 'home' };
}

/** The hash for a route. */
export function routeHash(route: Route): string {
  switch (route.view) {
    case 'runbook':
      return `#/runbook/${encodeURIComponent(route.id)}`;
    case 'run':
      return `#/run/${encodeURIComponent(route.runId)}`;
    case 'team-run':
      return `#/team-run/${encodeURIComponent(route.runId)}`;
    case 'history':
      return route.scope === 'team' ? '#/history/team' : '#/history';
    case 'settings':
      return '#/settings';
    default:
      return '#/';
  }
}

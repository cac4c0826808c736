/**
 * The browser host's gatekeeping: a random token on every request, and Host
 * and Origin checked so that neither another web page nor a DNS-rebound name
 * can reach the API from the operator's browser.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** 32 random bytes: 256 bits, well above the 128 the host promises. */
const TOKEN_BYTES = 32;
export const TOKEN_COOKIE = 'runlog_token';

export function newToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/** Only these addresses may be bound: the host must never be reachable from the network. */
export const LOOPBACK_HOSTS = ['127.0.0.1', '::1'] as const;

export function assertLoopback(host: string): void {
  if (!(LOOPBACK_HOSTS as readonly string[]).includes(host)) {
    throw new Error(
      `Refusing to listen on ${host}: the browser host binds only to 127.0.0.1 or ::1, ` +
        'because anyone who reaches it can run commands as you.',
    );
  }
}

export type Verdict = { ok: true } | { ok: false; status: 401 | 403; reason: string };

function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
}

function tokenOf(req: IncomingMessage, url: URL): string | undefined {
  const fromQuery = url.searchParams.get('token');
  if (fromQuery) return fromQuery;
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice('Bearer '.length);
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return rest.join('=');
  }
  return undefined;
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Checks one HTTP or WebSocket upgrade request against the host's rules. */
export function checkRequest(req: IncomingMessage, port: number, token: string): Verdict {
  const host = req.headers.host ?? '';
  if (!allowedHosts(port).includes(host.toLowerCase())) {
    return { ok: false, status: 403, reason: `Host "${host.slice(0, 100)}" is not this host` };
  }
  const origin = req.headers.origin;
  if (
    origin !== undefined &&
    !allowedHosts(port).some((h) => origin.toLowerCase() === `http://${h}`)
  ) {
    return {
      ok: false,
      status: 403,
      reason: `cross-origin request from "${origin.slice(0, 100)}"`,
    };
  }
  const fetchSite = req.headers['sec-fetch-site'];
  if (fetchSite === 'cross-site' || fetchSite === 'same-site') {
    return { ok: false, status: 403, reason: `cross-site request (${fetchSite})` };
  }
  const url = new URL(req.url ?? '/', `http://${host}`);
  const given = tokenOf(req, url);
  if (!given) return { ok: false, status: 401, reason: 'no token' };
  if (!sameToken(given, token)) return { ok: false, status: 403, reason: 'wrong token' };
  return { ok: true };
}

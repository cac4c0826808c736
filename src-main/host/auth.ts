/**
 * The browser host's gatekeeping. Every request must name this host (Host header: no DNS
 * rebinding) and come from its own page or none (Origin, Sec-Fetch-Site). The page's public code
 * loads without the token; the WebSocket — the only way to data and commands — needs it, offered
 * as a `Sec-WebSocket-Protocol` value and compared in constant time. No cookie, no query string,
 * no Authorization header is ever read: a token sent that way is not accepted.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { TOKEN_PROTOCOL_PREFIX, WS_PROTOCOL } from './handshake.js';

/** 32 random bytes: 256 bits, well above the 128 the host promises. */
const TOKEN_BYTES = 32;

/** A fresh token for one run of the host; it dies with the process. */
export function newToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/** Only these addresses may be bound: the host must never be reachable from the network. */
export const LOOPBACK_HOSTS = ['127.0.0.1', '::1'] as const;

/** Refuses any bind address but loopback, with the reason. */
export function assertLoopback(host: string): void {
  if (!(LOOPBACK_HOSTS as readonly string[]).includes(host)) {
    throw new Error(
      `Refusing to listen on ${host}: the browser host binds only to 127.0.0.1 or ::1, ` +
        'because anyone who reaches it can run commands as you.',
    );
  }
}

export type Verdict = { ok: true } | { ok: false; status: 401 | 403; reason: string };

const refused = (status: 401 | 403, reason: string): Verdict => ({ ok: false, status, reason });

function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`];
}

/**
 * Host and Origin: the request is addressed to this host by one of its loopback names, and when
 * a browser says where it comes from, that is this host's own page.
 */
function checkAddressing(req: IncomingMessage, port: number): Verdict {
  const host = req.headers.host ?? '';
  if (!allowedHosts(port).includes(host.toLowerCase())) {
    return refused(403, `Host "${host.slice(0, 100)}" is not this host`);
  }
  const origin = req.headers.origin;
  if (
    origin !== undefined &&
    !allowedHosts(port).some((h) => origin.toLowerCase() === `http://${h}`)
  ) {
    return refused(403, `cross-origin request from "${origin.slice(0, 100)}"`);
  }
  return { ok: true };
}

function crossSite(req: IncomingMessage): string | undefined {
  const site = req.headers['sec-fetch-site'];
  return site === 'cross-site' || site === 'same-site' ? site : undefined;
}

/**
 * Checks a request for the page's public files. A top-level navigation may come from anywhere
 * (a link in a terminal, the redirect file `serve --open` writes); a subresource or fetch from
 * another site is refused, and nothing may frame the page (the CSP says so too).
 */
export function checkPageRequest(req: IncomingMessage, port: number): Verdict {
  const addressed = checkAddressing(req, port);
  if (!addressed.ok) return addressed;
  const site = crossSite(req);
  const navigation =
    req.headers['sec-fetch-mode'] === undefined ||
    (req.headers['sec-fetch-mode'] === 'navigate' && req.headers['sec-fetch-dest'] === 'document');
  if (site && !navigation) return refused(403, `cross-site request (${site})`);
  return { ok: true };
}

/** The values of a `Sec-WebSocket-Protocol` header (a comma-separated list, maybe repeated). */
export function offeredProtocols(req: IncomingMessage): string[] {
  const raw = req.headers['sec-websocket-protocol'] ?? '';
  return raw
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/** Whether `given` is the host's token, compared in constant time. */
export function tokenMatches(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  // timingSafeEqual needs equal lengths; comparing b with itself keeps the time independent of a.
  return a.length === b.length ? timingSafeEqual(a, b) : !timingSafeEqual(b, b);
}

/**
 * Checks a WebSocket upgrade: addressed to this host, from its own page or a local program, and
 * carrying the token as a subprotocol value beside {@link WS_PROTOCOL}.
 */
export function checkSocketRequest(req: IncomingMessage, port: number, token: string): Verdict {
  const addressed = checkAddressing(req, port);
  if (!addressed.ok) return addressed;
  const site = crossSite(req);
  if (site) return refused(403, `cross-site request (${site})`);
  const offered = offeredProtocols(req);
  const tokens = offered.filter((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX));
  if (tokens.length === 0) return refused(401, 'no token');
  if (tokens.length > 1) return refused(403, 'more than one token');
  if (!offered.includes(WS_PROTOCOL)) return refused(403, `the client must offer ${WS_PROTOCOL}`);
  const given = (tokens[0] as string).slice(TOKEN_PROTOCOL_PREFIX.length);
  return tokenMatches(given, token) ? { ok: true } : refused(403, 'wrong token');
}

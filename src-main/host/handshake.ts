/**
 * How the browser host and its page agree on the access token, in one place for both ends. This
 * module is pure (no Node, no DOM) because the renderer imports it too.
 *
 * The token reaches the page only in the URL fragment (`/#token=…`), which a browser never sends
 * to any server and never puts in a Referer. The page keeps it in sessionStorage, removes it from
 * the address bar, and presents it only in the WebSocket handshake, as one value of
 * `Sec-WebSocket-Protocol`. The host answers with {@link WS_PROTOCOL}, never with the token.
 */

/** The subprotocol both ends speak; the host selects it, so the token is never echoed back. */
export const WS_PROTOCOL = 'runlog.v1';

/** Prefix of the subprotocol value that carries the token. */
export const TOKEN_PROTOCOL_PREFIX = 'runlog.token.';

/** The WebSocket's path on the host. */
export const WS_PATH = '/ws';

/** Where the page keeps the token: its own tab's sessionStorage, gone when the tab closes. */
export const TOKEN_STORAGE_KEY = 'runlog.token';

/** The fragment's key for the token: `#token=…`. */
const FRAGMENT_KEY = '#token=';

/** A token as the host makes them: base64url. Anything else in a fragment is not a token. */
const TOKEN_TEXT = /^[A-Za-z0-9_-]{16,256}/;

/** The subprotocols a client offers: the protocol, and the token as a second value. */
export function handshakeProtocols(token: string): string[] {
  return [WS_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`];
}

/** The page's address with the token in its fragment: what the host prints and opens. */
export function pageAddress(origin: string, token: string): string {
  return `${origin}/${FRAGMENT_KEY}${token}`;
}

/** A fragment split into the token it carries (if any) and the rest (the page's own route). */
export interface SplitFragment {
  token?: string;
  /** What is left for the page: '' or a fragment starting with '#' (`#/history`). */
  rest: string;
}

/**
 * Reads `#token=TOKEN` with an optional route after it (`#token=TOKEN#/runbook/x`, or the same
 * with `&`), so an address with a route still works when the token is put in front of it.
 */
export function splitFragment(hash: string): SplitFragment {
  if (!hash.startsWith(FRAGMENT_KEY)) return { rest: hash };
  const match = TOKEN_TEXT.exec(hash.slice(FRAGMENT_KEY.length));
  if (!match) return { rest: '' };
  const after = hash.slice(FRAGMENT_KEY.length + match[0].length);
  const route = after.startsWith('#') || after.startsWith('&') ? after.slice(1) : '';
  return { token: match[0], rest: route === '' ? '' : `#${route}` };
}

/**
 * What the browser host serves over plain HTTP: the renderer's public files (its own code, no
 * data, so no token is needed to load them), each with headers that keep the page to itself; and
 * the one page that moves a token from the retired `?token=` address into the fragment.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { tokenMatches } from './auth.js';

/** What a page request needs to know about the running host. */
export interface PageContext {
  /** The built renderer folder, normalized. */
  root: string;
  port: number;
  token: string;
  /** Whether the retired `?token=` address was already honoured once by this host. */
  legacyUsed: boolean;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/**
 * The retired address form's page: it moves the token into the fragment and replaces the address
 * (so the `?token=` entry leaves the tab's history), keeping any route that followed it.
 */
const LEGACY_SCRIPT =
  "var t=new URLSearchParams(location.search).get('token')||'';" +
  "location.replace('/#token='+encodeURIComponent(t)+location.hash);";
const LEGACY_SCRIPT_HASH = createHash('sha256').update(LEGACY_SCRIPT).digest('base64');
const LEGACY_PAGE =
  '<!doctype html><meta charset="utf-8"><title>Runlog</title>' +
  '<p>Moving the access token out of the address…</p>' +
  `<script>${LEGACY_SCRIPT}</script>`;

const RETIRED_TEXT =
  'This address form (http://127.0.0.1:PORT/?token=…) is retired. It was honoured once, to move ' +
  'the token out of the address, and is not accepted again.\n' +
  'Open the address `runlog serve` printed: it ends in #token=…, which your browser never sends ' +
  'to any server.\n';

function csp(port: number, script = "'self'"): string {
  // A CSP source cannot name an IPv6 literal; 'self' covers the page's own socket on [::1].
  const sockets = ['127.0.0.1', 'localhost'].map((h) => `ws://${h}:${port}`).join(' ');
  return [
    "default-src 'none'",
    `script-src ${script}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self' ${sockets}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers on every answer: nothing cached, sniffed, framed, referred or embedded elsewhere. */
function baseHeaders(contentType: string): Record<string, string> {
  return {
    'content-type': contentType,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    // Pages this one opens (or that open it) get no handle on its window.
    'cross-origin-opener-policy': 'same-origin',
    // Another origin — another port on 127.0.0.1 too — cannot embed these files.
    'cross-origin-resource-policy': 'same-origin',
  };
}

/** A refusal in plain text, with the reason a person can act on. */
export function refuse(res: ServerResponse, status: number, reason: string): void {
  res.writeHead(status, baseHeaders('text/plain; charset=utf-8'));
  const word = status === 401 ? 'Unauthorized' : status === 404 ? 'Not found' : 'Forbidden';
  res.end(`${word}: ${reason}\n`);
}

function send(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  headers: object,
  body: string | Buffer,
): void {
  res.writeHead(status, headers as Record<string, string>);
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** The retired `?token=` form: honoured once per host run, then answered with how to get in. */
function legacyToken(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: PageContext,
  given: string,
): void {
  if (!tokenMatches(given, ctx.token)) return refuse(res, 403, 'wrong token');
  if (ctx.legacyUsed) {
    return send(req, res, 410, baseHeaders('text/plain; charset=utf-8'), RETIRED_TEXT);
  }
  ctx.legacyUsed = true;
  const headers = {
    ...baseHeaders('text/html; charset=utf-8'),
    'content-security-policy': csp(ctx.port, `'sha256-${LEGACY_SCRIPT_HASH}'`),
  };
  send(req, res, 200, headers, LEGACY_PAGE);
}

/** Answers a GET or HEAD for the page or one of its files. */
export async function servePage(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: PageContext,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const isIndex = url.pathname === '/' || url.pathname === '/index.html';
  const given = url.searchParams.get('token');
  if (isIndex && given !== null) return legacyToken(req, res, ctx, given);
  let rel: string;
  try {
    rel = isIndex ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
  } catch {
    return refuse(res, 403, 'malformed path');
  }
  const file = normalize(join(ctx.root, rel));
  if (!file.startsWith(ctx.root + sep)) return refuse(res, 403, 'outside the renderer');
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    return refuse(res, 404, url.pathname.slice(0, 100));
  }
  const headers = {
    ...baseHeaders(CONTENT_TYPES[extname(file)] ?? 'application/octet-stream'),
    'content-security-policy': csp(ctx.port),
  };
  send(req, res, 200, headers, body);
}

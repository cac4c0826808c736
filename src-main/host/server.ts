/**
 * The browser host (`runlog serve`): the renderer and the API contract over
 * HTTP and a WebSocket on the loopback interface, for machines and CI where
 * the Electron binary cannot run. It holds no behaviour: every message goes
 * to the Service.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { errorShape, type ClientMessage, type ServerMessage } from '../api/contract.js';
import type { Service } from '../api/service.js';
import { assertLoopback, checkRequest, newToken, TOKEN_COOKIE } from './auth.js';

export interface HostOptions {
  service: Service;
  rendererDir: string;
  host?: string;
  port?: number;
  token?: string;
}

export interface RunningHost {
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
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

/** A WebSocket message larger than this is refused: no request of the contract comes near it. */
const MAX_MESSAGE_BYTES = 1024 * 1024;

function csp(port: number): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ws://127.0.0.1:${port} ws://localhost:${port}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function refuse(res: ServerResponse, status: number, reason: string): void {
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
  });
  res.end(`${status === 401 ? 'Unauthorized' : 'Forbidden'}: ${reason}\n`);
}

async function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  root: string,
  port: number,
  token: string,
) {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const rel =
    url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
  const file = normalize(join(root, rel));
  if (!file.startsWith(root + sep)) return refuse(res, 403, 'outside the renderer');
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' });
    return res.end('Not found\n');
  }
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': 'no-store',
    'content-security-policy': csp(port),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    // The page's own requests (scripts, the WebSocket) carry the token in this cookie.
    'set-cookie': `${TOKEN_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict`,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function attach(ws: WebSocket, service: Service): void {
  const send = (msg: ServerMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
  };
  const connection = service.connect((event, payload) => send({ event, payload }));
  ws.on('close', () => connection.unsubscribe());
  // A protocol error (an over-sized or malformed frame) closes this socket; unhandled, it would end the host.
  ws.on('error', () => ws.terminate());
  ws.on('message', async (raw, isBinary) => {
    let msg: Extract<ClientMessage, { id: number }>;
    try {
      if (isBinary) throw new Error('binary frame');
      const parsed = JSON.parse(raw.toString()) as Partial<ClientMessage> | null;
      if (typeof parsed !== 'object' || parsed === null) throw new Error('not an object');
      // A one-way message: validated by the service, never answered.
      if ('notify' in parsed) return connection.notify(parsed.notify, parsed.request);
      if (!('id' in parsed) || typeof parsed.id !== 'number') throw new Error('no id');
      msg = parsed as Extract<ClientMessage, { id: number }>;
    } catch {
      return send({
        id: -1,
        ok: false,
        error: { code: 'bad-request', message: 'Malformed message.' },
      });
    }
    try {
      send({ id: msg.id, ok: true, response: await connection.call(msg.command, msg.request) });
    } catch (err) {
      send({ id: msg.id, ok: false, error: errorShape(err) });
    }
  });
}

/** Starts the host on the loopback interface; the URL it returns carries the token. */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const bindHost = options.host ?? '127.0.0.1';
  assertLoopback(bindHost);
  const token = options.token ?? newToken();
  let port = 0;
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const server = createServer((req, res) => {
    const verdict = checkRequest(req, port, token);
    if (!verdict.ok) return refuse(res, verdict.status, verdict.reason);
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return refuse(res, 403, 'method not allowed');
    serveStatic(req, res, normalize(options.rendererDir), port, token).catch(() =>
      refuse(res, 403, 'error'),
    );
  });
  server.on('upgrade', (req, socket, head) => {
    const verdict = checkRequest(req, port, token);
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (!verdict.ok || path !== '/ws') {
      const status = verdict.ok ? 404 : verdict.status;
      socket.end(
        `HTTP/1.1 ${status} ${status === 401 ? 'Unauthorized' : 'Forbidden'}\r\nConnection: close\r\n\r\n`,
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws, options.service));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, bindHost, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const shown = bindHost.includes(':') ? `[${bindHost}]` : bindHost;
  return {
    url: `http://${shown}:${port}/?token=${token}`,
    token,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * The browser host (`runlog serve`): the renderer and the API contract over
 * HTTP and a WebSocket on the loopback interface, for machines and CI where
 * the Electron binary cannot run. It holds no behaviour: every message goes
 * to the Service.
 */
import { createServer, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { normalize } from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { errorShape, type ClientMessage, type ServerMessage } from '../api/contract.js';
import type { Service } from '../api/service.js';
import { assertLoopback, checkPageRequest, checkSocketRequest, newToken } from './auth.js';
import { pageAddress, WS_PATH, WS_PROTOCOL } from './handshake.js';
import { refuse, servePage, type PageContext } from './pages.js';

export interface HostOptions {
  service: Service;
  rendererDir: string;
  host?: string;
  port?: number;
  token?: string;
  /** Called each time a page (or program) connects with the token: `serve --open` cleans up then. */
  onConnected?: () => void;
}

export interface RunningHost {
  /** The page's address with the token in its fragment (never sent to a server). */
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

/** A WebSocket message larger than this is refused: no request of the contract comes near it. */
const MAX_MESSAGE_BYTES = 1024 * 1024;

/** Close code sent to connected pages when the host stops (RFC 6455 "going away"). */
const GOING_AWAY = 1001;

/** How long a page has to answer the closing handshake before its socket is cut. */
const CLOSE_GRACE_MS = 500;

/** Tells every connected page the host is going away, so it can say so, then cuts what is left. */
async function closeSockets(wss: WebSocketServer): Promise<void> {
  const clients = [...wss.clients];
  const closed = clients.map((c) => new Promise((r) => c.once('close', r)));
  for (const client of clients) client.close(GOING_AWAY, 'Runlog host stopping');
  await Promise.race([Promise.all(closed), new Promise((r) => setTimeout(r, CLOSE_GRACE_MS))]);
  for (const client of wss.clients) client.terminate();
  wss.close();
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

/** The path of a request target; undefined when it does not parse (never thrown: it would end the host). */
function pathOf(target: string | undefined): string | undefined {
  try {
    return new URL(target ?? '/', 'http://127.0.0.1').pathname;
  } catch {
    return undefined;
  }
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  const word = status === 401 ? 'Unauthorized' : status === 404 ? 'Not Found' : 'Forbidden';
  socket.end(
    `HTTP/1.1 ${status} ${word}\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${reason}\n`,
  );
}

/** Binds the server, turning "port in use" into a message that says what to do. */
function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EADDRINUSE') return reject(err);
      reject(
        Object.assign(
          new Error(
            `port ${port} on ${host} is in use (another \`runlog serve\`?); stop that one, ` +
              'or choose another port with --port.',
          ),
          { code: 'port-in-use' },
        ),
      );
    });
    server.listen(port, host, () => resolve());
  });
}

/**
 * Starts the host on the loopback interface. Its page loads without the token; the returned URL
 * carries the token in its fragment, and only a WebSocket presenting it reaches the service.
 */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const bindHost = options.host ?? '127.0.0.1';
  assertLoopback(bindHost);
  const token = options.token ?? newToken();
  const page: PageContext = {
    root: normalize(options.rendererDir),
    port: 0,
    token,
    legacyUsed: false,
  };
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    // Select the protocol name, never the token value offered beside it.
    handleProtocols: (offered) => (offered.has(WS_PROTOCOL) ? WS_PROTOCOL : false),
  });
  const server = createServer((req, res) => {
    const verdict = checkPageRequest(req, page.port);
    if (!verdict.ok) return refuse(res, verdict.status, verdict.reason);
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return refuse(res, 403, 'method not allowed');
    servePage(req, res, page).catch(() => refuse(res, 403, 'error'));
  });
  server.on('upgrade', (req, socket, head) => {
    if (pathOf(req.url) !== WS_PATH) return refuseUpgrade(socket, 404, 'no WebSocket here');
    const verdict = checkSocketRequest(req, page.port, token);
    if (!verdict.ok) return refuseUpgrade(socket, verdict.status, verdict.reason);
    wss.handleUpgrade(req, socket, head, (ws) => {
      attach(ws, options.service);
      options.onConnected?.();
    });
  });
  await listen(server, options.port ?? 0, bindHost);
  page.port = (server.address() as AddressInfo).port;
  const shown = bindHost.includes(':') ? `[${bindHost}]` : bindHost;
  return {
    url: pageAddress(`http://${shown}:${page.port}`, token),
    token,
    port: page.port,
    close: async () => {
      await closeSockets(wss);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/**
 * The renderer's one way to the service. In the desktop app the preload has
 * exposed `window.runlog` (IPC); in a browser the page talks to the host
 * over a WebSocket. Nothing else in the renderer knows which.
 */
import type {
  CommandName,
  EventName,
  Events,
  Notification,
  NotificationName,
  Request,
  Responses,
  RunlogBridge,
  ServerMessage,
} from '../../src-main/api/contract.js';
import { handshakeProtocols, WS_PATH } from '../../src-main/host/handshake.js';
import { storedToken } from './address-token.js';

export interface ApiClient {
  call<K extends CommandName>(command: K, request: Request<K>): Promise<Responses[K]>;
  /** A one-way message (typed keys, a size, an acknowledgement): nothing is answered. */
  notify<K extends NotificationName>(name: K, request: Notification<K>): void;
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void;
  readonly transport: 'ipc' | 'websocket';
}

/** An error from the service, with the code a component can test. */
export class ClientError extends Error {
  constructor(
    public code: string,
    message: string,
    /** What the service said along with a refusal (the variables a step asks for…), if any. */
    public details?: unknown,
  ) {
    super(message);
  }
}

type Listeners = Map<string, Set<(payload: unknown) => void>>;

function dispatch(listeners: Listeners, event: string, payload: unknown): void {
  for (const listener of listeners.get(event) ?? []) listener(payload);
}

function subscribe(
  listeners: Listeners,
  event: string,
  listener: (payload: unknown) => void,
): () => void {
  let set = listeners.get(event);
  if (!set) listeners.set(event, (set = new Set()));
  set.add(listener);
  return () => set.delete(listener);
}

function ipcClient(bridge: RunlogBridge): ApiClient {
  const listeners: Listeners = new Map();
  bridge.onEvent((event, payload) => dispatch(listeners, event, payload));
  return {
    transport: 'ipc',
    call: async (command, request) => {
      try {
        return await bridge.call(command, request);
      } catch (err) {
        const e = err as { code?: string; message?: string; details?: unknown };
        throw new ClientError(e.code ?? 'error', e.message ?? String(err), e.details);
      }
    },
    notify: (name, request) => bridge.notify(name, request),
    on: (event, listener) => subscribe(listeners, event, listener as (p: unknown) => void),
  };
}

/** What the page says when it cannot reach the host; each says where the way back in is. */
function hostMessages(port: string) {
  const keepPort = port ? ` Start it with “runlog serve --port ${port}” to keep this port.` : '';
  const where =
    'open the address that “runlog serve” printed in its terminal (it ends in #token=…).';
  return {
    noToken: `This page was opened without its access token, so it cannot reach Runlog: ${where}`,
    refused:
      "Runlog's host did not accept this page's connection: it was restarted (every start makes a " +
      `new access token, so this page needs the new address) or stopped. To continue, ${where}${keepPort}`,
    lost:
      'Lost the connection to Runlog: its host stopped. A new start prints a new address with a ' +
      `new access token, and this page cannot reconnect with the old one. To continue, ${where}${keepPort}`,
  };
}

function openSocket(token: string, messages: ReturnType<typeof hostMessages>): Promise<WebSocket> {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  // The token travels only here, as a subprotocol value in the handshake; the host answers with
  // the protocol's name, never with the token.
  const socket = new WebSocket(`${scheme}://${location.host}${WS_PATH}`, handshakeProtocols(token));
  return new Promise<WebSocket>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(socket), { once: true });
    socket.addEventListener('error', () => reject(new ClientError('refused', messages.refused)), {
      once: true,
    });
  });
}

async function websocketClient(): Promise<ApiClient> {
  const listeners: Listeners = new Map();
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const messages = hostMessages(location.port);
  const token = storedToken();
  if (!token) throw new ClientError('no-token', messages.noToken);
  const socket = await openSocket(token, messages);
  let nextId = 1;
  socket.addEventListener('message', (ev) => {
    const msg = JSON.parse(String(ev.data)) as ServerMessage;
    if ('event' in msg) return dispatch(listeners, msg.event, msg.payload);
    const waiter = pending.get(msg.id);
    if (!waiter) return;
    pending.delete(msg.id);
    if (msg.ok) waiter.resolve(msg.response);
    else waiter.reject(new ClientError(msg.error.code, msg.error.message, msg.error.details));
  });
  socket.addEventListener('close', () => {
    for (const waiter of pending.values())
      waiter.reject(new ClientError('disconnected', messages.lost));
    pending.clear();
    dispatch(listeners, 'client:disconnected', { message: messages.lost });
  });
  return {
    transport: 'websocket',
    call: (command, request) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        socket.send(JSON.stringify({ id, command, request }));
      }),
    notify: (name, request) => {
      if (socket.readyState === WebSocket.OPEN)
        socket.send(JSON.stringify({ notify: name, request }));
    },
    on: (event, listener) => subscribe(listeners, event, listener as (p: unknown) => void),
  };
}

/**
 * Connects with whichever door this page was opened through. Over the WebSocket, a failure is a
 * ClientError whose message is a complete sentence for the operator, saying how to get back in;
 * a connection lost later is announced as `client:disconnected` with such a message.
 */
export async function connect(): Promise<ApiClient> {
  const bridge = (globalThis as { runlog?: RunlogBridge }).runlog;
  return bridge ? ipcClient(bridge) : websocketClient();
}

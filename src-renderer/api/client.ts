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
        const e = err as { code?: string; message?: string };
        throw new ClientError(e.code ?? 'error', e.message ?? String(err));
      }
    },
    notify: (name, request) => bridge.notify(name, request),
    on: (event, listener) => subscribe(listeners, event, listener as (p: unknown) => void),
  };
}

async function websocketClient(): Promise<ApiClient> {
  const listeners: Listeners = new Map();
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const socket = new WebSocket(`${scheme}://${location.host}/ws`);
  let nextId = 1;
  socket.addEventListener('message', (ev) => {
    const msg = JSON.parse(String(ev.data)) as ServerMessage;
    if ('event' in msg) return dispatch(listeners, msg.event, msg.payload);
    const waiter = pending.get(msg.id);
    if (!waiter) return;
    pending.delete(msg.id);
    if (msg.ok) waiter.resolve(msg.response);
    else waiter.reject(new ClientError(msg.error.code, msg.error.message));
  });
  socket.addEventListener('close', () => {
    for (const waiter of pending.values())
      waiter.reject(new ClientError('disconnected', 'Lost the connection to Runlog.'));
    pending.clear();
    dispatch(listeners, 'client:disconnected', undefined);
  });
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener(
      'error',
      () => reject(new ClientError('disconnected', 'Cannot reach Runlog.')),
      {
        once: true,
      },
    );
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

/** Connects with whichever door this page was opened through. */
export async function connect(): Promise<ApiClient> {
  const bridge = (globalThis as { runlog?: RunlogBridge }).runlog;
  return bridge ? ipcClient(bridge) : websocketClient();
}

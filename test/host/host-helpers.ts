/** Plain HTTP and WebSocket clients for talking to a browser host the way a program (or an attacker) would. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import WebSocket from 'ws';

export interface Reply {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * One GET (or another method) with exactly these headers; Host defaults to the host's own, and
 * `host: ''` sends none at all.
 */
export function httpGet(
  port: number,
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<Reply> {
  const all: Record<string, string> = { host: `127.0.0.1:${port}`, ...headers };
  const noHost = all.host === '';
  if (noHost) delete all.host;
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method, headers: all, setHost: !noHost },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Sends `text` as it is over a fresh TCP connection and resolves with all the answer. */
export function rawRequest(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(text));
    let answer = '';
    socket.on('data', (c: Buffer) => (answer += c.toString()));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

/**
 * Opens a WebSocket to the host; rejects with "HTTP <status>" when the handshake is refused.
 * `protocols` are the subprotocol values offered (where the page puts its token).
 */
export function openSocket(
  port: number,
  options: { path?: string; protocols?: string[]; headers?: Record<string, string> } = {},
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(
      `ws://127.0.0.1:${port}${options.path ?? '/ws'}`,
      options.protocols ?? [],
      {
        headers: options.headers ?? {},
      },
    );
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/** Sends one contract request (or a raw frame for `__raw__`) and resolves with its reply. */
export function callOver(
  ws: WebSocket,
  command: string,
  req: unknown,
): Promise<{ ok: boolean; response?: any; error?: any }> {
  return new Promise((resolve) => {
    const id = Math.floor(Math.random() * 1e9);
    const onMessage = (raw: WebSocket.RawData) => {
      const msg = JSON.parse(raw.toString());
      if (msg.id === id || (msg.id === -1 && command === '__raw__')) {
        ws.off('message', onMessage);
        resolve(msg);
      }
    };
    ws.on('message', onMessage);
    ws.send(command === '__raw__' ? String(req) : JSON.stringify({ id, command, request: req }));
  });
}

/**
 * A stand-in for the system's `xdg-open` in `dir/bin`: it writes its arguments, one a line, to
 * the returned log file, stays alive `seconds` (so `ps` can see it), and exits with `exitCode`.
 * Put `bin` first on PATH to use it.
 */
export function fakeOpener(dir: string, exitCode = 0, seconds = 0): { bin: string; log: string } {
  const bin = join(dir, 'bin');
  const log = join(dir, 'opener-args');
  mkdirSync(bin, { recursive: true });
  const script = `#!/bin/sh\nprintf '%s\\n' "$@" > '${log}.tmp'\nmv '${log}.tmp' '${log}'\nsleep ${seconds}\nexit ${exitCode}\n`;
  writeFileSync(join(bin, 'xdg-open'), script, { mode: 0o755 });
  return { bin, log };
}

/** Waits until `check` holds (polling), failing with `what` after about 10 s. */
export async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
  if (!check()) throw new Error(`timed out waiting: ${what}`);
}

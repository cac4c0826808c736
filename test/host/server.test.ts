import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { openService, type OpenedService } from '../../src-main/api/open-service.js';
import { startHost, type RunningHost } from '../../src-main/host/server.js';

let dir: string;
let opened: OpenedService;
let host: RunningHost;

interface Reply {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

function get(path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: host.port,
        path,
        method: 'GET',
        headers: { host: `127.0.0.1:${host.port}`, ...headers },
      },
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

function openSocket(query: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws${query}`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function callOver(
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

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'runlog-host-'));
  const renderer = join(dir, 'renderer');
  mkdirSync(renderer);
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Runlog</title>');
  writeFileSync(join(dir, 'secret.txt'), 'not for the browser');
  opened = await openService({ dataDir: join(dir, 'data'), transport: 'websocket' });
  host = await startHost({ service: opened.service, rendererDir: renderer });
});

afterAll(async () => {
  await host?.close();
  await opened?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('browser host', () => {
  it('prints a URL on 127.0.0.1 whose token carries at least 128 bits', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
    expect(Buffer.from(host.token, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
  });

  it('answers 200 with the token and sets a strict, HttpOnly cookie', async () => {
    const reply = await get(`/?token=${host.token}`);
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('<title>Runlog</title>');
    expect(String(reply.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict/);
    expect(reply.headers['content-security-policy']).toContain("script-src 'self'");
    expect(reply.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('attack: no token → 401', async () => {
    expect((await get('/')).status).toBe(401);
  });

  it('attack: wrong token → 403', async () => {
    expect((await get('/?token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).status).toBe(403);
    expect((await get('/', { cookie: 'runlog_token=nope' })).status).toBe(403);
  });

  it('attack: DNS rebinding (Host header of another name) → 403 even with the token', async () => {
    const reply = await get(`/?token=${host.token}`, { host: `evil.example:${host.port}` });
    expect(reply.status).toBe(403);
  });

  it('attack: token in a cross-origin request → 403', async () => {
    const reply = await get(`/?token=${host.token}`, { origin: 'https://evil.example' });
    expect(reply.status).toBe(403);
    const site = await get(`/?token=${host.token}`, { 'sec-fetch-site': 'cross-site' });
    expect(site.status).toBe(403);
  });

  it('attack: path traversal outside the renderer folder is refused', async () => {
    const reply = await get(`/..%2fsecret.txt?token=${host.token}`);
    expect(reply.status).not.toBe(200);
    expect(reply.body).not.toContain('not for the browser');
  });

  it('attack: WebSocket without the token is refused', async () => {
    await expect(openSocket('')).rejects.toThrow(/HTTP 401/);
    await expect(openSocket('?token=wrong')).rejects.toThrow(/HTTP 403/);
  });

  it('attack: WebSocket from another Origin is refused even with the token', async () => {
    await expect(
      openSocket(`?token=${host.token}`, { origin: 'https://evil.example' }),
    ).rejects.toThrow(/HTTP 403/);
  });

  it('a WebSocket with the token makes a round trip through the contract', async () => {
    const ws = await openSocket(`?token=${host.token}`, {
      origin: `http://127.0.0.1:${host.port}`,
    });
    const reply = await callOver(ws, 'library:list', {});
    expect(reply.ok).toBe(true);
    expect(reply.response.runbooks.map((r: { id: string }) => r.id)).toContain('wireless-capture');
    ws.close();
  });

  it('malformed messages are refused with an error and the connection keeps working', async () => {
    const ws = await openSocket(`?token=${host.token}`);
    expect((await callOver(ws, '__raw__', '{not json')).ok).toBe(false);
    const unknown = await callOver(ws, 'shell:exec', { cmd: 'id' });
    expect(unknown.error.code).toBe('unknown-command');
    const bad = await callOver(ws, 'run:start', {
      runbookId: 'wireless-capture',
      params: { X: 1 },
    });
    expect(bad.error.code).toBe('bad-request');
    const extra = await callOver(ws, 'run:step', { runId: 'r', step: 's', command: 'rm -rf /' });
    expect(extra.error.code).toBe('bad-request');
    // One-way messages get no answer, a malformed one included; the socket keeps working.
    ws.send(JSON.stringify({ notify: 'run:ack', request: { runId: 'r', chars: -1 } }));
    ws.send(JSON.stringify({ notify: 'run:ack', request: { runId: 'r', chars: 10 } }));
    ws.send(JSON.stringify({ notify: 'shell:exec', request: { cmd: 'id' } }));
    ws.send(JSON.stringify({ notify: 'run:input', request: { runId: 'r', data: 'x', more: 1 } }));
    expect((await callOver(ws, 'run:ack', { runId: 'r', chars: 10 })).error.code).toBe(
      'unknown-command',
    );
    expect((await callOver(ws, 'app:info', {})).ok).toBe(true);
    ws.close();
  });

  it('attack: binding to a non-loopback address is refused', async () => {
    await expect(
      startHost({ service: opened.service, rendererDir: dir, host: '0.0.0.0' }),
    ).rejects.toThrow(/binds only to 127\.0\.0\.1/);
  });
});

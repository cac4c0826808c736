import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type WebSocket from 'ws';
import { openService, type OpenedService } from '../../src-main/api/open-service.js';
import { handshakeProtocols, WS_PROTOCOL } from '../../src-main/host/handshake.js';
import { startHost, type RunningHost } from '../../src-main/host/server.js';
import { callOver, httpGet, openSocket, rawRequest } from './host-helpers.js';

let dir: string;
let renderer: string;
let opened: OpenedService;
let host: RunningHost;
let connections = 0;

const get = (path: string, headers: Record<string, string> = {}, method?: string) =>
  httpGet(host.port, path, headers, method);
const socket = (options: Parameters<typeof openSocket>[1] = {}) => openSocket(host.port, options);
const withToken = (token = host.token) => ({ protocols: handshakeProtocols(token) });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'runlog-host-'));
  renderer = join(dir, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Runlog</title>');
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log("the public code")');
  writeFileSync(join(dir, 'secret.txt'), 'not for the browser');
  opened = await openService({ dataDir: join(dir, 'data'), transport: 'websocket' });
  host = await startHost({
    service: opened.service,
    rendererDir: renderer,
    onConnected: () => (connections += 1),
  });
});

afterAll(async () => {
  await host?.close();
  await opened?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('browser host: the page and its files', () => {
  it('prints an address on 127.0.0.1 with the token (at least 128 bits) only in the fragment', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/#token=${host.token}`);
    expect(Buffer.from(host.token, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
  });

  it('serves the public page without the token, with the headers that keep it to itself', async () => {
    const reply = await get('/');
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('<title>Runlog</title>');
    const h = reply.headers;
    expect(h['content-security-policy']).toContain("script-src 'self'");
    expect(h['content-security-policy']).toContain(
      `connect-src 'self' ws://127.0.0.1:${host.port} ws://localhost:${host.port};`,
    );
    expect(h['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(h['referrer-policy']).toBe('no-referrer');
    expect(h['cross-origin-resource-policy']).toBe('same-origin');
    expect(h['cross-origin-opener-policy']).toBe('same-origin');
    expect(h['cache-control']).toBe('no-store');
    expect(h['access-control-allow-origin']).toBeUndefined();
  });

  it('attack: no answer sets a cookie or carries the token', async () => {
    for (const path of ['/', '/index.html', '/assets/app.js', '/missing', `/?token=wrong`]) {
      const reply = await get(path);
      expect(reply.headers['set-cookie'], path).toBeUndefined();
      expect(reply.body, path).not.toContain(host.token);
      expect(JSON.stringify(reply.headers), path).not.toContain(host.token);
    }
  });

  it('attack: DNS rebinding or a missing Host header → 403, even for the public files', async () => {
    expect((await get('/', { host: `evil.example:${host.port}` })).status).toBe(403);
    expect((await get('/assets/app.js', { host: `127.0.0.1.nip.io:${host.port}` })).status).toBe(
      403,
    );
    // Without a Host header Node's HTTP parser answers 400 before the host's own check runs.
    const noHost = await get('/', { host: '' });
    expect([400, 403]).toContain(noHost.status);
    expect(noHost.body).not.toContain('<title>Runlog</title>');
  });

  it('attack: a request from another origin (another site or another loopback port) → 403', async () => {
    expect((await get('/', { origin: 'https://evil.example' })).status).toBe(403);
    expect((await get('/', { origin: `http://127.0.0.1:${host.port + 1}` })).status).toBe(403);
    expect((await get('/', { origin: 'null' })).status).toBe(403);
  });

  it('attack: another site embedding the code → 403; a top-level navigation to the page → 200', async () => {
    const embed = { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors' };
    expect((await get('/assets/app.js', { ...embed, 'sec-fetch-dest': 'script' })).status).toBe(
      403,
    );
    const sameSite = { 'sec-fetch-site': 'same-site', 'sec-fetch-mode': 'cors' };
    expect((await get('/', { ...sameSite, 'sec-fetch-dest': 'empty' })).status).toBe(403);
    const link = { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' };
    expect((await get('/', { ...link, 'sec-fetch-dest': 'document' })).status).toBe(200);
  });

  it('attack: POST, PUT and OPTIONS are refused', async () => {
    for (const method of ['POST', 'PUT', 'OPTIONS', 'DELETE'])
      expect((await get('/', {}, method)).status, method).toBe(403);
  });

  it('attack: path traversal in every encoding stays inside the renderer folder', async () => {
    const paths = [
      '/../secret.txt',
      '/..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/%2e%2e%2fsecret.txt',
      '/..%5csecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/%252e%252e%252fsecret.txt',
      '/%c0%ae%c0%ae/secret.txt',
      '/secret.txt%00.html',
      '/%',
    ];
    for (const path of paths) {
      const reply = await get(path);
      expect(reply.status, path).not.toBe(200);
      expect(reply.body, path).not.toContain('not for the browser');
    }
  });
});

describe('browser host: the WebSocket is the only door to data, and needs the token', () => {
  it('a WebSocket offering the token as a subprotocol makes a round trip; the host answers with the protocol name only', async () => {
    const before = connections;
    const ws = await socket({
      ...withToken(),
      headers: { origin: `http://127.0.0.1:${host.port}` },
    });
    expect(ws.protocol).toBe(WS_PROTOCOL);
    const reply = await callOver(ws, 'library:list', {});
    expect(reply.ok).toBe(true);
    expect(reply.response.runbooks.map((r: { id: string }) => r.id)).toContain('wireless-capture');
    expect(connections).toBe(before + 1);
    ws.close();
  });

  it('attack: no token, or the token anywhere but the handshake → 401', async () => {
    const before = connections;
    await expect(socket()).rejects.toThrow(/HTTP 401/);
    await expect(socket({ path: `/ws?token=${host.token}` })).rejects.toThrow(/HTTP 401/);
    const cookie = { cookie: `runlog_token=${host.token}` };
    await expect(socket({ headers: cookie })).rejects.toThrow(/HTTP 401/);
    const bearer = { authorization: `Bearer ${host.token}` };
    await expect(socket({ headers: bearer })).rejects.toThrow(/HTTP 401/);
    await expect(socket({ protocols: [WS_PROTOCOL, host.token] })).rejects.toThrow(/HTTP 401/);
    expect(connections).toBe(before);
  });

  it('attack: a wrong, shortened, doubled or bare token → 403', async () => {
    const wrong = [
      handshakeProtocols('A'.repeat(host.token.length)),
      handshakeProtocols(host.token.slice(0, -1)),
      handshakeProtocols(`${host.token}A`),
      [...handshakeProtocols(host.token), handshakeProtocols('B'.repeat(43))[1] as string],
      [handshakeProtocols(host.token)[1] as string],
    ];
    for (const protocols of wrong) await expect(socket({ protocols })).rejects.toThrow(/HTTP 403/);
  });

  it('attack: the right token from another origin, another loopback port or a rebound name → 403', async () => {
    const attempts: Array<Record<string, string>> = [
      { origin: 'https://evil.example' },
      { origin: `http://127.0.0.1:${host.port + 1}` },
      { origin: `http://localhost:${host.port + 1}` },
      { origin: 'null' },
      { 'sec-fetch-site': 'same-site' },
      { host: `evil.example:${host.port}` },
    ];
    for (const headers of attempts) {
      await expect(socket({ ...withToken(), headers }), JSON.stringify(headers)).rejects.toThrow(
        /HTTP 403/,
      );
    }
  });

  it('attack: a request target that is no URL (plain or upgrade) is refused, and the host stays up', async () => {
    const head = `Host: 127.0.0.1:${host.port}\r\n`;
    const upgrade =
      'Upgrade: websocket\r\nConnection: Upgrade\r\n' +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n';
    for (const extra of ['', upgrade]) {
      const reply = await rawRequest(host.port, `GET http://[x HTTP/1.1\r\n${head}${extra}\r\n`);
      expect(reply).toMatch(/^HTTP\/1\.1 4\d\d /);
      expect((await get('/')).status).toBe(200);
    }
  });

  it('a WebSocket anywhere but /ws → 404', async () => {
    await expect(socket({ ...withToken(), path: '/other' })).rejects.toThrow(/HTTP 404/);
  });

  it('malformed messages are refused with an error and the connection keeps working', async () => {
    const ws = await socket(withToken());
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
});

describe('browser host: the retired ?token= address', () => {
  it('is honoured once (a page moving the token into the fragment), then answered with where to go', async () => {
    const own = await startHost({ service: opened.service, rendererDir: renderer });
    try {
      expect((await httpGet(own.port, '/?token=wrong')).status).toBe(403);
      const first = await httpGet(own.port, `/?token=${own.token}`);
      expect(first.status).toBe(200);
      expect(first.body).toContain("location.replace('/#token='");
      expect(first.body).not.toContain(own.token);
      const scriptHash = /script-src 'sha256-([^']+)'/.exec(
        String(first.headers['content-security-policy']),
      );
      expect(scriptHash, 'the inline script is allowed by its hash alone').not.toBeNull();
      expect(first.headers['referrer-policy']).toBe('no-referrer');
      const again = await httpGet(own.port, `/?token=${own.token}`);
      expect(again.status).toBe(410);
      expect(again.body).toMatch(/retired.*honoured once/s);
      expect(again.body).toContain('#token=');
    } finally {
      await own.close();
    }
  });
});

describe('browser host: starting and stopping', () => {
  it('tells connected pages it is going away (1001) when it stops', async () => {
    const own = await startHost({ service: opened.service, rendererDir: renderer });
    const ws: WebSocket = await openSocket(own.port, withToken(own.token));
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    await own.close();
    expect(await closed).toBe(1001);
  });

  it('a port in use is refused with a message that names it and says what to do', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(
        startHost({ service: opened.service, rendererDir: renderer, port }),
      ).rejects.toThrow(new RegExp(`port ${port} on 127.0.0.1 is in use.*--port`));
    } finally {
      blocker.close();
    }
  });

  it('attack: binding to a non-loopback address is refused', async () => {
    await expect(
      startHost({ service: opened.service, rendererDir: dir, host: '0.0.0.0' }),
    ).rejects.toThrow(/binds only to 127\.0\.0\.1/);
  });
});

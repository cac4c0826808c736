import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bogonsCommand } from '../../../../src-main/core/tools/bogons/bogons-command.js';
import { writeCache } from '../../../../src-main/core/tools/bogons/fetch-source.js';
import { fixture, runTool, tempDir } from '../tool-harness.js';

const LIST = readFileSync(fixture('bogons', 'bogon-bn-agg.old.txt'), 'utf8');
const V6 = readFileSync(fixture('bogons', 'fullbogons-ipv6.2022-03-16.txt'), 'utf8');

/** What the test server answers, switchable per test. */
let answer: { status: number; body: string } = { status: 200, body: LIST };
const handler: http.RequestListener = (req, res) => {
  if (req.url === '/moved') {
    res.writeHead(302, { location: '/Services/Bogons/bogon-bn-agg.txt' }).end();
    return;
  }
  res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.body);
};

const certs = tempDir('rl-certs-');
let httpServer: http.Server;
let httpsServer: https.Server;
let silentServer: net.Server;
const silentSockets = new Set<net.Socket>();
let httpBase = '';
let httpsBase = '';
let silentUrl = '';

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

beforeAll(async () => {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      path.join(certs.dir, 'key.pem'),
      '-out',
      path.join(certs.dir, 'cert.pem'),
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  httpServer = http.createServer(handler);
  httpsServer = https.createServer(
    {
      key: readFileSync(path.join(certs.dir, 'key.pem')),
      cert: readFileSync(path.join(certs.dir, 'cert.pem')),
    },
    handler,
  );
  // Accepts connections and never says a word: the "hung server" case.
  silentServer = net.createServer((socket) => {
    silentSockets.add(socket);
    socket.on('close', () => silentSockets.delete(socket));
  });
  httpBase = `http://127.0.0.1:${await listen(httpServer)}`;
  httpsBase = `https://127.0.0.1:${await listen(httpsServer)}`;
  silentUrl = `http://127.0.0.1:${await listen(silentServer)}/bogons.txt`;
});

afterAll(async () => {
  for (const socket of silentSockets) socket.destroy();
  await Promise.all(
    [httpServer, httpsServer, silentServer].map((s) => new Promise((r) => s.close(r))),
  );
  certs.remove();
});

let data: ReturnType<typeof tempDir>;
beforeEach(() => {
  data = tempDir('rl-bogons-net-');
  answer = { status: 200, body: LIST };
});
afterEach(() => data.remove());

const run = (argv: string[]) => runTool(bogonsCommand, argv, { dataDir: data.dir, cwd: data.dir });
const ca = () => path.join(certs.dir, 'cert.pem');

/** A port on which nothing listens: opened, then closed again. */
async function deadUrl(): Promise<string> {
  const server = net.createServer();
  const port = await listen(server);
  await new Promise((r) => server.close(r));
  return `http://127.0.0.1:${port}/bogons.txt`;
}

describe('fetching the list', () => {
  it('fetches over plain HTTP when --source names an http:// URL', async () => {
    const r = await run(['--source', `${httpBase}/bogon-bn-agg.txt`]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(' deny ip 0.0.0.0 1.255.255.255 any\n');
    expect(r.out).toMatch(/ remark fetched \d{4}-\d\d-\d\dT/);
  });

  it('fetches over HTTPS from a server whose self-signed certificate is given with --ca', async () => {
    answer = { status: 200, body: V6 };
    const r = await run([
      '--source',
      `${httpsBase}/fullbogons-ipv6.txt`,
      '--ca',
      ca(),
      '--format',
      'plain',
    ]);
    expect(r.code).toBe(0);
    expect(r.out.split('\n').length).toBe(130320 + 1);
  });

  it('refuses the same HTTPS server without --ca: an untrusted certificate is a failed fetch', async () => {
    const r = await run(['--source', `${httpsBase}/bogon-bn-agg.txt`]);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/certificate/i);
    expect(r.err).toMatch(/no cached copy/);
  });

  it('follows a redirect', async () => {
    const r = await run(['--source', `${httpsBase}/moved`, '--ca', ca(), '--format', 'plain']);
    expect(r.code).toBe(0);
    expect(r.out.startsWith('0.0.0.0/7\n')).toBe(true);
  });

  it('gives up on a server that never answers once --timeout has passed', async () => {
    const r = await run(['--source', silentUrl, '--timeout', '1']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no complete answer within 1 s/);
    expect(r.out).toBe('');
  });

  it('an HTTP error without a cached copy is a clear error with exit 1', async () => {
    answer = { status: 503, body: 'busy' };
    const r = await run(['--source', `${httpBase}/bogon-bn-agg.txt`]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/HTTP 503/);
    expect(r.err).toMatch(/no cached copy/);
  });
});

describe('the cache of the last good copy', () => {
  it('is written after a good fetch and used, with a warning, when the server is gone', async () => {
    const url = await deadUrl();
    // Good fetch first, from a live server, cached under that URL's key.
    const live = `${httpBase}/bogon-bn-agg.txt`;
    expect((await run(['--source', live])).code).toBe(0);
    const cached = readdirSync(path.join(data.dir, 'cache', 'bogons')).sort();
    expect(cached).toHaveLength(2);
    const meta = JSON.parse(
      readFileSync(path.join(data.dir, 'cache', 'bogons', cached[0]), 'utf8'),
    );
    expect(meta.url).toBe(live);
    // Now the same URL fails: an HTTP error is a failure like being offline.
    answer = { status: 500, body: 'down' };
    const r = await run(['--source', live]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/warning: .*HTTP 500.*using the cached copy fetched .* \(\d+ min old\)/);
    expect(r.out).toContain(' deny ip 0.0.0.0 1.255.255.255 any\n');
    expect(r.out).toMatch(/ remark cached copy fetched /);
    // A URL nobody listens on has no cache of its own.
    const offline = await run(['--source', url]);
    expect(offline.code).toBe(1);
  });

  it('names the age of the copy when offline', async () => {
    const url = await deadUrl();
    const threeHoursAgo = new Date(Date.now() - 3 * 3600_000);
    await writeCache(data.dir, url, LIST, threeHoursAgo);
    const r = await run(['--source', url, '--format', 'plain']);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/ECONNREFUSED/);
    expect(r.err).toMatch(/\(3 h 0 min old\)/);
    expect(r.out.split('\n')[0]).toBe('0.0.0.0/7');
  });

  it('a body that does not parse falls back to the cache and does not replace it', async () => {
    const live = `${httpBase}/bogon-bn-agg.txt`;
    expect((await run(['--source', live])).code).toBe(0);
    answer = { status: 200, body: '<html>maintenance</html>\n' };
    const r = await run(['--source', live, '--format', 'plain']);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/not valid prefixes \(line 1: .*\); using the cached copy/);
    expect(r.out.startsWith('0.0.0.0/7\n')).toBe(true);
    answer = { status: 500, body: '' };
    const again = await run(['--source', live, '--format', 'plain']);
    expect(again.out).toBe(r.out);
  });

  it('without a cached copy a body with bad lines is refused with its line numbers', async () => {
    answer = { status: 200, body: '10.0.0.0/8\n10.0.0.1/8\n' };
    const r = await run(['--source', `${httpBase}/x.txt`]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/x\.txt:2: host bits set/);
    expect(r.out).toBe('');
  });

  it('a cached copy whose content no longer matches its record is not trusted', async () => {
    const url = await deadUrl();
    await writeCache(data.dir, url, LIST, new Date());
    const dir = path.join(data.dir, 'cache', 'bogons');
    const textFile = readdirSync(dir).find((f) => f.endsWith('.txt'))!;
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(dir, textFile), '0.0.0.0/0\n');
    const r = await run(['--source', url]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no cached copy/);
  });
});

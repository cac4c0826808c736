/**
 * The browser host's token, tried in a real browser as a local attacker would: it never leaves
 * the operator's page (no cookie, no Referer, not in the address), what another loopback service
 * receives opens nothing, the retired `?token=` address works once, and after a restart the page
 * says where the new address is and takes it.
 */
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from '@playwright/test';
import { handshakeProtocols, WS_PROTOCOL } from '../../src-main/host/handshake.js';
import { eventually, fakeOpener, openSocket } from '../host/host-helpers.js';
import { program, root, skipNote, unmet } from '../needs.js';
import { test, expect, startServe, stopServe, type Host } from './fixtures.js';

const LIBRARY_ITEM = '[data-file="wireless-capture.md"]';

/** The capture test needs tcpdump and root; .ci/run has both. */
const CAPTURE_MISSING = unmet(program('tcpdump'), root('capturing packets on lo'));

/** tcpdump's kernel buffer: room for the page's code (about 1 MB a load) so no packet is dropped. */
const CAPTURE_BUFFER_KIB = 65_536;

/** Page loads during the capture: the first one and reloads. */
const CAPTURED_LOADS = 3;

async function libraryShown(page: Page): Promise<void> {
  await expect(page.locator(LIBRARY_ITEM).first()).toBeVisible();
}

/** What the other loopback service saw: every request, and what its page found in the browser. */
interface Seen {
  requests: Array<{ url: string; headers: IncomingMessage['headers'] }>;
  reports: Array<Record<string, unknown>>;
}

/**
 * Another service on another loopback port, as any local user could run: it records every request,
 * and its page reports what it could see in the browser and whether a WebSocket to the host opens.
 */
async function startOtherService() {
  const seen: Seen = { requests: [], reports: [] };
  let hostPort = 0;
  const page = () => `<!doctype html><title>elsewhere</title><script>
    const report = (r) => fetch('/report', { method: 'POST', body: JSON.stringify(r) });
    const found = { referrer: document.referrer, cookie: document.cookie,
      storage: Object.keys(sessionStorage), opener: window.opener !== null, href: location.href };
    const ws = new WebSocket('ws://127.0.0.1:${hostPort}/ws', ['${WS_PROTOCOL}']);
    ws.onopen = () => report({ ...found, socket: 'open' });
    ws.onerror = () => report({ ...found, socket: 'refused' });
  </script>`;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (req.url === '/report') seen.reports.push(JSON.parse(body));
      else seen.requests.push({ url: req.url ?? '', headers: req.headers });
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(req.url === '/report' ? '' : page());
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  return { server, port, seen, aimAt: (p: number) => (hostPort = p) };
}

/** A runbook whose prose links to the other service, as a runbook might link to a local web UI. */
function runbookLinkingTo(port: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'runlog-link-'));
  writeFileSync(
    join(dir, 'local-ui.md'),
    `# Local UI\n\nCheck the [local dashboard](http://127.0.0.1:${port}/dashboard) first.\n\n` +
      '```sh\necho hi\n```\n',
  );
  return dir;
}

test('the address bar holds no token after load; the tab keeps it in sessionStorage, no cookie is set', async ({
  page,
  context,
  host,
}) => {
  await page.goto(`${host.url}#/history`);
  await expect(page.locator('rl-history')).toBeVisible();
  expect(page.url()).toBe(`${host.origin}/#/history`);
  expect(await page.evaluate(() => sessionStorage.getItem('runlog.token'))).toBe(host.token);
  expect(await context.cookies()).toEqual([]);
  expect(await page.evaluate(() => document.cookie)).toBe('');
  // The tab's history: the blank page it started on, and the app's entry with the token replaced.
  expect(await page.evaluate(() => history.length)).toBe(2);

  await page.reload();
  await expect(page.locator('rl-history')).toBeVisible();
  expect(page.url()).toBe(`${host.origin}/#/history`);
  await page.goto(`${host.origin}/#/`);
  await libraryShown(page);
  await page.goBack();
  expect(page.url()).toBe(`${host.origin}/#/history`);
  await page.goBack();
  expect(page.url()).toBe('about:blank');
});

test('attack: another loopback port receives a navigation from the page and gets no token; nothing it got opens the host', async ({
  page,
  context,
}) => {
  const elsewhere = await startOtherService();
  const host = await startServe(['--runbooks', runbookLinkingTo(elsewhere.port)]);
  elsewhere.aimAt(host.port);
  try {
    await page.goto(`${host.url}#/runbook/local-ui`);
    // The runbook's own link (it opens a new tab) …
    const [popup] = await Promise.all([
      context.waitForEvent('page'),
      page.getByRole('link', { name: 'local dashboard' }).click(),
    ]);
    await popup.waitForLoadState();
    // … and the worst case: a plain link without rel=noreferrer, followed in the same tab.
    await page.evaluate((port) => {
      const a = document.createElement('a');
      a.href = `http://127.0.0.1:${port}/same-tab`;
      a.textContent = 'same tab';
      document.body.append(a);
    }, elsewhere.port);
    await page.getByText('same tab').click();
    await expect.poll(() => elsewhere.seen.reports.length, { timeout: 15_000 }).toBe(2);

    const paths = elsewhere.seen.requests.map((r) => r.url);
    expect(paths).toEqual(expect.arrayContaining(['/dashboard', '/same-tab']));
    for (const request of elsewhere.seen.requests) {
      expect(request.headers.cookie, request.url).toBeUndefined();
      // The navigations carry no Referer at all; the other page's own requests (its favicon)
      // name only itself.
      if (['/dashboard', '/same-tab'].includes(request.url))
        expect(request.headers.referer, request.url).toBeUndefined();
      else expect(request.headers.referer ?? '', request.url).not.toContain(host.origin);
    }
    for (const report of elsewhere.seen.reports) {
      expect(report).toMatchObject({ referrer: '', cookie: '', storage: [], opener: false });
      expect(report.socket, 'a WebSocket from its page to the host').toBe('refused');
    }
    const everything = JSON.stringify(elsewhere.seen);
    expect(everything).not.toContain(host.token);

    // Whatever it received, replayed by a plain program: every header and candidate is refused.
    const candidates = [...everything.matchAll(/[A-Za-z0-9_-]{40,}/g)].map((m) => m[0]);
    const replayed = elsewhere.seen.requests.map((r) => ({
      headers: Object.fromEntries(
        ['cookie', 'referer', 'authorization']
          .filter((h) => r.headers[h] !== undefined)
          .map((h) => [h, String(r.headers[h])]),
      ),
      protocols: [WS_PROTOCOL],
    }));
    const attempts = [
      ...replayed,
      ...candidates.map((c) => ({ protocols: handshakeProtocols(c) })),
    ];
    expect(attempts.length).toBeGreaterThanOrEqual(2);
    for (const attempt of attempts) {
      await expect(openSocket(host.port, attempt), JSON.stringify(attempt)).rejects.toThrow(
        /HTTP 40[13]/,
      );
    }
  } finally {
    elsewhere.server.close();
    await stopServe(host);
  }
});

test('the retired ?token= address works once, then says where the address is', async ({
  browser,
  host,
}) => {
  const first = await browser.newPage();
  await first.goto(`${host.origin}/?token=${host.token}#/history`);
  await expect(first.locator('rl-history')).toBeVisible();
  expect(first.url()).toBe(`${host.origin}/#/history`);
  await first.close();

  const again = await browser.newPage();
  const response = await again.goto(`${host.origin}/?token=${host.token}`);
  expect(response?.status()).toBe(410);
  await expect(again.locator('body')).toContainText('retired');
  await expect(again.locator('rl-app')).toHaveCount(0);
  await again.close();
});

test('a page opened without its token says where to find the address, and shows no data', async ({
  page,
  host,
}) => {
  await page.goto(`${host.origin}/`);
  await expect(page.getByRole('alert')).toContainText('opened without its access token');
  await expect(page.getByRole('alert')).toContainText('runlog serve');
  await expect(page.locator(LIBRARY_ITEM)).toHaveCount(0);
});

test('after the host restarts on the same port the page says a new address is needed, and takes it when pasted', async ({
  page,
}) => {
  const first = await startServe();
  const port = first.port;
  await page.goto(first.url);
  await libraryShown(page);

  first.process.kill('SIGINT');
  await expect(page.getByRole('alert')).toContainText('its host stopped');
  await expect(page.getByRole('alert')).toContainText(`runlog serve --port ${port}`);
  await stopServe(first, false);

  const second = await startServe([], first.dataDir, { port });
  try {
    await page.reload();
    await expect(page.getByRole('alert')).toContainText('did not accept');
    await page.goto(second.url); // pasted into the same tab: only the fragment changes
    await libraryShown(page);
    expect(page.url()).toBe(`${second.origin}/`);
    expect(await page.evaluate(() => sessionStorage.getItem('runlog.token'))).toBe(second.token);
  } finally {
    await stopServe(second);
  }
});

test('serve --open: the redirect file the opener gets lands on the app, and is gone once the page connects', async ({
  page,
}) => {
  const dir = mkdtempSync(join(tmpdir(), 'runlog-open-e2e-'));
  const opener = fakeOpener(dir);
  const host: Host = await startServe(['--open'], undefined, {
    env: { ...process.env, PATH: `${opener.bin}:${process.env.PATH}` },
  });
  try {
    await eventually(() => existsSync(opener.log), 'the opener ran');
    const file = readFileSync(opener.log, 'utf8').trim();
    expect(file).not.toContain(host.token);
    await page.goto(pathToFileURL(file).href);
    await libraryShown(page);
    expect(page.url()).toBe(`${host.origin}/`);
    await eventually(() => !existsSync(file), 'the redirect file was removed');
  } finally {
    await stopServe(host);
  }
});

test(`a packet capture on lo sees the token once per WebSocket handshake and in no page load${skipNote(CAPTURE_MISSING)}`, async ({
  page,
  host,
}) => {
  test.skip(CAPTURE_MISSING !== undefined, CAPTURE_MISSING);
  const pcap = join(mkdtempSync(join(tmpdir(), 'runlog-capture-')), 'lo.pcap');
  const dump = spawn(
    'tcpdump',
    [
      '-i',
      'lo',
      '-n',
      '-U',
      '-s',
      '0',
      '-B',
      String(CAPTURE_BUFFER_KIB),
      '-w',
      pcap,
      `tcp port ${host.port}`,
    ],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let said = '';
  dump.stderr.on('data', (c: Buffer) => (said += c.toString()));
  const exited = new Promise((r) => dump.once('exit', r));
  try {
    await eventually(() => said.includes('listening on'), 'tcpdump listening');
    await page.goto(host.url);
    await libraryShown(page);
    for (let i = 1; i < CAPTURED_LOADS; i++) {
      await page.reload();
      await libraryShown(page);
    }
    // tcpdump may lag behind on a busy machine: wait until the last handshake is in the file.
    const copies = () => readFileSync(pcap).toString('latin1').split(host.token).length - 1;
    await eventually(() => copies() >= CAPTURED_LOADS, 'every handshake captured');
  } finally {
    dump.kill('SIGINT');
    await exited;
  }
  expect(said, 'tcpdump dropped no packet').toMatch(/\b0 packets dropped by kernel/);
  const captured = readFileSync(pcap).toString('latin1');
  expect(captured, 'the page loads were captured').toContain('GET /assets/');
  expect(captured.split(host.token).length - 1).toBe(CAPTURED_LOADS);
  expect(captured).not.toContain('runlog_token');
  expect(captured).not.toContain('?token=');
});

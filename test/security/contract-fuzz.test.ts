/**
 * Every door validates what crosses it against the contract before the
 * service sees it. These tests throw random JSON at every command through
 * `service.call` (the function IPC and the WebSocket both end in), and
 * garbage frames at the real WebSocket host: each must be answered with an
 * error that has a code, and nothing may crash or hang.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { handshakeProtocols } from '../../src-main/host/handshake.js';
import WebSocket from 'ws';
import { COMMAND_NAMES } from '../../src-main/api/names.js';
import { openService, type OpenedService } from '../../src-main/api/open-service.js';
import { startHost, type RunningHost } from '../../src-main/host/server.js';
import { tempDir } from './helpers.js';

/** A call that takes longer than this is treated as a hang. */
const CALL_LIMIT_MS = 20_000;
/** Random requests per command: enough to cover odd shapes, few enough for the 2-minute budget. */
const RUNS_PER_COMMAND = 40;

let dir: string;
let opened: OpenedService;
let host: RunningHost;

beforeAll(async () => {
  dir = tempDir('fuzz');
  const renderer = join(dir, 'renderer');
  mkdirSync(renderer);
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Runlog</title>');
  opened = await openService({ dataDir: join(dir, 'data'), transport: 'websocket' });
  host = await startHost({ service: opened.service, rendererDir: renderer });
});

afterAll(async () => {
  await host?.close();
  await opened?.close();
  rmSync(dir, { recursive: true, force: true });
});

type Outcome = { kind: 'ok'; value: unknown } | { kind: 'error'; code: unknown; message: unknown };

async function callSafely(command: string, request: unknown): Promise<Outcome> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${command} hung`)), CALL_LIMIT_MS);
  });
  try {
    const value = await Promise.race([opened.service.call(command, request), hang]);
    return { kind: 'ok', value };
  } catch (err) {
    const e = err as { code?: unknown; message?: unknown };
    if (e.message === `${command} hung`) throw err;
    return { kind: 'error', code: e.code, message: e.message };
  } finally {
    clearTimeout(timer);
  }
}

/** Random requests: any JSON, and objects that look almost right (right keys, wrong values, extras). */
const requests = fc.oneof(
  fc.jsonValue(),
  fc.dictionary(
    fc.constantFrom(
      'id',
      'runId',
      'runbookId',
      'step',
      'params',
      'sha256',
      'command',
      '__proto__',
      'constructor',
      'limit',
    ),
    fc.jsonValue({ maxDepth: 2 }),
  ),
  fc.constantFrom(
    undefined,
    null,
    [],
    '',
    0,
    { __proto__: { admin: true } },
    { runId: 'x'.repeat(10_000) },
  ),
);

describe('contract validation at the service', () => {
  for (const command of COMMAND_NAMES) {
    it(`attack: random JSON sent as a ${command} request → a coded error, never a crash or hang`, async () => {
      await fc.assert(
        fc.asyncProperty(requests, async (request) => {
          const outcome = await callSafely(command, request);
          if (outcome.kind === 'error') {
            expect(typeof outcome.code, String(outcome.message)).toBe('string');
            expect(String(outcome.message).length).toBeGreaterThan(0);
          }
        }),
        { numRuns: RUNS_PER_COMMAND },
      );
    });
  }

  it('attack: unknown and prototype command names → unknown-command', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'shell:exec'),
        ),
        fc.jsonValue(),
        async (name, request) => {
          fc.pre(!(COMMAND_NAMES as readonly string[]).includes(name));
          const outcome = await callSafely(name, request);
          expect(outcome).toMatchObject({ kind: 'error', code: 'unknown-command' });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('attack: well-formed requests naming runs that do not exist → coded errors from the engine and history', async () => {
    const name = fc.string({ minLength: 1, maxLength: 40 });
    const shaped = fc.oneof(
      name.map((runId) => ['run:stop', { runId }] as const),
      fc.tuple(name, name).map(([runId, step]) => ['run:step', { runId, step }] as const),
      name.map((runId) => ['run:finish', { runId }] as const),
      fc
        .tuple(name, name)
        .map(([runId, step]) => ['run:attest', { runId, step, done: true }] as const),
      name.map((runId) => ['history:get', { runId }] as const),
      name.map((runId) => ['evidence:export', { runId, format: 'json' }] as const),
      name.map((runbookId) => ['run:start', { runbookId, params: {} }] as const),
    );
    await fc.assert(
      fc.asyncProperty(shaped, async ([command, request]) => {
        const outcome = await callSafely(command, request);
        expect(outcome.kind).toBe('error');
        if (outcome.kind === 'error')
          expect(typeof outcome.code, String(outcome.message)).toBe('string');
      }),
      { numRuns: 60 },
    );
  });

  it('attack: a request carrying command text is refused before the engine sees it', async () => {
    const outcome = await callSafely('run:step', { runId: 'r', step: 's', text: 'rm -rf ~' });
    expect(outcome).toMatchObject({ kind: 'error', code: 'bad-request' });
  });

  it('the service still answers a good request after the fuzzing', async () => {
    const outcome = await callSafely('library:list', {});
    expect(outcome.kind).toBe('ok');
  });
});

function openSocket(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws`, handshakeProtocols(host.token));
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Sends one raw frame and waits for the next reply on the socket. */
function sendRaw(ws: WebSocket, frame: string | Buffer, binary = false): Promise<any> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no reply to a garbage frame')), CALL_LIMIT_MS);
    ws.once('message', (raw) => {
      clearTimeout(timer);
      resolve(JSON.parse(raw.toString()));
    });
    ws.send(frame, { binary });
  });
}

describe('contract validation at the WebSocket host', () => {
  it('attack: random garbage frames (text, binary, JSON of the wrong shape) → error replies, connection keeps working', async () => {
    const ws = await openSocket();
    const frames = fc.oneof(
      fc.string({ minLength: 1 }).map((s) => ({ frame: s, binary: false })),
      fc
        .uint8Array({ minLength: 1, maxLength: 200 })
        .map((b) => ({ frame: Buffer.from(b), binary: true })),
      fc.jsonValue().map((v) => ({ frame: JSON.stringify(v) ?? 'null', binary: false })),
      fc
        .record({ id: fc.integer(), command: fc.string(), request: fc.jsonValue() })
        .map((v) => ({ frame: JSON.stringify(v), binary: false })),
    );
    await fc.assert(
      fc.asyncProperty(frames, async ({ frame, binary }) => {
        const reply = await sendRaw(ws, frame, binary);
        if (reply.ok === false) expect(typeof reply.error.code).toBe('string');
        else expect(reply.ok).toBe(true);
      }),
      { numRuns: 300 },
    );
    const info = await sendRaw(ws, JSON.stringify({ id: 7, command: 'app:info', request: {} }));
    expect(info).toMatchObject({ id: 7, ok: true });
    ws.close();
  });

  it('attack: a frame larger than any request closes that socket only; a new one works', async () => {
    const ws = await openSocket();
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('x'.repeat(2 * 1024 * 1024));
    expect(await closed).toBe(1009);
    const again = await openSocket();
    const info = await sendRaw(again, JSON.stringify({ id: 1, command: 'app:info', request: {} }));
    expect(info.ok).toBe(true);
    again.close();
  });
});

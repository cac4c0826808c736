/**
 * Live test of the wireless-capture runbook on the loopback interface (root only): a capture
 * with a packet count while the test sends TCP traffic to 127.0.0.1, the pcap read back and
 * hashed into verifiable evidence; and a capture without a limit stopped by SIGINT to
 * `runlog run`, which must leave a readable pcap and no tcpdump behind.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readFileSync, readdirSync, statSync, appendFileSync } from 'node:fs';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { walkCli, walkUi } from './walk.js';
import {
  attemptsOf,
  exportRun,
  parseRun,
  ranSteps,
  readStatement,
  removeDir,
  runArgs,
  runFolder,
  runRunbook,
  startCli,
  tempDir,
  verifyEvidence,
  waitFor,
} from './helpers.js';
import { built, program, root, skipNote, unmet } from '../needs.js';

const MISSING = unmet(
  built(),
  root('capturing packets needs root, and sudo would prompt'),
  program('tcpdump'),
);
const SKIP = MISSING !== undefined;
const REASON = skipNote(MISSING);
/** One small write every this many ms keeps loopback busy without flooding the capture. */
const TRAFFIC_EVERY_MS = 50;
/** Bytes of a pcap file header; a file longer than this holds at least one packet. */
const PCAP_HEADER_BYTES = 24;

/** Packets in a pcap file, counted by tcpdump itself; throws when tcpdump cannot read it. */
function packetsIn(file: string): number {
  const r = spawnSync('tcpdump', ['-r', file, '-nq'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tcpdump -r ${file} failed (${r.status}): ${r.stderr}`);
  return r.stdout.split('\n').filter(Boolean).length;
}

/** A TCP echo server and a client writing to it on 127.0.0.1 until stopped. */
async function startTraffic(): Promise<() => Promise<void>> {
  const server: Server = createServer((s) =>
    s.on('data', (d) => s.write(d)).on('error', () => s.destroy()),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const client: Socket = createConnection({ host: '127.0.0.1', port });
  client.on('data', () => {}).on('error', () => {});
  const timer = setInterval(() => client.write('runlog capture test\n'), TRAFFIC_EVERY_MS);
  return async () => {
    clearInterval(timer);
    client.destroy();
    await new Promise((r) => server.close(r));
  };
}

function capturesIn(folder: string): string[] {
  return existsSync(folder) ? readdirSync(folder).filter((f) => f.startsWith('wificap.')) : [];
}

describe.skipIf(SKIP)(`wireless-capture runbook on loopback, live${REASON}`, () => {
  let work: string;
  let stopTraffic: () => Promise<void>;

  beforeAll(async () => {
    work = tempDir('runlog-live-capture-');
    stopTraffic = await startTraffic();
  });

  afterAll(async () => {
    await stopTraffic?.();
    removeDir(work);
  });

  it('captures exactly PACKET_COUNT=10 packets on lo; the pcap reads back and its SHA-256 verifies in the evidence', async () => {
    const data = join(work, 'count');
    const run = await runRunbook('wireless-capture', data, {
      params: { WIFICARD: 'lo', PACKET_COUNT: '10' },
      yes: true,
    });
    expect(ranSteps(run)).toEqual({
      'find-addresses-linux': 'passed',
      'build-capture-filter': 'passed',
      'capture-linux': 'passed',
      'summarize-capture': 'passed',
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('Interface lo: IPv4 127.0.0.1');
    expect(run.stderr).toContain('OK: 10 packets captured');

    const folder = runFolder(data, run.runId);
    const captures = capturesIn(folder);
    expect(captures).toHaveLength(1);
    const pcap = join(folder, captures[0] ?? '');
    expect(packetsIn(pcap)).toBe(10);

    const evidence = await exportRun(data, run.runId, 'json', work);
    const sha = createHash('sha256').update(readFileSync(pcap)).digest('hex');
    const [attempt] = attemptsOf(readStatement(evidence), 'capture-linux');
    expect(attempt?.artifacts).toEqual([
      { path: captures[0], sha256: sha, size: statSync(pcap).size },
    ]);

    const verified = await verifyEvidence(evidence, data, folder);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    expect(verified.stdout).toContain('artifacts: 1 match, 0 differ');

    // The same check must notice a capture that changed after the run.
    const copy = join(work, 'tampered');
    cpSync(folder, copy, { recursive: true });
    appendFileSync(join(copy, captures[0] ?? ''), Buffer.from([0]));
    const tampered = await verifyEvidence(evidence, data, copy);
    expect(tampered.code).toBe(1);
  });

  it('ends an unlimited capture (PACKET_COUNT=0) on SIGINT to runlog run as its normal end: readable pcap, no tcpdump left, run passed', async () => {
    const data = join(work, 'stop');
    let child: ChildProcess | undefined;
    let stderr = '';
    const finished = startCli(
      runArgs('wireless-capture', data, {
        params: { WIFICARD: 'lo', PACKET_COUNT: '0' },
        yes: true,
      }),
      (c) => {
        child = c;
        c.stderr?.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
      },
    );
    const runId = () => /runlog: run (\S+)/.exec(stderr)?.[1];
    const capturing = await waitFor(() => {
      const id = runId();
      if (!id) return false;
      const files = capturesIn(runFolder(data, id));
      return (
        files.length === 1 &&
        statSync(join(runFolder(data, id), files[0] ?? '')).size > PCAP_HEADER_BYTES
      );
    }, 30_000);
    expect(capturing, `the capture never wrote a packet:\n${stderr}`).toBe(true);
    child?.kill('SIGINT');

    const run = parseRun(await finished);
    // The capture is open-ended: stopping it is its normal end, and the walk reads it back.
    expect(run.code).toBe(0);
    expect(run.status).toBe('passed');
    expect(ranSteps(run)).toEqual({
      'find-addresses-linux': 'passed',
      'build-capture-filter': 'passed',
      'capture-linux': 'passed',
      'summarize-capture': 'passed',
    });
    expect(run.steps.find((s) => s.name === 'capture-linux')?.flag).toBe('stopped-by-operator');
    const folder = runFolder(data, run.runId);
    const [capture] = capturesIn(folder);
    const pcap = join(folder, capture ?? '');
    expect(packetsIn(pcap)).toBeGreaterThan(0);
    const left = spawnSync('pgrep', ['-f', `tcpdump .*${capture}`], { encoding: 'utf8' });
    expect(left.stdout.trim(), 'a tcpdump of this capture is still running').toBe('');

    const evidence = await exportRun(data, run.runId, 'json', work);
    const verified = await verifyEvidence(evidence, data, folder);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    expect(verified.stdout).toContain('artifacts: 1 match, 0 differ');
  });

  it('walked as written on a terminal: an unlimited capture ended with one Ctrl-C is its normal end; passed (exit 0)', async () => {
    const data = join(work, 'walk-cli');
    let pressed = false;
    const watch = (screen: string, pty: { type(keys: string): void }) => {
      const id = /runlog: run (\S+)/.exec(screen)?.[1];
      if (pressed || !id) return;
      const files = capturesIn(runFolder(data, id));
      const pcap = files[0] ? join(runFolder(data, id), files[0]) : '';
      if (pcap && statSync(pcap).size > PCAP_HEADER_BYTES) {
        pressed = true;
        pty.type('\x03');
      }
    };
    const params = { WIFICARD: 'lo', PACKET_COUNT: '0' };
    const { code, run } = await walkCli('wireless-capture', data, params, { watch });
    expect(code).toBe(0);
    expect(run.status).toBe('passed');
    const capture = run.steps.find((s) => s.stepName === 'capture-linux')!;
    expect(capture).toMatchObject({ status: 'passed', flag: 'stopped-by-operator' });
    expect(capture.artifacts).toHaveLength(1);
    expect(run.steps.find((s) => s.stepName === 'capture-linux-monitor')!.status).toBe('pending');
  });

  it('walked as written over the contract, as the UI does (PACKET_COUNT=10): passed', async () => {
    const params = { WIFICARD: 'lo', PACKET_COUNT: '10' };
    const { status, run } = await walkUi('wireless-capture', join(work, 'walk-ui'), params);
    expect(status).toBe('passed');
    expect(run.steps.find((s) => s.stepName === 'summarize-capture')!.status).toBe('passed');
  });

  it('fails find-addresses-linux clearly for an interface that does not exist, before any capture', async () => {
    const run = await runRunbook('wireless-capture', join(work, 'noif'), {
      params: { WIFICARD: 'nosuchif0', PACKET_COUNT: '5' },
      yes: true,
    });
    expect(run.code).toBe(1);
    expect(ranSteps(run)).toEqual({ 'find-addresses-linux': 'failed' });
    expect(run.stderr).toContain('FAIL: no interface named nosuchif0');
  });
});

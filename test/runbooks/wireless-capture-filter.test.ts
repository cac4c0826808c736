/**
 * Live test of the capture filter the wireless-capture runbook builds (root only): its address
 * and filter steps run for real on an interface with a known IPv4 and link address, inside a
 * private network namespace so the machine's own network is untouched; then the real tcpdump
 * applies the exported filters to 802.11 (radiotap) and Ethernet frames built for the purpose.
 * In monitor mode the host's own frames, by link address and by IPv4 address, and the six
 * housekeeping frame types must go, and everything else must stay.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  parseRun,
  ranSteps,
  removeDir,
  runArgs,
  startCli,
  tempDir,
  type CliResult,
  type RunResult,
} from './helpers.js';
import { liveGate, runbookSteps } from './live-support.js';
import { ethernetFrames, wifiFrames, writePcap, type TestFrame } from './wifi-frames.js';

const HOST_MAC = '02:00:00:00:00:55';
const HOST_IP = '192.0.2.55';
/** New network and mount namespaces (a private /sys shows the namespace's interfaces). */
const UNSHARE = ['-n', '-m', '--propagation', 'private'];

const TOOLS = liveGate(['tcpdump', 'ip', 'unshare'], 'a private network namespace needs root');
/** Creating namespaces needs CAP_SYS_ADMIN, which some containers withhold even from root. */
const GATE =
  TOOLS.skip || spawnSync('unshare', [...UNSHARE, 'true']).status === 0
    ? TOOLS
    : { skip: true, reason: ' (skipped: unshare -n -m is not permitted here)' };

/** Runs `runlog ARGS…` in new namespaces holding a veth `wlt0` with the host's addresses. */
function runInNamespace(args: string[]): Promise<CliResult> {
  const setup = [
    'set -e',
    'mount -t sysfs sysfs /sys',
    'ip link add wlt0 type veth peer name wlt1',
    `ip link set wlt0 address ${HOST_MAC}`,
    `ip addr add ${HOST_IP}/24 dev wlt0`,
    'ip link set wlt0 up',
    'ip link set wlt1 up',
    'exec "$@"',
  ].join('\n');
  const launcher = ['unshare', ...UNSHARE, '--', 'sh', '-c', setup, 'sh'];
  return startCli(args, undefined, process.env, launcher);
}

/** Names of the frames of `file` that `filter` keeps, decided by tcpdump. */
function kept(file: string, frames: TestFrame[], filter: string): string[] {
  const r = spawnSync('tcpdump', ['-r', file, '-tt', '-nn', filter], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tcpdump refused the filter "${filter}": ${r.stderr}`);
  return r.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => frames[Number(line.split('.')[0]) - 1_700_000_000]?.name ?? `? ${line}`);
}

describe.skipIf(GATE.skip)(
  `wireless-capture filters, live in a network namespace${GATE.reason}`,
  () => {
    let work: string;
    let run: RunResult;
    let monitor: string;
    let managed: string;

    beforeAll(async () => {
      work = tempDir('runlog-live-filter-');
      const args = runArgs('wireless-capture', join(work, 'data'), {
        params: { WIFICARD: 'wlt0' },
        steps: ['find-addresses-linux', 'build-capture-filter'],
      });
      run = parseRun(await runInNamespace(args));
      monitor = /Monitor-mode filter: (.*)/.exec(run.stderr)?.[1]?.trim() ?? '';
      managed = /Managed-mode filter: (.*)/.exec(run.stderr)?.[1]?.trim() ?? '';
    });

    afterAll(() => removeDir(work));

    it('finds the interface addresses and builds both filters from them', () => {
      expect(ranSteps(run)).toEqual({
        'find-addresses-linux': 'passed',
        'build-capture-filter': 'passed',
      });
      expect(run.stderr).toContain(
        `Interface wlt0: IPv4 ${HOST_IP}, link address ${HOST_MAC}, loopback 0`,
      );
      expect(managed).toBe(`not ether host ${HOST_MAC} and not host ${HOST_IP}`);
      expect(monitor.startsWith(`${managed} and `)).toBe(true);
    });

    it('monitor mode: tcpdump drops the host by link and IPv4 address and the six frame types, and keeps the rest', () => {
      const frames = wifiFrames(HOST_MAC, HOST_IP);
      const file = join(work, 'monitor.pcap');
      writePcap(file, frames, true);
      expect(kept(file, frames, '')).toHaveLength(frames.length);
      expect(kept(file, frames, monitor)).toEqual(['rts', 'data between others']);
    });

    it('managed mode: tcpdump drops frames from or to the host and keeps the others', () => {
      const frames = ethernetFrames(HOST_MAC, HOST_IP);
      const file = join(work, 'managed.pcap');
      writePcap(file, frames, false);
      expect(kept(file, frames, managed)).toEqual(['between others']);
    });

    it('the Linux monitor-mode and macOS capture steps both capture with that monitor filter', async () => {
      const steps = await runbookSteps('wireless-capture', join(work, 'show'));
      for (const name of ['capture-linux-monitor', 'capture-macos']) {
        const text = steps.find((s) => s.name === name)?.text ?? '';
        expect(text, name).toMatch(
          /tcpdump -i "\$WIFICARD" [^\n]*\\\n\s+\$\{count\[@\]\+"\$\{count\[@\]\}"\} "\$FILTER_MONITOR"/,
        );
      }
    });
  },
);

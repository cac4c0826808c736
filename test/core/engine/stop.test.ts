import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src-main/core/engine/engine.js';
import { makeEngine, runbook, step, tempDir } from './helpers.js';
import { program, root, skipNote, unmet } from '../../needs.js';

const TCPDUMP_MISSING = unmet(program('tcpdump'), root('capturing packets'));

const engines: Engine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.shutdown();
});

/** Pids of live (non-zombie) processes whose command line is exactly `argv`. */
function processesRunning(argv: string[]): number[] {
  const wanted = argv.join('\0');
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0$/, '');
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (cmd === wanted && stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z')
        found.push(Number(name));
    } catch {
      // exited while we looked
    }
  }
  return found;
}

async function waitFor(check: () => boolean, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

function setup() {
  const made = makeEngine();
  engines.push(made.engine);
  return made;
}

describe('stopping a step', () => {
  it('stop leaves no background child alive, even ones that ignore SIGINT', async () => {
    const { engine, recorder } = setup();
    const rb = runbook(tempDir(), [step('sleepers', "bash -c 'sleep 1000 & sleep 1000 & wait'")]);
    const { runId } = engine.startRun({ runbook: rb, params: {} });
    const running = engine.runStep({ runId, step: 'sleepers' });
    await waitFor(() => processesRunning(['sleep', '1000']).length >= 2);
    await engine.stop(runId);
    const outcome = await running;
    expect(outcome.status).toBe('stopped');
    expect(processesRunning(['sleep', '1000'])).toEqual([]);
    expect(recorder.runs.get(runId)!.events.some((e) => e.type === 'step-stopped')).toBe(true);
  });

  it('stop also kills a child that left the session with setsid', async () => {
    const { engine } = setup();
    const rb = runbook(tempDir(), [step('daemonish', 'setsid sleep 1001 &\nsleep 1002')]);
    const { runId } = engine.startRun({ runbook: rb, params: {} });
    const running = engine.runStep({ runId, step: 'daemonish' });
    await waitFor(
      () =>
        processesRunning(['sleep', '1001']).length > 0 &&
        processesRunning(['sleep', '1002']).length > 0,
    );
    await engine.stop(runId);
    expect((await running).status).toBe('stopped');
    expect(processesRunning(['sleep', '1001'])).toEqual([]);
    expect(processesRunning(['sleep', '1002'])).toEqual([]);
  });

  it('a timeout stops the step with status timed-out', async () => {
    const { engine } = setup();
    const rb = runbook(tempDir(), [step('slow', 'sleep 1003', { timeout: 1 })]);
    const { runId } = engine.startRun({ runbook: rb, params: {} });
    const outcome = await engine.runStep({ runId, step: 'slow' });
    expect(outcome.status).toBe('timed-out');
    expect(processesRunning(['sleep', '1003'])).toEqual([]);
  });

  it.skipIf(TCPDUMP_MISSING !== undefined)(
    `stopping tcpdump with SIGINT leaves a complete pcap that tcpdump reads back${skipNote(TCPDUMP_MISSING)}`,
    async () => {
      const { engine } = setup();
      const rb = runbook(tempDir(), [
        step('capture', 'tcpdump -i lo -n -U -w capture.pcap udp port 9', {
          artifacts: ['*.pcap'],
        }),
      ]);
      const { runId, folder } = engine.startRun({ runbook: rb, params: {} });
      const file = join(folder, 'capture.pcap');
      const running = engine.runStep({ runId, step: 'capture' });
      await waitFor(() => existsSync(file));
      await new Promise((r) => setTimeout(r, 500));
      for (let i = 0; i < 20; i++) {
        const sender = spawn('bash', ['-c', 'echo hello > /dev/udp/127.0.0.1/9'], {
          stdio: 'ignore',
        });
        await new Promise((r) => sender.on('exit', r));
      }
      await waitFor(() => statSync(file).size > 24 + 16 * 10);
      await engine.stop(runId);
      const outcome = await running;
      expect(outcome.status).toBe('stopped');
      const listing = execFileSync('tcpdump', ['-n', '-r', file], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      expect(listing.trim().split('\n').length).toBeGreaterThanOrEqual(10);
      expect(outcome.artifacts.map((a) => a.path)).toEqual(['capture.pcap']);
      expect(outcome.artifacts[0]!.size).toBe(statSync(file).size);
    },
  );
});

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src-main/core/engine/engine.js';
import { OutputBatcher } from '../../../src-main/core/engine/output-batcher.js';
import { makeEngine, runbook, step, tempDir } from './helpers.js';

const engines: Engine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.shutdown();
});

function rssKb(): number {
  const line = readFileSync('/proc/self/status', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(line?.replace(/\D+/g, '') ?? 0);
}

describe('output batching', () => {
  it('never splits a UTF-8 character across batches, whatever the chunking', async () => {
    const text = 'héllo wörld — ✓ 𝄞 日本語 '.repeat(50);
    const bytes = Buffer.from(text, 'utf8');
    const batches: string[] = [];
    const batcher = new OutputBatcher((t) => batches.push(t));
    for (let i = 0; i < bytes.length; i += 1) {
      batcher.push(bytes.subarray(i, i + 1));
      if (i % 7 === 0) batcher.flush();
    }
    batcher.end();
    expect(batches.join('')).toBe(text);
    for (const b of batches) expect(b).not.toContain('\uFFFD');
  });

  it('records invalid UTF-8 and a cut escape sequence byte-exact while the display keeps the valid text', async () => {
    const { engine, recorder } = makeEngine();
    engines.push(engine);
    const rb = runbook(tempDir(), [step('bytes', "printf 'ok\\377\\376 caf\\303\\251 \\033[1'")]);
    const { runId } = engine.startRun({ runbook: rb, params: {} });
    let shown = '';
    engine.on('step:output', (e) => (shown += e.data));
    expect((await engine.runStep({ runId, step: 'bytes' })).status).toBe('passed');
    const raw = recorder.output(recorder.latest(runId, 'bytes')!.id);
    expect(
      raw.equals(Buffer.from([...Buffer.from('ok'), 0xff, 0xfe, ...Buffer.from(' café \x1b[1')])),
    ).toBe(true);
    expect(shown).toContain('café');
    expect(shown.startsWith('ok')).toBe(true);
  });

  it('a 200 MB flood is read at full speed in bounded memory, every batch numbered by its offset', async () => {
    const { engine, recorder } = makeEngine();
    engines.push(engine);
    // 150 MB of random bytes as base64: 200 MB of text in 76-column lines.
    const rb = runbook(tempDir(), [step('flood', 'head -c 150000000 /dev/urandom | base64')]);
    const { runId } = engine.startRun({ runbook: rb, params: {} });
    // The memory recorder would hold the whole output: keep only a running hash and size instead.
    const hash = createHash('sha256');
    let recorded = 0;
    recorder.appendOutput = (_id, bytes) => {
      hash.update(bytes);
      recorded += bytes.length;
    };
    let seen = 0;
    let gaps = 0;
    let peak = rssKb();
    const viewerHash = createHash('sha256');
    engine.on('step:output', (e) => {
      if (e.at !== seen) gaps++;
      seen += e.data.length;
      viewerHash.update(e.data);
    });
    const sampler = setInterval(() => (peak = Math.max(peak, rssKb())), 100);
    const outcome = await engine.runStep({ runId, step: 'flood' });
    clearInterval(sampler);
    peak = Math.max(peak, rssKb());
    console.log(
      `flood: ${recorded} bytes recorded, ${seen} chars displayed, peak RSS ${(peak / 1024).toFixed(0)} MB`,
    );
    expect(outcome.status).toBe('passed');
    const expected = Math.ceil(150_000_000 / 3) * 4;
    const lines = Math.ceil(expected / 76);
    // The pty turns each \n into \r\n.
    expect(recorded).toBe(expected + lines * 2);
    expect(seen).toBe(recorded);
    expect(gaps).toBe(0);
    expect(viewerHash.digest('hex')).toBe(hash.digest('hex'));
    expect(peak).toBeLessThan(600 * 1024);
  }, 300_000);
});

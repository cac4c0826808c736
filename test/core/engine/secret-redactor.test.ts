import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src-main/core/engine/engine.js';
import { SecretRedactor } from '../../../src-main/core/engine/secret-redactor.js';
import { REDACTED } from '../../../src-main/core/run-model.js';
import { makeEngine, param, runbook, step, tempDir } from './helpers.js';

const engines: Engine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.shutdown();
});

function redactChunks(secrets: string[], chunks: Buffer[]): string {
  const r = new SecretRedactor(secrets);
  return Buffer.concat([...chunks.map((c) => r.push(c)), r.end()]).toString('utf8');
}

describe('secret redaction', () => {
  it('redacts a secret split across chunks at every possible cut', () => {
    const text = 'before hunter2-secret after hunter2-secret';
    const bytes = Buffer.from(text);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const out = redactChunks(['hunter2-secret'], [bytes.subarray(0, cut), bytes.subarray(cut)]);
      expect(out).toBe(`before ${REDACTED} after ${REDACTED}`);
    }
  });

  it('never lets a secret through, whatever the chunking (property)', () => {
    fc.assert(
      fc.property(
        fc.string(),
        fc.string(),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1 }),
        (a, b, sizes) => {
          const secret = 'pässw0rd';
          const bytes = Buffer.from(`${a}${secret}${b}${secret}`);
          const chunks: Buffer[] = [];
          for (let i = 0, k = 0; i < bytes.length; i += sizes[k++ % sizes.length]!) {
            chunks.push(bytes.subarray(i, i + sizes[k % sizes.length]!));
          }
          const out = redactChunks([secret], chunks);
          expect(out).not.toContain(secret);
        },
      ),
    );
  });

  it('leaves values shorter than four characters alone', () => {
    expect(redactChunks(['abc'], [Buffer.from('abcabc')])).toBe('abcabc');
  });

  it('stores no secret parameter value in the output, the plan or the events', async () => {
    const { engine, recorder } = makeEngine();
    engines.push(engine);
    const rb = runbook(
      tempDir(),
      [step('leak', 'printf "%s" "$TOKEN" | fold -w 3; echo; echo "$TOKEN"')],
      {
        params: [param('TOKEN', { secret: true })],
      },
    );
    const secret = 's3cr3t-Value-42';
    const { runId } = engine.startRun({ runbook: rb, params: { TOKEN: secret } });
    let shown = '';
    engine.on('step:output', (e) => (shown += e.data));
    await engine.runStep({ runId, step: 'leak' });
    expect(shown).toContain(secret);
    const stored = recorder.everything();
    expect(stored).not.toContain(secret);
    expect(stored).toContain(REDACTED);
    expect(recorder.runs.get(runId)!.params.TOKEN).toBe(REDACTED);
  });
});

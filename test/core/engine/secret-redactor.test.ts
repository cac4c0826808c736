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

describe('secret redaction of the text as a terminal shows it', () => {
  const SECRET = 'TypedPassw0rd!';

  it('attack: a secret split by an escape sequence (printf "%s\\e[0m%s") is redacted, the escape kept', () => {
    const raw = Buffer.from(`pw=TypedP\x1b[0massw0rd! done`);
    expect(redactChunks([SECRET], [raw])).toBe(`pw=${REDACTED}\x1b[0m done`);
  });

  it('attack: colour codes and an OSC title between every character do not hide it', () => {
    const painted = [...SECRET].map((c, i) => `\x1b[3${i % 8}m${c}`).join('');
    const raw = Buffer.from(`x ${painted}\x1b]0;title\x07\x1b[0m y`);
    const out = redactChunks([SECRET], [raw]);
    // eslint-disable-next-line no-control-regex -- stripping terminal escapes is the point
    expect(out.replace(/\x1b\[[0-9;]*m|\x1b\][^\x07]*\x07/g, '')).toBe(`x ${REDACTED} y`);
  });

  it('attack: split by escapes and by chunk boundaries at every possible cut', () => {
    const raw = Buffer.from(`a Typed\x1b[1mPass\x1b[22mw0rd! b Ty\x1b]8;;\x1b\\pedPassw0rd!`);
    for (let cut = 0; cut <= raw.length; cut++) {
      const out = redactChunks([SECRET], [raw.subarray(0, cut), raw.subarray(cut)]);
      // eslint-disable-next-line no-control-regex -- stripping terminal escapes is the point
      const shown = out.replace(/\x1b\[[0-9;]*m|\x1b\]8;;\x1b\\/g, '');
      expect(shown, `cut at ${cut}`).toBe(`a ${REDACTED} b ${REDACTED}`);
    }
  });

  it('attack: a 3-character secret is redacted as a whole token, not inside other words', () => {
    const out = redactChunks(['k%7'], [Buffer.from('pin=k%7\r\nk%7x and xk%7 and (k%7)\r\n')]);
    expect(out).toBe(`pin=${REDACTED}\r\nk%7x and xk%7 and (${REDACTED})\r\n`);
  });

  it('decides a short secret at the end of a chunk only when the next byte shows', () => {
    for (const [next, expected] of [
      [' ok', `PIN 482 ok`.replace('482', REDACTED)],
      ['9 ok', 'PIN 4829 ok'],
    ] as const) {
      expect(redactChunks(['482'], [Buffer.from('PIN 482'), Buffer.from(next)])).toBe(expected);
    }
    expect(redactChunks(['482'], [Buffer.from('PIN 482')])).toBe(`PIN ${REDACTED}`);
  });

  it('keeps an escape sequence cut by a chunk boundary whole', () => {
    const out = redactChunks([SECRET], [Buffer.from('red \x1b[3'), Buffer.from('1mtext\x1b[0m')]);
    expect(out).toBe('red \x1b[31mtext\x1b[0m');
  });

  it('passes ordinary output through byte for byte', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        fc.pre(!text.includes(SECRET.slice(0, 3)));
        expect(redactChunks([SECRET], [Buffer.from(text)])).toBe(text);
      }),
    );
  });
});

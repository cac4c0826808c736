import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalize } from '../../../src-main/core/evidence/canonical-json.js';
import { checkChain } from '../../../src-main/core/evidence/chain.js';
import { EvidenceError, buildRecord } from '../../../src-main/core/evidence/record.js';
import { REDACTED, type RunDetail } from '../../../src-main/core/run-model.js';
import { SECRET_VALUE, attemptOf, makeFixture } from './helpers.js';

const fx = makeFixture();
afterAll(() => fx.cleanup());
const sha = (b: Buffer | string): Buffer => createHash('sha256').update(b).digest();

/** The fixture with show-link run twice: exit 3 first (execution 9), then passed (11). */
function withRetry(): RunDetail {
  const run = structuredClone(fx.run);
  const show = run.steps[0]!;
  const failed = attemptOf(
    {
      id: 9,
      stepName: 'show-link',
      kind: 'command',
      text: show.text,
      status: 'failed',
      exitCode: 3,
      outputBytes: 5,
      outputSha256: 'f'.repeat(64),
      startedAt: '2025-01-01T10:00:00.500Z',
      endedAt: '2025-01-01T10:00:00.700Z',
    },
    1,
  );
  show.attempts = [failed, { ...show.attempts[0]!, attempt: 2 }];
  return run;
}

const outputs = (id: number): string => (id === 9 ? 'boom\n' : (fx.outputs.get(id) ?? ''));

describe('buildRecord (runlog-evidence/2)', () => {
  it('records the run, its outcome, the runbook, operator and host as the history holds them', () => {
    const r = buildRecord(fx.source, {
      appVersion: '0.2.0',
      exportedAt: '2025-01-02T00:00:00.000Z',
    });
    expect(r.format).toBe('runlog-evidence/2');
    expect(r.run).toEqual({
      id: fx.run.id,
      status: 'failed',
      startedAt: fx.run.startedAt,
      endedAt: fx.run.endedAt,
    });
    expect(r.outcome.notes.map((n) => n.kind)).toEqual(['failed', 'pending']);
    expect(r.runbook).toMatchObject({ id: 'capture-traffic', sha256: fx.run.runbookSha256 });
    expect(r.versions).toEqual(fx.run.versions);
    expect(r.operator).toBe('alice');
    expect(r.host).toEqual({
      name: 'ops-ws-07',
      os: 'linux',
      release: '6.1.0-28-amd64',
      arch: 'x64',
    });
    expect(r.export).toEqual({ appVersion: '0.2.0', exportedAt: '2025-01-02T00:00:00.000Z' });
    expect(r.events).toHaveLength(3);
  });

  it('keeps every step in runbook order with its rules, status and the attempts that are its', () => {
    const r = buildRecord(fx.source);
    expect(r.steps.map((s) => [s.index, s.name, s.status, s.attempts])).toEqual([
      [1, 'show-link', 'passed', [1]],
      [2, 'capture', 'passed', [2]],
      [3, 'ping-gateway', 'failed', [3]],
      [4, 'mac-flush-dns', 'not-applicable', []],
      [5, 'backup-taken', 'done', [4]],
      [6, 'apply-acl', 'done', [5]],
      [7, 'cleanup', 'pending', []],
    ]);
    expect(r.steps[3]!.reason).toMatch(/darwin only/);
  });

  it('keeps every attempt with its output, hashes, answer, files and the version it ran', () => {
    const r = buildRecord(fx.source);
    expect(r.attempts.map((a) => [a.seq, a.step, a.stepIndex, a.attempt, a.action])).toEqual([
      [1, 'show-link', 1, 1, 'run'],
      [2, 'capture', 2, 1, 'run'],
      [3, 'ping-gateway', 3, 1, 'run'],
      [4, 'backup-taken', 5, 1, 'attest'],
      [5, 'apply-acl', 6, 1, 'attest'],
    ]);
    expect(r.attempts[0]!.output).toBe(fx.outputs.get(11));
    expect(r.attempts[2]).toMatchObject({
      exitCode: 1,
      outputSha256: fx.run.steps[2]!.outputSha256,
    });
    expect(r.attempts[4]!.attestation).toMatchObject({ done: true, device: 'edge-rtr-01' });
    expect(r.attempts[1]!.artifacts[0]!.path).toBe('capture/eth0.pcap');
    expect(r.attempts.every((a) => a.runbookSha256 === fx.run.runbookSha256)).toBe(true);
  });

  it('keeps a failed attempt before the one that passed, in the order they happened, both chained', () => {
    const r = buildRecord({ run: withRetry(), outputText: outputs });
    const show = r.attempts.filter((a) => a.step === 'show-link');
    expect(show.map((a) => [a.seq, a.attempt, a.status, a.exitCode, a.output])).toEqual([
      [1, 1, 'failed', 3, 'boom\n'],
      [2, 2, 'passed', 0, fx.outputs.get(11)],
    ]);
    expect(r.steps[0]).toMatchObject({ status: 'passed', attempts: [1, 2] });
    expect(checkChain(r.attempts, r.chain.head).ok).toBe(true);
  });

  it('chains each attempt to the one before it from the documented genesis', () => {
    const r = buildRecord({ run: withRetry(), outputText: outputs });
    let h = sha('runlog-evidence/2');
    expect(r.chain.genesis).toBe(h.toString('hex'));
    for (const attempt of r.attempts) {
      const { chain, ...rest } = attempt;
      h = sha(Buffer.concat([h, Buffer.from(canonicalize(rest), 'utf8')]));
      expect(chain).toBe(h.toString('hex'));
    }
    expect(r.chain.head).toBe(h.toString('hex'));
  });

  it('breaks the chain when an attempt is removed or two are swapped', () => {
    const r = buildRecord({ run: withRetry(), outputText: outputs });
    const removed = r.attempts.filter((a) => a.seq !== 1);
    expect(checkChain(removed, r.chain.head).firstBad).toBe(0);
    const swapped = [r.attempts[1]!, r.attempts[0]!, ...r.attempts.slice(2)];
    expect(checkChain(swapped, r.chain.head).firstBad).toBe(0);
  });

  it('names the last version as the runbook and lists every version with its source', () => {
    const run = withRetry();
    run.versions.push({
      sha256: 'b'.repeat(64),
      source: '# v2\n',
      acceptedAt: '2025-01-01T10:04:00.000Z',
      trust: 'operator',
    });
    const r = buildRecord({ run, outputText: outputs });
    expect(r.runbook).toMatchObject({ sha256: 'b'.repeat(64), source: '# v2\n' });
    expect(r.versions.map((v) => v.sha256)).toEqual([fx.run.runbookSha256, 'b'.repeat(64)]);
  });

  it('redacts a secret parameter the store left in clear, and secret values found in free text', () => {
    const r = buildRecord(fx.source, {
      secretParams: ['DB_PASSWORD'],
      redactValues: [SECRET_VALUE],
    });
    expect(r.parameters).toEqual({ IFACE: 'eth0', DB_PASSWORD: REDACTED });
    expect(JSON.stringify(r)).not.toContain(SECRET_VALUE);
    expect(r.attempts[1]!.output).toContain(`password ${REDACTED}`);
    expect(r.attempts[3]!.attestation?.note).toContain(REDACTED);
    // The raw output hash is the store's, untouched by redaction of the text.
    expect(r.attempts[1]!.outputSha256).toBe(fx.run.steps[1]!.outputSha256);
  });

  it('does not blank out very short "secret" values that would erase ordinary text', () => {
    const r = buildRecord(fx.source, { redactValues: ['0', 'up'] });
    expect(r.attempts[0]!.output).toBe(fx.outputs.get(11));
  });

  it('fails with the run, step and execution named when an output cannot be read', () => {
    const src = {
      run: fx.run,
      outputText: () => {
        throw new Error('database is locked');
      },
    };
    expect(() => buildRecord(src)).toThrow(EvidenceError);
    expect(() => buildRecord(src)).toThrow(
      /run-20250101-0001, step "show-link".*execution 11.*database is locked/,
    );
  });
});

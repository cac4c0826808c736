import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalize } from '../../../src-main/core/evidence/canonical-json.js';
import { checkChain } from '../../../src-main/core/evidence/chain.js';
import { EvidenceError, buildRecord } from '../../../src-main/core/evidence/record.js';
import { REDACTED } from '../../../src-main/core/run-model.js';
import { SECRET_VALUE, makeFixture } from './helpers.js';

const fx = makeFixture();
afterAll(() => fx.cleanup());
const sha = (b: Buffer | string): Buffer => createHash('sha256').update(b).digest();

describe('buildRecord', () => {
  it('records the run, runbook, operator and host as the history holds them', () => {
    const r = buildRecord(fx.source, {
      appVersion: '0.2.0',
      exportedAt: '2025-01-02T00:00:00.000Z',
    });
    expect(r.format).toBe('runlog-evidence/1');
    expect(r.run).toEqual({
      id: fx.run.id,
      status: 'failed',
      startedAt: fx.run.startedAt,
      endedAt: fx.run.endedAt,
    });
    expect(r.runbook).toMatchObject({
      id: 'capture-traffic',
      title: fx.run.runbookTitle,
      sha256: fx.run.runbookSha256,
    });
    expect(r.operator).toBe('alice');
    expect(r.host).toEqual({
      name: 'ops-ws-07',
      os: 'linux',
      release: '6.1.0-28-amd64',
      arch: 'x64',
    });
    expect(r.appVersion).toBe('0.1.0');
    expect(r.export).toEqual({ appVersion: '0.2.0', exportedAt: '2025-01-02T00:00:00.000Z' });
    expect(r.events).toHaveLength(3);
  });

  it('keeps every step in runbook order, applicable or not, with output, hashes and attestations', () => {
    const r = buildRecord(fx.source);
    expect(r.steps.map((s) => [s.index, s.name, s.status])).toEqual([
      [1, 'show-link', 'passed'],
      [2, 'capture', 'passed'],
      [3, 'ping-gateway', 'failed'],
      [4, 'mac-flush-dns', 'not-applicable'],
      [5, 'backup-taken', 'done'],
      [6, 'apply-acl', 'done'],
      [7, 'cleanup', 'pending'],
    ]);
    expect(r.steps[0].output).toBe(fx.outputs.get(11));
    expect(r.steps[2]).toMatchObject({ exitCode: 1, outputSha256: fx.run.steps[2].outputSha256 });
    expect(r.steps[3].reason).toMatch(/darwin only/);
    expect(r.steps[5].attestation).toMatchObject({ done: true, device: 'edge-rtr-01' });
    expect(r.steps[1].artifacts[0].path).toBe('capture/eth0.pcap');
  });

  it('chains each step record to the one before it from the documented genesis', () => {
    const r = buildRecord(fx.source);
    let h = sha('runlog-evidence/1');
    expect(r.chain.genesis).toBe(h.toString('hex'));
    for (const step of r.steps) {
      const { chain, ...rest } = step;
      h = sha(Buffer.concat([h, Buffer.from(canonicalize(rest), 'utf8')]));
      expect(chain).toBe(h.toString('hex'));
    }
    expect(r.chain.head).toBe(h.toString('hex'));
    expect(checkChain(r.steps, r.chain.head).ok).toBe(true);
  });

  it('redacts a secret parameter the store left in clear, and secret values found in free text', () => {
    const r = buildRecord(fx.source, {
      secretParams: ['DB_PASSWORD'],
      redactValues: [SECRET_VALUE],
    });
    expect(r.parameters).toEqual({ IFACE: 'eth0', DB_PASSWORD: REDACTED });
    expect(JSON.stringify(r)).not.toContain(SECRET_VALUE);
    expect(r.steps[1].output).toContain(`password ${REDACTED}`);
    expect(r.steps[4].attestation?.note).toContain(REDACTED);
    // The raw output hash is the store's, untouched by redaction of the text.
    expect(r.steps[1].outputSha256).toBe(fx.run.steps[1].outputSha256);
  });

  it('does not blank out very short "secret" values that would erase ordinary text', () => {
    const r = buildRecord(fx.source, { redactValues: ['0', 'up'] });
    expect(r.steps[0].output).toBe(fx.outputs.get(11));
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

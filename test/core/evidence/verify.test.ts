import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeVerifyResult } from '../../../src-main/core/evidence/describe.js';
import { exportRun } from '../../../src-main/core/evidence/export.js';
import { renderHtml } from '../../../src-main/core/evidence/html-renderers.js';
import { loadOrCreateKey } from '../../../src-main/core/evidence/keys.js';
import { signRecord, type EvidenceDocument } from '../../../src-main/core/evidence/sign.js';
import {
  exitCodeFor,
  verifyEvidence as verifyWith,
  verifyFile,
  type VerifyOptions,
} from '../../../src-main/core/evidence/verify.js';
import { makeFixture, statementOf, tamper, trustOf } from './helpers.js';

const fx = makeFixture();
const dataDir = path.join(fx.dir, 'data');
let doc: EvidenceDocument;
let jsonFile: string;
let htmlFile: string;

beforeAll(async () => {
  jsonFile = path.join(fx.runFolder, 'evidence.json');
  htmlFile = path.join(fx.runFolder, 'evidence.html');
  const json = await exportRun(fx.source, { format: 'json', dataDir, out: jsonFile });
  await exportRun(fx.source, { format: 'html', dataDir, out: htmlFile });
  doc = json.document;
});
afterAll(() => fx.cleanup());

const text = (d: EvidenceDocument): string => JSON.stringify(d);
/** Verification trusting the fixture's signing key unless told otherwise. */
const trusted = (): VerifyOptions => ({ trust: trustOf(loadOrCreateKey(dataDir)) });
const verifyEvidence = (input: string | Uint8Array, options: VerifyOptions = {}) =>
  verifyWith(input, { ...trusted(), ...options });
const verifyEvidenceFile = (file: string, options: VerifyOptions = {}) =>
  verifyFile(file, { ...trusted(), ...options });
/** The chained record of the failed ping: the third attempt of the run. */
const PING = 'attempt 3 (ping-gateway, attempt 1 of the step)';

describe('verifyEvidence on untouched exports', () => {
  it('finds the JSON export valid, with the artifact beside it checked', async () => {
    const r = await verifyEvidenceFile(jsonFile);
    expect(r.problems).toEqual([]);
    expect(r.status).toBe('valid');
    expect(exitCodeFor(r)).toBe(0);
    expect(r.signatureValid).toBe(true);
    expect(r.signerTrusted).toBe(true);
    expect(r.artifacts).toEqual([{ path: 'capture/eth0.pcap', status: 'ok' }]);
    expect(r.stepCount).toBe(5);
  });

  it('finds the HTML export valid, read from its embedded data block', async () => {
    const r = await verifyEvidenceFile(htmlFile);
    expect(r.problems).toEqual([]);
    expect(r.status).toBe('valid');
    expect(r.page).toEqual({ renderer: 'runlog-evidence-html/3', matches: true });
    expect(r.artifacts[0].status).toBe('ok');
  });

  it('is NOT VALID (exit 1) without a trusted signer, printing the fingerprint and how to trust it', async () => {
    const key = loadOrCreateKey(dataDir);
    for (const options of [{}, { trust: { signers: [], source: 'nobody' } }]) {
      const r = await verifyFile(jsonFile, options);
      expect(r.status).toBe('invalid');
      expect(exitCodeFor(r)).toBe(1);
      expect(r.signatureValid).toBe(true);
      expect(r.signerTrusted).toBe(false);
      const said = r.problems.join('\n');
      expect(said).toMatch(/^signer not trusted/);
      expect(said).toContain(`--key ${key.fingerprint}`);
    }
  });

  it('accepts the file named through the `file` option as the CLI passes it', () => {
    const r = verifyEvidence(fs.readFileSync(jsonFile), { file: jsonFile });
    expect(r.artifacts[0].status).toBe('ok');
  });

  it('prints a verdict a person can read', async () => {
    const out = describeVerifyResult(await verifyEvidenceFile(jsonFile));
    expect(out).toMatch(/^VALID — run run-20250101-0001 of "Capture traffic on an interface"/);
    expect(out).toMatch(/signature: valid/);
    expect(out).toMatch(/signer: trusted — SHA256:\S+, test signer \(test\)/);
    expect(out).toMatch(/1 match/);
  });
});

describe('verifyEvidence on tampered exports', () => {
  it('reports both a broken signature and the step whose output lost one byte', () => {
    const bad = tamper(doc, (st) => {
      st.predicate.attempts[2].output = st.predicate.attempts[2].output.replace('100%', '10%');
    });
    const r = verifyEvidence(text(bad));
    expect(r.status).toBe('invalid');
    expect(exitCodeFor(r)).toBe(1);
    expect(r.signatureValid).toBe(false);
    expect(r.problems.join('\n')).toMatch(/signature does not verify/);
    expect(r.firstBadRecord).toBe(PING);
    expect(r.problems.join('\n')).toContain(`${PING} does not match the chain`);
    const words = describeVerifyResult(r);
    expect(words).toMatch(/^NOT VALID/);
    expect(words).toContain(`BROKEN at ${PING}`);
  });

  it('names the first of two swapped attempts', () => {
    const bad = tamper(doc, (st) => {
      const s = st.predicate.attempts;
      [s[1], s[2]] = [s[2], s[1]];
    });
    const r = verifyEvidence(text(bad));
    expect(r.status).toBe('invalid');
    expect(r.firstBadRecord).toBe('attempt 2 (ping-gateway, attempt 1 of the step)');
    expect(r.problems.join('\n')).toMatch(/it says it is attempt 3/);
  });

  it('names the record after a deleted attempt', () => {
    const bad = tamper(doc, (st) => {
      st.predicate.attempts.splice(3, 1);
    });
    const r = verifyEvidence(text(bad));
    expect(r.status).toBe('invalid');
    expect(r.firstBadRecord).toBe('attempt 4 (apply-acl, attempt 1 of the step)');
  });

  it('notices an attempt deleted from the end through the chain head', () => {
    const bad = tamper(doc, (st) => {
      st.predicate.attempts.pop();
    });
    const r = verifyEvidence(text(bad));
    expect(r.status).toBe('invalid');
    expect(r.problems.join('\n')).toMatch(/chain head does not match the last chained record/);
  });

  it('names the attempt whose status was changed', () => {
    const bad = tamper(doc, (st) => {
      st.predicate.attempts[2].status = 'passed';
      st.predicate.attempts[2].exitCode = 0;
    });
    const r = verifyEvidence(text(bad));
    expect(r.status).toBe('invalid');
    expect(r.firstBadRecord).toBe(PING);
  });

  it('says the change lies outside the steps when only the header was edited', () => {
    const bad = tamper(doc, (st) => {
      st.predicate.operator = 'mallory';
    });
    const r = verifyEvidence(text(bad));
    expect(r.status).toBe('invalid');
    expect(r.firstBadRecord).toBeUndefined();
    expect(r.notes.join('\n')).toMatch(/change is outside them/);
  });

  it('reports a signature replaced by one from another key, naming the swapped key id', () => {
    const other = loadOrCreateKey(path.join(fx.dir, 'other-data'));
    const forged = signRecord(statementOf(doc).predicate, other);
    const bad: EvidenceDocument = {
      ...doc,
      envelope: { ...doc.envelope, signatures: forged.envelope.signatures },
    };
    const r = verifyEvidence(text(bad));
    expect(r.status).toBe('invalid');
    expect(r.signatureValid).toBe(false);
    expect(r.problems.join('\n')).toMatch(/the signature names key .* the key was swapped/);
  });

  it('catches a record re-signed with a fresh key: signer not trusted, and the chain names the attempt', () => {
    const other = loadOrCreateKey(path.join(fx.dir, 'other-data'));
    const record = statementOf(doc).predicate;
    record.attempts[2].status = 'passed';
    // A forger who recomputed nothing but re-signed: the chain still breaks at that attempt.
    const resigned = signRecord(record, other);
    const r = verifyEvidence(text(resigned));
    expect(r.status).toBe('invalid');
    expect(r.signatureValid).toBe(true);
    expect(r.keyFingerprint).toBe(other.fingerprint);
    expect(r.signerTrusted).toBe(false);
    expect(r.problems.join('\n')).toMatch(
      new RegExp(`signer not trusted: key ${escape(other.fingerprint)} is not among the test keys`),
    );
    expect(r.firstBadRecord).toBe(PING);
  });

  it('reports an altered artifact file with its new size and hash', async () => {
    const copyDir = path.join(fx.dir, 'copy');
    fs.mkdirSync(path.join(copyDir, 'capture'), { recursive: true });
    fs.copyFileSync(jsonFile, path.join(copyDir, 'evidence.json'));
    fs.writeFileSync(path.join(copyDir, 'capture', 'eth0.pcap'), 'replaced capture');
    const r = await verifyEvidenceFile(path.join(copyDir, 'evidence.json'));
    expect(r.status).toBe('invalid');
    expect(r.artifacts[0].status).toBe('mismatch');
    expect(r.problems.join('\n')).toMatch(/artifact capture\/eth0\.pcap: .* has 16 bytes/);
  });

  it('notes artifacts it could not find without calling the evidence invalid', () => {
    const r = verifyEvidence(text(doc), { artifactsDir: path.join(fx.dir, 'nowhere') });
    expect(r.status).toBe('valid');
    expect(r.artifacts[0].status).toBe('missing');
    expect(r.notes.join('\n')).toMatch(/not found/);
  });

  it('finds an edit to the readable text of an HTML page even when the data block is intact', () => {
    const html = fs.readFileSync(htmlFile, 'utf8').replace('<td>alice</td>', '<td>mallory</td>');
    expect(html).toContain('mallory');
    const r = verifyEvidence(html);
    expect(r.status).toBe('invalid');
    expect(r.signatureValid).toBe(true);
    expect(r.problems.join('\n')).toMatch(
      /the page is not the one made from the signed record: line \d+, column \d+: the page has "mallory/,
    );
  });

  it('finds a tampered data block inside an HTML page', () => {
    const bad = tamper(doc, (st) => {
      st.predicate.attempts[0].output += 'x';
    });
    const r = verifyEvidence(renderHtml(bad));
    expect(r.status).toBe('invalid');
    expect(r.firstBadRecord).toBe('attempt 1 (show-link, attempt 1 of the step)');
  });
});

describe('verifyEvidence on unusable input', () => {
  const cases: Array<[string, string | Uint8Array, RegExp]> = [
    ['an empty file', '', /empty/],
    ['bytes that are not JSON', Buffer.from([0xff, 0x00, 0x7b]), /not JSON/],
    ['JSON without an envelope', '{"hello":"world"}', /no "envelope"/],
    ['a JSON array', '[1,2]', /expected a JSON object/],
    [
      'an envelope with a non-base64 payload',
      '{"envelope":{"payloadType":"application/vnd.in-toto+json","payload":"%%%","signatures":[{"sig":"x"}]},"publicKey":"k","keyFingerprint":"f"}',
      /not base64/,
    ],
    ['an HTML page without the data block', '<!DOCTYPE html><p>hi</p>', /without a <script/],
  ];
  for (const [name, input, why] of cases) {
    it(`calls ${name} unusable`, () => {
      const r = verifyEvidence(input);
      expect(r.status).toBe('unusable');
      expect(exitCodeFor(r)).toBe(2);
      expect(r.problems.join('\n')).toMatch(why);
      expect(describeVerifyResult(r)).toMatch(/^UNUSABLE/);
    });
  }

  it('calls a document whose payload is not a run record unusable', () => {
    const st = Buffer.from(
      JSON.stringify({ _type: 'https://in-toto.io/Statement/v1', subject: [], predicate: {} }),
    );
    const r = verifyEvidence(
      JSON.stringify({ ...doc, envelope: { ...doc.envelope, payload: st.toString('base64') } }),
    );
    expect(r.status).toBe('unusable');
    expect(r.problems[0]).toMatch(/format/);
  });

  it('does not crash on absurdly nested data inside a step record', () => {
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    const st = statementOf(doc);
    const payloadText = JSON.stringify(st).replace('"index":1,', `"index":1,"extra":${deep},`);
    const bad = {
      ...doc,
      envelope: { ...doc.envelope, payload: Buffer.from(payloadText).toString('base64') },
    };
    const r = verifyEvidence(JSON.stringify(bad));
    expect(['invalid', 'unusable']).toContain(r.status);
    expect(r.problems.length).toBeGreaterThan(0);
  });

  it('calls a step record with wrongly typed fields unusable or invalid, never a crash', () => {
    const bad = tamper(doc, (st) => {
      (st.predicate.attempts[0] as unknown as Record<string, unknown>).output = { html: '<b>' };
      (st.predicate.attempts[1].artifacts as unknown[]).push(null);
    });
    const r = verifyEvidence(renderHtmlSafe(bad) ?? JSON.stringify(bad));
    expect(r.status).not.toBe('valid');
  });

  it('names the file when a file on disk is unusable or missing', async () => {
    const empty = path.join(fx.dir, 'empty.json');
    fs.writeFileSync(empty, '');
    expect((await verifyEvidenceFile(empty)).problems[0]).toContain(empty);
    const missing = await verifyEvidenceFile(path.join(fx.dir, 'missing.json'));
    expect(missing.status).toBe('unusable');
    expect(missing.problems[0]).toMatch(/missing\.json: cannot be read/);
  });
});

function renderHtmlSafe(d: EvidenceDocument): string | undefined {
  try {
    return renderHtml(d);
  } catch {
    return undefined;
  }
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

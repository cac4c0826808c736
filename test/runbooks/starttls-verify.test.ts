/**
 * Live test of the STARTTLS probe's certificate check: a real SMTP server on loopback presents
 * certificates made by openssl (signed by a test CA, self-signed, or for another name), and the
 * probe passes only when the certificate chains to a trusted CA and names the host, unless
 * VERIFY_CERT=no. Also checks that the custom ESMTP map keeps every match rule of the stock one.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, runRunbook, sh, tempDir, type RunResult } from './helpers.js';
import { liveGate, runbookSteps } from './live-support.js';
import { startSmtpServer, type SmtpServer } from './smtp-server.js';

const GATE = liveGate(['openssl']);
const PROBES = ['check-starttls-before', 'check-starttls-after'];
/**
 * How the two probes ended when the certificate check passes or fails. The "before" probe is
 * meant to fail (`expect=fail`: it shows the problem), so its flag says how it really ended.
 */
const PROBED = {
  passed: { 'check-starttls-before': 'unexpected-success', 'check-starttls-after': 'passed' },
  failed: { 'check-starttls-before': 'failed-as-expected', 'check-starttls-after': 'failed' },
};
/** Each probe's flag when it has one, else its status. */
const probed = (run: RunResult) =>
  Object.fromEntries(
    PROBES.map((name) => {
      const step = run.steps.find((s) => s.name === name);
      return [name, step?.flag ?? step?.status];
    }),
  );
/** A fresh 2048-bit RSA key without passphrase, valid two days: enough for one test run. */
const NEW_KEY = ['-newkey', 'rsa:2048', '-nodes', '-days', '2'];

interface Pair {
  key: Buffer;
  cert: Buffer;
}

describe.skipIf(GATE.skip)(
  `asa-esmtp-starttls certificate verification, live${GATE.reason}`,
  () => {
    let work: string;
    let signed: Pair;
    let otherName: Pair;
    let self: Pair;
    let server: SmtpServer | undefined;

    const file = (label: string, ext: string) => join(work, `${label}.${ext}`);
    const pair = (label: string): Pair => ({
      key: readFileSync(file(label, 'key')),
      cert: readFileSync(file(label, 'crt')),
    });

    /** A self-signed certificate `label.crt` and its key, with more `openssl req` options. */
    function selfSign(label: string, subject: string, more: string[] = []): Pair {
      const out = ['-keyout', file(label, 'key'), '-out', file(label, 'crt')];
      sh('openssl', ['req', '-x509', ...NEW_KEY, '-subj', subject, ...more, ...out]);
      return pair(label);
    }

    /** A key and a certificate signed by the test CA, valid for `names` (subjectAltName). */
    function issue(label: string, names: string): Pair {
      writeFileSync(file(label, 'ext'), `subjectAltName=${names}\n`);
      const csr = ['-keyout', file(label, 'key'), '-out', file(label, 'csr')];
      sh('openssl', ['req', '-new', ...NEW_KEY, '-subj', `/CN=${label}`, ...csr]);
      const ca = ['-CA', file('ca', 'crt'), '-CAkey', file('ca', 'key'), '-CAcreateserial'];
      const ext = ['-extfile', file(label, 'ext'), '-days', '2'];
      sh('openssl', [
        'x509',
        '-req',
        '-in',
        file(label, 'csr'),
        ...ca,
        ...ext,
        '-out',
        file(label, 'crt'),
      ]);
      return pair(label);
    }

    beforeAll(() => {
      work = tempDir('runlog-live-smtp-verify-');
      selfSign('ca', '/CN=Runlog Test CA');
      signed = issue('mail.runlog.test', 'DNS:mail.runlog.test,IP:127.0.0.1');
      otherName = issue('other.runlog.test', 'DNS:other.runlog.test');
      const names = ['-addext', 'subjectAltName=DNS:mail.runlog.test,IP:127.0.0.1'];
      self = selfSign('self', '/CN=mail.runlog.test', names);
    });

    afterEach(async () => {
      await server?.close();
      server = undefined;
    });

    afterAll(() => removeDir(work));

    async function probe(pair: Pair, name: string, params: Record<string, string> = {}) {
      server = await startSmtpServer('starttls', pair);
      return runRunbook('asa-esmtp-starttls', join(work, name), {
        params: { MAIL_HOST: '127.0.0.1', MAIL_PORT: String(server.port), ...params },
        steps: PROBES,
        keepGoing: true,
      });
    }

    it('passes by default when the certificate chains to CA_FILE and names the address probed', async () => {
      const run = await probe(signed, 'ok', { CA_FILE: file('ca', 'crt') });
      expect(probed(run)).toEqual(PROBED.passed);
      expect(run.stderr).toContain('Verification: OK');
      expect(run.stderr).toContain(
        `OK: 127.0.0.1:${server?.port} advertises STARTTLS and the TLS handshake succeeded with a certificate valid for 127.0.0.1`,
      );
      expect(server?.handshakes()).toBe(2);
    });

    it('checks TLS_NAME instead of the address when given: the right name passes, another fails as a mismatch', async () => {
      const run = await probe(signed, 'name', {
        CA_FILE: file('ca', 'crt'),
        TLS_NAME: 'mail.runlog.test',
      });
      expect(probed(run)).toEqual(PROBED.passed);
      expect(run.stderr).toContain('Verified peername: mail.runlog.test');
      await server?.close();
      const wrong = await probe(signed, 'wrong-name', {
        CA_FILE: file('ca', 'crt'),
        TLS_NAME: 'smtp.runlog.test',
      });
      expect(probed(wrong)).toEqual(PROBED.failed);
      expect(wrong.stderr).toContain('is not valid for smtp.runlog.test: hostname mismatch');
    });

    it('fails on a certificate from a CA this workstation does not trust, saying so', async () => {
      const run = await probe(signed, 'untrusted');
      expect(probed(run)).toEqual(PROBED.failed);
      expect(run.stderr).toContain(
        `FAIL: the certificate of 127.0.0.1:${server?.port} is not valid for 127.0.0.1: unable to get local issuer certificate`,
      );
      expect(run.stderr).toContain('a private CA: give CA_FILE');
      expect(run.stderr).not.toContain('OK:');
    });

    it('fails on a self-signed certificate, and passes it with a note when VERIFY_CERT=no', async () => {
      const run = await probe(self, 'self');
      expect(probed(run)).toEqual(PROBED.failed);
      expect(run.stderr).toContain('is not valid for 127.0.0.1: self-signed certificate');
      await server?.close();
      const relaxed = await probe(self, 'self-no-verify', { VERIFY_CERT: 'no' });
      expect(probed(relaxed)).toEqual(PROBED.passed);
      expect(relaxed.stderr).toContain('Verification error: self-signed certificate');
      expect(relaxed.stderr).toContain(
        'NOTE: VERIFY_CERT=no: the certificate was not required to be valid',
      );
    });

    it('fails on a trusted certificate issued for another name (the address is not on it)', async () => {
      const run = await probe(otherName, 'other', { CA_FILE: file('ca', 'crt') });
      expect(probed(run)).toEqual(PROBED.failed);
      expect(run.stderr).toContain('is not valid for 127.0.0.1: IP address mismatch');
    });

    it('keeps all seven match rules of the stock _default_esmtp_map, with their actions, and opens only the banner and STARTTLS', async () => {
      const steps = await runbookSteps('asa-esmtp-starttls', join(work, 'show'));
      const config = steps.find((s) => s.name === 'configure-esmtp-inspection')?.text ?? '';
      // The stock map as the ASA configuration guide lists it (show running-config all policy-map).
      const stock = [
        ['match cmd line length gt 512', 'drop-connection log'],
        ['match cmd RCPT count gt 100', 'drop-connection log'],
        ['match body line length gt 998', 'log'],
        ['match header line length gt 998', 'drop-connection log'],
        ['match sender-address length gt 320', 'drop-connection log'],
        ['match MIME filename length gt 255', 'drop-connection log'],
        ['match ehlo-reply-parameter others', 'mask'],
      ];
      const lines = config.split('\n').map((l) => l.trim());
      for (const [match, action] of stock) {
        const at = lines.indexOf(match);
        expect(at, match).toBeGreaterThan(0);
        expect(lines[at + 1], match).toBe(action);
      }
      expect(lines.filter((l) => l.startsWith('match '))).toHaveLength(stock.length);
      expect(lines).toContain('no mask-banner');
      expect(lines).toContain('allow-tls');
    });
  },
);

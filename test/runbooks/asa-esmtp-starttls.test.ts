/**
 * Live test of the asa-esmtp-starttls runbook: its before/after probes talk to a real SMTP
 * server on loopback that negotiates real TLS after STARTTLS (or offers none, or looks masked
 * the way the ASA's default inspection shows it), and pass or fail accordingly.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort, ranSteps, removeDir, runRunbook, sh, tempDir } from './helpers.js';
import { built, program, skipNote, unmet } from '../needs.js';
import { startSmtpServer, type EhloMode, type SmtpServer } from './smtp-server.js';
import { walkCli, walkUi } from './walk.js';

const MISSING = unmet(built(), program('openssl'));
const SKIP = MISSING !== undefined;
const REASON = skipNote(MISSING);
const PROBES = ['check-starttls-before', 'check-starttls-after'];

describe.skipIf(SKIP)(`asa-esmtp-starttls runbook, live${REASON}`, () => {
  let work: string;
  let tls: { key: Buffer; cert: Buffer };
  let server: SmtpServer | undefined;

  beforeAll(() => {
    work = tempDir('runlog-live-smtp-');
    sh('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=mail.runlog.test',
      '-keyout',
      join(work, 'tls.key'),
      '-out',
      join(work, 'tls.crt'),
    ]);
    tls = { key: readFileSync(join(work, 'tls.key')), cert: readFileSync(join(work, 'tls.crt')) };
  });

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  afterAll(() => removeDir(work));

  /** The probes' certificate check: the self-signed test certificate is its own CA and names mail.runlog.test. */
  const trust = () => ({ CA_FILE: join(work, 'tls.crt'), TLS_NAME: 'mail.runlog.test' });

  async function probe(mode: EhloMode, name: string) {
    server = await startSmtpServer(mode, tls);
    const run = await runRunbook('asa-esmtp-starttls', join(work, name), {
      params: { MAIL_HOST: '127.0.0.1', MAIL_PORT: String(server.port), ...trust() },
      steps: PROBES,
      keepGoing: true,
    });
    return run;
  }

  it('passes both probes against a server that offers STARTTLS, reporting the TLS protocol and cipher of a real handshake', async () => {
    const run = await probe('starttls', 'tls');
    expect(ranSteps(run)).toEqual({
      'check-starttls-before': 'passed',
      'check-starttls-after': 'passed',
    });
    // The "before" probe is meant to show the problem: its success is flagged, not hidden.
    expect(run.steps.find((s) => s.name === 'check-starttls-before')?.flag).toBe(
      'unexpected-success',
    );
    // The ASA configuration is left to attest: the run stays open.
    expect(run.code).toBe(3);
    expect(server?.handshakes()).toBe(2);
    expect(run.stderr).toContain('250-STARTTLS');
    expect(run.stderr).toMatch(/Protocol version: TLSv1\.[23]/);
    expect(run.stderr).toMatch(/Ciphersuite: \S+/);
    expect(run.stderr).toContain('Peer certificate: CN = mail.runlog.test');
    expect(run.stderr).toContain(
      `OK: 127.0.0.1:${server?.port} advertises STARTTLS and the TLS handshake succeeded`,
    );
    expect(run.stderr).toContain('Verification: OK');
  });

  it('fails both probes with the runbook message when the server offers no STARTTLS, and attempts no TLS', async () => {
    const run = await probe('plain', 'plain');
    expect(run.code).toBe(1);
    // The "before" probe fails as the runbook expects; the "after" one fails the run.
    expect(ranSteps(run)).toEqual({
      'check-starttls-before': 'passed',
      'check-starttls-after': 'failed',
    });
    expect(run.steps[0]?.flag).toBe('failed-as-expected');
    expect(run.stderr).toContain(`FAIL: STARTTLS not advertised by 127.0.0.1:${server?.port}`);
    expect(run.stderr).not.toContain('NOTE:');
    expect(server?.handshakes()).toBe(0);
  });

  it('fails and points at the ASA when the banner is masked with asterisks and STARTTLS shows as X characters', async () => {
    const run = await probe('masked', 'masked');
    expect(ranSteps(run)).toEqual({
      'check-starttls-before': 'passed',
      'check-starttls-after': 'failed',
    });
    expect(run.steps[0]?.flag).toBe('failed-as-expected');
    expect(run.stderr).toContain('NOTE: the greeting is masked with asterisks');
    expect(run.stderr).toContain(
      'NOTE: an EHLO keyword is replaced by X characters: the ASA is masking STARTTLS',
    );
    expect(run.stderr).toContain('FAIL: STARTTLS not advertised');
  });

  it('fails clearly when nothing listens on the SMTP port', async () => {
    const port = await freePort();
    const run = await runRunbook('asa-esmtp-starttls', join(work, 'closed'), {
      params: { MAIL_HOST: '127.0.0.1', MAIL_PORT: String(port) },
      steps: ['check-starttls-after'],
    });
    expect(ranSteps(run)).toEqual({ 'check-starttls-after': 'failed' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`FAIL: no SMTP dialogue with 127.0.0.1:${port}`);
  });

  /** The ASA is "reconfigured" when the operator is about to attest its configuration. */
  const reconfigure = (step: string) => {
    if (step === 'configure-esmtp-inspection') server?.setMode('starttls');
  };

  it('walked as written on a terminal: the "before" probe fails as expected, the ASA is configured, the run passes (exit 0)', async () => {
    server = await startSmtpServer('masked', tls);
    const params = { MAIL_HOST: '127.0.0.1', MAIL_PORT: String(server.port), ...trust() };
    const operator = { device: 'asa-fw-01', before: reconfigure };
    const { code, run } = await walkCli(
      'asa-esmtp-starttls',
      join(work, 'walk-cli'),
      params,
      operator,
    );
    expect(code).toBe(0);
    expect(run.status).toBe('passed');
    expect(run.steps.map((s) => [s.stepName, s.status, s.flag])).toEqual([
      ['check-starttls-before', 'passed', 'failed-as-expected'],
      ['configure-esmtp-inspection', 'done', undefined],
      ['show-esmtp-inspection', 'done', undefined],
      ['check-starttls-after', 'passed', undefined],
    ]);
    expect(run.steps[1]!.attestation?.device).toBe('asa-fw-01');
  });

  it('walked as written over the contract, as the UI does: passed', async () => {
    server = await startSmtpServer('masked', tls);
    const params = { MAIL_HOST: '127.0.0.1', MAIL_PORT: String(server.port), ...trust() };
    const operator = { device: 'asa-fw-01', before: reconfigure };
    const { status } = await walkUi('asa-esmtp-starttls', join(work, 'walk-ui'), params, operator);
    expect(status).toBe('passed');
  });

  it('refuses a MAIL_HOST that is not a host name before running anything (exit 2)', async () => {
    const run = await runRunbook('asa-esmtp-starttls', join(work, 'badhost'), {
      params: { MAIL_HOST: 'mail.example.org; touch /tmp/pwned', MAIL_PORT: '25' },
      steps: ['check-starttls-before'],
    }).catch((err: Error) => err);
    expect(run).toBeInstanceOf(Error);
    expect((run as Error).message).toContain('exit 2');
    expect((run as Error).message).toContain('MAIL_HOST');
  });
});

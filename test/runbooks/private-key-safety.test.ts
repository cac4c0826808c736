/**
 * Live tests of the private-key-handling runbook's stricter checks: the subject is compared
 * exactly (a prefix does not pass), Debian's 0640 root:ssl-cert layout is accepted with a note
 * while other groups are not, a key can be encrypted with a passphrase that never reaches the
 * history or the evidence, and the article's advice is in the checklist.
 */
import { chmodSync, chownSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  evidenceText,
  exportRun,
  ranSteps,
  removeDir,
  runFolder,
  runRunbook,
  sh,
  tempDir,
} from './helpers.js';
import { liveGate, runbookSteps } from './live-support.js';
import { root, skipNote, unmet } from '../needs.js';

const GATE = liveGate(['openssl']);
/** The gid of Debian's ssl-cert group (package ssl-cert, installed by .ci/run), if present. */
const SSL_CERT_GID = (() => {
  try {
    const line = readFileSync('/etc/group', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('ssl-cert:'));
    return line ? Number(line.split(':')[2]) : undefined;
  } catch {
    return undefined;
  }
})();
const CHGRP_NEED = unmet(
  root('the key is given to the ssl-cert group'),
  SSL_CERT_GID === undefined
    ? 'needs the ssl-cert group (Debian: apt-get install ssl-cert)'
    : undefined,
);

describe.skipIf(GATE.skip)(
  `private-key-handling runbook, stricter checks, live${GATE.reason}`,
  () => {
    let work: string;
    let data: string;
    let keyFile: string;
    let csrFile: string;

    beforeAll(async () => {
      work = tempDir('runlog-live-key-safety-');
      data = join(work, 'data');
      const run = await runRunbook('private-key-handling', data, {
        params: { SUBJECT: '/CN=host.example.org' },
        steps: ['generate-key-and-csr'],
      });
      expect(ranSteps(run)).toEqual({ 'generate-key-and-csr': 'passed' });
      keyFile = join(runFolder(data, run.runId), 'server.key');
      csrFile = join(runFolder(data, run.runId), 'server.csr');
    });

    afterAll(() => removeDir(work));

    const again = (params: Record<string, string>, steps: string[]) =>
      runRunbook('private-key-handling', data, {
        params: { KEY_FILE: keyFile, CSR_FILE: csrFile, ...params },
        steps,
      });

    it('refuses a SUBJECT that is only a prefix of the CSR subject (/CN=host against CN=host.example.org)', async () => {
      const run = await again({ SUBJECT: '/CN=host' }, ['show-csr-subject']);
      expect(ranSteps(run)).toEqual({ 'show-csr-subject': 'failed' });
      expect(run.stderr).toContain(
        'FAIL: the subject of', // names the file, then both normalised subjects
      );
      expect(run.stderr).toContain('is "CN=host.example.org", not "CN=host"');
    });

    it('refuses a SUBJECT with a component more or less, and accepts the exact one', async () => {
      const extra = await again({ SUBJECT: '/O=Example/CN=host.example.org' }, [
        'show-csr-subject',
      ]);
      expect(ranSteps(extra)).toEqual({ 'show-csr-subject': 'failed' });
      expect(extra.stderr).toContain('not "CN=host.example.org,O=Example"');
      const exact = await again({ SUBJECT: '/CN=host.example.org' }, ['show-csr-subject']);
      expect(ranSteps(exact)).toEqual({ 'show-csr-subject': 'passed' });
      expect(exact.stderr).toContain(
        'OK: the subject matches SUBJECT exactly (/CN=host.example.org)',
      );
    });

    it.skipIf(CHGRP_NEED !== undefined)(
      `accepts Debian's layout, 0640 with group ssl-cert, with a note naming the group's members${skipNote(CHGRP_NEED)}`,
      async () => {
        chownSync(keyFile, 0, SSL_CERT_GID ?? 0);
        chmodSync(keyFile, 0o640);
        try {
          const run = await again({}, ['check-key-permissions']);
          expect(ranSteps(run)).toEqual({ 'check-key-permissions': 'passed' });
          expect(run.stderr).toContain('mode 640, owner root, group ssl-cert');
          expect(run.stderr).toMatch(
            /NOTE: group ssl-cert can read .*Debian's layout.*Members now: /,
          );
          expect(run.stderr).toContain('OK: only the owner and the ssl-cert group can read');
        } finally {
          chownSync(keyFile, 0, 0);
          chmodSync(keyFile, 0o600);
        }
      },
    );

    it('refuses 0640 with any other group', async () => {
      chmodSync(keyFile, 0o640);
      try {
        const run = await again({}, ['check-key-permissions']);
        expect(ranSteps(run)).toEqual({ 'check-key-permissions': 'failed' });
        expect(run.stderr).toMatch(
          /FAIL: .* has mode 640 with group \S+; it must be 600 or 400, or 640 with group ssl-cert/,
        );
      } finally {
        chmodSync(keyFile, 0o600);
      }
    });

    it('encrypts the key with KEY_PASSPHRASE (AES-256): every check passes, the passphrase opens it, and it is in no record', async () => {
      const passphrase = 'correct horse 7 battery staple';
      const encData = join(work, 'enc');
      const run = await runRunbook('private-key-handling', encData, {
        params: { SUBJECT: '/CN=secret.example.org', KEY_PASSPHRASE: passphrase },
      });
      // The whole walk's command steps pass with an encrypted key.
      expect(ranSteps(run)).toEqual({
        'generate-key-and-csr': 'passed',
        'check-key-permissions': 'passed',
        'check-csr-matches-key': 'passed',
        'show-csr-subject': 'passed',
      });
      expect(run.stderr).toContain('encrypted with AES-256, not shown');
      expect(run.stderr).toContain('NOTE: the key is encrypted with a passphrase');
      const key = join(runFolder(encData, run.runId), 'server.key');
      expect(readFileSync(key, 'utf8')).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/);
      // openssl itself: the right passphrase opens the key, a wrong one does not.
      expect(sh('openssl', ['pkey', '-in', key, '-passin', `pass:${passphrase}`, '-noout'])).toBe(
        '',
      );
      expect(() =>
        sh('openssl', ['pkey', '-in', key, '-passin', 'pass:wrong', '-noout']),
      ).toThrow();
      const files = [
        await exportRun(encData, run.runId, 'json', work),
        await exportRun(encData, run.runId, 'html', work),
        join(encData, 'history.sqlite'),
      ];
      if (existsSync(join(encData, 'history.sqlite-wal')))
        files.push(join(encData, 'history.sqlite-wal'));
      for (const file of files) expect(evidenceText(file).includes(passphrase), file).toBe(false);
      // Positive control: another parameter's value is found by the same search.
      for (const file of files)
        expect(evidenceText(file), file).toContain('/CN=secret.example.org');
    });

    it('without the passphrase, the check that must open an encrypted key fails at once, saying what to give', async () => {
      const encData = join(work, 'enc2');
      const first = await runRunbook('private-key-handling', encData, {
        params: { SUBJECT: '/CN=secret.example.org', KEY_PASSPHRASE: 'another passphrase' },
        steps: ['generate-key-and-csr'],
      });
      const folder = runFolder(encData, first.runId);
      const run = await runRunbook('private-key-handling', encData, {
        params: { KEY_FILE: join(folder, 'server.key'), CSR_FILE: join(folder, 'server.csr') },
        steps: ['check-csr-matches-key'],
      });
      expect(ranSteps(run)).toEqual({ 'check-csr-matches-key': 'failed' });
      expect(run.stderr).toContain('is encrypted; give its passphrase in KEY_PASSPHRASE');
    });

    it("asks the article's advice as checklist items: printed configs, hardening, physical access, breach detection", async () => {
      const questions = (await runbookSteps('private-key-handling', data))
        .filter((s) => s.kind === 'checklist')
        .map((s) => s.text);
      for (const words of [
        /printed or exported copies of the server's configuration/,
        /host that holds the key hardened/,
        /physical access to the host/,
        /notice a break-in .* revoked and replaced/,
      ]) {
        expect(
          questions.some((q) => words.test(q)),
          String(words),
        ).toBe(true);
      }
    });
  },
);

/**
 * Live test of the private-key-handling runbook: a real key and CSR are made with openssl, the
 * permission and match checks pass and fail for real, the checklist is attested, and the private
 * key is shown to be absent from every export and from the history database, while the signed
 * evidence still verifies.
 */
import { chmodSync, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { walkCli, walkUi } from './walk.js';
import {
  evidenceText,
  exportRun,
  ranSteps,
  readStatement,
  removeDir,
  runFolder,
  runRunbook,
  sh,
  startCli,
  tempDir,
  verifyEvidence,
  type RunResult,
} from './helpers.js';
import { built, program, skipNote, unmet } from '../needs.js';

const MISSING = unmet(built(), program('openssl'));
const SKIP = MISSING !== undefined;
const REASON = skipNote(MISSING);
const COMMAND_STEPS = [
  'generate-key-and-csr',
  'check-key-permissions',
  'check-csr-matches-key',
  'show-csr-subject',
];
const SUBJECT = '/O=Runlog Test/CN=www.runlog.test';

/** Lines of a PEM body (the base64 between the armour lines), the part a leak would show. */
function pemBodyLines(pem: string): string[] {
  return pem.split('\n').filter((l) => l && !l.startsWith('-----'));
}

describe.skipIf(SKIP)(`private-key-handling runbook, live${REASON}`, () => {
  let work: string;
  let data: string;
  let run: RunResult;
  let folder: string;
  let keyFile: string;
  let checklist: string[];

  beforeAll(async () => {
    work = tempDir('runlog-live-key-');
    data = join(work, 'data');
    const shown = await startCli(['show', 'private-key-handling', '--json', '--data-dir', data]);
    const steps = (
      JSON.parse(shown.stdout) as { runbook: { steps: Array<{ name: string; kind: string }> } }
    ).runbook.steps;
    checklist = steps.filter((s) => s.kind === 'checklist').map((s) => s.name);
    run = await runRunbook('private-key-handling', data, {
      params: { SUBJECT },
      attest: checklist.map((step, i) => ({
        step,
        note: `answer ${i + 1}: software key, file mode 600`,
      })),
    });
    folder = runFolder(data, run.runId);
    keyFile = join(folder, 'server.key');
  });

  afterAll(() => removeDir(work));

  it('makes the key and CSR, and the permission, match and subject checks all pass', () => {
    expect(checklist).toHaveLength(16);
    expect(ranSteps(run)).toMatchObject(
      Object.fromEntries(COMMAND_STEPS.map((s) => [s, 'passed'])),
    );
    expect(run.code).toBe(0);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(
      sh('openssl', [
        'req',
        '-in',
        join(folder, 'server.csr'),
        '-noout',
        '-subject',
        '-nameopt',
        'RFC2253',
      ]),
    ).toContain('CN=www.runlog.test,O=Runlog Test');
    expect(run.stderr).toMatch(/Public key SHA-256: [0-9a-f]{64}/);
    expect(run.stderr).toContain('OK: the subject matches SUBJECT');
  });

  it('records the CSR as an artifact and never the key; the attested checklist answers are in the evidence', async () => {
    const statement = readStatement(await exportRun(data, run.runId, 'json', work));
    const artifacts = statement.predicate.attempts.flatMap((a) =>
      (a.artifacts ?? []).map((x) => x.path),
    );
    expect(artifacts).toEqual(['server.csr']);
    expect(statement.subject.map((s) => s.name)).not.toContain('server.key');
    const attested = statement.predicate.steps.filter((s) => s.kind === 'checklist');
    expect(attested.map((s) => [s.name, s.status])).toEqual(checklist.map((n) => [n, 'done']));
    expect(run.status).toBe('passed');
    const answers = statement.predicate.attempts.filter((a) => a.attestation);
    expect(answers.map((a) => a.step)).toEqual(checklist);
    expect(answers[15]?.attestation?.note).toBe('answer 16: software key, file mode 600');
  });

  it('keeps the private key out of the JSON and HTML exports and out of history.sqlite and its WAL', async () => {
    const body = pemBodyLines(readFileSync(keyFile, 'utf8'));
    expect(body.length).toBeGreaterThan(10);
    const probes = [body[1], body[Math.floor(body.length / 2)], body.at(-2)] as string[];
    const files = [
      await exportRun(data, run.runId, 'json', work),
      await exportRun(data, run.runId, 'html', work),
      join(data, 'history.sqlite'),
    ];
    if (existsSync(join(data, 'history.sqlite-wal'))) files.push(join(data, 'history.sqlite-wal'));
    for (const file of files) {
      const text = evidenceText(file);
      for (const line of probes)
        expect(text.includes(line), `${line} found in ${file}`).toBe(false);
    }
    // Positive control: the public-key fingerprint the match step printed is found by the same
    // search in every one of these files, so a leaked key line would have been found too.
    const fingerprint = /Public key SHA-256: ([0-9a-f]{64})/.exec(run.stderr)?.[1] ?? 'missing';
    for (const file of files.slice(0, 3)) expect(evidenceText(file), file).toContain(fingerprint);
  });

  it('exports evidence that runlog verify accepts, artifacts included (exit 0)', async () => {
    const html = await exportRun(data, run.runId, 'html', work);
    const json = await exportRun(data, run.runId, 'json', work);
    for (const file of [html, json]) {
      const result = await verifyEvidence(file, data, folder);
      expect(result.code, result.stdout + result.stderr).toBe(0);
    }
  });

  it('fails check-key-permissions in a new run when the key is made readable by others (mode 644)', async () => {
    chmodSync(keyFile, 0o644);
    try {
      const again = await runRunbook('private-key-handling', data, {
        params: { KEY_FILE: keyFile, CSR_FILE: join(folder, 'server.csr') },
        steps: ['check-key-permissions'],
      });
      expect(again.code).toBe(1);
      expect(again.status).toBe('failed');
      expect(ranSteps(again)).toEqual({ 'check-key-permissions': 'failed' });
      expect(again.stderr).toContain(`FAIL: ${keyFile} has mode 644; it must be 600 or 400`);
    } finally {
      chmodSync(keyFile, 0o600);
    }
  });

  it('fails check-csr-matches-key for a CSR made from another key', async () => {
    const otherKey = join(work, 'other.key');
    const otherCsr = join(work, 'other.csr');
    sh('openssl', [
      'req',
      '-new',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      otherKey,
      '-out',
      otherCsr,
      '-subj',
      SUBJECT,
    ]);
    const again = await runRunbook('private-key-handling', data, {
      params: { KEY_FILE: keyFile, CSR_FILE: otherCsr },
      steps: ['check-csr-matches-key'],
    });
    expect(again.code).toBe(1);
    expect(ranSteps(again)).toEqual({ 'check-csr-matches-key': 'failed' });
    expect(again.stderr).toContain(
      `FAIL: the public key in ${otherCsr} is not the public half of ${keyFile}`,
    );
  });

  it('walked as written on a terminal (every question answered) and over the contract: passed', async () => {
    const operator = { note: 'software key in a file, mode 600, no escrow' };
    const cli = await walkCli(
      'private-key-handling',
      join(work, 'walk-cli'),
      { SUBJECT },
      operator,
    );
    expect(cli.code).toBe(0);
    expect(cli.run.status).toBe('passed');
    const answers = cli.run.steps.filter((s) => s.kind === 'checklist');
    expect(answers).toHaveLength(16);
    expect(answers.every((s) => s.attestation?.note === operator.note)).toBe(true);
    const ui = await walkUi('private-key-handling', join(work, 'walk-ui'), { SUBJECT }, operator);
    expect(ui.status).toBe('passed');
  });

  it('refuses to overwrite an existing key file', async () => {
    const before = readFileSync(keyFile);
    const again = await runRunbook('private-key-handling', data, {
      params: { KEY_FILE: keyFile, CSR_FILE: join(work, 'fresh.csr') },
      steps: ['generate-key-and-csr'],
    });
    expect(ranSteps(again)).toEqual({ 'generate-key-and-csr': 'failed' });
    expect(again.stderr).toContain(`FAIL: ${keyFile} already exists; refusing to overwrite a key`);
    expect(readFileSync(keyFile).equals(before)).toBe(true);
  });
});

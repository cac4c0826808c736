/**
 * The auditor's view: every record checked again from the database, a superuser's edits named,
 * signers judged at the time of signing, and an export an auditor can verify offline.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAllowedSigners, verifyFile } from '../../../src-main/core/evidence/index.js';
import {
  addSigner,
  auditLedger,
  collectArtifacts,
  describeDocument,
  endSigner,
  exportLedger,
  listSigners,
  publishRun,
  verifyWithSigners,
} from '../../../src-main/core/ledger/index.js';
import { signedDocument, startLedger, workstation, type TestLedger } from './helpers.js';
import { PG_MISSING } from './pg-server.js';

let t: TestLedger;
let alice: ReturnType<typeof workstation>;
let mallory: ReturnType<typeof workstation>;
let out: string;

async function publish(ws: ReturnType<typeof workstation>, runId: string): Promise<string> {
  const { document, fixture } = await signedDocument(ws.dataDir, runId);
  const p = describeDocument(document);
  await t
    .ledger('ws1')
    .use((c) => publishRun(c, document, collectArtifacts(fixture.runFolder, p.artifacts, 1 << 20)));
  fixture.cleanup();
  return document;
}

async function audit(since?: string) {
  return t.ledger('ws2').use(async (c) => auditLedger(c, await listSigners(c), { since }));
}

/** Changes rows as a superuser can: with the triggers switched off for the session. */
async function asSuperuser(sql: string): Promise<void> {
  await t.server.sql(`SET session_replication_role = replica; ${sql}`, t.database);
}

beforeAll(async () => {
  if (PG_MISSING) return;
  t = await startLedger();
  alice = workstation();
  mallory = workstation();
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'runlog-ledger-export-'));
  await t.ledger('steward').use((c) =>
    addSigner(c, {
      fingerprint: alice.fingerprint,
      name: 'alice workstation',
      validFrom: '2020-01-01T00:00:00Z',
    }),
  );
  for (let i = 1; i <= 5; i++) await publish(alice, `run-a${i}`);
  await publish(mallory, 'run-m1');
});
afterAll(() => {
  t?.remove();
  alice?.cleanup();
  mallory?.cleanup();
  if (out) fs.rmSync(out, { recursive: true, force: true });
});

describe.skipIf(PG_MISSING)('runlog ledger verify', () => {
  it('an intact ledger: every record by a known signer is valid; the unknown signer is named', async () => {
    const a = await audit();
    expect(a.checked).toBe(6);
    expect(a.failures).toEqual([
      {
        seq: 6,
        runId: 'run-m1',
        problems: [expect.stringMatching(/key SHA256:\S+ is not among .*: an unknown signer/)],
      },
    ]);
    expect(a.head).toMatchObject({ seq: 6 });
  });

  it('the signer is judged at the time of signing: records after its end, or before its start, are not trusted', async () => {
    const doc = await publish(alice, 'run-a6');
    const signers = await t.ledger('ws1').use(listSigners);
    expect(verifyWithSigners(doc, signers).status).toBe('valid');
    const signedAt = describeDocument(doc).signedAt;
    const before = new Date(Date.parse(signedAt) - 1000).toISOString();
    expect(verifyWithSigners(doc, [{ ...signers[0]!, validUntil: before }]).problems[0]).toMatch(
      /is trusted only from .* until .*, and this record was signed at/,
    );
    expect(
      verifyWithSigners(doc, [
        { ...signers[0]!, validFrom: new Date(Date.parse(signedAt) + 1000).toISOString() },
      ]).status,
    ).toBe('invalid');
    // Ending the signer now leaves what it signed before valid.
    await t.ledger('steward').use((c) => endSigner(c, signers[0]!.id));
    expect((await audit()).failures.map((f) => f.runId)).toEqual(['run-m1']);
    await expect(t.ledger('steward').use((c) => endSigner(c, signers[0]!.id))).rejects.toThrow(
      /already set/,
    );
  });

  it('attack: a record changed in the database by a superuser is named, with what changed', async () => {
    const [row] = (
      await t.server.sql(`SELECT document FROM runlog.runs WHERE run_id = 'run-a2'`, t.database)
    ).rows;
    const doc = JSON.parse(row.document);
    const statement = JSON.parse(Buffer.from(doc.envelope.payload, 'base64').toString());
    statement.predicate.run.status = 'passed';
    doc.envelope.payload = Buffer.from(JSON.stringify(statement)).toString('base64');
    await asSuperuser(
      `UPDATE runlog.runs SET document = '${JSON.stringify(doc).replace(/'/g, "''")}', status = 'passed' WHERE run_id = 'run-a2';
       UPDATE runlog.runs SET operator = 'bob' WHERE run_id = 'run-a3';`,
    );
    const a = await audit();
    const byRun = new Map(a.failures.map((f) => [f.runId, f.problems.join('\n')]));
    expect(byRun.get('run-a2')).toMatch(/record hash as listed differs/);
    expect(byRun.get('run-a2')).toMatch(/signature does not verify/);
    expect(byRun.get('run-a3')).toMatch(/operator as listed differs from the signed record/);
    expect(byRun.has('run-a1')).toBe(false);
  });

  it('attack: an entry deleted by a superuser breaks the chain at the next entry; artifact content swapped is named', async () => {
    await asSuperuser(
      `DELETE FROM runlog.artifacts WHERE run_id = 'run-a4'; DELETE FROM runlog.runs WHERE run_id = 'run-a4';`,
    );
    const [blob] = (
      await t.server.sql(
        `SELECT a.sha256, encode(b.content, 'hex') AS hex FROM runlog.artifacts a JOIN runlog.blobs b USING (sha256) WHERE run_id = 'run-a5'`,
        t.database,
      )
    ).rows;
    await asSuperuser(
      `ALTER TABLE runlog.blobs DROP CONSTRAINT blobs_check; UPDATE runlog.blobs SET content = 'swapped' WHERE sha256 = '${blob.sha256}'`,
    );
    const a = await audit();
    const problems = a.failures.find((f) => f.runId === 'run-a5')!.problems.join('\n');
    expect(problems).toMatch(/entry 4 before it is missing: an entry was removed/);
    expect(problems).toMatch(
      /artifact capture\/eth0.pcap: the stored content no longer matches its SHA-256/,
    );
    // Put the content back: the runs of the export tests share this blob.
    await asSuperuser(
      `UPDATE runlog.blobs SET content = decode('${blob.hex}', 'hex') WHERE sha256 = '${blob.sha256}'`,
    );
  });

  it('--since limits the records checked to runs started since a date', async () => {
    const a = await audit('2030-01-01');
    expect(a).toMatchObject({ checked: 0, failures: [] });
  });
});

describe.skipIf(PG_MISSING)('runlog ledger export', () => {
  it('writes evidence, pages and artifacts that verify offline, with the signers and a manifest', async () => {
    const result = await t
      .ledger('ws2')
      .use(async (c) => exportLedger(c, await listSigners(c), { outDir: out }));
    expect(result.runs.map((r) => r.runId)).toContain('run-a1');
    const dir = path.join(out, 'run-a1');
    expect(fs.readdirSync(dir).sort()).toEqual(['capture', 'evidence.html', 'evidence.json']);
    const trust = {
      signers: readAllowedSigners(path.join(out, 'team.signers')),
      source: 'the exported team signers',
    };
    expect((await verifyFile(path.join(dir, 'evidence.json'), { trust })).status).toBe('valid');
    expect((await verifyFile(path.join(dir, 'evidence.json'))).status).toBe('invalid');
    const html = await verifyFile(path.join(dir, 'evidence.html'), { trust });
    expect(html.status).toBe('valid');
    expect(html.artifacts).toEqual([{ path: 'capture/eth0.pcap', status: 'ok' }]);
    const signers = JSON.parse(fs.readFileSync(path.join(out, 'signers.json'), 'utf8'));
    expect(signers[0]).toMatchObject({ fingerprint: alice.fingerprint, name: 'alice workstation' });
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    expect(manifest.runs.find((r: { runId: string }) => r.runId === 'run-a1').files).toHaveLength(
      3,
    );
  });

  it('attack: a run id or artifact path from the database never writes outside the export folder', async () => {
    const { document, fixture } = await signedDocument(alice.dataDir, '../../escape', {});
    await t.ledger('ws1').use((c) => publishRun(c, document, []));
    fixture.cleanup();
    const result = await t.ledger('ws2').use(async (c) => exportLedger(c, [], { outDir: out }));
    const escaped = result.runs.find((r) => r.runId === '../../escape')!;
    expect(escaped.folder).toMatch(/^entry-\d+$/);
    expect(fs.existsSync(path.join(out, '..', '..', 'escape'))).toBe(false);
  });
});

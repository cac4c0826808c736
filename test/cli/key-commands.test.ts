/**
 * `runlog key show | export | rotate` through the real CLI: the fingerprint and an allowed-signers
 * file to hand an auditor, and a rotation after which older evidence still verifies while the
 * retired key can no longer vouch for anything newer.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportRun } from '../../src-main/core/evidence/export.js';
import { loadOrCreateKey } from '../../src-main/core/evidence/keys.js';
import { buildRecord } from '../../src-main/core/evidence/record.js';
import { signRecord } from '../../src-main/core/evidence/sign.js';
import { makeFixture } from '../core/evidence/helpers.js';
import { BUILT, runCli } from '../security/helpers.js';

const fx = makeFixture();
const data = path.join(fx.dir, 'data');
const auditor = path.join(fx.dir, 'auditor');
afterAll(() => fx.cleanup());

describe.skipIf(!BUILT)('runlog key', () => {
  it('show, export, rotate: old evidence still verifies; the retired key cannot sign anything newer', async () => {
    const shown = await runCli(['key', 'show', '--data-dir', data]);
    expect(shown.code, shown.stderr).toBe(0);
    const first = /fingerprint: (SHA256:\S+)/.exec(shown.stdout)![1]!;
    expect(shown.stdout).toContain('-----BEGIN PUBLIC KEY-----');
    const oldKey = loadOrCreateKey(data);
    expect(oldKey.fingerprint).toBe(first);

    const before = path.join(fx.dir, 'before.json');
    await exportRun(fx.source, { format: 'json', dataDir: data, out: before });
    const signers = path.join(fx.dir, 'team.signers');
    const exported = await runCli([
      'key',
      'export',
      '--out',
      signers,
      '--name',
      'ops ws 7',
      '--data-dir',
      data,
    ]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(fs.readFileSync(signers, 'utf8')).toContain(`"ops ws 7" ${first}`);
    const byAuditor = await runCli(['verify', before, '--signers', signers, '--data-dir', auditor]);
    expect(byAuditor.code, byAuditor.stdout).toBe(0);

    const rotated = await runCli(['key', 'rotate', '--json', '--data-dir', data]);
    expect(rotated.code, rotated.stderr).toBe(0);
    const { fingerprint: second, retired, at } = JSON.parse(rotated.stdout);
    expect(retired).toBe(first);
    expect(second).not.toBe(first);

    // Evidence signed before the rotation: still trusted by the installation's own history.
    const old = await runCli(['verify', before, '--data-dir', data]);
    expect(old.code, old.stdout).toBe(0);
    expect(old.stdout).toContain('this installation (retired key)');

    // A record claiming a later export, signed with the retired key (stolen, say): refused.
    const late = signRecord(
      buildRecord(fx.source, { exportedAt: new Date(Date.parse(at) + 60_000).toISOString() }),
      oldKey,
    );
    const lateFile = path.join(fx.dir, 'late.json');
    fs.writeFileSync(lateFile, JSON.stringify(late));
    const refused = await runCli(['verify', lateFile, '--data-dir', data]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(
      /signer not trusted: key \S+ \(this installation \(retired key\)\) is trusted only from any time until/,
    );

    // The new allowed-signers file lists both keys, the old one with its end.
    const list = await runCli(['key', 'export', '--data-dir', data, '--name', 'ws7']);
    expect(list.stdout).toContain(`ws7 valid-until=${at} ${first}`);
    expect(list.stdout).toContain(`ws7 ${second}`);
    const pem = await runCli(['key', 'export', '--format', 'pem', '--data-dir', data]);
    expect(pem.stdout).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const pemFile = path.join(fx.dir, 'key.pem');
    fs.writeFileSync(pemFile, pem.stdout);
    const after = path.join(fx.dir, 'after.json');
    await exportRun(fx.source, { format: 'json', dataDir: data, out: after });
    expect((await runCli(['verify', after, '--key', pemFile, '--data-dir', auditor])).code).toBe(0);
  });

  it('refuses an unknown action or format with exit 2', async () => {
    expect((await runCli(['key', 'burn', '--data-dir', data])).code).toBe(2);
    expect((await runCli(['key', 'export', '--format', 'ssh', '--data-dir', data])).code).toBe(2);
  });
});

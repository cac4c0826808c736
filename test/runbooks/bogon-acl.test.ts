/**
 * Live test of the bogon-acl runbook: the real `runlog bogons` reads a real Team Cymru snapshot
 * (from a file and over HTTP), the runbook's check step accepts the ACL, and the ACL is recorded
 * as a hashed artifact of the run.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { walkCli, walkUi } from './walk.js';
import {
  attemptsOf,
  CLI_MISSING,
  NEEDS_BUILD,
  REPO,
  exportRun,
  ranSteps,
  readStatement,
  removeDir,
  runArgs,
  runFolder,
  runRunbook,
  startCli,
  tempDir,
} from './helpers.js';

const SNAPSHOT = join(REPO, 'test/fixtures/bogons/fullbogons-ipv4.2022-03-16.txt');
const WITH_HOSTS = join(REPO, 'test/fixtures/runbooks-live/bogons-with-hosts.txt');
const BAD_LIST = join(REPO, 'test/fixtures/bogons/bad-lines.txt');

/** The prefixes of a snapshot, comments and blank lines left out. */
function prefixes(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}

/** The IOS wildcard mask of a prefix length. */
function wildcard(length: number): string {
  const bits = length === 0 ? 0xffffffff : (2 ** (32 - length) - 1) >>> 0;
  return [24, 16, 8, 0].map((s) => (bits >>> s) & 0xff).join('.');
}

describe.skipIf(CLI_MISSING)(
  `bogon-acl runbook, live${CLI_MISSING ? ` (${NEEDS_BUILD})` : ''}`,
  () => {
    let work: string;
    let server: Server;
    let url: string;

    beforeAll(async () => {
      work = tempDir('runlog-live-bogons-');
      server = createServer((req, res) => {
        if (req.url !== '/fullbogons-ipv4.txt') {
          res.writeHead(404).end('not here\n');
          return;
        }
        res.writeHead(200, { 'content-type': 'text/plain' }).end(readFileSync(SNAPSHOT));
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const address = server.address();
      url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    });

    afterAll(async () => {
      await new Promise((r) => server?.close(r));
      removeDir(work);
    });

    it('builds an IOS ACL from a real snapshot file: a deny per prefix, wildcard masks, a final permit, the ACL hashed as an artifact', async () => {
      const data = join(work, 'file');
      const run = await runRunbook('bogon-acl', data, { params: { SOURCE: SNAPSHOT } });
      expect(ranSteps(run)).toEqual({ 'fetch-and-convert': 'passed', 'check-acl': 'passed' });
      // The review and the router's configuration are left to answer: the run stays open.
      expect(run.code).toBe(3);
      expect(run.open).toBe(true);

      const aclFile = join(runFolder(data, run.runId), 'bogons.acl');
      const acl = readFileSync(aclFile);
      const lines = acl.toString('utf8').trimEnd().split('\n');
      expect(lines[0]).toBe('ip access-list extended BOGONS');
      expect(lines).toContain(
        ' remark list last updated 1647435002 (Wed Mar 16 12:50:02 2022 GMT)',
      );
      expect(lines.at(-1)).toBe(' permit ip any any');
      const denies = lines.filter((l) => l.startsWith(' deny '));
      const expected = prefixes(SNAPSHOT).map((p) => {
        const [net, len] = p.split('/');
        return Number(len) === 32
          ? ` deny ip host ${net} any`
          : ` deny ip ${net} ${wildcard(Number(len))} any`;
      });
      expect(denies).toEqual(expected);

      const sha = createHash('sha256').update(acl).digest('hex');
      // The list as read is kept beside the ACL, byte for byte, so the evidence names both.
      const list = readFileSync(join(runFolder(data, run.runId), 'bogons-list.txt'));
      expect(list.equals(readFileSync(SNAPSHOT))).toBe(true);
      const listSha = createHash('sha256').update(list).digest('hex');
      const statement = readStatement(await exportRun(data, run.runId, 'json', work));
      const [attempt] = attemptsOf(statement, 'fetch-and-convert');
      expect(attempt?.artifacts).toEqual([
        { path: 'bogons-list.txt', sha256: listSha, size: list.length },
        { path: 'bogons.acl', sha256: sha, size: acl.length },
      ]);
      expect(statement.subject).toContainEqual({ name: 'bogons.acl', digest: { sha256: sha } });
    });

    it('walked as written on a terminal, the optional ASA and IPv6 sections left alone: passed (exit 0)', async () => {
      const operator = { device: 'edge-rtr-01', note: 'applied from the console' };
      const { code, run } = await walkCli(
        'bogon-acl',
        join(work, 'walk-cli'),
        { SOURCE: SNAPSHOT },
        operator,
      );
      expect(code).toBe(0);
      expect(run.status).toBe('passed');
      const by = Object.fromEntries(run.steps.map((s) => [s.stepName, s]));
      expect(by['apply-on-router']!.attestation).toMatchObject({ device: 'edge-rtr-01' });
      for (const optional of [
        'fetch-and-convert-asa',
        'apply-on-asa',
        'fetch-and-convert-ipv6',
        'apply-ipv6-on-router',
      ]) {
        expect(by[optional]).toMatchObject({ status: 'pending', rules: { optional: true } });
      }
    });

    it('walked as written over the contract, as the UI does: passed', async () => {
      const operator = { device: 'edge-rtr-01' };
      const { status } = await walkUi(
        'bogon-acl',
        join(work, 'walk-ui'),
        { SOURCE: SNAPSHOT },
        operator,
      );
      expect(status).toBe('passed');
    });

    it('writes a single address (/32) as "host A.B.C.D", never as an empty wildcard', async () => {
      const data = join(work, 'hosts');
      const run = await runRunbook('bogon-acl', data, { params: { SOURCE: WITH_HOSTS } });
      expect(ranSteps(run)).toEqual({ 'fetch-and-convert': 'passed', 'check-acl': 'passed' });
      const acl = readFileSync(join(runFolder(data, run.runId), 'bogons.acl'), 'utf8');
      expect(acl.split('\n').filter((l) => l.startsWith(' deny '))).toEqual([
        ' deny ip 10.0.0.0 0.255.255.255 any',
        ' deny ip host 192.0.2.1 any',
        ' deny ip 198.51.100.0 0.0.0.255 any',
        ' deny ip host 203.0.113.77 any',
      ]);
      expect(acl).not.toMatch(/deny ip [0-9.]+ {2}any/);
    });

    it('fetches the snapshot from a local HTTP server given as SOURCE and builds the same ACL body', async () => {
      const data = join(work, 'http');
      const run = await runRunbook('bogon-acl', data, {
        params: { SOURCE: `${url}/fullbogons-ipv4.txt`, ACL_NAME: 'EDGE-IN' },
      });
      expect(ranSteps(run)).toEqual({ 'fetch-and-convert': 'passed', 'check-acl': 'passed' });
      const acl = readFileSync(join(runFolder(data, run.runId), 'bogons.acl'), 'utf8')
        .trimEnd()
        .split('\n');
      expect(acl[0]).toBe('ip access-list extended EDGE-IN');
      expect(acl.filter((l) => l.startsWith(' deny '))).toHaveLength(prefixes(SNAPSHOT).length);
      expect(acl.at(-1)).toBe(' permit ip any any');
    });

    it('fails the fetch step when the server answers 404, and never reaches the check', async () => {
      const data = join(work, 'http404');
      const run = await runRunbook('bogon-acl', data, { params: { SOURCE: `${url}/missing.txt` } });
      expect(run.code).toBe(1);
      expect(ranSteps(run)).toEqual({ 'fetch-and-convert': 'failed' });
      expect(run.stderr).toContain('FAIL: runlog bogons could not build the ACL');
    });

    it('fails the fetch step on a list with bad lines, naming each line and writing no ACL', async () => {
      const data = join(work, 'bad');
      const run = await runRunbook('bogon-acl', data, { params: { SOURCE: BAD_LIST } });
      expect(run.code).toBe(1);
      expect(ranSteps(run)).toEqual({ 'fetch-and-convert': 'failed' });
      expect(run.stderr).toContain(`${BAD_LIST}:3: host bits set`);
      expect(run.stderr).toContain(`${BAD_LIST}:5: octet 300`);
      expect(run.stderr).toContain('nothing was written');
      expect(run.stderr).toContain('FAIL: runlog bogons could not build the ACL');
      expect(() => readFileSync(join(runFolder(data, run.runId), 'bogons.acl'))).toThrow();
    });

    it('puts the parameters into the configuration the operator pastes and the evidence records, a Cisco interface name with "/" included', async () => {
      const data = join(work, 'config-params');
      const config = ['apply-on-router', 'apply-on-asa', 'apply-ipv6-on-router'];
      const run = await runRunbook('bogon-acl', data, {
        params: { ACL_NAME: 'EDGE-BOGONS', INTERFACE: 'GigabitEthernet0/1', ASA_ACL: 'OUTSIDE_IN' },
        steps: config,
        attest: config.map((step) => ({ step, device: 'edge-r1' })),
      });
      expect(ranSteps(run)).toEqual(Object.fromEntries(config.map((s) => [s, 'done'])));
      const statement = readStatement(await exportRun(data, run.runId, 'json', work));
      const answer = (step: string) => attemptsOf(statement, step)[0]!;
      expect(answer('apply-on-router').text).toBe(
        'no ip access-list extended EDGE-BOGONS\n! paste the contents of bogons.acl here\n' +
          'interface GigabitEthernet0/1\n ip access-group EDGE-BOGONS in\nend',
      );
      expect(answer('apply-ipv6-on-router').text).toContain('no ipv6 access-list EDGE-BOGONS-v6\n');
      expect(answer('apply-ipv6-on-router').text).toContain(
        'interface GigabitEthernet0/1\n ipv6 traffic-filter EDGE-BOGONS-v6 in\n',
      );
      expect(answer('apply-on-asa').text).toContain('show access-list OUTSIDE_IN | include deny');
      for (const step of config) expect(answer(step).attestation?.device).toBe('edge-r1');
    });

    it('refuses "applied" on the router without the device it was applied on, recording nothing', async () => {
      const data = join(work, 'config-no-device');
      const r = await startCli(
        runArgs('bogon-acl', data, {
          steps: ['apply-on-router'],
          attest: [{ step: 'apply-on-router' }],
        }),
      );
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(
        'the runbook asks for the device; add --device apply-on-router=NAME',
      );
      const history = await startCli(['history', '--data-dir', data, '--json']);
      expect(JSON.parse(history.stdout)).toMatchObject({ total: 0 });
    });

    it('builds the ASA variant with netmasks as deny lines for the top of ASA_ACL, numbered from line 1, never a permit', async () => {
      const data = join(work, 'asa');
      const run = await runRunbook('bogon-acl', data, {
        params: { SOURCE: WITH_HOSTS, ASA_ACL: 'OUTSIDE_IN' },
        steps: ['fetch-and-convert-asa'],
      });
      expect(ranSteps(run)).toEqual({ 'fetch-and-convert-asa': 'passed' });
      const folder = runFolder(data, run.runId);
      const acl = readFileSync(join(folder, 'bogons-asa.acl'), 'utf8');
      expect(acl).toContain(
        'access-list OUTSIDE_IN line 6 extended deny ip 198.51.100.0 255.255.255.0 any\n',
      );
      expect(acl).toContain('access-list OUTSIDE_IN line 5 extended deny ip host 192.0.2.1 any\n');
      expect(acl).not.toMatch(/permit|access-group/);
      const undo = readFileSync(join(folder, 'bogons-asa-undo.acl'), 'utf8');
      expect(undo).toContain('no access-list OUTSIDE_IN extended deny ip host 192.0.2.1 any\n');
      expect(undo.split('\n').filter(Boolean)).toHaveLength(acl.split('\n').filter(Boolean).length);
    });
  },
);

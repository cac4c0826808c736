/**
 * Live tests of the bogon-acl runbook's safety: the check-acl step fails, naming the line, on
 * each ACL that would hurt the network it is pasted into; the IPv6 step keeps neighbour
 * discovery and link-local working and builds offline from a copy; the ASA step never permits;
 * and every fetch step runs from local copies without touching the network.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLI_MISSING,
  NEEDS_BUILD,
  REPO,
  ranSteps,
  removeDir,
  runFolder,
  runRunbook,
  tempDir,
} from './helpers.js';

const ACLS = join(REPO, 'test/fixtures/bogons/acls');
const LIST = join(ACLS, 'list.txt');
const V4_FULL = join(REPO, 'test/fixtures/bogons/fullbogons-ipv4.2022-03-16.txt');
const V6_FULL = join(REPO, 'test/fixtures/bogons/fullbogons-ipv6.2022-03-16.txt');

describe.skipIf(CLI_MISSING)(
  `bogon-acl runbook safety, live${CLI_MISSING ? ` (${NEEDS_BUILD})` : ''}`,
  () => {
    let work: string;

    beforeAll(() => {
      work = tempDir('runlog-live-bogon-safety-');
    });

    afterAll(() => removeDir(work));

    /** Runs the check-acl step on a fixture ACL, against the fixture list. */
    const checkStep = (file: string, name: string) =>
      runRunbook('bogon-acl', join(work, name), {
        params: { ACL_FILE: join(ACLS, file), SOURCE: LIST },
        steps: ['check-acl'],
      });

    it('check-acl accepts a correct two-family ACL given as ACL_FILE', async () => {
      const run = await checkStep('good.acl', 'good');
      expect(ranSteps(run)).toEqual({ 'check-acl': 'passed' });
      expect(run.stderr).toContain('ND and link-local, which pass before the first deny (line 16)');
      expect(run.stderr).toContain('does what a bogon filter should');
    });

    it.each([
      ['v4-no-permit-then-v6.acl', 5, 'ends here without "permit ip any any"'],
      ['netmask-as-wildcard.acl', 4, 'is a netmask where IOS wants a wildcard mask'],
      ['octet-999.acl', 5, 'octet 999'],
      ['permit-any-first.acl', 4, 'comes before the deny at line 7'],
      ['ipv6-without-nd.acl', 10, 'would lose its IPv6 neighbours'],
      ['not-on-list.acl', 6, '8.8.8.0/24 is not a prefix of'],
    ])('check-acl fails on %s, naming line %i', async (file, line, words) => {
      const run = await checkStep(file, file.replace('.acl', ''));
      expect(run.code).toBe(1);
      expect(ranSteps(run)).toEqual({ 'check-acl': 'failed' });
      const at = run.stderr
        .split('\n')
        .filter((l) => l.startsWith(`${join(ACLS, file)}:${line}: `));
      expect(at.join('\n'), run.stderr).toContain(words);
      expect(run.stderr).toContain(
        'is not safe to apply (each problem is listed above with its line)',
      );
    });

    it('the IPv6 step builds the full list offline from SOURCE_V6: ND and link-local permitted before the first deny, then 130 320 denies', async () => {
      const data = join(work, 'v6');
      const run = await runRunbook('bogon-acl', data, {
        params: { SOURCE_V6: V6_FULL },
        steps: ['fetch-and-convert-ipv6'],
      });
      expect(ranSteps(run)).toEqual({ 'fetch-and-convert-ipv6': 'passed' });
      const lines = readFileSync(join(runFolder(data, run.runId), 'bogons-v6.acl'), 'utf8')
        .trimEnd()
        .split('\n');
      expect(lines[0]).toBe('ipv6 access-list BOGONS-v6');
      const firstDeny = lines.findIndex((l) => l.startsWith(' deny '));
      const safety = /^ permit (icmp any any nd-n[sa]|ipv6 fe80::\/10 (fe80::\/10|ff02::\/16))$/;
      expect(lines.slice(0, firstDeny).filter((l) => safety.test(l))).toHaveLength(4);
      expect(lines.filter((l) => l.startsWith(' deny ipv6 '))).toHaveLength(130_320);
      expect(lines.at(-1)).toBe(' permit ipv6 any any');
      expect(run.stderr).toContain(
        'OK: bogons-v6.acl has 130320 deny lines after its neighbour-discovery and link-local permits',
      );
      expect(existsSync(join(data, 'cache', 'bogons'))).toBe(false);
    });

    it('the IPv6 step builds the compact list by default, without any network', async () => {
      const data = join(work, 'v6-compact');
      const run = await runRunbook('bogon-acl', data, { steps: ['fetch-and-convert-ipv6'] });
      expect(ranSteps(run)).toEqual({ 'fetch-and-convert-ipv6': 'passed' });
      const acl = readFileSync(join(runFolder(data, run.runId), 'bogons-v6.acl'), 'utf8');
      expect(acl).toContain(' remark bogons from ipv6-compact\n');
      expect(acl).toContain(
        ' deny ipv6 ::/3 any\n deny ipv6 4000::/2 any\n deny ipv6 8000::/1 any\n',
      );
      expect(existsSync(join(data, 'cache', 'bogons'))).toBe(false);
    });

    it('the IPv6 step refuses a SOURCE_V6 holding IPv4 prefixes', async () => {
      const run = await runRunbook('bogon-acl', join(work, 'v6-wrong'), {
        params: { SOURCE_V6: V4_FULL },
        steps: ['fetch-and-convert-ipv6'],
      });
      expect(ranSteps(run)).toEqual({ 'fetch-and-convert-ipv6': 'failed' });
      expect(run.stderr).toContain('FAIL: the IPv6 source holds IPv4 prefixes');
    });

    it('the ASA step asks for the existing list first, and never writes a permit', async () => {
      const missing = await runRunbook('bogon-acl', join(work, 'asa-none'), {
        params: { SOURCE: V4_FULL },
        steps: ['fetch-and-convert-asa'],
      });
      expect(ranSteps(missing)).toEqual({ 'fetch-and-convert-asa': 'failed' });
      expect(missing.stderr).toContain(
        'FAIL: ASA_ACL is empty: give the name of the list bound inbound on outside',
      );
      const data = join(work, 'asa');
      const run = await runRunbook('bogon-acl', data, {
        params: { SOURCE: V4_FULL, ASA_ACL: 'outside_access_in' },
        steps: ['fetch-and-convert-asa'],
      });
      expect(ranSteps(run)).toEqual({ 'fetch-and-convert-asa': 'passed' });
      const acl = readFileSync(join(runFolder(data, run.runId), 'bogons-asa.acl'), 'utf8');
      const lines = acl.trimEnd().split('\n');
      expect(acl).not.toContain('permit');
      expect(lines.map((l) => /^access-list outside_access_in line (\d+) /.exec(l)?.[1])).toEqual(
        lines.map((_, i) => String(i + 1)),
      );
      expect(lines.filter((l) => l.includes(' extended deny ip '))).toHaveLength(1479);
    });

    it('runs every fetch step offline from local copies: IOS, check, ASA and IPv6, with no download', async () => {
      const data = join(work, 'offline');
      const steps = [
        'fetch-and-convert',
        'check-acl',
        'fetch-and-convert-asa',
        'fetch-and-convert-ipv6',
      ];
      const run = await runRunbook('bogon-acl', data, {
        params: {
          SOURCE: V4_FULL,
          SOURCE_V6: V6_FULL,
          ASA_ACL: 'OUTSIDE_IN',
          LIST: 'fullbogons-ipv4',
        },
        steps,
      });
      expect(ranSteps(run)).toEqual(Object.fromEntries(steps.map((s) => [s, 'passed'])));
      expect(existsSync(join(data, 'cache', 'bogons'))).toBe(false);
    });
  },
);

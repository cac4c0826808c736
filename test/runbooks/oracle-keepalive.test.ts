/**
 * Live test of the oracle-keepalive runbook: its preview, apply and verify steps edit a real
 * tnsnames.ora through `runlog tnsnames`, a second run changes nothing, and (as root, where
 * /proc/sys is writable) the Linux keepalive step sets and reads back the kernel value, which the
 * test puts back afterwards.
 */
import {
  accessSync,
  constants,
  copyFileSync,
  existsSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { walkCli, walkUi } from './walk.js';
import {
  CLI_MISSING,
  NEEDS_BUILD,
  REPO,
  ranSteps,
  removeDir,
  stepStatus,
  runRunbook,
  tempDir,
} from './helpers.js';
import { root, skipNote, unmet } from '../needs.js';

const FIXTURES = join(REPO, 'test/fixtures/tnsnames');
const TNS_STEPS = ['preview-tnsnames', 'apply-tnsnames', 'verify-tnsnames'];
const KEEPALIVE = '/proc/sys/net/ipv4/tcp_keepalive_time';
/** The file the runbook's Linux step writes; removed afterwards unless it was there before. */
const SYSCTL_CONF = '/etc/sysctl.d/60-runlog-oracle-keepalive.conf';

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

const SYSCTL_MISSING = unmet(
  root('setting a kernel value'),
  existsSync(KEEPALIVE) && writable(KEEPALIVE) ? undefined : `${KEEPALIVE} is not writable`,
);
const CAN_SET_SYSCTL = SYSCTL_MISSING === undefined;

describe.skipIf(CLI_MISSING)(
  `oracle-keepalive runbook, live${CLI_MISSING ? ` (${NEEDS_BUILD})` : ''}`,
  () => {
    let work: string;
    let savedKeepalive: string | undefined;
    let savedConf: string | undefined;

    beforeAll(() => {
      work = tempDir('runlog-live-oracle-');
      if (CAN_SET_SYSCTL) {
        savedKeepalive = readFileSync(KEEPALIVE, 'utf8').trim();
        savedConf = existsSync(SYSCTL_CONF) ? readFileSync(SYSCTL_CONF, 'utf8') : undefined;
      }
    });

    afterAll(() => {
      if (savedKeepalive !== undefined) writeFileSync(KEEPALIVE, `${savedKeepalive}\n`);
      if (CAN_SET_SYSCTL) {
        if (savedConf === undefined) rmSync(SYSCTL_CONF, { force: true });
        else writeFileSync(SYSCTL_CONF, savedConf);
      }
      removeDir(work);
    });

    it('adds ENABLE=BROKEN to every DESCRIPTION through preview, apply and verify, then a second run changes nothing', async () => {
      const tns = join(work, 'tnsnames.ora');
      copyFileSync(join(FIXTURES, 'classic-multiline.ora'), tns);
      const original = readFileSync(tns, 'utf8');
      const data = join(work, 'data');

      const first = await runRunbook('oracle-keepalive', data, {
        params: { TNSNAMES: tns },
        steps: TNS_STEPS,
      });
      expect(ranSteps(first)).toEqual(Object.fromEntries(TNS_STEPS.map((s) => [s, 'passed'])));
      // Only the chosen steps ran: the keepalive steps are left, so the run stays open.
      expect(first.code).toBe(3);
      expect(first.stderr).toContain(
        'dry run: would add (ENABLE=BROKEN) to ORCLPDB1 (line 5), ORCL (line 17)',
      );
      expect(first.stderr).toContain('2 DESCRIPTION blocks, 2 with ENABLE=BROKEN');

      const edited = readFileSync(tns, 'utf8');
      expect(edited).toBe(readFileSync(join(FIXTURES, 'classic-multiline.expected.ora'), 'utf8'));
      const backups = readdirSync(work).filter((f) => f.startsWith('tnsnames.ora.bak-'));
      expect(backups).toHaveLength(1);
      expect(readFileSync(join(work, backups[0] ?? ''), 'utf8')).toBe(original);

      const second = await runRunbook('oracle-keepalive', data, {
        params: { TNSNAMES: tns },
        steps: TNS_STEPS,
      });
      expect(ranSteps(second)).toEqual(Object.fromEntries(TNS_STEPS.map((s) => [s, 'passed'])));
      expect(second.stderr).toContain('the file was not changed');
      expect(readFileSync(tns, 'utf8')).toBe(edited);
      expect(readdirSync(work).filter((f) => f.startsWith('tnsnames.ora.bak-'))).toHaveLength(1);
    });

    it('handles several aliases and a DESCRIPTION_LIST, and verify counts every DESCRIPTION', async () => {
      const tns = join(work, 'description-list.ora');
      copyFileSync(join(FIXTURES, 'description-list.ora'), tns);
      const run = await runRunbook('oracle-keepalive', join(work, 'data-list'), {
        params: { TNSNAMES: tns },
        steps: TNS_STEPS,
      });
      expect(ranSteps(run)).toEqual(Object.fromEntries(TNS_STEPS.map((s) => [s, 'passed'])));
      expect(readFileSync(tns, 'utf8')).toBe(
        readFileSync(join(FIXTURES, 'description-list.expected.ora'), 'utf8'),
      );
    });

    it('refuses a malformed tnsnames.ora in the preview step, naming line and column, and leaves it untouched', async () => {
      const tns = join(work, 'bad.ora');
      copyFileSync(join(FIXTURES, 'bad-unclosed.ora'), tns);
      const before = readFileSync(tns);
      const run = await runRunbook('oracle-keepalive', join(work, 'data-bad'), {
        params: { TNSNAMES: tns },
        steps: TNS_STEPS,
      });
      expect(run.code).toBe(1);
      expect(ranSteps(run)).toEqual({ 'preview-tnsnames': 'failed' });
      expect(run.stderr).toMatch(new RegExp(`${tns}:\\d+:\\d+`));
      expect(run.stderr).toContain('could not be read or parsed');
      expect(readFileSync(tns).equals(before)).toBe(true);
    });

    it('fails the preview step clearly when TNSNAMES names a file that does not exist', async () => {
      const missing = join(work, 'nowhere', 'tnsnames.ora');
      const run = await runRunbook('oracle-keepalive', join(work, 'data-missing'), {
        params: { TNSNAMES: missing },
        steps: ['preview-tnsnames'],
      });
      expect(ranSteps(run)).toEqual({ 'preview-tnsnames': 'failed' });
      expect(run.stderr).toContain(`FAIL: ${missing} does not exist or is not a file`);
    });

    it('reads the Linux keepalive time back with show-keepalive-linux', async () => {
      const run = await runRunbook('oracle-keepalive', join(work, 'data-show'), {
        steps: ['show-keepalive-linux'],
      });
      expect(ranSteps(run)).toEqual({ 'show-keepalive-linux': 'passed' });
      const value = readFileSync(KEEPALIVE, 'utf8').trim();
      expect(run.stderr).toContain(`net.ipv4.tcp_keepalive_time = ${value} seconds`);
    });

    it.skipIf(!CAN_SET_SYSCTL)(
      `sets net.ipv4.tcp_keepalive_time to 1800 with set-keepalive-linux and persists it (the original value is restored afterwards)${skipNote(SYSCTL_MISSING)}`,
      async () => {
        const run = await runRunbook('oracle-keepalive', join(work, 'data-set'), {
          steps: ['set-keepalive-linux'],
          yes: true,
        });
        expect(ranSteps(run)).toEqual({ 'set-keepalive-linux': 'passed' });
        expect(readFileSync(KEEPALIVE, 'utf8').trim()).toBe('1800');
        expect(readFileSync(SYSCTL_CONF, 'utf8')).toContain('net.ipv4.tcp_keepalive_time = 1800');
        expect(run.stderr).toContain(
          `OK: net.ipv4.tcp_keepalive_time = 1800 (saved in ${SYSCTL_CONF})`,
        );
      },
    );

    it.skipIf(!CAN_SET_SYSCTL)(
      `walked as written on a terminal and over the contract, the firewall fallback left alone: passed${CAN_SET_SYSCTL ? '' : ' — skipped: needs root and a writable /proc/sys'}`,
      async () => {
        for (const door of ['cli', 'ui'] as const) {
          const tns = join(work, `walk-${door}.ora`);
          copyFileSync(join(FIXTURES, 'classic-multiline.ora'), tns);
          const data = join(work, `walk-${door}`);
          const params = { TNSNAMES: tns };
          if (door === 'cli') {
            const { code, run } = await walkCli('oracle-keepalive', data, params);
            expect(code).toBe(0);
            expect(run.status).toBe('passed');
            const fallback = run.steps.filter((s) => s.stepName.startsWith('raise-conn-timeout'));
            expect(fallback.map((s) => [s.status, s.rules])).toEqual([
              [
                'pending',
                { optional: true, alternative: { group: 'firewall-timeout', option: '' } },
              ],
              [
                'pending',
                { optional: true, alternative: { group: 'firewall-timeout', option: '' } },
              ],
            ]);
          } else {
            expect((await walkUi('oracle-keepalive', data, params)).status).toBe('passed');
          }
          expect(readFileSync(tns, 'utf8')).toBe(
            readFileSync(join(FIXTURES, 'classic-multiline.expected.ora'), 'utf8'),
          );
        }
        expect(readFileSync(KEEPALIVE, 'utf8').trim()).toBe('1800');
      },
    );

    it('does not run the sudo step set-keepalive-linux without --yes', async () => {
      const run = await runRunbook('oracle-keepalive', join(work, 'data-noyes'), {
        steps: ['set-keepalive-linux'],
      });
      expect(ranSteps(run)).toEqual({});
      expect(stepStatus(run, 'set-keepalive-linux')).toBe('pending');
    });
  },
);

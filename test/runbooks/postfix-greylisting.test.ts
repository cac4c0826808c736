/**
 * Live test of the postfix-greylisting runbook (root only): a private Postfix on a loopback port,
 * Postgrey and rsyslogd run for real; the runbook configures Postfix, its verify step must see a
 * real `450` greylisting reply, and its count step must count that triplet from the mail log.
 * The machine's /etc/postfix is never written: the steps reach the private instance through
 * Postfix's own MAIL_CONFIG variable, and the test checks main.cf is byte-for-byte unchanged.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freePort,
  parseRun,
  ranSteps,
  removeDir,
  runArgs,
  startCli,
  tempDir,
  waitFor,
  type RunOptions,
  type RunResult,
} from './helpers.js';
import { walkCli, walkUi } from './walk.js';
import { built, program, root, skipNote, unmet } from '../needs.js';
import {
  MAIL_LOG,
  startPostfix,
  startPostgrey,
  startSyslog,
  type PostfixInstance,
} from './mail-daemons.js';

const MISSING = unmet(
  built(),
  root('starting Postfix, Postgrey and rsyslogd needs root'),
  program('postfix'),
  program('postconf'),
  program('postgrey'),
  program('rsyslogd'),
  // Another syslog daemon already owns /dev/log; a second one cannot bind it.
  existsSync('/dev/log')
    ? 'a syslog daemon already owns /dev/log, so the test cannot run its own for the mail log'
    : undefined,
);
const SKIP = MISSING !== undefined;
const REASON = skipNote(MISSING);
const MAIN_CF = '/etc/postfix/main.cf';
const SETUP_STEPS = [
  'show-host',
  'install-postgrey-linux',
  'start-postgrey',
  'configure-postfix',
  'reload-postfix',
];
/** Postgrey logs through syslog; give rsyslogd this long to write the line out. */
const LOG_WAIT_MS = 15_000;

describe.skipIf(SKIP)(
  `postfix-greylisting runbook with Postfix and Postgrey on loopback, live${REASON}`,
  () => {
    let work: string;
    let data: string;
    let postfix: PostfixInstance | undefined;
    const stops: Array<() => void> = [];
    let mainCfBefore: Buffer | undefined;
    let mailLogExisted = true;
    let params: Record<string, string>;
    let greylisted: RunResult;

    async function run(opts: RunOptions): Promise<RunResult> {
      return parseRun(
        await startCli(
          runArgs('postfix-greylisting', data, { params, ...opts }),
          undefined,
          postfix?.env,
        ),
      );
    }

    beforeAll(async () => {
      work = tempDir('runlog-live-postfix-');
      data = join(work, 'data');
      mainCfBefore = existsSync(MAIN_CF) ? readFileSync(MAIN_CF) : undefined;
      mailLogExisted = existsSync(MAIL_LOG);
      stops.push(await startSyslog(work));
      const [smtpPort, policyPort] = [await freePort(), await freePort()];
      stops.push(await startPostgrey(work, policyPort));
      postfix = await startPostfix(work, smtpPort);
      stops.push(postfix.stop);
      params = {
        POLICY: `inet:127.0.0.1:${policyPort}`,
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(smtpPort),
        TEST_RECIPIENT: 'root@localhost',
      };
    });

    afterAll(() => {
      for (const stop of stops.reverse()) stop();
      if (mainCfBefore && !readFileSync(MAIN_CF).equals(mainCfBefore))
        writeFileSync(MAIN_CF, mainCfBefore);
      if (!mailLogExisted) rmSync(MAIL_LOG, { force: true });
      removeDir(work);
    });

    it('verify-greylisting fails before the change: Postfix accepts the recipient without asking Postgrey', async () => {
      const before = await run({ steps: ['verify-greylisting'] });
      expect(ranSteps(before)).toEqual({ 'verify-greylisting': 'failed' });
      expect(before.stderr).toContain('FAIL: RCPT accepted without greylisting');
    });

    it('configures Postfix keeping its other restrictions, reloads it, and verify-greylisting sees a real 450 Greylisted', async () => {
      const configDir = postfix?.configDir ?? '';
      greylisted = await run({ steps: [...SETUP_STEPS, 'verify-greylisting'], yes: true });
      expect(ranSteps(greylisted)).toEqual(
        Object.fromEntries([...SETUP_STEPS, 'verify-greylisting'].map((s) => [s, 'passed'])),
      );
      // count-greylisting is left for later: the run stays open.
      expect(greylisted.code).toBe(3);
      expect(greylisted.stderr).toContain(
        `OK: a policy service already listens on 127.0.0.1:${params.POLICY?.split(':')[2]}`,
      );
      const mainCf = readFileSync(join(configDir, 'main.cf'), 'utf8');
      expect(mainCf).toMatch(
        new RegExp(`^smtpd_recipient_restrictions = check_policy_service ${params.POLICY}$`, 'm'),
      );
      expect(mainCf).toMatch(
        /^smtpd_relay_restrictions = permit_mynetworks permit_sasl_authenticated defer_unauth_destination$/m,
      );
      expect(greylisted.stderr).toMatch(
        /^450 4\.2\.0 <root@localhost>: Recipient address rejected: Greylisted/m,
      );
      expect(greylisted.stderr).toMatch(
        /OK: the new triplet \(\S+ -> root@localhost\) was greylisted/,
      );
    });

    it('a second configure-postfix run changes nothing and keeps one backup of main.cf', async () => {
      const configDir = postfix?.configDir ?? '';
      const before = readFileSync(join(configDir, 'main.cf'), 'utf8');
      const again = await run({ steps: ['configure-postfix'], yes: true });
      expect(ranSteps(again)).toEqual({ 'configure-postfix': 'passed' });
      expect(again.stderr).toContain('already has check_policy_service');
      expect(readFileSync(join(configDir, 'main.cf'), 'utf8')).toBe(before);
    });

    it('count-greylisting counts the greylisted triplet from the mail log written by rsyslogd', async () => {
      const sender = /OK: the new triplet \((\S+) -> /.exec(greylisted?.stderr ?? '')?.[1];
      expect(sender, 'the verify test did not greylist a sender').toBeTruthy();
      const logged = await waitFor(
        () =>
          existsSync(MAIL_LOG) &&
          readFileSync(MAIL_LOG, 'utf8').includes(
            `action=greylist, reason=new, client_name=localhost, client_address=127.0.0.1, sender=${sender}`,
          ),
        LOG_WAIT_MS,
      );
      expect(logged, `Postgrey's decision for ${sender} never reached ${MAIL_LOG}`).toBe(true);
      const log = readFileSync(MAIL_LOG, 'utf8')
        .split('\n')
        .filter((l) => l.includes('postgrey'));
      const expected = log.filter((l) => l.includes('action=greylist')).length;

      const counted = await run({ steps: ['count-greylisting'], yes: true });
      expect(ranSteps(counted)).toEqual({ 'count-greylisting': 'passed' });
      expect(counted.stderr).toContain(`From ${MAIL_LOG}:`);
      expect(counted.stderr).toContain(`greylisted (first attempts held back): ${expected}`);
      expect(expected).toBeGreaterThanOrEqual(1);
    });

    it('walked as written on a terminal and over the contract (Postfix already configured): passed', async () => {
      const env = { MAIL_CONFIG: postfix?.configDir ?? '' };
      const cli = await walkCli('postfix-greylisting', join(work, 'walk-cli'), params, {}, env);
      expect(cli.code, cli.pty.screen()).toBe(0);
      expect(cli.run.status).toBe('passed');
      expect(cli.pty.screen()).toMatch(
        /OK: the new triplet \(\S+ -> root@localhost\) was greylisted/,
      );
      // The engine of the contract's door takes its environment from this process.
      const before = process.env.MAIL_CONFIG;
      process.env.MAIL_CONFIG = env.MAIL_CONFIG;
      try {
        expect((await walkUi('postfix-greylisting', join(work, 'walk-ui'), params)).status).toBe(
          'passed',
        );
      } finally {
        if (before === undefined) delete process.env.MAIL_CONFIG;
        else process.env.MAIL_CONFIG = before;
      }
    });

    it("leaves the machine's /etc/postfix/main.cf byte-for-byte unchanged", () => {
      if (!mainCfBefore) return expect(existsSync(MAIN_CF)).toBe(false);
      expect(readFileSync(MAIN_CF).equals(mainCfBefore)).toBe(true);
    });
  },
);

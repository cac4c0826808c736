/**
 * Private mail daemons for the greylisting test: a Postfix instance with its own configuration
 * directory, queue and loopback port (so the machine's /etc/postfix is never touched), Postgrey
 * with its own database and pid file, and rsyslogd writing the mail facility to the standard mail
 * log, which is where the runbook's counting step looks. Each is stopped by its own pid.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { waitFor } from './helpers.js';

/** The mail log Debian's syslog layout uses; the runbook's count step reads it first. */
export const MAIL_LOG = '/var/log/mail.log';
/** Daemons need a moment on a busy two-core machine before they accept connections. */
const START_TIMEOUT_MS = 20_000;

/** Runs a command and throws a readable error naming it when it fails. */
function must(cmd: string, args: string[], env?: NodeJS.ProcessEnv): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: env ?? process.env });
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}): ${r.stderr || r.stdout}`);
  }
  return r.stdout;
}

/** Numeric uid of a system account (postfix, postgrey). */
function uidOf(user: string): number {
  return Number(must('id', ['-u', user]).trim());
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
export function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** The last lines of the mail log, where the daemons say why they did not start. */
function mailLogTail(): string {
  if (!existsSync(MAIL_LOG)) return `(${MAIL_LOG} does not exist)`;
  return `${MAIL_LOG} ends with:\n${readFileSync(MAIL_LOG, 'utf8').split('\n').slice(-12).join('\n')}`;
}

/** The daemons drop root: they must be able to walk into the test's folder (mkdtemp makes 0700). */
function openToDaemons(dir: string): void {
  chmodSync(dir, 0o755);
}

async function waitListening(port: number, what: string): Promise<void> {
  const end = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < end) {
    if (await listening(port)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(
    `${what} does not listen on 127.0.0.1:${port} after ${START_TIMEOUT_MS} ms.\n${mailLogTail()}`,
  );
}

function killPidFile(file: string): void {
  if (!existsSync(file)) return;
  const pid = Number(readFileSync(file, 'utf8').trim());
  if (pid > 1) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

/** rsyslogd with a private configuration: only the mail facility, into MAIL_LOG. */
export async function startSyslog(dir: string): Promise<() => void> {
  const conf = join(dir, 'rsyslog.conf');
  const pid = join(dir, 'rsyslog.pid');
  writeFileSync(conf, `module(load="imuxsock")\nmail.* ${MAIL_LOG}\n`);
  must('rsyslogd', ['-f', conf, '-i', pid]);
  const ready = await waitFor(() => existsSync('/dev/log') && existsSync(pid), START_TIMEOUT_MS);
  if (!ready)
    throw new Error('rsyslogd started but /dev/log did not appear; mail logging cannot work');
  return () => killPidFile(pid);
}

/** A running private Postfix instance. */
export interface PostfixInstance {
  configDir: string;
  port: number;
  /** Environment that points postconf and postfix at this instance (Postfix reads MAIL_CONFIG). */
  env: NodeJS.ProcessEnv;
  stop(): void;
}

/**
 * Copies the machine's Postfix configuration into `dir` and starts it on 127.0.0.1:port with
 * its own queue, no chroot and no recipient restrictions, the state before the runbook.
 */
export async function startPostfix(dir: string, port: number): Promise<PostfixInstance> {
  openToDaemons(dir);
  const configDir = join(dir, 'postfix');
  mkdirSync(configDir);
  for (const name of [
    'main.cf',
    'master.cf',
    'dynamicmaps.cf',
    'dynamicmaps.cf.d',
    'postfix-files',
    'postfix-files.d',
  ]) {
    if (existsSync(join('/etc/postfix', name)))
      cpSync(join('/etc/postfix', name), join(configDir, name), { recursive: true });
  }
  const queue = join(dir, 'queue');
  const data = join(dir, 'data');
  mkdirSync(queue, { mode: 0o755 });
  mkdirSync(data, { mode: 0o700 });
  chownSync(data, uidOf('postfix'), 0);
  const c = ['-c', configDir];
  must('postconf', [
    ...c,
    '-e',
    `queue_directory = ${queue}`,
    `data_directory = ${data}`,
    'syslog_name = postfix-runlogtest',
    'maillog_file =',
    'inet_interfaces = 127.0.0.1',
    'inet_protocols = ipv4',
    'myhostname = runlog-test.localdomain',
    'mydestination = localhost',
    'alias_maps =',
    'alias_database =',
    'smtpd_recipient_restrictions =',
    'smtpd_relay_restrictions = permit_mynetworks permit_sasl_authenticated defer_unauth_destination',
  ]);
  must('postconf', [...c, '-M#', 'smtp/inet']);
  must('postconf', [...c, '-M', `127.0.0.1:${port}/inet = 127.0.0.1:${port} inet n - n - - smtpd`]);
  must('postconf', [...c, '-F', '*/*/chroot = n']);
  must('postfix', [...c, 'start']);
  await waitListening(port, 'the private Postfix');
  return {
    configDir,
    port,
    env: { ...process.env, MAIL_CONFIG: configDir },
    stop: () => void spawnSync('postfix', [...c, 'stop'], { stdio: 'ignore' }),
  };
}

/** Postgrey on 127.0.0.1:port with its database and pid file in `dir`. */
export async function startPostgrey(dir: string, port: number): Promise<() => void> {
  openToDaemons(dir);
  const home = join(dir, 'postgrey');
  mkdirSync(home);
  chownSync(home, uidOf('postgrey'), 0);
  const pid = join(home, 'postgrey.pid');
  must('postgrey', [`--inet=127.0.0.1:${port}`, '-d', `--pidfile=${pid}`, `--dbdir=${home}`]);
  await waitListening(port, 'Postgrey');
  return () => killPidFile(pid);
}

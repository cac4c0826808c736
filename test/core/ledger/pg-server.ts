/**
 * A throw-away PostgreSQL for the ledger tests: Debian's `initdb` and `pg_ctl` in a temp folder,
 * run as an unprivileged user (`postgres` when the tests run as root), listening on a Unix socket
 * in that folder and on 127.0.0.1 at a free port. Each test file starts one and removes it after.
 *
 * Local (socket) connections are trusted, so a test may act as any role; TCP connections need a
 * password (SCRAM), so the credential tests go over TCP. TLS is on with a certificate made by a
 * test CA when asked for.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { IN_CI } from '../../needs.js';

/** The superuser made by initdb, and its password for TCP connections. */
export const SUPERUSER = 'postgres';
export const SUPERUSER_PASSWORD = 'super-secret-pw';

/** Where Debian puts the server programs, newest version first. */
export function findPgBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0]) return path.join(root, versions[0], 'bin');
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  return which.status === 0 ? path.dirname(which.stdout.trim()) : undefined;
}

/** Why the ledger tests cannot run here; with CI=true the tests fail on it instead of skipping. */
export const PG_MISSING = findPgBin() ? undefined : 'PostgreSQL server programs (initdb) not found';
if (PG_MISSING && IN_CI) {
  throw new Error(`${PG_MISSING}: install Debian's postgresql package (.ci/run does)`);
}

/** A running server and how to reach it. */
export interface PgServer {
  dir: string;
  socketDir: string;
  port: number;
  /** The test CA, another CA, and the server's certificate, when started with TLS. */
  tls?: { ca: string; otherCa: string; cert: string; key: string };
  /** A connection URL for a role and database over the socket (trusted, no password). */
  socketUrl(user?: string, database?: string): string;
  /** A client over the socket, connected. */
  client(user?: string, database?: string): Promise<pg.Client>;
  /** Runs SQL as the superuser on a database. */
  sql(text: string, database?: string): Promise<pg.QueryResult>;
  /** Creates a fresh database and returns its name. */
  createDatabase(name: string): Promise<string>;
  stop(mode?: 'fast' | 'immediate'): void;
  start(): void;
  /** Stops the server and removes every file. */
  remove(): void;
}

const asRoot = process.getuid?.() === 0;

function asServerUser(command: string, args: string[]): string[] {
  return asRoot ? ['runuser', '-u', SUPERUSER, '--', command, ...args] : [command, ...args];
}

function run(command: string, args: string[], options: { input?: string } = {}): void {
  const [file, ...rest] = asServerUser(command, args);
  const result = spawnSync(file!, rest, { encoding: 'utf8', input: options.input });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr || result.stdout}`);
  }
}

/** A TCP port free right now on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Makes a CA and a server certificate for 127.0.0.1 / localhost under `dir/tls`. */
export function makeTls(dir: string): { ca: string; cert: string; key: string; otherCa: string } {
  const tls = path.join(dir, 'tls');
  fs.mkdirSync(tls, { recursive: true });
  const o = (args: string[]) => execFileSync('openssl', args, { cwd: tls, stdio: 'pipe' });
  for (const name of ['ca', 'other-ca']) {
    o(
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '2',
        '-subj',
        `/CN=${name}`,
      ].concat(['-keyout', `${name}.key`, '-out', `${name}.crt`]),
    );
  }
  o(
    [
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-subj',
      '/CN=localhost',
      '-keyout',
      'server.key',
    ].concat(['-out', 'server.csr']),
  );
  fs.writeFileSync(path.join(tls, 'ext.cnf'), 'subjectAltName=DNS:localhost,IP:127.0.0.1\n');
  o(
    [
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
    ].concat(['-days', '2', '-extfile', 'ext.cnf', '-out', 'server.crt']),
  );
  return {
    ca: path.join(tls, 'ca.crt'),
    otherCa: path.join(tls, 'other-ca.crt'),
    cert: path.join(tls, 'server.crt'),
    key: path.join(tls, 'server.key'),
  };
}

/** Initialises a cluster in a temp folder and starts it. */
export async function startPostgres(
  options: { tls?: boolean; durable?: boolean } = {},
): Promise<PgServer> {
  const bin = findPgBin();
  if (!bin) throw new Error(PG_MISSING);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runlog-pg-'));
  const data = path.join(dir, 'data');
  const socketDir = dir;
  const port = await freePort();
  fs.writeFileSync(path.join(dir, 'pwfile'), `${SUPERUSER_PASSWORD}\n`);
  const tls = options.tls ? makeTls(dir) : undefined;
  if (asRoot) execFileSync('chown', ['-R', `${SUPERUSER}:`, dir]);
  if (tls) fs.chmodSync(tls.key, 0o600);
  run(path.join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    SUPERUSER,
    '--pwfile',
    path.join(dir, 'pwfile'),
    '--auth-local=trust',
    '--auth-host=scram-sha-256',
    '-E',
    'UTF8',
    '--locale=C.UTF-8',
    '--no-sync',
  ]);
  const conf = [
    `port = ${port}`,
    "listen_addresses = '127.0.0.1'",
    `unix_socket_directories = '${socketDir}'`,
    // A test cluster: durability is not what is tested. The bench asks for the real thing.
    `fsync = ${options.durable ? 'on' : 'off'}`,
    'max_connections = 60',
    ...(tls ? ['ssl = on', `ssl_cert_file = '${tls.cert}'`, `ssl_key_file = '${tls.key}'`] : []),
  ];
  fs.appendFileSync(path.join(data, 'postgresql.conf'), `${conf.join('\n')}\n`);
  const pgCtl = (args: string[]) => run(path.join(bin, 'pg_ctl'), ['-D', data, ...args]);
  const start = () => pgCtl(['-w', '-l', path.join(dir, 'server.log'), 'start']);
  const stop = (mode: 'fast' | 'immediate' = 'fast') => pgCtl(['-w', '-m', mode, 'stop']);
  start();
  const socketUrl = (user = SUPERUSER, database = 'postgres') =>
    `postgresql://${encodeURIComponent(user)}@/${encodeURIComponent(database)}?host=${encodeURIComponent(socketDir)}&port=${port}`;
  const client = async (user = SUPERUSER, database = 'postgres') => {
    const c = new pg.Client({ host: socketDir, port, user, database });
    await c.connect();
    return c;
  };
  const sql = async (text: string, database = 'postgres') => {
    const c = await client(SUPERUSER, database);
    try {
      return await c.query(text);
    } finally {
      await c.end();
    }
  };
  return {
    dir,
    socketDir,
    port,
    tls,
    socketUrl,
    client,
    sql,
    createDatabase: async (name) => {
      await sql(`CREATE DATABASE "${name}"`);
      return name;
    },
    stop,
    start,
    remove: () => {
      try {
        stop('immediate');
      } catch {
        // already stopped
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

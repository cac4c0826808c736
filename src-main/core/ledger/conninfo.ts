/**
 * Where the ledger is and who connects: a libpq connection string (URL or `key=value` form)
 * resolved the way libpq resolves it — the string first, then the service named by `service=` or
 * PGSERVICE (from PGSERVICEFILE or ~/.pg_service.conf, then the system service file), then the
 * PG* environment, then libpq's defaults. node-postgres reads only part of this (no service file,
 * and its own reading of sslmode), so Runlog resolves it here and hands pg plain values.
 *
 * A password is never taken from the string: Runlog keeps the string in its settings, and a
 * password does not belong there. It comes from PGPASSWORD, the service file or the password
 * file (see passfile.ts), as with psql.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** libpq's TLS modes, weakest first. */
export const SSL_MODES = [
  'disable',
  'allow',
  'prefer',
  'require',
  'verify-ca',
  'verify-full',
] as const;
export type SslMode = (typeof SSL_MODES)[number];

/** The connection options Runlog understands; libpq's others are refused by name. */
const KEYWORDS = [
  'host',
  'hostaddr',
  'port',
  'dbname',
  'user',
  'password',
  'passfile',
  'service',
  'sslmode',
  'sslrootcert',
  'sslcert',
  'sslkey',
  'connect_timeout',
  'application_name',
] as const;
type Keyword = (typeof KEYWORDS)[number];
export type ConnOptions = Partial<Record<Keyword, string>>;

/** The environment variable libpq reads for each option. */
const ENV: Partial<Record<Keyword, string>> = {
  host: 'PGHOST',
  hostaddr: 'PGHOSTADDR',
  port: 'PGPORT',
  dbname: 'PGDATABASE',
  user: 'PGUSER',
  password: 'PGPASSWORD',
  passfile: 'PGPASSFILE',
  service: 'PGSERVICE',
  sslmode: 'PGSSLMODE',
  sslrootcert: 'PGSSLROOTCERT',
  sslcert: 'PGSSLCERT',
  sslkey: 'PGSSLKEY',
  connect_timeout: 'PGCONNECT_TIMEOUT',
  application_name: 'PGAPPNAME',
};

/** Debian's libpq looks for sockets here when no host is given. */
const DEFAULT_SOCKET_DIR = '/var/run/postgresql';
/** Debian's libpq keeps the system-wide service file here (PGSYSCONFDIR overrides). */
const DEFAULT_SYSCONFDIR = '/etc/postgresql-common';
/**
 * An unreachable ledger must not hold a run's finish for long: the run waits in the local queue
 * instead. libpq waits forever by default; ten seconds covers a slow VPN.
 */
export const DEFAULT_CONNECT_TIMEOUT_S = 10;

/** Raised for a connection string or service file that cannot be used; the message says where. */
export class ConnInfoError extends Error {
  readonly code = 'ledger-config';
  constructor(message: string) {
    super(message);
    this.name = 'ConnInfoError';
  }
}

/** Everything needed to open a connection, resolved. */
export interface LedgerTarget {
  /** Host name, IP address, or a socket directory (starts with `/`). */
  host: string;
  /** Address to connect to instead of resolving `host` (libpq's hostaddr). */
  hostaddr?: string;
  port: number;
  database: string;
  user: string;
  /** From PGPASSWORD or the service file; else the password file is read at connect time. */
  password?: string;
  passfile: string;
  sslmode: SslMode;
  sslrootcert?: string;
  sslcert?: string;
  sslkey?: string;
  connectTimeoutS: number;
  applicationName: string;
  /** `user@host:port/database`, for messages: never holds a password. */
  label: string;
}

/** True for a host that names a Unix socket directory, as libpq decides it. */
export function isSocketHost(host: string): boolean {
  return host.startsWith('/') || /^[A-Za-z]:[\\/]/.test(host) || host.startsWith('@');
}

/** Parses `postgresql://…`/`postgres://…` or `key=value …` into options (no defaults applied). */
export function parseConnString(text: string): ConnOptions {
  const trimmed = text.trim();
  if (/^postgres(ql)?:\/\//i.test(trimmed)) return parseUri(trimmed);
  if (trimmed === '') return {};
  return parseKeywords(trimmed);
}

function put(options: ConnOptions, key: string, value: string, where: string): void {
  if (!(KEYWORDS as readonly string[]).includes(key)) {
    throw new ConnInfoError(
      `${where}: "${key}" is not a connection option Runlog understands (use ${KEYWORDS.join(', ')})`,
    );
  }
  options[key as Keyword] = value;
}

function parseUri(uri: string): ConnOptions {
  let url: URL;
  try {
    // URL cannot parse an empty host with a path ("postgresql:///db"); give it a placeholder.
    url = new URL(
      uri.replace(/^postgres(?:ql)?:\/\/([^/?#]*@)?(?=[/?#]|$)/i, 'postgresql://$1runlog-no-host'),
    );
  } catch {
    throw new ConnInfoError(`the ledger URL is not a valid postgresql:// URL`);
  }
  const options: ConnOptions = {};
  if (url.hostname && url.hostname !== 'runlog-no-host') {
    if (url.hostname.includes(',')) {
      throw new ConnInfoError('the ledger URL names several hosts; give one');
    }
    options.host = decodeURIComponent(url.hostname.replace(/^\[(.*)\]$/, '$1'));
  }
  if (url.port) options.port = url.port;
  if (url.username) options.user = decodeURIComponent(url.username);
  if (url.password) options.password = decodeURIComponent(url.password);
  const db = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (db) options.dbname = db;
  for (const [key, value] of url.searchParams) put(options, key, value, 'the ledger URL');
  return options;
}

/** libpq's `key=value` form: values may be single-quoted, with `\'` and `\\` escapes. */
function parseKeywords(text: string): ConnOptions {
  const options: ConnOptions = {};
  const pattern = /\s*([A-Za-z_]+)\s*=\s*('((?:[^'\\]|\\.)*)'|((?:[^\s'\\]|\\.)+))\s*/y;
  let at = 0;
  while (at < text.length) {
    pattern.lastIndex = at;
    const m = pattern.exec(text);
    if (!m) {
      throw new ConnInfoError(
        `the ledger connection string cannot be read at character ${at + 1}: expected key=value`,
      );
    }
    const raw = m[3] ?? m[4] ?? '';
    put(options, m[1]!, raw.replace(/\\(.)/g, '$1'), 'the ledger connection string');
    at = pattern.lastIndex;
  }
  return options;
}

/** The service file sections: `[name]` then `key=value` lines; `#` starts a comment. */
export function readServiceFile(file: string, service: string): ConnOptions | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  let current: string | undefined;
  let found: ConnOptions | undefined;
  text.split(/\r?\n/).forEach((line, i) => {
    const l = line.trim();
    if (l === '' || l.startsWith('#')) return;
    const section = /^\[(.+)\]$/.exec(l);
    if (section) {
      current = section[1];
      if (current === service) found = found ?? {};
      return;
    }
    if (current !== service || !found) return;
    const eq = l.indexOf('=');
    if (eq < 1) throw new ConnInfoError(`${file}:${i + 1}: expected key=value in [${service}]`);
    const key = l.slice(0, eq).trim();
    if (key === 'service') throw new ConnInfoError(`${file}:${i + 1}: nested service not allowed`);
    put(found, key, l.slice(eq + 1).trim(), `${file}:${i + 1}`);
  });
  return found;
}

function serviceOptions(
  name: string,
  env: NodeJS.ProcessEnv,
  home: string,
): { options: ConnOptions; file: string } {
  const userFile = env.PGSERVICEFILE ?? path.join(home, '.pg_service.conf');
  const systemFile = path.join(env.PGSYSCONFDIR ?? DEFAULT_SYSCONFDIR, 'pg_service.conf');
  for (const file of [userFile, systemFile]) {
    const options = readServiceFile(file, name);
    if (options) return { options, file };
  }
  throw new ConnInfoError(
    `service "${name}" is not defined in ${userFile} or ${systemFile} (PGSERVICEFILE and PGSYSCONFDIR choose them)`,
  );
}

function fromEnv(env: NodeJS.ProcessEnv): ConnOptions {
  const options: ConnOptions = {};
  for (const [key, variable] of Object.entries(ENV)) {
    const value = variable ? env[variable] : undefined;
    if (value !== undefined && value !== '') options[key as Keyword] = value;
  }
  return options;
}

function merge(...layers: ConnOptions[]): ConnOptions {
  const out: ConnOptions = {};
  for (const layer of layers) {
    for (const [k, v] of Object.entries(layer)) {
      if (out[k as Keyword] === undefined && v !== undefined) out[k as Keyword] = v;
    }
  }
  return out;
}

/** Where a connection string came from, and the environment to resolve it in. */
export interface ResolveContext {
  env?: NodeJS.ProcessEnv;
  /** The home folder (default: the OS's), where ~/.pgpass and ~/.pg_service.conf live. */
  home?: string;
}

/** Refuses a connection string that carries a password: it would be stored in clear. */
export function assertNoPassword(text: string): void {
  if (parseConnString(text).password !== undefined) {
    throw new ConnInfoError(
      'the ledger URL holds a password, and Runlog never stores one in clear: remove it from the URL ' +
        'and put it in ~/.pgpass (or the file PGPASSFILE names), a service file, or PGPASSWORD',
    );
  }
}

/** Resolves a connection string into a target, as libpq would. */
export function resolveTarget(text: string, context: ResolveContext = {}): LedgerTarget {
  const env = context.env ?? process.env;
  const home = context.home ?? os.homedir();
  assertNoPassword(text);
  const given = parseConnString(text);
  const envOptions = fromEnv(env);
  const serviceName = given.service ?? envOptions.service;
  const service = serviceName ? serviceOptions(serviceName, env, home).options : {};
  const o = merge(given, service, envOptions);
  const user = o.user ?? osUser();
  const host = o.host ?? (o.hostaddr ? o.hostaddr : DEFAULT_SOCKET_DIR);
  const port = Number(o.port ?? 5432);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new ConnInfoError(`port "${o.port}" is not a TCP port number`);
  }
  const sslmode = (o.sslmode ?? 'prefer') as SslMode;
  if (!SSL_MODES.includes(sslmode)) {
    throw new ConnInfoError(`sslmode "${o.sslmode}" is not one of ${SSL_MODES.join(', ')}`);
  }
  const timeout =
    o.connect_timeout === undefined ? DEFAULT_CONNECT_TIMEOUT_S : Number(o.connect_timeout);
  if (!Number.isFinite(timeout) || timeout < 0) {
    throw new ConnInfoError(`connect_timeout "${o.connect_timeout}" is not a number of seconds`);
  }
  const database = o.dbname ?? user;
  const where = isSocketHost(host) ? `${host} (socket)` : host;
  return {
    host,
    hostaddr: o.hostaddr,
    port,
    database,
    user,
    password: o.password,
    passfile: o.passfile ?? path.join(home, '.pgpass'),
    sslmode,
    sslrootcert: o.sslrootcert,
    sslcert: o.sslcert,
    sslkey: o.sslkey,
    // libpq treats 0 as "wait forever" and values below 2 as 2.
    connectTimeoutS: timeout === 0 ? 0 : Math.max(2, timeout),
    applicationName: o.application_name ?? 'runlog',
    label: `${user}@${where}:${port}/${database}`,
  };
}

function osUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? 'postgres';
  }
}

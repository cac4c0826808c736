/**
 * Opening a connection to the ledger: a resolved target (conninfo.ts) handed to node-postgres
 * with TLS set up as libpq's sslmode asks, the password from PGPASSWORD, the service file or the
 * password file, and errors a person can act on.
 *
 * sslmode, as libpq: `disable` plain; `allow` plain, TLS if the server insists; `prefer` (the
 * default) TLS when the server offers it, unverified; `require` TLS, verified against the root
 * certificate when one is there (`sslrootcert`, or ~/.postgresql/root.crt); `verify-ca` TLS with
 * the chain checked; `verify-full` the chain and the host name. `sslrootcert=system` uses the
 * system's CAs and requires verify-full. Unix sockets never use TLS.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { ConnectionOptions } from 'node:tls';
import pg from 'pg';
import { ConnInfoError, isSocketHost, type LedgerTarget } from './conninfo.js';
import { passwordFromFile } from './passfile.js';

/** Raised when the ledger cannot be reached or refuses us; the queue keeps what waits. */
export class LedgerUnreachableError extends Error {
  readonly code = 'ledger-unreachable';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LedgerUnreachableError';
  }
}

/** libpq's per-user TLS files. */
function userTlsFile(name: string): string {
  return path.join(os.homedir(), '.postgresql', name);
}

function readIf(file: string | undefined): Buffer | undefined {
  return file && fs.existsSync(file) ? fs.readFileSync(file) : undefined;
}

/** The pg `ssl` option for a target, or false for a plain connection. */
export function tlsOptions(target: LedgerTarget, useTls: boolean): false | ConnectionOptions {
  if (!useTls || isSocketHost(target.host)) return false;
  const mode = target.sslmode;
  const rootFile = target.sslrootcert ?? userTlsFile('root.crt');
  const system = target.sslrootcert === 'system';
  if (system && mode !== 'verify-full') {
    throw new ConnInfoError('sslrootcert=system needs sslmode=verify-full (as libpq requires)');
  }
  const ca = system ? undefined : readIf(rootFile);
  const verifyChain =
    mode === 'verify-ca' || mode === 'verify-full' || (mode === 'require' && !!ca);
  if (verifyChain && !ca && !system) {
    throw new ConnInfoError(
      `sslmode=${mode} needs the server's root certificate: ${rootFile} does not exist (set sslrootcert)`,
    );
  }
  const options: ConnectionOptions = {
    rejectUnauthorized: verifyChain,
    ca,
    cert: readIf(target.sslcert ?? userTlsFile('postgresql.crt')),
    key: readIf(target.sslkey ?? userTlsFile('postgresql.key')),
  };
  if (!net.isIP(target.host)) options.servername = target.host;
  // verify-ca checks the chain only; verify-full also the name (Node's default check).
  if (mode !== 'verify-full') options.checkServerIdentity = () => undefined;
  return options;
}

function clientConfig(
  target: LedgerTarget,
  useTls: boolean,
  warn: (m: string) => void,
): pg.ClientConfig {
  return {
    host: target.hostaddr ?? target.host,
    port: target.port,
    user: target.user,
    database: target.database,
    application_name: target.applicationName,
    connectionTimeoutMillis: target.connectTimeoutS * 1000,
    ssl: tlsOptions(target, useTls),
    // Asked only when the server wants a password.
    password: async () => {
      const found = target.password ?? passwordFromFile(target, warn);
      if (found === undefined) {
        throw new LedgerUnreachableError(
          `the ledger ${target.label} asks for a password and none was found: add a line to ` +
            `${target.passfile} (mode 600), or use a service file or PGPASSWORD`,
        );
      }
      return found;
    },
  };
}

/** SQLSTATEs of a server that refused the login: wrong password, no pg_hba entry, no such role. */
const AUTH_STATES = new Set(['28000', '28P01', '3D000']);

function explain(target: LedgerTarget, err: unknown): Error {
  const e = err as { code?: string; message?: string };
  if (err instanceof LedgerUnreachableError || err instanceof ConnInfoError) return err;
  if (e.code && AUTH_STATES.has(e.code)) {
    return new LedgerUnreachableError(
      `the ledger ${target.label} refused the login: ${e.message}`,
      {
        cause: err,
      },
    );
  }
  return new LedgerUnreachableError(
    `the ledger ${target.label} cannot be reached: ${e.message ?? String(err)}`,
    { cause: err },
  );
}

async function attempt(target: LedgerTarget, useTls: boolean, warn: (m: string) => void) {
  const client = new pg.Client(clientConfig(target, useTls, warn));
  // A connection dropped while idle must not crash the process: the next query fails instead.
  client.on('error', () => {});
  try {
    await client.connect();
    return client;
  } catch (err) {
    await client.end().catch(() => {});
    throw err;
  }
}

/** Opens a connection to the ledger; throws LedgerUnreachableError with what to do. */
export async function connectLedger(
  target: LedgerTarget,
  warn: (message: string) => void = () => {},
): Promise<pg.Client> {
  const mode = target.sslmode;
  const tlsFirst = mode !== 'disable' && mode !== 'allow' && !isSocketHost(target.host);
  try {
    return await attempt(target, tlsFirst, warn);
  } catch (err) {
    const message = (err as Error).message ?? '';
    const fallback =
      (mode === 'prefer' && /does not support SSL/i.test(message)) ||
      (mode === 'allow' &&
        (err as { code?: string }).code === '28000' &&
        /no encryption/.test(message));
    if (!fallback) throw explain(target, err);
    try {
      return await attempt(target, mode === 'allow', warn);
    } catch (again) {
      throw explain(target, again);
    }
  }
}

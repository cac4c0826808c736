/**
 * Credentials and TLS against a real server over TCP: SCRAM passwords from the password file and
 * the environment, and each sslmode against a server whose certificate a test CA signed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectLedger,
  LedgerUnreachableError,
  resolveTarget,
} from '../../../src-main/core/ledger/index.js';
import { PG_MISSING, startPostgres, SUPERUSER_PASSWORD, type PgServer } from './pg-server.js';

let server: PgServer;
let tls: NonNullable<PgServer['tls']>;
let home: string;

beforeAll(async () => {
  if (PG_MISSING) return;
  server = await startPostgres({ tls: true });
  tls = server.tls!;
  home = path.join(server.dir, 'home');
  fs.mkdirSync(home);
  fs.writeFileSync(
    path.join(home, '.pgpass'),
    `*:${server.port}:*:postgres:${SUPERUSER_PASSWORD}\n`,
    { mode: 0o600 },
  );
});
afterAll(() => server?.remove());

async function sslInUse(url: string, env: NodeJS.ProcessEnv = {}): Promise<boolean> {
  const client = await connectLedger(resolveTarget(url, { env, home }));
  try {
    const r = await client.query('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
    return r.rows[0].ssl as boolean;
  } finally {
    await client.end();
  }
}

describe.skipIf(PG_MISSING)('connecting to the ledger over TCP', () => {
  const url = (query: string) => `postgresql://postgres@127.0.0.1:${server.port}/postgres?${query}`;

  it('takes the password from ~/.pgpass, and from PGPASSWORD', async () => {
    expect(await sslInUse(url('sslmode=disable'))).toBe(false);
    const other = path.join(server.dir, 'empty-home');
    fs.mkdirSync(other, { recursive: true });
    const client = await connectLedger(
      resolveTarget(url('sslmode=disable'), {
        env: { PGPASSWORD: SUPERUSER_PASSWORD },
        home: other,
      }),
    );
    await client.end();
  });

  it('says where to put a password when none is found, and when the one found is wrong', async () => {
    const other = path.join(server.dir, 'no-pass-home');
    fs.mkdirSync(other, { recursive: true });
    const none = await connectLedger(
      resolveTarget(url('sslmode=disable'), { env: {}, home: other }),
    ).catch((e) => e);
    expect(none).toBeInstanceOf(LedgerUnreachableError);
    expect(none.message).toMatch(/asks for a password and none was found.*\.pgpass/);
    const wrong = await connectLedger(
      resolveTarget(url('sslmode=disable'), { env: { PGPASSWORD: 'wrong' }, home: other }),
    ).catch((e) => e);
    expect(wrong.message).toMatch(/refused the login/);
    expect(wrong.message).not.toContain('wrong');
  });

  it('prefer (the default) and require use TLS when the server offers it', async () => {
    expect(await sslInUse(url(''))).toBe(true);
    expect(await sslInUse(url('sslmode=require'))).toBe(true);
  });

  it('verify-full accepts the server signed by the given CA, for its name', async () => {
    expect(
      await sslInUse(url(`sslmode=verify-full&sslrootcert=${encodeURIComponent(tls.ca)}`)),
    ).toBe(true);
    expect(
      await sslInUse(
        `host=localhost port=${server.port} user=postgres dbname=postgres sslmode=verify-full sslrootcert=${tls.ca}`,
      ),
    ).toBe(true);
  });

  it('attack: a server certificate from another CA is refused by verify-ca, verify-full and require with a root certificate', async () => {
    for (const mode of ['verify-ca', 'verify-full', 'require']) {
      const err = await sslInUse(
        url(`sslmode=${mode}&sslrootcert=${encodeURIComponent(tls.otherCa)}`),
      ).catch((e) => e);
      expect(err, mode).toBeInstanceOf(LedgerUnreachableError);
      expect(err.message, mode).toMatch(/certificate/i);
    }
  });

  it('attack: verify-full refuses a certificate for another name; verify-ca does not look at names', async () => {
    const asName = (mode: string) =>
      `host=ledger.example hostaddr=127.0.0.1 port=${server.port} user=postgres dbname=postgres sslmode=${mode} sslrootcert=${tls.ca}`;
    const err = await sslInUse(asName('verify-full')).catch((e) => e);
    expect(err.message).toMatch(/ledger\.example|altnames|Hostname/i);
    expect(await sslInUse(asName('verify-ca'))).toBe(true);
  });

  it('verify-full without a root certificate says which file is missing', async () => {
    const err = await sslInUse(url('sslmode=verify-full')).catch((e) => e);
    expect(err.message).toMatch(/root\.crt does not exist/);
  });
});

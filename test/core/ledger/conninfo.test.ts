import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ConnInfoError,
  parseConnString,
  resolveTarget,
} from '../../../src-main/core/ledger/conninfo.js';
import { passwordFromFile } from '../../../src-main/core/ledger/passfile.js';

let home: string;
beforeEach(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'runlog-conninfo-'));
});
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

describe('connection strings, as libpq reads them', () => {
  it('reads URLs with a socket folder, IPv6 hosts and query options', () => {
    expect(parseConnString('postgresql://ws1@/ledger?host=%2Frun%2Fpg&port=5433')).toEqual({
      user: 'ws1',
      dbname: 'ledger',
      host: '/run/pg',
      port: '5433',
    });
    expect(parseConnString('postgres://[::1]:6000/db?sslmode=verify-full')).toMatchObject({
      host: '::1',
      port: '6000',
      sslmode: 'verify-full',
    });
  });

  it("reads libpq's key=value form with quotes and escapes", () => {
    expect(parseConnString(`host=db.example dbname='team ledger' user=o\\'brien`)).toEqual({
      host: 'db.example',
      dbname: 'team ledger',
      user: "o'brien",
    });
  });

  it('refuses unknown options and broken strings, naming them', () => {
    expect(() => parseConnString('postgresql://h/db?sslmod=require')).toThrow(/"sslmod" is not/);
    expect(() => parseConnString('host=h dbname')).toThrow(/character 8/);
    expect(() => resolveTarget('postgresql://h/db?sslmode=sometimes', { env: {} })).toThrow(
      /sslmode "sometimes"/,
    );
  });

  it('attack: a password in the URL is refused, never kept', () => {
    for (const url of ['postgresql://ws1:hunter2@db/ledger', 'host=db password=hunter2']) {
      const err = (() => {
        try {
          resolveTarget(url, { env: {}, home });
        } catch (e) {
          return e as Error;
        }
      })();
      expect(err).toBeInstanceOf(ConnInfoError);
      expect(err!.message).toMatch(/never stores one in clear/);
      expect(err!.message).not.toContain('hunter2');
    }
  });

  it('fills what the string leaves out from the service file, then the environment, then defaults', () => {
    const serviceFile = path.join(home, 'services.conf');
    fs.writeFileSync(
      serviceFile,
      '# team\n[team-ledger]\nhost=db.example\nport=6432\ndbname=ledger\nsslmode=verify-full\n\n[other]\nhost=x\n',
    );
    const env = { PGSERVICEFILE: serviceFile, PGUSER: 'ws9', PGPORT: '1', PGSSLMODE: 'disable' };
    const t = resolveTarget('service=team-ledger', { env, home });
    expect(t).toMatchObject({
      host: 'db.example',
      port: 6432,
      database: 'ledger',
      user: 'ws9',
      sslmode: 'verify-full',
      passfile: path.join(home, '.pgpass'),
      label: 'ws9@db.example:6432/ledger',
    });
    // The string wins over the service, the service over the environment.
    expect(resolveTarget('service=team-ledger port=7000', { env, home }).port).toBe(7000);
    expect(
      resolveTarget('postgresql:///db', {
        env: { PGSERVICE: 'other', PGSERVICEFILE: serviceFile },
        home,
      }).host,
    ).toBe('x');
    expect(() => resolveTarget('service=missing', { env, home })).toThrow(
      /service "missing" is not defined/,
    );
  });
});

describe('the password file', () => {
  const target = { host: 'db.example', port: 5432, database: 'ledger', user: 'ws1' };

  it('finds the first matching line, with wildcards and escaped colons', () => {
    const passfile = path.join(home, 'pgpass');
    fs.writeFileSync(
      passfile,
      '# comment\nother:5432:ledger:ws1:nope\ndb.example:*:ledger:ws1:pa\\:ss\\\\word\n*:*:*:*:fallback\n',
      { mode: 0o600 },
    );
    expect(passwordFromFile({ ...target, passfile })).toBe('pa:ss\\word');
    expect(passwordFromFile({ ...target, user: 'ws2', passfile })).toBe('fallback');
    // A socket connection matches the host name localhost, as in libpq.
    fs.writeFileSync(passfile, 'localhost:5432:ledger:ws1:local-pw\n', { mode: 0o600 });
    expect(passwordFromFile({ ...target, host: '/run/postgresql', passfile })).toBe('local-pw');
  });

  it('attack: a password file others can read is ignored, with a warning saying how to fix it', () => {
    const passfile = path.join(home, 'pgpass');
    fs.writeFileSync(passfile, '*:*:*:*:leaked\n', { mode: 0o644 });
    fs.chmodSync(passfile, 0o644);
    const warnings: string[] = [];
    expect(passwordFromFile({ ...target, passfile }, (m) => warnings.push(m))).toBeUndefined();
    expect(warnings[0]).toMatch(/chmod 600/);
  });
});

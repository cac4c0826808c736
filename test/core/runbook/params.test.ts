import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PARAM_TYPES,
  type ParamSpec,
  type ParamType,
} from '../../../src-main/core/runbook/model.js';
import {
  RESERVED_PARAM_NAMES,
  reservedNameProblem,
  resolveParams,
  validateParam,
} from '../../../src-main/core/runbook/params.js';
import { parseRunbook } from '../../../src-main/core/runbook/parser.js';

function spec(type: ParamType, extra: Partial<ParamSpec> = {}): ParamSpec {
  return { name: 'P', label: 'P', type, required: false, secret: false, ...extra };
}

const ok = (type: ParamType, value: string, extra?: Partial<ParamSpec>): string | undefined =>
  validateParam(spec(type, extra), value);

const HOSTILE = ['en0; rm -rf ~', '$(reboot)', '`id`', 'a|b', 'x && y', '../../etc/passwd'];

describe('validateParam by type', () => {
  it('string accepts any text, including shell syntax (values reach steps as data only)', () => {
    for (const value of ['hello world', ...HOSTILE, 'ünïcödé', '"quoted"'])
      expect(ok('string', value)).toBeUndefined();
  });

  it('integer accepts digits with an optional sign only', () => {
    for (const value of ['0', '42', '-7', '+7', '0012'])
      expect(ok('integer', value)).toBeUndefined();
    for (const value of ['1.5', '1e3', ' 1', '0x10', '', '-', ...HOSTILE]) {
      if (value === '') continue;
      expect(ok('integer', value)).toMatch(/^P: .* is not an integer/);
    }
  });

  it('port accepts 1–65535 written as plain digits', () => {
    for (const value of ['1', '25', '65535']) expect(ok('port', value)).toBeUndefined();
    expect(validateParam(spec('port', { name: 'MAIL_PORT' }), '70000')).toBe(
      'MAIL_PORT: "70000" is not a port (1–65535)',
    );
    for (const value of ['0', '65536', '025', '-1', '+25', '25 ', 'smtp', '1e3', ...HOSTILE]) {
      expect(ok('port', value)).toMatch(/is not a port/);
    }
  });

  it('ipv4 accepts dotted quads without leading zeros', () => {
    for (const value of ['0.0.0.0', '127.0.0.1', '192.0.2.10', '255.255.255.255']) {
      expect(ok('ipv4', value)).toBeUndefined();
    }
    for (const value of [
      '256.1.1.1',
      '1.2.3',
      '1.2.3.4.5',
      '01.2.3.4',
      '1.2.3.4/24',
      ' 1.2.3.4',
      '::1',
      ...HOSTILE,
    ]) {
      expect(ok('ipv4', value)).toMatch(/is not an IPv4 address/);
    }
  });

  it('ipv6 accepts full, compressed, IPv4-embedded and zoned forms', () => {
    const good = ['::', '::1', '1::', '2001:db8::1', 'fe80::1%eth0', '::ffff:192.0.2.1', '64:ff9b::192.0.2.33',
      '2001:0db8:0000:0000:0000:ff00:0042:8329', '1:2:3:4:5:6:7::']; // prettier-ignore
    for (const value of good) expect(ok('ipv6', value)).toBeUndefined();
    const bad = ['1:2:3:4:5:6:7:8:9', '1::2::3', '12345::1', 'g::1', ':1::2', '1:2:3:4:5:6:7:8::', '::1.2.3',
      '1.2.3.4', 'fe80::1%', 'fe80::1%a b', '[::1]', ...HOSTILE]; // prettier-ignore
    for (const value of bad) expect(ok('ipv6', value), value).toMatch(/is not an IPv6 address/);
  });

  it('host accepts RFC 1123 names and IP literals', () => {
    for (const value of [
      'localhost',
      'mail.example.org',
      'mail.example.org.',
      'a-b.c1',
      '192.0.2.1',
      '2001:db8::25',
    ]) {
      expect(ok('host', value)).toBeUndefined();
    }
    const bad = [
      '-mail.example.org',
      'mail_server',
      'a..b',
      'x'.repeat(64) + '.org',
      '999.1.1.1',
      'has space',
      ...HOSTILE,
    ];
    for (const value of bad) expect(ok('host', value), value).toMatch(/is not a host name/);
  });

  it('path accepts any non-empty single-line text', () => {
    for (const value of [
      'server.key',
      '/etc/tnsnames.ora',
      'C:\\oracle\\tnsnames.ora',
      'dir with spaces/f',
    ]) {
      expect(ok('path', value)).toBeUndefined();
    }
    expect(ok('path', 'a\nb')).toMatch(/line break/);
    expect(ok('path', 'a\0b')).toMatch(/NUL byte/);
    expect(ok('path', '', { required: true })).toBe('P: a value is required');
  });

  it('interface accepts names ip link, ifconfig and Windows aliases use, not shell syntax', () => {
    for (const value of [
      'en0',
      'eth0',
      'wlp2s0',
      'eth0.100',
      'bond0:1',
      'veth1@if3',
      'br-1a2b',
      'lo',
    ]) {
      expect(ok('interface', value)).toBeUndefined();
    }
    for (const value of ['', ' en0', 'en 0', 'en0/1', 'a'.repeat(65), '-en0', ...HOSTILE]) {
      if (value === '') continue;
      expect(ok('interface', value), value).toMatch(/is not an interface name/);
    }
  });

  it('refuses newlines, NUL and other control characters for every type', () => {
    for (const type of PARAM_TYPES) {
      for (const value of ['25\n', 'a\rb', 'x\0', '\x1b[31m', 'tab\there', '\x7f']) {
        expect(ok(type, value), `${type} ${JSON.stringify(value)}`).toMatch(
          /^P: the value contains/,
        );
      }
    }
  });

  it('matches the pattern against the whole value', () => {
    expect(ok('string', 'abc', { pattern: '[a-z]+' })).toBeUndefined();
    expect(ok('string', 'abc1', { pattern: '[a-z]+' })).toMatch(/does not match the pattern/);
    expect(ok('string', 'xabcx', { pattern: 'abc|def' })).toMatch(/does not match/);
    expect(ok('string', 'x', { pattern: '(' })).toMatch(/not a valid regular expression/);
  });

  it('checks choices and never echoes a secret value', () => {
    expect(ok('string', 'fast', { choices: ['fast', 'slow'] })).toBeUndefined();
    expect(ok('string', 'medium', { choices: ['fast', 'slow'] })).toBe(
      'P: "medium" is not one of the allowed choices: fast, slow',
    );
    const message = ok('port', 'hunter2', { secret: true }) ?? '';
    expect(message).toBe('P: the value is not a port (1–65535)');
    expect(message).not.toContain('hunter2');
  });

  it('accepts an empty optional value and refuses an empty required one', () => {
    expect(ok('port', '')).toBeUndefined();
    expect(ok('port', '', { required: true })).toBe('P: a value is required');
  });
});

describe('resolveParams', () => {
  const params: ParamSpec[] = [
    spec('host', { name: 'MAIL_HOST', required: true }),
    spec('port', { name: 'MAIL_PORT', default: '25' }),
    spec('string', { name: 'NOTE' }),
  ];

  it('applies defaults and keeps every declared name', () => {
    expect(resolveParams(params, { MAIL_HOST: 'mx.example.org' })).toEqual({
      values: { MAIL_HOST: 'mx.example.org', MAIL_PORT: '25', NOTE: '' },
      errors: [],
    });
    expect(resolveParams(params, { MAIL_HOST: 'mx', MAIL_PORT: '' }).values.MAIL_PORT).toBe('25');
  });

  it('refuses a missing required value, unknown names and bad values together', () => {
    const result = resolveParams(params, { MAIL_PORT: '0', EXTRA: 'x' });
    expect(result.errors).toEqual([
      { name: 'EXTRA', message: 'EXTRA: not a parameter of this runbook' },
      { name: 'MAIL_HOST', message: 'MAIL_HOST: a value is required' },
      { name: 'MAIL_PORT', message: 'MAIL_PORT: "0" is not a port (1–65535)' },
    ]);
  });

  it('refuses hostile values for typed parameters', () => {
    const { errors } = resolveParams(params, { MAIL_HOST: '$(reboot)', MAIL_PORT: '25; rm -rf ~' });
    expect(errors.map((e) => e.name)).toEqual(['MAIL_HOST', 'MAIL_PORT']);
  });

  it('does not treat inherited object keys as given values', () => {
    const result = resolveParams([spec('string', { name: 'constructor' })], {});
    expect(result).toEqual({ values: { constructor: '' }, errors: [] });
  });
});

describe('validateParam properties', () => {
  const anySpec = fc.record({
    name: fc.constant('P'),
    label: fc.constant('P'),
    type: fc.constantFrom<ParamType>(...PARAM_TYPES),
    required: fc.boolean(),
    secret: fc.boolean(),
    pattern: fc.option(fc.string({ maxLength: 8 }), { nil: undefined }),
  });

  it('never throws, whatever the spec and value', () => {
    fc.assert(
      fc.property(anySpec, fc.string({ maxLength: 80 }), (s, value) => {
        const result = validateParam(s, value);
        return result === undefined || result.startsWith('P: ');
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts every port from 1 to 65535', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 65535 }), (n) => ok('port', String(n)) === undefined),
    );
  });

  it('accepts every dotted quad', () => {
    const quad = fc.tuple(...Array.from({ length: 4 }, () => fc.integer({ min: 0, max: 255 })));
    fc.assert(
      fc.property(
        quad,
        (parts) =>
          ok('ipv4', parts.join('.')) === undefined && ok('host', parts.join('.')) === undefined,
      ),
    );
  });

  it('accepts full and compressed IPv6 addresses built from random groups', () => {
    const groups = fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 });
    fc.assert(
      fc.property(
        groups,
        fc.integer({ min: 0, max: 7 }),
        fc.integer({ min: 1, max: 8 }),
        (g, at, len) => {
          const hex = g.map((n) => n.toString(16));
          const full = hex.join(':');
          const cut = Math.min(len, 8 - at);
          const compressed = `${hex.slice(0, at).join(':')}::${hex.slice(at + cut).join(':')}`;
          return ok('ipv6', full) === undefined && ok('ipv6', compressed) === undefined;
        },
      ),
    );
  });

  it('accepts integers of any size and sign', () => {
    fc.assert(fc.property(fc.bigInt(), (n) => ok('integer', n.toString()) === undefined));
  });

  it('accepts host names built from valid labels', () => {
    const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?$/);
    const tld = fc.stringMatching(/^[a-z]{2,6}$/);
    fc.assert(
      fc.property(
        fc.array(label, { minLength: 0, maxLength: 4 }),
        tld,
        (labels, top) => ok('host', [...labels, top].join('.')) === undefined,
      ),
    );
  });
});

describe('params.ts stays browser-safe', () => {
  it('imports nothing from Node', () => {
    const source = readFileSync(
      fileURLToPath(new URL('../../../src-main/core/runbook/params.ts', import.meta.url)),
      'utf8',
    );
    const imports = [...source.matchAll(/^import .* from '([^']+)'/gm)].map((m) => m[1]);
    expect(imports).toEqual(['./model.js']);
  });
});

/** A name of the list as a runbook could write it: a prefix gets a tail so it is a whole name. */
function concrete(listed: string): string {
  return listed.endsWith('*') ? `${listed.slice(0, -1)}X1` : listed;
}

/** The same name in other cases: lower, capitalised, alternating. */
function cases(name: string): string[] {
  const lower = name.toLowerCase();
  const capital = lower.charAt(0).toUpperCase() + lower.slice(1);
  const alternating = [...lower].map((c, i) => (i % 2 ? c.toUpperCase() : c)).join('');
  return [...new Set([name, lower, capital, alternating])];
}

function declare(name: string) {
  return parseRunbook(['---', 'params:', `  ${name}: x`, '---', '# T'].join('\n'), 'r.md');
}

describe('reserved parameter names', () => {
  it('attack: every reserved name, in any case, is refused with a message naming the variable and why', () => {
    let checked = 0;
    for (const group of RESERVED_PARAM_NAMES) {
      for (const listed of group.names) {
        for (const name of cases(concrete(listed))) {
          if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) continue;
          const rb = declare(name);
          const problem = rb.problems.find((p) => p.severity === 'error');
          expect(problem?.line, name).toBe(3);
          expect(problem?.message, name).toMatch(
            new RegExp(
              `^parameter ${name} would replace the environment .*${group.why.slice(0, 20)}`,
            ),
          );
          expect(
            rb.params.map((p) => p.name),
            name,
          ).not.toContain(name);
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(200);
  });

  it('attack: the names that slipped through before are refused (LD_AUDIT, GCONV_PATH, Path, …)', () => {
    const names = [
      'LD_AUDIT', 'GCONV_PATH', 'OPENSSL_CONF', 'PERLLIB', 'JAVA_TOOL_OPTIONS', 'GIT_SSH_COMMAND',
      'Path', 'ld_preload', 'Bash_Env', 'node_options', 'PythonPath', 'GLIBC_TUNABLES',
      'DYLD_INSERT_LIBRARIES', 'ELECTRON_RUN_AS_NODE', 'RUNLOG_DATA_DIR', '_JAVA_OPTIONS',
    ]; // prettier-ignore
    for (const name of names) expect(reservedNameProblem(name), name).toBeDefined();
    expect(reservedNameProblem('Path')).toBe(
      'parameter Path would replace the environment variable PATH, which sets where programs, ' +
        'files and the home folder are found (reserved names are matched in any case); rename it',
    );
  });

  it('ordinary names that only look alike stay allowed', () => {
    for (const name of [
      'WIFICARD',
      'PATHNAME',
      'LDAP_HOST',
      'GITHUB_ORG',
      'HOMEPAGE',
      'ENVIRONMENT',
      'MAIL_HOST',
      'SHELL_PROMPT_TEXT',
    ])
      expect(reservedNameProblem(name), name).toBeUndefined();
  });

  it('attack: a reserved name that reaches resolveParams some other way is refused there too', () => {
    const spec: ParamSpec = {
      name: 'LD_PRELOAD',
      label: 'x',
      type: 'string',
      required: false,
      secret: false,
    };
    const { errors } = resolveParams([spec], { LD_PRELOAD: '/tmp/evil.so' });
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/^parameter LD_PRELOAD would replace/),
    ]);
  });
});

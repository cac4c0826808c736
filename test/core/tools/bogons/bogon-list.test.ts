import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBogonList } from '../../../../src-main/core/tools/bogons/bogon-list.js';
import { formatCidr, parseCidr } from '../../../../src-main/core/tools/bogons/cidr.js';
import { fixture } from '../tool-harness.js';

describe('parseBogonList', () => {
  it('reads the "# last updated" header and every prefix of the real IPv4 snapshot', () => {
    const list = parseBogonList(
      readFileSync(fixture('bogons', 'fullbogons-ipv4.2022-03-16.txt'), 'utf8'),
    );
    expect(list.lastUpdated).toEqual({
      epoch: 1647435002,
      text: 'last updated 1647435002 (Wed Mar 16 12:50:02 2022 GMT)',
    });
    expect(list.entries.length).toBe(1479);
    expect(list.problems).toEqual([]);
  });

  it('reports each bad line with its 1-based number, its text and why', () => {
    const list = parseBogonList(readFileSync(fixture('bogons', 'bad-lines.txt'), 'utf8'));
    expect(list.entries.map(formatCidr)).toEqual(['10.0.0.0/8', 'fe80::/10']);
    const byLine = Object.fromEntries(list.problems.map((p) => [p.line, p.reason]));
    expect(Object.keys(byLine).map(Number)).toEqual([3, 4, 5, 6, 7, 8, 10]);
    expect(byLine[3]).toMatch(/host bits set \(the \/8 network is 10\.0\.0\.0\/8\)/);
    expect(byLine[4]).toMatch(/"<html><body>Service unavailable<" is not an IPv4 address/);
    expect(byLine[5]).toMatch(/octet 300 .* out of range/);
    expect(byLine[6]).toMatch(/\/33 exceeds 32 bits/);
    expect(byLine[7]).toMatch(/leading zero/);
    expect(byLine[8]).toMatch(/host bits set \(the \/32 network is 2001:db8::\/32\)/);
    expect(byLine[10]).toMatch(/not an IPv6 address/);
    expect(list.problems[0].text).toBe('10.1.2.3/8');
  });

  it('accepts CRLF line endings and surrounding blanks', () => {
    const list = parseBogonList('# c\r\n  10.0.0.0/8  \r\n\r\n2001:db8::/32\r\n');
    expect(list.problems).toEqual([]);
    expect(list.entries.map(formatCidr)).toEqual(['10.0.0.0/8', '2001:db8::/32']);
  });
});

describe('parseCidr', () => {
  it.each([
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['255.255.255.255/32', '255.255.255.255/32'],
    ['::/0', '::/0'],
    ['2001:DB8:0:0:0:0:0:0/32', '2001:db8::/32'],
    ['::ffff:192.0.2.0/120', '::ffff:c000:200/120'],
    ['2001:db8:0:1:0:0:0:0/64', '2001:db8:0:1::/64'],
  ])('reads %s as %s', (input, canonical) => {
    const parsed = parseCidr(input);
    expect(parsed.ok && formatCidr(parsed.cidr)).toBe(canonical);
  });

  it.each([
    '10.0.0/8',
    '10.0.0.0/',
    '10.0.0.0/8x',
    '1:2:3:4:5:6:7:8:9/64',
    'fe80::%eth0/64',
    '::1::/64',
    ' /8',
  ])('refuses %j', (input) => {
    expect(parseCidr(input).ok).toBe(false);
  });

  it('canonical IPv6 text parses back to the same prefix (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }),
        fc.integer({ min: 0, max: 128 }),
        (v, len) => {
          const network = len === 0 ? 0n : (v >> BigInt(128 - len)) << BigInt(128 - len);
          const text = formatCidr({ family: 6, address: network, prefix: len });
          const back = parseCidr(text);
          return back.ok && back.cidr.address === network && back.cidr.prefix === len;
        },
      ),
    );
  });
});

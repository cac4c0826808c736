import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderAcl, aclNameProblem } from '../../../../src-main/core/tools/bogons/acl-format.js';
import { parseBogonList } from '../../../../src-main/core/tools/bogons/bogon-list.js';
import { fixture, tempDir } from '../tool-harness.js';

const V4_AGG = fixture('bogons', 'bogon-bn-agg.old.txt');
const V4_FULL = fixture('bogons', 'fullbogons-ipv4.2022-03-16.txt');
const V6_FULL = fixture('bogons', 'fullbogons-ipv6.2022-03-16.txt');
const temp = tempDir('rl-acl-');
afterAll(() => temp.remove());

/** The prefixes of a list file, read by the test itself (not by the code under test). */
function prefixesOf(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

/** Dotted quad from a 32-bit BigInt, computed independently of the code under test. */
function dotted(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => ((value >> s) & 255n).toString()).join('.');
}

function expectedIosLine(cidr: string): string {
  const [net, len] = cidr.split('/');
  if (len === '32') return ` deny ip host ${net} any`;
  const wildcard = (1n << BigInt(32 - Number(len))) - 1n;
  return ` deny ip ${net} ${dotted(wildcard)} any`;
}

function expectedAsaLine(cidr: string, name: string, position: number): string {
  const [net, len] = cidr.split('/');
  const head = `access-list ${name} line ${position} extended deny ip`;
  if (len === '32') return `${head} host ${net} any`;
  const netmask = ((1n << 32n) - 1n) ^ ((1n << BigInt(32 - Number(len))) - 1n);
  return `${head} ${net} ${dotted(netmask)} any`;
}

/** The neighbour-discovery and link-local lines every IOS IPv6 list starts with. */
const IPV6_SAFETY_LINES = [
  ' remark first: the denies below cover :: (DAD) and fe80::/10; neighbour discovery must pass',
  ' permit icmp any any nd-ns',
  ' permit icmp any any nd-na',
  ' remark router solicitation/advertisement: for an address or route learnt on this link',
  ' permit icmp any any router-solicitation',
  ' permit icmp any any router-advertisement',
  ' remark link-local neighbours (routing protocols, DHCPv6) to this router and link multicast',
  ' permit ipv6 fe80::/10 fe80::/10',
  ' permit ipv6 fe80::/10 ff02::/16',
];

/**
 * Asks Python's ipaddress module whether each "NET MASK" pair names exactly the network of the
 * source prefix (same first address, same size): a second, unrelated implementation.
 */
function pythonAgrees(pairs: Array<[string, string, string]>): string[] {
  const input = path.join(temp.dir, `pairs-${Math.random()}.txt`);
  writeFileSync(input, pairs.map((p) => p.join(' ')).join('\n'));
  const script = [
    'import ipaddress, sys',
    'bad = []',
    'for line in open(sys.argv[1]):',
    '    src, net, mask = line.split()',
    '    a = ipaddress.ip_network(src)',
    "    b = ipaddress.ip_network(net + '/' + mask)",
    '    if a != b or a.num_addresses != b.num_addresses: bad.append(line.strip())',
    'print("\\n".join(bad))',
  ].join('\n');
  const out = execFileSync('python3', ['-c', script, input], { encoding: 'utf8' }).trim();
  return out === '' ? [] : out.split('\n');
}

describe('IOS conversion of the real Team Cymru snapshots', () => {
  for (const file of [V4_AGG, V4_FULL]) {
    it(`every prefix of ${path.basename(file)} becomes the deny line with its wildcard mask`, () => {
      const list = parseBogonList(readFileSync(file, 'utf8'));
      expect(list.problems).toEqual([]);
      const acl = renderAcl(list.entries, {
        format: 'ios',
        name: 'BOGONS',
        permit: true,
        remarks: [],
      });
      const lines = acl.trimEnd().split('\n');
      const prefixes = prefixesOf(file);
      expect(lines[0]).toBe('ip access-list extended BOGONS');
      expect(lines.slice(1, -1)).toEqual(prefixes.map(expectedIosLine));
      expect(lines.at(-1)).toBe(' permit ip any any');
    });
  }

  it('python3 ipaddress confirms each network/wildcard pair covers exactly its prefix', () => {
    const list = parseBogonList(readFileSync(V4_FULL, 'utf8'));
    const acl = renderAcl(list.entries, { format: 'ios', name: 'B', permit: false, remarks: [] });
    const denies = acl.split('\n').filter((l) => l.startsWith(' deny ip '));
    const prefixes = prefixesOf(V4_FULL);
    const pairs = denies.map((line, i): [string, string, string] => {
      const words = line.trim().split(' ');
      return words[2] === 'host'
        ? [prefixes[i], words[3], '255.255.255.255']
        : [
            prefixes[i],
            words[2],
            words[3]
              .split('.')
              .map((o) => String(255 - Number(o)))
              .join('.'),
          ];
    });
    expect(pairs.length).toBe(prefixes.length);
    expect(pythonAgrees(pairs)).toEqual([]);
  });

  it('a /32 becomes "host A.B.C.D", never an empty wildcard', () => {
    const list = parseBogonList('192.0.2.1/32\n198.51.100.0/31\n');
    const acl = renderAcl(list.entries, { format: 'ios', name: 'X', permit: true, remarks: [] });
    expect(acl).toContain(' deny ip host 192.0.2.1 any\n');
    expect(acl).toContain(' deny ip 198.51.100.0 0.0.0.1 any\n');
  });

  it('--no-permit leaves out the final permits (never the IPv6 safety permits), which are otherwise always last', () => {
    const list = parseBogonList('10.0.0.0/8\n2001:db8::/32\n');
    const withPermit = renderAcl(list.entries, {
      format: 'ios',
      name: 'X',
      permit: true,
      remarks: [],
    });
    const without = renderAcl(list.entries, {
      format: 'ios',
      name: 'X',
      permit: false,
      remarks: [],
    });
    expect(withPermit).toContain(' permit ip any any\n');
    expect(withPermit).toContain(' permit ipv6 any any\n');
    expect(without).not.toMatch(/permit ipv6? any any/);
    expect(without).toContain(IPV6_SAFETY_LINES.join('\n'));
  });

  it('mixed families give an IPv4 list NAME and an IPv6 list NAME-v6', () => {
    const list = parseBogonList('10.0.0.0/8\n2001:db8::/32\n2001:db8:1::1/128\n');
    const acl = renderAcl(list.entries, {
      format: 'ios',
      name: 'EDGE',
      permit: true,
      remarks: ['r'],
    });
    expect(acl).toBe(
      [
        'ip access-list extended EDGE',
        ' remark r',
        ' deny ip 10.0.0.0 0.255.255.255 any',
        ' permit ip any any',
        'ipv6 access-list EDGE-v6',
        ' remark r',
        ...IPV6_SAFETY_LINES,
        ' deny ipv6 2001:db8::/32 any',
        ' deny ipv6 host 2001:db8:1::1 any',
        ' permit ipv6 any any',
        '',
      ].join('\n'),
    );
  });

  it('remarks longer than the 100 characters IOS accepts are cut', () => {
    const list = parseBogonList('10.0.0.0/8\n');
    const acl = renderAcl(list.entries, {
      format: 'ios',
      name: 'X',
      permit: true,
      remarks: ['x'.repeat(300)],
    });
    const remark = acl.split('\n').find((l) => l.startsWith(' remark '));
    expect(remark?.length).toBe(' remark '.length + 100);
  });
});

describe('IPv6 conversion of the real full bogon snapshot', () => {
  it('every one of the 130 000 prefixes is a deny line, canonical per python3 ipaddress', () => {
    const list = parseBogonList(readFileSync(V6_FULL, 'utf8'));
    expect(list.problems).toEqual([]);
    const acl = renderAcl(list.entries, {
      format: 'ios',
      name: 'BOGONS',
      permit: true,
      remarks: [],
    });
    const lines = acl.trimEnd().split('\n');
    expect(lines[0]).toBe('ipv6 access-list BOGONS');
    expect(lines.slice(1, 1 + IPV6_SAFETY_LINES.length)).toEqual(IPV6_SAFETY_LINES);
    expect(lines.at(-1)).toBe(' permit ipv6 any any');
    const body = lines.slice(1 + IPV6_SAFETY_LINES.length, -1);
    const denied = body.map((l) => /^ deny ipv6 (\S+) any$/.exec(l)?.[1]);
    const source = prefixesOf(V6_FULL);
    expect(denied.length).toBe(source.length);
    const input = path.join(temp.dir, 'v6.txt');
    writeFileSync(input, source.map((s, i) => `${s} ${denied[i]}`).join('\n'));
    const script = [
      'import ipaddress, sys',
      'bad = 0',
      'for line in open(sys.argv[1]):',
      '    src, out = line.split()',
      '    n = ipaddress.ip_network(src)',
      '    if out != n.compressed: bad += 1; print(line.strip())',
      'print("mismatches", bad)',
    ].join('\n');
    const out = execFileSync('python3', ['-c', script, input], { encoding: 'utf8' });
    expect(out.trim()).toBe('mismatches 0');
  });
});

describe('ASA and plain formats', () => {
  it('ASA lines use netmasks and positions from line 1, never a permit; checked by BigInt arithmetic and by python3', () => {
    const list = parseBogonList(readFileSync(V4_FULL, 'utf8'));
    const acl = renderAcl(list.entries, {
      format: 'asa',
      name: 'OUTSIDE_IN',
      permit: true,
      remarks: [],
    });
    const lines = acl.trimEnd().split('\n');
    const prefixes = prefixesOf(V4_FULL);
    expect(lines).toEqual(prefixes.map((p, i) => expectedAsaLine(p, 'OUTSIDE_IN', i + 1)));
    expect(acl).not.toMatch(/permit/);
    const pairs = lines.map((line, i): [string, string, string] => {
      const w = line.split(' ');
      return w[7] === 'host' ? [prefixes[i], w[8], '255.255.255.255'] : [prefixes[i], w[7], w[8]];
    });
    expect(pythonAgrees(pairs)).toEqual([]);
  });

  it('ASA puts IPv6 prefixes in the same list as NET/LEN and remarks as numbered access-list remarks', () => {
    const list = parseBogonList('10.0.0.0/8\n2001:db8::/32\n');
    const acl = renderAcl(list.entries, {
      format: 'asa',
      name: 'B',
      permit: true,
      remarks: ['from x'],
    });
    expect(acl).toBe(
      'access-list B line 1 remark from x\n' +
        'access-list B line 2 extended deny ip 10.0.0.0 255.0.0.0 any\n' +
        'access-list B line 3 extended deny ip 2001:db8::/32 any\n',
    );
  });

  it('plain prints one prefix a line and nothing else', () => {
    const text = readFileSync(V4_AGG, 'utf8');
    const list = parseBogonList(text);
    const out = renderAcl(list.entries, {
      format: 'plain',
      name: 'X',
      permit: true,
      remarks: ['r'],
    });
    expect(out).toBe(`${prefixesOf(V4_AGG).join('\n')}\n`);
  });
});

describe('ACL names', () => {
  it.each(['BOGONS', 'bogons-in', 'Edge_v4.2'])('accepts %s', (name) => {
    expect(aclNameProblem(name)).toBeUndefined();
  });
  it.each(['', '101', '1abc', 'has space', 'semi;colon', 'x'.repeat(61), 'new\nline'])(
    'refuses %j',
    (name) => {
      expect(aclNameProblem(name)).toMatch(/ACL name/);
    },
  );
});

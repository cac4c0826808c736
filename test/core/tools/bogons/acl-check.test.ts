import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkAcl, type CheckOptions } from '../../../../src-main/core/tools/bogons/acl-check.js';
import { renderAcl, type AclFormat } from '../../../../src-main/core/tools/bogons/acl-format.js';
import { parseBogonList } from '../../../../src-main/core/tools/bogons/bogon-list.js';
import { builtinListText } from '../../../../src-main/core/tools/bogons/builtin-lists.js';
import { fixture, tempDir } from '../tool-harness.js';

const temp = tempDir('rl-check-');
afterAll(() => temp.remove());

const LIST = parseBogonList(readFileSync(fixture('bogons', 'acls', 'list.txt'), 'utf8')).entries;

function check(file: string, dialect: 'ios' | 'asa', name: string) {
  const text = readFileSync(fixture('bogons', 'acls', file), 'utf8');
  return checkAcl(text, { dialect, list: LIST, listLabel: 'list.txt', name });
}

/** Builds the ACL of a real snapshot the way `runlog bogons` does, and checks it. */
function built(list: string, format: AclFormat, name = 'BOGONS') {
  const entries = parseBogonList(list).entries;
  const text = renderAcl(entries, { format, name, permit: true, remarks: ['from a test'] });
  const options: CheckOptions = { dialect: format, list: entries, listLabel: 'the list', name };
  return { text, options, entries };
}

const SNAPSHOTS = {
  agg: readFileSync(fixture('bogons', 'bogon-bn-agg.old.txt'), 'utf8'),
  v4: readFileSync(fixture('bogons', 'fullbogons-ipv4.2022-03-16.txt'), 'utf8'),
  v6: readFileSync(fixture('bogons', 'fullbogons-ipv6.2022-03-16.txt'), 'utf8'),
};

describe('runlog bogons check: what a generated ACL must prove', () => {
  it.each([
    ['bogon-bn-agg as IOS', SNAPSHOTS.agg, 'ios'],
    ['fullbogons-ipv4 as IOS', SNAPSHOTS.v4, 'ios'],
    ['fullbogons-ipv4 as ASA', SNAPSHOTS.v4, 'asa'],
    ['fullbogons-ipv4 as plain', SNAPSHOTS.v4, 'plain'],
    ['fullbogons-ipv6 as IOS', SNAPSHOTS.v6, 'ios'],
    ['fullbogons-ipv6 as ASA', SNAPSHOTS.v6, 'asa'],
    ['both families as IOS', `${SNAPSHOTS.agg}\n2001:db8::/32\n8000::/1\n`, 'ios'],
    ['ipv6-compact as IOS', builtinListText('ipv6-compact'), 'ios'],
  ] as const)('accepts what runlog bogons writes for %s', (_, list, format) => {
    const { text, options } = built(list, format);
    const report = checkAcl(text, options);
    expect(report.problems).toEqual([]);
    expect(report.proven.length).toBeGreaterThan(0);
  });

  it('the accepted good fixture passes, each family proven apart', () => {
    const report = check('good.acl', 'ios', 'BOGONS');
    expect(report.problems).toEqual([]);
    expect(report.proven).toEqual([
      'IPv4 list BOGONS (lines 2-7): 3 deny lines, no permit above them, and "permit ip any any" last (line 7)',
      'IPv6 list BOGONS-v6 (lines 8-19): 3 deny lines, no permit above them but ND and link-local, which pass before the first deny (line 16), and "permit ipv6 any any" last (line 19)',
      'all 3 IPv4 prefixes of list.txt are denied',
      'all 3 IPv6 prefixes of list.txt are denied',
    ]);
    expect(check('asa-good.acl', 'asa', 'OUTSIDE_IN').problems).toEqual([]);
  });

  // Each bad ACL must fail, at the line that is wrong, for the reason it is wrong.
  it.each([
    ['v4-no-permit-then-v6.acl', 'ios', 5, 'ends here without "permit ip any any"'],
    ['netmask-as-wildcard.acl', 'ios', 4, '255.0.0.0 is a netmask where IOS wants a wildcard mask'],
    ['octet-999.acl', 'ios', 5, 'octet 999 in "192.0.999.0" is out of range'],
    ['permit-any-first.acl', 'ios', 4, '"permit ip any any" comes before the deny at line 7'],
    ['ipv6-denies-before-nd.acl', 'ios', 10, 'drops neighbour solicitations'],
    ['ipv6-denies-before-nd.acl', 'ios', 12, 'link-local unicast'],
    ['ipv6-without-nd.acl', 'ios', 12, 'put "permit icmp any any nd-na"'],
    ['ipv6-nd-too-narrow.acl', 'ios', 16, 'duplicate address detection from ::'],
    ['ipv6-permit-any-first.acl', 'ios', 10, '"permit ipv6 any any" comes before the deny'],
    ['not-on-list.acl', 'ios', 6, '8.8.8.0/24 is not a prefix of list.txt'],
    ['missing-prefix.acl', 'ios', 2, 'denied by no line: 203.0.113.7/32'],
    ['host-bits.acl', 'ios', 4, '10.1.0.0 has bits set outside its mask'],
    ['deny-not-any-destination.acl', 'ios', 5, 'a bogon deny matches any destination'],
    ['deny-any.acl', 'ios', 7, 'denies every source'],
    ['final-permit-tcp-only.acl', 'ios', 7, 'ends here without "permit ip any any"'],
    ['ipv6-in-ipv4-list.acl', 'ios', 5, 'an IPv6 address in an IPv4 list'],
    [
      'stray-config-line.acl',
      'ios',
      8,
      '"interface GigabitEthernet0/0" is not a line of an access list',
    ],
    ['asa-permit-any.acl', 'asa', 8, 'a permit in the ASA block'],
    ['asa-permit-any.acl', 'asa', 2, 'the lines are for list BOGONS, not OUTSIDE_IN'],
    ['asa-permit-inside.acl', 'asa', 5, 'a permit in the ASA block'],
    ['asa-no-line.acl', 'asa', 2, 'no "line 1": the ASA appends it after'],
    ['asa-out-of-order.acl', 'asa', 5, '"line 9" where line 4 is due'],
    ['asa-wildcard.acl', 'asa', 4, '0.0.0.255 is a wildcard mask where the ASA wants a netmask'],
  ] as const)('%s (%s) fails at line %s: %s', (file, dialect, line, words) => {
    const name = dialect === 'asa' ? 'OUTSIDE_IN' : 'BOGONS';
    const report = check(file, dialect, name);
    expect(report.proven.join('\n')).not.toMatch(/^OK/);
    const at = report.problems.filter((p) => p.line === line).map((p) => p.message);
    expect(at.join('\n'), JSON.stringify(report.problems, null, 1)).toContain(words);
  });
});

/** The IOS IPv6 list of a real snapshot, as lines. */
function ipv6Lines(): string[] {
  return built(SNAPSHOTS.v6, 'ios').text.trimEnd().split('\n');
}

describe('the generated IPv6 list keeps neighbour discovery and link-local working', () => {
  it('permits nd-ns, nd-na and link-local to fe80::/10 and ff02::/16 before its first deny, with a remark for each', () => {
    const lines = ipv6Lines();
    const firstDeny = lines.findIndex((l) => l.startsWith(' deny '));
    const above = lines.slice(0, firstDeny);
    for (const rule of [
      ' permit icmp any any nd-ns',
      ' permit icmp any any nd-na',
      ' permit icmp any any router-solicitation',
      ' permit icmp any any router-advertisement',
      ' permit ipv6 fe80::/10 fe80::/10',
      ' permit ipv6 fe80::/10 ff02::/16',
    ]) {
      expect(above).toContain(rule);
    }
    expect(above.filter((l) => l.startsWith(' remark ')).length).toBeGreaterThanOrEqual(3);
    expect(lines[firstDeny]).toBe(' deny ipv6 ::/8 any');
    // Only those: no other permit sits above the last deny.
    const lastDeny = lines.findLastIndex((l) => l.startsWith(' deny '));
    const permits = lines.slice(0, lastDeny).filter((l) => l.startsWith(' permit '));
    expect(permits).toHaveLength(6);
  });

  it('python3 ipaddress agrees, first match wins: ND and link-local pass, a link-local or ULA source towards the Internet does not, an allocated one does', () => {
    const lines = ipv6Lines();
    const file = path.join(temp.dir, 'v6.acl');
    writeFileSync(file, lines.join('\n'));
    // First match wins, as on the router; python3 decides with its own address arithmetic.
    const script = [
      'import ipaddress, sys',
      'rules = []',
      'for line in open(sys.argv[1]):',
      '    w = line.split()',
      "    if not w or w[0] not in ('permit', 'deny'): continue",
      "    net = lambda t: ipaddress.ip_network('::/0' if t == 'any' else t)",
      '    span = lambda n: (int(n.network_address), int(n.broadcast_address))',
      '    rules.append((w[0], w[1], span(net(w[2])), span(net(w[3])), w[4] if len(w) > 4 else None))',
      'def verdict(proto, icmp, src, dst):',
      '    s, d = int(ipaddress.ip_address(src)), int(ipaddress.ip_address(dst))',
      '    for action, p, (s0, s1), (d0, d1), t in rules:',
      "        if p == 'ipv6' or (p == proto and (t is None or t == icmp)):",
      '            if s0 <= s <= s1 and d0 <= d <= d1: return action',
      "    return 'deny'",
      "print(verdict('icmp', 'nd-ns', '::', 'ff02::1:ff00:1'))",
      "print(verdict('icmp', 'nd-na', 'fe80::1', 'ff02::1'))",
      "print(verdict('udp', None, 'fe80::1', 'ff02::5'))",
      "print(verdict('tcp', None, 'fe80::1', 'fe80::2'))",
      "print(verdict('tcp', None, 'fe80::1', '2001:4860::1'))",
      "print(verdict('tcp', None, 'fc00::1', '2001:4860::1'))",
      "print(verdict('tcp', None, '2a00:1450:4001::1', '2001:db8::1'))",
    ].join('\n');
    const out = execFileSync('python3', ['-c', script, file], { encoding: 'utf8' }).split('\n');
    expect(out.slice(0, 7)).toEqual([
      'permit',
      'permit',
      'permit',
      'permit',
      'deny',
      'deny',
      'permit',
    ]);
  });
});

describe('runlog bogons check against tampering with a real generated ACL', () => {
  /** The generated ACL with `edit` applied, checked; returns the problems' lines and words. */
  function tampered(
    list: string,
    format: AclFormat,
    edit: (lines: string[]) => string[],
  ): Array<[number, string]> {
    const { text, options } = built(list, format, format === 'asa' ? 'OUTSIDE_IN' : 'BOGONS');
    const lines = edit(text.trimEnd().split('\n'));
    const report = checkAcl(`${lines.join('\n')}\n`, options);
    return report.problems.map((p) => [p.line, p.message]);
  }

  it('a deleted deny line is found by its prefix', () => {
    const problems = tampered(SNAPSHOTS.v4, 'ios', (l) =>
      l.filter((x) => x !== ' deny ip 10.0.0.0 0.255.255.255 any'),
    );
    expect(problems).toEqual([
      [1, expect.stringContaining('denied by no line: 10.0.0.0/8') as string],
    ]);
  });

  it('the final permit moved to the top is found twice: above the denies, and missing at the end', () => {
    const problems = tampered(SNAPSHOTS.agg, 'ios', (l) => [
      l[0],
      l.at(-1) ?? '',
      ...l.slice(1, -1),
    ]);
    expect(problems.map((p) => p[1])).toEqual([
      expect.stringContaining('comes before the deny'),
      expect.stringContaining('ends here without "permit ip any any"'),
    ]);
  });

  it('one changed wildcard among 1 479 lines is found at its line', () => {
    const problems = tampered(SNAPSHOTS.v4, 'ios', (l) =>
      l.map((x, i) => (i === 700 ? x.replace(/ 0\.0\.(\d+)\.255 any$/, ' 255.255.$1.0 any') : x)),
    );
    expect(problems.some(([line, m]) => line === 701 && /netmask|wildcard/.test(m))).toBe(true);
  });

  it('the neighbour-discovery permits moved below the denies of the full IPv6 list are refused', () => {
    const problems = tampered(SNAPSHOTS.v6, 'ios', (l) => {
      const safety = l.slice(1, 13);
      return [l[0], ...l.slice(13, -1), ...safety, l.at(-1) ?? ''];
    });
    expect(problems.map((p) => p[1]).join('\n')).toContain('would lose its IPv6 neighbours');
  });

  it('an ASA block with one permit appended, or one line without its position, is refused', () => {
    const permit = tampered(SNAPSHOTS.agg, 'asa', (l) => [
      ...l,
      `access-list OUTSIDE_IN line ${l.length + 1} extended permit ip any any`,
    ]);
    expect(permit).toEqual([
      [expect.any(Number), expect.stringContaining('a permit in the ASA block')],
    ]);
    const unplaced = tampered(SNAPSHOTS.agg, 'asa', (l) =>
      l.map((x, i) => (i === 5 ? x.replace(/ line \d+/, '') : x)),
    );
    expect(unplaced).toEqual([[6, expect.stringContaining('no "line 6"')]]);
  });

  it('an empty file and a file of remarks only are refused', () => {
    const options: CheckOptions = { dialect: 'ios', list: LIST, listLabel: 'list.txt' };
    expect(checkAcl('', options).problems[0]?.message).toBe('no access list found in the file');
    const remarks = checkAcl('ip access-list extended B\n remark nothing\n', options).problems;
    expect(remarks.map((p) => p.message).join('\n')).toContain('has no deny line');
  });
});

import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseBogonList } from '../../../../src-main/core/tools/bogons/bogon-list.js';
import { builtinListText } from '../../../../src-main/core/tools/bogons/builtin-lists.js';

describe('the built-in ipv6-compact list', () => {
  const text = builtinListText('ipv6-compact');

  it('reads as a valid bogon list', () => {
    const list = parseBogonList(text);
    expect(list.problems).toEqual([]);
    expect(list.entries.length).toBeGreaterThan(5);
    expect(list.entries.every((e) => e.family === 6)).toBe(true);
  });

  it('python3 ipaddress: it covers exactly the space outside 2000::/3 plus special-purpose blocks, and no allocated address', () => {
    const script = [
      'import ipaddress, sys',
      'nets = [ipaddress.ip_network(l) for l in sys.stdin.read().split("\\n") if l and not l.startswith("#")]',
      'g = ipaddress.ip_network("2000::/3")',
      'outside = [n for n in nets if not n.subnet_of(g)]',
      'total = sum(n.num_addresses for n in outside)',
      'print("outside-is-complement", total == 2**128 - g.num_addresses)',
      'hit = lambda a: any(ipaddress.ip_address(a) in n for n in nets)',
      'for a in ["::", "::1", "fe80::1", "ff02::1", "fc00::1", "fd00::1", "::ffff:192.0.2.1", "64:ff9b::1", "2001:db8::1", "3fff::1", "3ffe::1", "2001:2::1", "2001:10::1"]:',
      '    print("bogon", a, hit(a))',
      'for a in ["2001:4860:4860::8888", "2a00:1450:4001::1", "2600::1", "2002:c000:201::1", "2001::1"]:',
      '    print("allocated", a, hit(a))',
    ].join('\n');
    const out = execFileSync('python3', ['-c', script], { input: text, encoding: 'utf8' });
    const lines = out.trim().split('\n');
    expect(lines[0]).toBe('outside-is-complement True');
    for (const line of lines.slice(1)) {
      expect(line).toMatch(line.startsWith('bogon') ? / True$/ : / False$/);
    }
  });
});

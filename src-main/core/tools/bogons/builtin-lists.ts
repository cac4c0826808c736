/**
 * Lists that `runlog bogons` carries itself instead of fetching. `ipv6-compact` is the short
 * alternative to Team Cymru's full IPv6 list (130 000 prefixes in 2022, more than many routers
 * can hold in an ACL): everything outside 2000::/3, the only block IANA hands out as global
 * unicast, plus the special-purpose blocks inside it that never source Internet traffic. It
 * changes only when IANA's registries do, so it needs no refresh.
 */

/** Names of the built-in lists. */
export const BUILTIN_LISTS = ['ipv6-compact'] as const;
/** One of {@link BUILTIN_LISTS}. */
export type BuiltinList = (typeof BUILTIN_LISTS)[number];

/** Text of each built-in list, in the same layout as Team Cymru's files. */
const TEXTS: Record<BuiltinList, string> = {
  'ipv6-compact': [
    '# runlog built-in list ipv6-compact: IPv6 sources never valid from the Internet',
    '# (IANA IPv6 Address Space and IPv6 Special-Purpose Address registries)',
    '# Everything outside 2000::/3, the global unicast space: ::/3 holds ::, ::1,',
    '# IPv4-mapped and NAT64 addresses; 4000::/2 is unassigned; 8000::/1 holds',
    '# fc00::/7 unique local, fe80::/10 link-local and ff00::/8 multicast.',
    '::/3',
    '4000::/2',
    '8000::/1',
    '# Inside 2000::/3: benchmarking (RFC 5180)',
    '2001:2::/48',
    '# ORCHID, deprecated (RFC 4843)',
    '2001:10::/28',
    '# documentation (RFC 3849)',
    '2001:db8::/32',
    '# former 6bone test addresses, returned to IANA (RFC 3701)',
    '3ffe::/16',
    '# documentation (RFC 9637)',
    '3fff::/20',
    '# 6to4 (2002::/16) is left out: hosts behind 6to4 relays still send from it.',
    '',
  ].join('\n'),
};

/** True when `name` is a built-in list. */
export function isBuiltinList(name: string): name is BuiltinList {
  return (BUILTIN_LISTS as readonly string[]).includes(name);
}

/** The text of a built-in list. */
export function builtinListText(name: BuiltinList): string {
  return TEXTS[name];
}

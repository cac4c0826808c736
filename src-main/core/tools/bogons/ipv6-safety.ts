/**
 * What an inbound IPv6 bogon ACL must let through before its first deny. The full bogon list
 * holds `::/8` (which contains `::`, the source of duplicate address detection) and `8000::/1`
 * (which contains `fe80::/10` link-local and `ff00::/8` multicast). IOS only adds its implicit
 * neighbour-discovery permits at the very end of a list, so without the rules below an applied
 * list drops neighbour solicitations and advertisements and the routing protocols that speak
 * from link-local addresses: the interface loses its IPv6 neighbours.
 */
import { cidrOf, type Cidr } from './cidr.js';

/** A group of rules written above the denies, with the remark that says why. */
export interface SafetyBlock {
  remark: string;
  rules: string[];
}

/**
 * The rules `runlog bogons` writes at the top of every IOS IPv6 list. Permitting ND from any
 * source is what IOS itself does implicitly; a forwarded ND packet is useless to an attacker
 * because receivers drop ND whose hop limit is not 255. A router never forwards a packet with a
 * link-local source, so permitting those reaches this router only.
 */
export const IPV6_SAFETY_BLOCKS: readonly SafetyBlock[] = [
  {
    remark: 'first: the denies below cover :: (DAD) and fe80::/10; neighbour discovery must pass',
    rules: ['permit icmp any any nd-ns', 'permit icmp any any nd-na'],
  },
  {
    remark: 'router solicitation/advertisement: for an address or route learnt on this link',
    rules: ['permit icmp any any router-solicitation', 'permit icmp any any router-advertisement'],
  },
  {
    remark: 'link-local neighbours (routing protocols, DHCPv6) to this router and link multicast',
    rules: ['permit ipv6 fe80::/10 fe80::/10', 'permit ipv6 fe80::/10 ff02::/16'],
  },
];

/** ICMPv6 message types (IOS keywords) that may be permitted above the bogon denies. */
export const NEIGHBOUR_DISCOVERY_TYPES: readonly string[] = [
  'nd-ns',
  'nd-na',
  'router-solicitation',
  'router-advertisement',
];

/** Link-local unicast: never forwarded by a router, so a permit from it reaches the router only. */
export const LINK_LOCAL = cidrOf('fe80::/10');

/** One thing the list must permit before a deny that would otherwise drop it. */
export interface SafetyRequirement {
  /** What breaks without it, for the message. */
  what: string;
  /** The rule that provides it, as `runlog bogons` writes it. */
  rule: string;
  protocol: 'icmp' | 'ipv6';
  icmpType?: string;
  /** Sources that bogon denies would catch; the permit must cover each. */
  sources: Cidr[];
  /** Destinations the permit must cover. */
  destinations: Cidr[];
}

/** The permits checked by `runlog bogons check` in front of the first deny that needs them. */
export const IPV6_SAFETY_REQUIREMENTS: readonly SafetyRequirement[] = [
  {
    what: 'neighbour solicitations (duplicate address detection from :: too)',
    rule: 'permit icmp any any nd-ns',
    protocol: 'icmp',
    icmpType: 'nd-ns',
    sources: [cidrOf('::/128'), LINK_LOCAL],
    destinations: [cidrOf('ff02::1:ff00:0/104'), LINK_LOCAL],
  },
  {
    what: 'neighbour advertisements',
    rule: 'permit icmp any any nd-na',
    protocol: 'icmp',
    icmpType: 'nd-na',
    sources: [LINK_LOCAL],
    destinations: [cidrOf('ff02::1/128'), LINK_LOCAL],
  },
  {
    what: 'link-local unicast (BGP, OSPFv3, DHCPv6)',
    rule: 'permit ipv6 fe80::/10 fe80::/10',
    protocol: 'ipv6',
    sources: [LINK_LOCAL],
    destinations: [LINK_LOCAL],
  },
  {
    what: 'link-local multicast (OSPFv3 and EIGRP hellos, MLD)',
    rule: 'permit ipv6 fe80::/10 ff02::/16',
    protocol: 'ipv6',
    sources: [LINK_LOCAL],
    destinations: [cidrOf('ff02::/16')],
  },
];

/**
 * Strict IPv4 / IPv6 prefix parsing and the mask arithmetic that ACLs need. Strict on purpose:
 * a bogon filter built from a misread line blocks the wrong addresses, so anything ambiguous
 * (leading zeros, host bits set, zone ids) is refused with a reason instead of guessed at.
 */

/** One network prefix; `address` is the network address as an unsigned integer. */
export interface Cidr {
  family: 4 | 6;
  address: bigint;
  prefix: number;
}

/** Result of {@link parseCidr}: the prefix, or why the text is not one. */
export type CidrResult = { ok: true; cidr: Cidr } | { ok: false; reason: string };

const IPV4_BITS = 32;
const IPV6_BITS = 128;
/** Groups in a full IPv6 address (8 × 16 bits). */
const IPV6_GROUPS = 8;

function bitsOf(family: 4 | 6): number {
  return family === 4 ? IPV4_BITS : IPV6_BITS;
}

/** Longest piece of a bad line quoted back in a message; the rest is elided. */
const QUOTE_LIMIT = 60;

function clip(text: string): string {
  return text.length > QUOTE_LIMIT ? `${text.slice(0, QUOTE_LIMIT)}...` : text;
}

/** All-ones value of the family's width. */
function allOnes(family: 4 | 6): bigint {
  return (1n << BigInt(bitsOf(family))) - 1n;
}

/** The netmask (`255.255.254.0` for a /23) as an integer. */
export function netmaskOf(family: 4 | 6, prefix: number): bigint {
  return allOnes(family) ^ hostmaskOf(family, prefix);
}

/** The inverted netmask, which Cisco IOS calls the wildcard mask (`0.0.1.255` for a /23). */
export function hostmaskOf(family: 4 | 6, prefix: number): bigint {
  return (1n << BigInt(bitsOf(family) - prefix)) - 1n;
}

/** Parses `A.B.C.D/N` or an IPv6 `PREFIX/N`; the host part must be all zeros. */
export function parseCidr(text: string): CidrResult {
  const slash = text.indexOf('/');
  if (slash < 0) {
    return { ok: false, reason: `"${clip(text)}" is not a CIDR prefix (no "/length")` };
  }
  const addressText = text.slice(0, slash);
  const lengthText = text.slice(slash + 1);
  const family: 4 | 6 = addressText.includes(':') ? 6 : 4;
  const parsed = family === 4 ? parseIpv4(addressText) : parseIpv6(addressText);
  if (typeof parsed === 'string') return { ok: false, reason: parsed };
  if (!/^(0|[1-9][0-9]{0,2})$/.test(lengthText)) {
    return { ok: false, reason: `prefix length "${lengthText}" is not a number` };
  }
  const prefix = Number(lengthText);
  if (prefix > bitsOf(family)) {
    return { ok: false, reason: `prefix length /${prefix} exceeds ${bitsOf(family)} bits` };
  }
  if ((parsed & hostmaskOf(family, prefix)) !== 0n) {
    const network = formatAddress(family, parsed & netmaskOf(family, prefix));
    return {
      ok: false,
      reason: `host bits set (the /${prefix} network is ${network}/${prefix})`,
    };
  }
  return { ok: true, cidr: { family, address: parsed, prefix } };
}

/** Parses dotted-quad IPv4; returns the value, or a reason string. */
export function parseIpv4(text: string): bigint | string {
  const parts = text.split('.');
  if (parts.length !== 4) return `"${text}" is not an IPv4 address (needs four octets)`;
  let value = 0n;
  for (const part of parts) {
    if (!/^[0-9]{1,3}$/.test(part)) return `"${text}" is not an IPv4 address`;
    if (part.length > 1 && part.startsWith('0')) {
      return `octet "${part}" in "${text}" has a leading zero (octal or decimal is ambiguous)`;
    }
    const octet = Number(part);
    if (octet > 255) return `octet ${octet} in "${text}" is out of range (0-255)`;
    value = (value << 8n) | BigInt(octet);
  }
  return value;
}

/** Parses an IPv6 address (with `::` and an optional dotted IPv4 tail); value or reason. */
export function parseIpv6(text: string): bigint | string {
  const bad = `"${text}" is not an IPv6 address`;
  if (text.includes('%')) return `"${text}" has a zone id, which has no place in a prefix`;
  const halves = text.split('::');
  if (halves.length > 2) return `${bad} ("::" may appear only once)`;
  const compressed = halves.length === 2;
  const head = parseGroups(halves[0], !compressed);
  const tail = compressed ? parseGroups(halves[1], true) : [];
  if (typeof head === 'string') return `${bad}${head}`;
  if (typeof tail === 'string') return `${bad}${tail}`;
  const count = head.length + tail.length;
  if (!compressed && count !== IPV6_GROUPS) return `${bad} (needs eight groups or "::")`;
  if (compressed && count >= IPV6_GROUPS) return `${bad} ("::" must stand for a zero group)`;
  const full = [...head, ...new Array<number>(IPV6_GROUPS - count).fill(0), ...tail];
  return full.reduce((acc, g) => (acc << 16n) | BigInt(g), 0n);
}

/** Colon-separated hex groups; the last may be a dotted IPv4 address when `ipv4Tail`. */
function parseGroups(text: string, ipv4Tail: boolean): number[] | string {
  if (text === '') return [];
  const parts = text.split(':');
  const groups: number[] = [];
  for (let i = 0; i < parts.length; i += 1) {
    const part = parts[i];
    if (ipv4Tail && i === parts.length - 1 && part.includes('.')) {
      const v4 = parseIpv4(part);
      if (typeof v4 === 'string') return ` (${v4})`;
      groups.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
    } else if (/^[0-9a-fA-F]{1,4}$/.test(part)) {
      groups.push(parseInt(part, 16));
    } else {
      return part === '' ? ' (empty group)' : ` ("${part}" is not a hex group)`;
    }
  }
  return groups;
}

/** Formats an address: dotted quad for IPv4, RFC 5952 canonical text for IPv6. */
export function formatAddress(family: 4 | 6, value: bigint): string {
  if (family === 4) {
    return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
  }
  const groups: number[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(Number((value >> shift) & 0xffffn));
  const [start, length] = longestZeroRun(groups);
  const hex = groups.map((g) => g.toString(16));
  if (length < 2) return hex.join(':');
  return `${hex.slice(0, start).join(':')}::${hex.slice(start + length).join(':')}`;
}

/** RFC 5952 §4.2: the longest run of zero groups (first one on a tie) is shortened to `::`. */
function longestZeroRun(groups: number[]): [number, number] {
  let best: [number, number] = [-1, 0];
  let runStart = -1;
  for (let i = 0; i <= groups.length; i += 1) {
    if (i < groups.length && groups[i] === 0) {
      if (runStart < 0) runStart = i;
    } else if (runStart >= 0) {
      if (i - runStart > best[1]) best = [runStart, i - runStart];
      runStart = -1;
    }
  }
  return best;
}

/** `NET/LEN` in canonical text. */
export function formatCidr(cidr: Cidr): string {
  return `${formatAddress(cidr.family, cidr.address)}/${cidr.prefix}`;
}

/** True when every address of `inner` is in `outer` (same family, `outer` no longer). */
export function covers(outer: Cidr, inner: Cidr): boolean {
  if (outer.family !== inner.family || outer.prefix > inner.prefix) return false;
  return (inner.address & netmaskOf(outer.family, outer.prefix)) === outer.address;
}

/** True when the two prefixes share at least one address. */
export function overlaps(a: Cidr, b: Cidr): boolean {
  return covers(a, b) || covers(b, a);
}

/** Parses a prefix known to be valid (a constant in the code); throws when it is not. */
export function cidrOf(text: string): Cidr {
  const parsed = parseCidr(text);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.reason}`);
  return parsed.cidr;
}

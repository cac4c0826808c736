/**
 * Reading an ACL back into a model: lists, their rules, and what each rule matches. This is a
 * second, independent reading of what `runlog bogons` wrote (or what someone edited by hand),
 * so that `runlog bogons check` can judge what the list does rather than how its lines look.
 * The parser understands the subset of IOS and ASA syntax a bogon filter uses and names the
 * line of anything else.
 */
import {
  formatAddress,
  hostmaskOf,
  netmaskOf,
  parseCidr,
  parseIpv4,
  parseIpv6,
  type Cidr,
} from './cidr.js';

/** The three output formats, read back. */
export type AclDialect = 'ios' | 'asa' | 'plain';

/** What a source or destination matches: everything, or one prefix. */
export type AddressMatch = { kind: 'any' } | { kind: 'prefix'; cidr: Cidr };

interface LineBase {
  /** 1-based line in the file. */
  line: number;
  text: string;
  /** ASA `line N` or an IOS sequence number, when given. */
  position?: number;
}

/** A `remark` line. */
export interface AclRemark extends LineBase {
  kind: 'remark';
}

/** A permit or deny rule. */
export interface AclRule extends LineBase {
  kind: 'rule';
  action: 'permit' | 'deny';
  protocol: string;
  source: AddressMatch;
  destination: AddressMatch;
  /** Words after the destination: an ICMPv6 type such as `nd-ns`, or `log`. */
  options: string[];
}

/** One line of a list. */
export type AclLine = AclRemark | AclRule;

/** One access list in the file. */
export interface AclSection {
  name: string;
  /** 4 or 6 for an IOS list; undefined where both families share a list (ASA, plain). */
  family?: 4 | 6;
  /** Line of the header (IOS) or of the first line (ASA, plain). */
  line: number;
  /** Line of the list's last line. */
  lastLine: number;
  lines: AclLine[];
}

/** Something the file says that is wrong or not understood. */
export interface AclProblem {
  line: number;
  message: string;
}

/** The whole file, read. */
export interface ParsedAcl {
  sections: AclSection[];
  problems: AclProblem[];
}

const IOS_HEADER = /^(ip access-list extended|ipv6 access-list)\s+(\S+)$/;
const IPV4_ALL = 0xffffffffn;

/** Reads ACL text in the given dialect; never throws, problems carry their line. */
export function parseAcl(text: string, dialect: AclDialect): ParsedAcl {
  const parsed: ParsedAcl = { sections: [], problems: [] };
  const reader =
    dialect === 'ios' ? new IosReader(parsed) : dialect === 'asa' ? new AsaReader(parsed) : null;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const raw = lines[i].replace(/\r$/, '');
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('!') || trimmed.startsWith('#')) continue;
    try {
      if (reader) reader.read(i + 1, raw, trimmed);
      else readPlain(parsed, i + 1, raw, trimmed);
    } catch (error) {
      if (!(error instanceof LineError)) throw error;
      parsed.problems.push({ line: i + 1, message: error.message });
    }
  }
  return parsed;
}

/** A line that cannot be read; caught per line so that one bad line hides no other. */
class LineError extends Error {}

function section(parsed: ParsedAcl, name: string, line: number, family?: 4 | 6): AclSection {
  const created: AclSection = { name, family, line, lastLine: line, lines: [] };
  parsed.sections.push(created);
  return created;
}

/** IOS: `ip access-list extended NAME` / `ipv6 access-list NAME`, then indented rules. */
class IosReader {
  private current: AclSection | undefined;

  constructor(private readonly parsed: ParsedAcl) {}

  read(line: number, raw: string, trimmed: string): void {
    const header = IOS_HEADER.exec(trimmed);
    if (header) {
      const family = header[1] === 'ipv6 access-list' ? 6 : 4;
      this.current = section(this.parsed, header[2], line, family);
      return;
    }
    if (/^(ip|ipv6) access-list\b/.test(trimmed)) {
      throw new LineError(
        `"${trimmed}": a bogon list is "ip access-list extended NAME" or "ipv6 access-list NAME"`,
      );
    }
    if (/^access-list\s/.test(trimmed)) {
      throw new LineError('a numbered "access-list" line; this file holds named IOS lists');
    }
    if (!this.current) throw new LineError(`"${trimmed}" is outside any access list`);
    const words = trimmed.split(/\s+/);
    const position = /^[0-9]+$/.test(words[0]) ? Number(words.shift()) : undefined;
    this.current.lines.push(readRule(line, raw, words, position, this.current.family ?? 4, 'ios'));
    this.current.lastLine = line;
  }
}

/** ASA: every line is `access-list NAME [line N] remark …|extended permit|deny …`. */
class AsaReader {
  private readonly byName = new Map<string, AclSection>();

  constructor(private readonly parsed: ParsedAcl) {}

  read(line: number, raw: string, trimmed: string): void {
    const words = trimmed.split(/\s+/);
    if (words[0] !== 'access-list' || words.length < 3) {
      throw new LineError(`"${trimmed}" is not an access-list line`);
    }
    const name = words[1];
    let rest = words.slice(2);
    let position: number | undefined;
    if (rest[0] === 'line') {
      if (!/^[1-9][0-9]*$/.test(rest[1] ?? '')) {
        throw new LineError(`"line" must be followed by a position (1, 2, …)`);
      }
      position = Number(rest[1]);
      rest = rest.slice(2);
    }
    if (rest[0] === 'extended') rest = rest.slice(1);
    else if (rest[0] !== 'remark') {
      throw new LineError(`expected "extended" or "remark" after access-list ${name}`);
    }
    let target = this.byName.get(name);
    if (!target) {
      target = section(this.parsed, name, line);
      this.byName.set(name, target);
    }
    target.lines.push(readRule(line, raw, rest, position, undefined, 'asa'));
    target.lastLine = line;
  }
}

/** `plain`: one prefix a line, read as a deny of that source. */
function readPlain(parsed: ParsedAcl, line: number, raw: string, trimmed: string): void {
  const target = parsed.sections[0] ?? section(parsed, 'plain', line);
  const result = parseCidr(trimmed);
  if (!result.ok) throw new LineError(result.reason);
  const source: AddressMatch = { kind: 'prefix', cidr: result.cidr };
  target.lines.push({
    kind: 'rule',
    line,
    text: raw,
    action: 'deny',
    protocol: 'ip',
    source,
    destination: { kind: 'any' },
    options: [],
  });
  target.lastLine = line;
}

/** `remark …` or `permit|deny PROTOCOL SOURCE DESTINATION [OPTIONS]`. */
function readRule(
  line: number,
  text: string,
  words: string[],
  position: number | undefined,
  family: 4 | 6 | undefined,
  dialect: 'ios' | 'asa',
): AclLine {
  const [action, protocol] = words;
  if (action === 'remark') return { kind: 'remark', line, text, position };
  if (action !== 'permit' && action !== 'deny') {
    throw new LineError(
      `"${text.trim()}" is not a line of an access list (expected permit, deny or remark)`,
    );
  }
  if (protocol === undefined) throw new LineError(`${action} without a protocol`);
  const cursor = { words, at: 2 };
  const source = readAddress(cursor, family, dialect, 'source');
  const destination = readAddress(cursor, family, dialect, 'destination');
  const options = words.slice(cursor.at);
  return { kind: 'rule', line, text, position, action, protocol, source, destination, options };
}

interface Cursor {
  words: string[];
  at: number;
}

/** One address operand: `any`, `host A`, `A MASK` (IPv4) or `PREFIX/LEN` (IPv6). */
function readAddress(
  cursor: Cursor,
  family: 4 | 6 | undefined,
  dialect: 'ios' | 'asa',
  role: string,
): AddressMatch {
  const word = cursor.words[cursor.at];
  if (word === undefined) throw new LineError(`the ${role} address is missing`);
  cursor.at += 1;
  if (word === 'any' || (dialect === 'asa' && (word === 'any4' || word === 'any6'))) {
    return { kind: 'any' };
  }
  if (word === 'host') {
    const address = cursor.words[cursor.at];
    cursor.at += 1;
    if (address === undefined) throw new LineError(`"host" without an address (${role})`);
    const isV6 = address.includes(':');
    checkFamily(isV6 ? 6 : 4, family, address);
    const value = isV6 ? parseIpv6(address) : parseIpv4(address);
    if (typeof value === 'string') throw new LineError(value);
    return {
      kind: 'prefix',
      cidr: { family: isV6 ? 6 : 4, address: value, prefix: isV6 ? 128 : 32 },
    };
  }
  if (word.includes(':') || word.includes('/')) {
    checkFamily(word.includes(':') ? 6 : 4, family, word);
    if (!word.includes(':'))
      throw new LineError(`"${word}": IPv4 takes an address and a mask here`);
    const parsed = parseCidr(word);
    if (!parsed.ok) throw new LineError(parsed.reason);
    return { kind: 'prefix', cidr: parsed.cidr };
  }
  if (!/^[0-9.]+$/.test(word)) {
    throw new LineError(`"${word}" is not an address this check understands (${role})`);
  }
  checkFamily(4, family, word);
  const maskText = cursor.words[cursor.at];
  cursor.at += 1;
  if (maskText === undefined) throw new LineError(`the ${role} address ${word} has no mask`);
  return { kind: 'prefix', cidr: ipv4WithMask(word, maskText, dialect) };
}

function checkFamily(found: 4 | 6, expected: 4 | 6 | undefined, text: string): void {
  if (expected !== undefined && found !== expected) {
    throw new LineError(`${text} is an IPv${found} address in an IPv${expected} list`);
  }
}

/** `A.B.C.D MASK` where IOS wants a wildcard and the ASA a netmask, each told apart. */
function ipv4WithMask(addressText: string, maskText: string, dialect: 'ios' | 'asa'): Cidr {
  const address = parseIpv4(addressText);
  if (typeof address === 'string') throw new LineError(address);
  const mask = parseIpv4(maskText);
  if (typeof mask === 'string') throw new LineError(mask);
  const asWildcard = wildcardPrefix(mask);
  const asNetmask = wildcardPrefix(IPV4_ALL ^ mask);
  const prefix = dialect === 'ios' ? asWildcard : asNetmask;
  if (prefix === undefined) {
    throw new LineError(
      describeBadMask(maskText, dialect, dialect === 'ios' ? asNetmask : asWildcard),
    );
  }
  if ((address & hostmaskOf(4, prefix)) !== 0n) {
    const network = formatAddress(4, address & netmaskOf(4, prefix));
    throw new LineError(
      `${addressText} has bits set outside its mask ${maskText} (the /${prefix} network is ${network})`,
    );
  }
  return { family: 4, address, prefix };
}

function describeBadMask(
  mask: string,
  dialect: 'ios' | 'asa',
  otherPrefix: number | undefined,
): string {
  if (dialect === 'ios') {
    return otherPrefix === undefined
      ? `${mask} is not a wildcard mask (its 1 bits must be contiguous on the right, as in 0.0.255.255)`
      : `${mask} is a netmask where IOS wants a wildcard mask: IOS would match a scattered set of ` +
          `addresses; the wildcard of /${otherPrefix} is ${formatAddress(4, hostmaskOf(4, otherPrefix))}`;
  }
  return otherPrefix === undefined
    ? `${mask} is not a netmask (its 1 bits must be contiguous on the left, as in 255.255.0.0)`
    : `${mask} is a wildcard mask where the ASA wants a netmask: the netmask of /${otherPrefix} ` +
        `is ${formatAddress(4, netmaskOf(4, otherPrefix))}`;
}

/** The prefix length a wildcard (host) mask stands for, or undefined when it is not one. */
function wildcardPrefix(mask: bigint): number | undefined {
  if (((mask + 1n) & mask) !== 0n) return undefined;
  return 32 - (mask === 0n ? 0 : mask.toString(2).length);
}

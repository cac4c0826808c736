/**
 * Turning bogon prefixes into router configuration. IOS wants wildcard (inverted) masks, the
 * ASA wants netmasks, and both evaluate top-down with an implicit deny at the end. An IOS list
 * is a list of its own, bound to the interface, so it ends with a permit unless the operator
 * explicitly asks for none, and its IPv6 part lets neighbour discovery and link-local traffic
 * through before the first deny. ASA output is deny lines only, numbered from `line 1` so that
 * they go on top of the interface's existing list: a new list ending in a permit, bound to the
 * outside interface, would replace the ASA's default deny with "permit everything".
 */
import { formatAddress, formatCidr, hostmaskOf, netmaskOf, type Cidr } from './cidr.js';
import { IPV6_SAFETY_BLOCKS } from './ipv6-safety.js';

export const ACL_FORMATS = ['ios', 'asa', 'plain'] as const;
/** Output flavour: Cisco IOS named ACLs, Cisco ASA access-list lines, or bare prefixes. */
export type AclFormat = (typeof ACL_FORMATS)[number];

/** How to render; `remarks` become `remark` lines (ios/asa) and are ignored for plain. */
export interface AclOptions {
  format: AclFormat;
  name: string;
  /**
   * IOS only: add the final `permit ... any any`; false only when the ACL is meant to be
   * completed by hand. ASA output never permits.
   */
  permit: boolean;
  remarks: string[];
}

/** IOS and ASA refuse a remark longer than 100 characters. */
const REMARK_MAX = 100;
/** Kept well under the platforms' limits so that `-v6` can still be appended. */
const NAME_MAX = 60;
/** Suffix of the IPv6 ACL's name on IOS when the same source also has IPv4 prefixes. */
export const IPV6_SUFFIX = '-v6';

/**
 * Why `name` cannot be an ACL name on IOS / ASA, or undefined when it can: it must start with a
 * letter (an all-digit name would be a numbered ACL) and hold only letters, digits, `_ . -`.
 */
export function aclNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'the ACL name is empty';
  if (name.length > NAME_MAX) return `the ACL name is longer than ${NAME_MAX} characters`;
  if (!/^[A-Za-z]/.test(name)) return `the ACL name "${name}" must start with a letter`;
  if (!/^[A-Za-z][A-Za-z0-9_.-]*$/.test(name)) {
    return `the ACL name "${name}" may contain only letters, digits, "_", "." and "-"`;
  }
  return undefined;
}

/** Renders the prefixes in the chosen format; the result ends with a newline. */
export function renderAcl(entries: Cidr[], options: AclOptions): string {
  const lines =
    options.format === 'plain'
      ? entries.map(formatCidr)
      : options.format === 'asa'
        ? renderAsa(entries, options)
        : renderIos(entries, options);
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** `NET WILDCARD`, or `host NET` for a single address (the article's script printed nothing). */
function iosMatch(cidr: Cidr): string {
  const bits = cidr.family === 4 ? 32 : 128;
  const address = formatAddress(cidr.family, cidr.address);
  if (cidr.prefix === bits) return `host ${address}`;
  if (cidr.family === 6) return formatCidr(cidr);
  return `${address} ${formatAddress(4, hostmaskOf(4, cidr.prefix))}`;
}

/** Like {@link iosMatch} but with a netmask, as the ASA expects. */
function asaMatch(cidr: Cidr): string {
  const bits = cidr.family === 4 ? 32 : 128;
  const address = formatAddress(cidr.family, cidr.address);
  if (cidr.prefix === bits) return `host ${address}`;
  if (cidr.family === 6) return formatCidr(cidr);
  return `${address} ${formatAddress(4, netmaskOf(4, cidr.prefix))}`;
}

/**
 * IOS keeps IPv4 and IPv6 ACLs apart: IPv4 prefixes go to `ip access-list extended NAME`, IPv6
 * ones to `ipv6 access-list NAME`, or `NAME-v6` when both families are present (one name cannot
 * serve both kinds of list).
 */
function renderIos(entries: Cidr[], options: AclOptions): string[] {
  const v4 = entries.filter((e) => e.family === 4);
  const v6 = entries.filter((e) => e.family === 6);
  const remarks = options.remarks.map((r) => ` remark ${clipRemark(r)}`);
  const lines: string[] = [];
  if (v4.length > 0 || v6.length === 0) {
    lines.push(`ip access-list extended ${options.name}`, ...remarks);
    for (const e of v4) lines.push(` deny ip ${iosMatch(e)} any`);
    if (options.permit) lines.push(' permit ip any any');
  }
  if (v6.length > 0) {
    const name = v4.length > 0 ? `${options.name}${IPV6_SUFFIX}` : options.name;
    lines.push(`ipv6 access-list ${name}`, ...remarks);
    for (const block of IPV6_SAFETY_BLOCKS) {
      lines.push(` remark ${clipRemark(block.remark)}`, ...block.rules.map((r) => ` ${r}`));
    }
    for (const e of v6) lines.push(` deny ipv6 ${iosMatch(e)} any`);
    if (options.permit) lines.push(' permit ipv6 any any');
  }
  return lines;
}

/**
 * ASA 9.x: one list holds both families; `any` there matches IPv4 and IPv6 alike. Every line
 * names its position, from `line 1` on, so the block lands on top of the existing list in file
 * order (remarks take a position too). Interface lists on the ASA do not see neighbour
 * discovery to the ASA itself, so no permit is needed above the IPv6 denies.
 */
function renderAsa(entries: Cidr[], options: AclOptions): string[] {
  const body = [
    ...options.remarks.map((r) => `remark ${clipRemark(r)}`),
    ...entries.map((e) => `extended deny ip ${asaMatch(e)} any`),
  ];
  return body.map((text, i) => `access-list ${options.name} line ${i + 1} ${text}`);
}

/** Remarks are single-line ASCII of bounded length; anything else is replaced or cut. */
function clipRemark(text: string): string {
  const ascii = text.replace(/[^\x20-\x7e]/g, '?');
  return ascii.length > REMARK_MAX ? `${ascii.slice(0, REMARK_MAX - 3)}...` : ascii;
}

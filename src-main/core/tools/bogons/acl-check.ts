/**
 * `runlog bogons check`: proves what a bogon ACL does, per address family, instead of how its
 * lines look. A list can be perfectly formed and still cut a network off (no final permit, a
 * permit above the denies, IPv6 neighbour discovery denied) or leave it open (a bogon missing,
 * an ASA block that permits). Each rule here is one of those failures, reported at its line.
 */
import { covers, formatCidr, overlaps, type Cidr } from './cidr.js';
import { IPV6_SUFFIX } from './acl-format.js';
import {
  parseAcl,
  type AclDialect,
  type AclProblem,
  type AclRule,
  type AclSection,
  type AddressMatch,
} from './acl-model.js';
import {
  IPV6_SAFETY_REQUIREMENTS,
  LINK_LOCAL,
  NEIGHBOUR_DISCOVERY_TYPES,
  type SafetyRequirement,
} from './ipv6-safety.js';

/** What the ACL is checked against. */
export interface CheckOptions {
  dialect: AclDialect;
  /** The prefixes of the bogon list the ACL was built from. */
  list: Cidr[];
  /** How to name that list in messages. */
  listLabel: string;
  /** The expected list name (IOS: NAME, and NAME or NAME-v6 for IPv6); any name when absent. */
  name?: string;
}

/** The verdict: problems (each with its line) and a description of what was proven. */
export interface CheckReport {
  problems: AclProblem[];
  proven: string[];
}

/** Options that a deny may carry without changing what it matches. */
const HARMLESS_OPTIONS = new Set(['log', 'log-input']);
/** Missing prefixes quoted in a message; the count says how many more there are. */
const MISSING_QUOTED = 5;

/** Checks `text` as an ACL of `options.dialect` built from `options.list`. */
export function checkAcl(text: string, options: CheckOptions): CheckReport {
  const parsed = parseAcl(text, options.dialect);
  const report: CheckReport = { problems: [...parsed.problems], proven: [] };
  if (parsed.sections.length === 0) {
    report.problems.push({ line: 1, message: 'no access list found in the file' });
    return finish(report);
  }
  const context = new Context(options, report);
  if (options.dialect === 'ios') checkIosSections(parsed.sections, context);
  else checkFlatSections(parsed.sections, context);
  context.checkCompleteness(parsed.sections);
  return finish(report);
}

function finish(report: CheckReport): CheckReport {
  report.problems.sort((a, b) => a.line - b.line);
  return report;
}

/** The list as a lookup, and what the ACL denied of it. */
class Context {
  readonly listed = new Map<string, Cidr>();
  readonly denied = new Set<string>();

  constructor(
    readonly options: CheckOptions,
    readonly report: CheckReport,
  ) {
    for (const cidr of options.list) this.listed.set(formatCidr(cidr), cidr);
  }

  problem(line: number, message: string): void {
    this.report.problems.push({ line, message });
  }

  /** A deny must drop one listed bogon source, towards any destination, and nothing else. */
  checkDeny(rule: AclRule, protocol: string): void {
    const shape = `deny ${protocol} SOURCE any`;
    if (rule.protocol !== protocol) {
      this.problem(rule.line, `a bogon deny is "${shape}", not "deny ${rule.protocol} …"`);
    } else if (rule.destination.kind !== 'any') {
      this.problem(rule.line, `a bogon deny matches any destination ("${shape}")`);
    } else if (rule.options.some((o) => !HARMLESS_OPTIONS.has(o))) {
      this.problem(rule.line, `"${rule.options.join(' ')}" narrows the deny; "${shape}" is meant`);
    }
    if (rule.source.kind === 'any') {
      this.problem(rule.line, 'denies every source: the interface would pass no traffic at all');
      return;
    }
    const key = formatCidr(rule.source.cidr);
    if (!this.listed.has(key)) {
      this.problem(rule.line, `${key} is not a prefix of ${this.options.listLabel}`);
    }
    this.denied.add(key);
  }

  /** Every prefix of the list must be denied: a missing one is a hole nobody notices. */
  checkCompleteness(sections: AclSection[]): void {
    for (const family of [4, 6] as const) {
      const wanted = [...this.listed.values()].filter((c) => c.family === family);
      if (wanted.length === 0) continue;
      const missing = wanted.filter((c) => !this.denied.has(formatCidr(c)));
      const home = sections.find((s) => s.family === family) ?? sections[0];
      if (missing.length === 0) {
        this.report.proven.push(
          `all ${wanted.length} IPv${family} prefixes of ${this.options.listLabel} are denied`,
        );
        continue;
      }
      const quoted = missing.slice(0, MISSING_QUOTED).map(formatCidr).join(', ');
      const more =
        missing.length > MISSING_QUOTED ? `, and ${missing.length - MISSING_QUOTED} more` : '';
      const count = missing.length === 1 ? '1 IPv' : `${missing.length} IPv`;
      this.problem(
        home.line,
        `${count}${family} prefix${missing.length === 1 ? '' : 'es'} of ${this.options.listLabel} ` +
          `(of ${wanted.length}) denied by no line: ${quoted}${more}`,
      );
    }
  }
}

function rulesOf(section: AclSection): AclRule[] {
  return section.lines.filter((l): l is AclRule => l.kind === 'rule');
}

/** IOS: one list per family, each ending in its permit, IPv6 with its safety permits first. */
function checkIosSections(sections: AclSection[], context: Context): void {
  const seen = new Map<number, AclSection>();
  for (const section of sections) {
    const family = section.family ?? 4;
    const label = `IPv${family} list ${section.name}`;
    const first = seen.get(family);
    if (first) {
      context.problem(
        section.line,
        `a second IPv${family} list (the first is ${first.name}, line ${first.line}); ` +
          'an interface applies one list per family and direction',
      );
    }
    seen.set(family, first ?? section);
    checkIosName(section, family, context);
    const rules = rulesOf(section);
    const protocol = family === 4 ? 'ip' : 'ipv6';
    const denies = rules.filter((r) => r.action === 'deny');
    if (denies.length === 0) context.problem(section.line, `the ${label} has no deny line`);
    for (const rule of denies) context.checkDeny(rule, protocol);
    const lastDeny = denies.at(-1);
    checkPermitsAbove(rules, lastDeny, family, context);
    const safe = family === 6 ? checkIpv6Safety(rules, context) : '';
    const finalPermit = checkFinalPermit(section, rules, protocol, label, context);
    context.report.proven.push(
      `${label} (lines ${section.line}-${section.lastLine}): ${denies.length} deny lines, ` +
        `no permit above them${safe}${finalPermit}`,
    );
  }
}

function checkIosName(section: AclSection, family: 4 | 6, context: Context): void {
  const name = context.options.name;
  if (name === undefined) return;
  const allowed = family === 4 ? [name] : [name, `${name}${IPV6_SUFFIX}`];
  if (!allowed.includes(section.name)) {
    context.problem(section.line, `the list is named ${section.name}, not ${allowed.join(' or ')}`);
  }
}

/** Nothing may be permitted above the last deny, except (IPv6) the neighbour-discovery rules. */
function checkPermitsAbove(
  rules: AclRule[],
  lastDeny: AclRule | undefined,
  family: 4 | 6 | undefined,
  context: Context,
): void {
  if (!lastDeny) return;
  for (const rule of rules) {
    if (rule.line >= lastDeny.line) break;
    if (rule.action !== 'permit' || (family === 6 && isSafetyPermit(rule))) continue;
    context.problem(
      rule.line,
      `"${rule.text.trim()}" comes before the deny at line ${lastDeny.line}: what it permits ` +
        'passes without being checked against the bogon denies below it',
    );
  }
}

/** ND and RS/RA from anywhere, or anything from a link-local source (never forwarded). */
function isSafetyPermit(rule: AclRule): boolean {
  if (rule.protocol === 'icmp') {
    return rule.options.length === 1 && NEIGHBOUR_DISCOVERY_TYPES.includes(rule.options[0]);
  }
  return (
    rule.protocol === 'ipv6' &&
    rule.options.length === 0 &&
    rule.source.kind === 'prefix' &&
    covers(LINK_LOCAL, rule.source.cidr)
  );
}

/**
 * Each requirement must be met above the first deny that would drop its traffic; what one deny
 * lacks is reported once, at that deny. Returns the words for the summary.
 */
function checkIpv6Safety(rules: AclRule[], context: Context): string {
  const lacking = new Map<AclRule, SafetyRequirement[]>();
  for (const need of IPV6_SAFETY_REQUIREMENTS) {
    const catcher = rules.find(
      (r) => r.action === 'deny' && need.sources.some((s) => overlapsMatch(r.source, s)),
    );
    if (!catcher) continue;
    if (rules.some((r) => r.line < catcher.line && meets(r, need))) continue;
    lacking.set(catcher, [...(lacking.get(catcher) ?? []), need]);
  }
  for (const [deny, needs] of lacking) {
    context.problem(
      deny.line,
      `this deny drops ${needs.map((n) => n.what).join(', ')}, and no line above it permits ` +
        `them: the interface would lose its IPv6 neighbours; put ` +
        `${needs.map((n) => `"${n.rule}"`).join(', ')} above the first deny`,
    );
  }
  const firstDeny = rules.find((r) => r.action === 'deny');
  return firstDeny
    ? ` but ND and link-local, which pass before the first deny (line ${firstDeny.line})`
    : '';
}

function overlapsMatch(match: AddressMatch, cidr: Cidr): boolean {
  return match.kind === 'any' || overlaps(match.cidr, cidr);
}

function coversMatch(match: AddressMatch, cidr: Cidr): boolean {
  return match.kind === 'any' || covers(match.cidr, cidr);
}

function meets(rule: AclRule, need: SafetyRequirement): boolean {
  if (rule.action !== 'permit' || rule.protocol !== need.protocol) return false;
  if (need.icmpType !== undefined && rule.options[0] !== need.icmpType) return false;
  return (
    need.sources.every((s) => coversMatch(rule.source, s)) &&
    need.destinations.every((d) => coversMatch(rule.destination, d))
  );
}

/** The list's last rule must be `permit ip|ipv6 any any`, or its implicit deny drops everything. */
function checkFinalPermit(
  section: AclSection,
  rules: AclRule[],
  protocol: string,
  label: string,
  context: Context,
): string {
  const last = rules.at(-1);
  const isFinal =
    last?.action === 'permit' &&
    last.protocol === protocol &&
    last.source.kind === 'any' &&
    last.destination.kind === 'any' &&
    last.options.length === 0;
  if (isFinal) return `, and "permit ${protocol} any any" last (line ${last.line})`;
  context.problem(
    section.lastLine,
    `the ${label} (line ${section.line}) ends here without "permit ${protocol} any any": ` +
      `applied as it is, its implicit deny drops all IPv${protocol === 'ip' ? 4 : 6} traffic`,
  );
  return '';
}

/** ASA and plain: deny lines only; on the ASA each names its place at the top of the list. */
function checkFlatSections(sections: AclSection[], context: Context): void {
  const asa = context.options.dialect === 'asa';
  const [main, ...others] = sections;
  for (const other of others) {
    context.problem(other.line, `a second list ${other.name}: the block must add to one list only`);
  }
  const name = context.options.name;
  if (asa && name !== undefined && main.name !== name) {
    context.problem(main.line, `the lines are for list ${main.name}, not ${name}`);
  }
  const rules = rulesOf(main);
  for (const rule of rules) {
    if (rule.action === 'deny') context.checkDeny(rule, 'ip');
    else {
      context.problem(
        rule.line,
        'a permit in the ASA block: on top of the interface list it would let traffic past ' +
          "that list's own rules; the block must be deny lines only",
      );
    }
  }
  if (rules.length === 0) context.problem(main.line, 'the file has no deny line');
  if (asa && checkPositions(main, context)) {
    context.report.proven.push(
      `access-list ${main.name}: ${rules.length} deny lines for positions 1-${main.lines.length}` +
        ' at the top of the list, no permit',
    );
  } else if (!asa) {
    context.report.proven.push(`${rules.length} prefixes, one a line`);
  }
}

/**
 * Every ASA line must name its position, 1, 2, 3… in file order: without `line N` it would be
 * appended after the list's permits and never match. Reports the first fault only, since one
 * missing number shifts every line after it. True when all is in order.
 */
function checkPositions(section: AclSection, context: Context): boolean {
  for (const [index, line] of section.lines.entries()) {
    if (line.position === index + 1) continue;
    context.problem(
      line.line,
      line.position === undefined
        ? `no "line ${index + 1}": the ASA appends it after the list's existing permits, ` +
            'where a deny never matches'
        : `"line ${line.position}" where line ${index + 1} is due: the block must go on top ` +
            'in file order',
    );
    return false;
  }
  return true;
}

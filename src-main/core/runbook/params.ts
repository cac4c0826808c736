/**
 * Parameter validation shared by the UI, the CLI and the engine.
 *
 * This file runs in the browser too, so it imports nothing from Node. Values only ever reach a
 * step as environment variables, never spliced into its text; the checks below are there so an
 * operator learns early that a value is wrong, not to make a value "safe" for a shell.
 */
import type { ParamSpec, ParamType } from './model.js';

/** Longer than any real host, path or port; keeps pathological input away from patterns. */
export const MAX_PARAM_VALUE_LENGTH = 4096;

/** Longest value quoted back in a message, so a pasted file does not flood the screen. */
const QUOTED_VALUE_LIMIT = 60;

/** Longest interface name accepted: Linux stops at 15, Windows friendly names run longer. */
const MAX_INTERFACE_LENGTH = 64;

/** Longest DNS name (RFC 1035 §2.3.4, without the trailing dot). */
const MAX_HOST_NAME_LENGTH = 253;

/** C0 controls, DEL and C1 controls: never part of a parameter value. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

const IPV4_OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
const IPV4 = new RegExp(`^${IPV4_OCTET}(?:\\.${IPV4_OCTET}){3}$`);
const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;
/** A zone after `%` (`fe80::1%eth0`): the interface characters accepted below. */
const IPV6_ZONE = /^[A-Za-z0-9_.@-]{1,64}$/;
const HOST_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const INTERFACE = /^[A-Za-z0-9][A-Za-z0-9_.:@-]*$/;

/** What each type accepts, as said to the operator when a value is refused. */
const TYPE_RULES: Record<ParamType, string> = {
  string: 'text',
  integer: 'an integer (digits with an optional sign)',
  port: 'a port (1–65535)',
  ipv4: 'an IPv4 address (four numbers 0–255 without leading zeros, e.g. 192.0.2.10)',
  ipv6: 'an IPv6 address (e.g. 2001:db8::1, optionally with %zone)',
  host: 'a host name (RFC 1123) or an IPv4/IPv6 address',
  path: 'a path',
  interface: `an interface name (1–${MAX_INTERFACE_LENGTH} letters, digits and . _ - : @)`,
};

/** True for a dotted quad such as 192.0.2.10 (no leading zeros, each part 0–255). */
export function isIpv4(value: string): boolean {
  return IPV4.test(value);
}

/** True for an IPv6 address in full, compressed or IPv4-embedded form, with an optional %zone. */
export function isIpv6(value: string): boolean {
  const percent = value.indexOf('%');
  const address = percent === -1 ? value : value.slice(0, percent);
  if (percent !== -1 && !IPV6_ZONE.test(value.slice(percent + 1))) return false;
  const halves = address.split('::');
  if (halves.length > 2) return false;
  const groups = halves.map((half) => (half === '' ? [] : half.split(':')));
  const all = groups.flat();
  let count = 0;
  for (let i = 0; i < all.length; i++) {
    const group = all[i] as string;
    if (HEX_GROUP.test(group)) count += 1;
    else if (i === all.length - 1 && isIpv4(group)) count += 2;
    else return false;
  }
  if (halves.length === 2) return count <= 7;
  return count === 8;
}

/** True for an RFC 1123 host name (a trailing dot is allowed; the last label is not all digits). */
export function isHostName(value: string): boolean {
  const name = value.endsWith('.') ? value.slice(0, -1) : value;
  if (name.length === 0 || name.length > MAX_HOST_NAME_LENGTH) return false;
  const labels = name.split('.');
  if (!labels.every((label) => HOST_LABEL.test(label))) return false;
  return !/^[0-9]+$/.test(labels[labels.length - 1] as string);
}

function isPort(value: string): boolean {
  if (!/^[1-9][0-9]{0,4}$/.test(value)) return false;
  return Number(value) <= 65535;
}

function isInterface(value: string): boolean {
  return value.length <= MAX_INTERFACE_LENGTH && INTERFACE.test(value);
}

/** Whether a (non-empty, control-free) value has the shape its type asks for. */
export function matchesType(type: ParamType, value: string): boolean {
  switch (type) {
    case 'string':
    case 'path':
      return true;
    case 'integer':
      return /^[+-]?[0-9]+$/.test(value);
    case 'port':
      return isPort(value);
    case 'ipv4':
      return isIpv4(value);
    case 'ipv6':
      return isIpv6(value);
    case 'host':
      return isIpv4(value) || isIpv6(value) || isHostName(value);
    case 'interface':
      return isInterface(value);
    default:
      return false;
  }
}

/** The anchored form of a runbook's pattern: the whole value must match, not a part of it. */
export function compilePattern(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`);
}

function quote(spec: Pick<ParamSpec, 'secret'>, value: string): string {
  if (spec.secret) return 'the value';
  const shown =
    value.length > QUOTED_VALUE_LIMIT ? `${value.slice(0, QUOTED_VALUE_LIMIT)}…` : value;
  return JSON.stringify(shown);
}

function describeControl(value: string): string {
  if (value.includes('\0')) return 'a NUL byte';
  if (/[\r\n]/.test(value)) return 'a line break';
  if (value.includes('\t')) return 'a tab';
  return 'a control character';
}

/**
 * Checks one value against its parameter: returns a message naming the parameter and the rule
 * it breaks, or undefined when the value is acceptable. Never throws.
 */
export function validateParam(spec: ParamSpec, value: string): string | undefined {
  const name = spec.name;
  if (typeof value !== 'string') return `${name}: the value must be text`;
  if (value.length > MAX_PARAM_VALUE_LENGTH) {
    return `${name}: the value is longer than ${MAX_PARAM_VALUE_LENGTH} characters`;
  }
  if (CONTROL_CHARACTER.test(value)) {
    return `${name}: the value contains ${describeControl(value)}, which no parameter accepts`;
  }
  if (value === '') return spec.required ? `${name}: a value is required` : undefined;
  const type = spec.type ?? 'string';
  if (!(type in TYPE_RULES)) return `${name}: unknown parameter type "${String(type)}"`;
  if (!matchesType(type, value)) return `${name}: ${quote(spec, value)} is not ${TYPE_RULES[type]}`;
  if (spec.pattern !== undefined) {
    let pattern: RegExp;
    try {
      pattern = compilePattern(spec.pattern);
    } catch {
      return `${name}: the runbook's pattern /${spec.pattern}/ is not a valid regular expression`;
    }
    if (!pattern.test(value)) {
      return `${name}: ${quote(spec, value)} does not match the pattern /^(?:${spec.pattern})$/`;
    }
  }
  if (spec.choices && spec.choices.length > 0 && !spec.choices.includes(value)) {
    const listed = spec.secret ? '' : `: ${spec.choices.join(', ')}`;
    return `${name}: ${quote(spec, value)} is not one of the allowed choices${listed}`;
  }
  return undefined;
}

/**
 * One group of names a parameter may not take: each would change how the programs a step runs are
 * loaded or behave, so a runbook (or whoever edits one) could turn a value into code. A name
 * ending in `*` is a prefix. Names are matched in any case: Windows treats `Path` as `PATH`, and
 * one rule everywhere is easier to know. docs/runbook-format.md lists the same groups.
 */
export interface ReservedGroup {
  why: string;
  names: readonly string[];
}

/** The reserved parameter names, by what they would change. */
export const RESERVED_PARAM_NAMES: readonly ReservedGroup[] = [
  {
    why: 'how the dynamic loader and the C library load code',
    names: ['LD_*', 'DYLD_*', 'GLIBC_TUNABLES', 'GCONV_PATH', 'LOCPATH', 'NLSPATH'],
  },
  {
    why: 'where programs, files and the home folder are found',
    names: ['PATH', 'PATHEXT', 'COMSPEC', 'HOME', 'SHELL', 'TMPDIR', 'PWD', 'OLDPWD', 'CDPATH'],
  },
  {
    why: 'what a shell runs at start or around each command',
    names: [
      'BASH_ENV', 'ENV', 'BASH_*', 'BASHOPTS', 'SHELLOPTS', 'PROMPT_COMMAND', 'IFS',
      'PS1', 'PS2', 'PS3', 'PS4', 'GLOBIGNORE', 'ZDOTDIR', 'FPATH',
    ],
  },
  {
    why: 'what a language runtime loads or runs at start',
    names: [
      'NODE_*', 'NPM_CONFIG_*', 'PYTHON*', 'PERL5LIB', 'PERLLIB', 'PERL5OPT', 'PERL5DB',
      'RUBYOPT', 'RUBYLIB', 'JAVA_TOOL_OPTIONS', '_JAVA_OPTIONS', 'JDK_JAVA_OPTIONS', 'CLASSPATH',
      'LUA_INIT*', 'LUA_PATH*', 'LUA_CPATH*', 'PHPRC', 'PHP_INI_SCAN_DIR', 'DOTNET_STARTUP_HOOKS',
    ],
  },
  {
    why: 'which configuration, engines and trust anchors OpenSSL loads',
    names: ['OPENSSL_CONF', 'OPENSSL_ENGINES', 'OPENSSL_MODULES', 'SSL_CERT_FILE', 'SSL_CERT_DIR'],
  },
  {
    why: 'a command that Git, sudo, ssh or a pager runs on its own',
    names: [
      'GIT_*', 'EDITOR', 'VISUAL', 'PAGER', 'MANPAGER', 'LESSOPEN', 'LESSCLOSE', 'SUDO_ASKPASS',
      'SUDO_EDITOR', 'SSH_ASKPASS',
    ],
  },
  {
    why: "Runlog's own settings and Electron's",
    names: ['RUNLOG_*', 'ELECTRON_*'],
  },
]; // prettier-ignore

/**
 * Why `name` cannot be a parameter name, or undefined when it can. The message names the variable
 * it would replace and what that variable changes.
 */
export function reservedNameProblem(name: string): string | undefined {
  const upper = name.toUpperCase();
  for (const group of RESERVED_PARAM_NAMES) {
    const hit = group.names.find((n) =>
      n.endsWith('*') ? upper.startsWith(n.slice(0, -1)) : upper === n,
    );
    if (hit === undefined) continue;
    const variable = hit.endsWith('*') ? `${hit} variables` : `variable ${hit}`;
    const anyCase = upper === name ? '' : ' (reserved names are matched in any case)';
    return (
      `parameter ${name} would replace the environment ${variable}, which sets ${group.why}` +
      `${anyCase}; rename it`
    );
  }
  return undefined;
}

/** Result of {@link resolveParams}: the values to use, and every refusal. */
export interface ResolvedParams {
  values: Record<string, string>;
  errors: Array<{ name: string; message: string }>;
}

/**
 * Turns what the operator typed into the values a run uses: a missing or empty value takes the
 * parameter's default, required ones must end up non-empty, names the runbook does not declare
 * are refused, and every value is checked. The same rules in the UI, the CLI and the engine.
 */
export function resolveParams(params: ParamSpec[], values: Record<string, string>): ResolvedParams {
  const given = values ?? {};
  const resolved: Record<string, string> = {};
  const errors: Array<{ name: string; message: string }> = [];
  const declared = new Set(params.map((p) => p.name));
  for (const spec of params) {
    const reserved = reservedNameProblem(spec.name);
    if (reserved !== undefined) errors.push({ name: spec.name, message: reserved });
  }
  for (const name of Object.keys(given)) {
    if (!declared.has(name)) {
      errors.push({ name, message: `${name}: not a parameter of this runbook` });
    }
  }
  for (const spec of params) {
    const raw = Object.prototype.hasOwnProperty.call(given, spec.name)
      ? given[spec.name]
      : undefined;
    const typed = raw === undefined || raw === null ? '' : raw;
    const value = typed === '' && spec.default !== undefined ? spec.default : typed;
    const message = validateParam(spec, value);
    if (message !== undefined) errors.push({ name: spec.name, message });
    resolved[spec.name] = typeof value === 'string' ? value : String(value);
  }
  return { values: resolved, errors };
}

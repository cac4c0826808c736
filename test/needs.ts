/**
 * What a test needs from the machine — a program, root, the build — declared in one place. A test
 * whose needs are not met is skipped with the reason in its title, on a developer's machine. Under
 * `CI=true` nothing is skipped: `.ci/run` installs every program listed here and runs as root, so a
 * missing one is a broken CI, and the test file fails with what to install instead.
 *
 * The one exception is the Electron binary (see test/electron/app-smoke.test.ts): it cannot be
 * downloaded on the build machines, so that test reports its skip even in CI.
 */
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';

/** True when running in CI (`CI=true`, as `.ci/run` and most CI services set it). */
export const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

/** Each program a test runs, with the package that provides it on Debian and on macOS. */
export const PROGRAMS = {
  zsh: { debian: 'zsh', macos: 'built in' },
  tcpdump: { debian: 'tcpdump', macos: 'built in' },
  openssl: { debian: 'openssl', macos: 'built in (LibreSSL), or brew install openssl' },
  pdftotext: { debian: 'poppler-utils', macos: 'brew install poppler' },
  postfix: { debian: 'postfix', macos: 'not used (Linux only)' },
  postconf: { debian: 'postfix', macos: 'not used (Linux only)' },
  postgrey: { debian: 'postgrey', macos: 'not used (Linux only)' },
  rsyslogd: { debian: 'rsyslog', macos: 'not used (Linux only)' },
  sysctl: { debian: 'procps', macos: 'built in' },
  mount: { debian: 'mount', macos: 'not used (Linux only)' },
  script: { debian: 'bsdutils', macos: 'built in' },
  ip: { debian: 'iproute2', macos: 'not used (Linux only)' },
  unshare: { debian: 'util-linux', macos: 'not used (Linux only)' },
  chromium: { debian: 'chromium', macos: 'brew install --cask chromium (set RUNLOG_CHROMIUM)' },
  python3: { debian: 'python3', macos: 'built in (Xcode command line tools)' },
  perl: { debian: 'perl', macos: 'built in' },
  ruby: { debian: 'ruby', macos: 'built in, or brew install ruby' },
  go: { debian: 'golang-go', macos: 'brew install go' },
} as const;

export type Program = keyof typeof PROGRAMS;

const ROOT = resolve(import.meta.dirname, '..');

/** One unmet need, said as a person would fix it; undefined when the need is met. */
export type Unmet = string | undefined;

function onPath(name: string): boolean {
  const dirs = (process.env.PATH ?? '').split(delimiter).concat(['/usr/sbin', '/sbin']);
  return dirs.some((dir) => {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** The program must be installed. */
export function program(name: Program): Unmet {
  if (onPath(name)) return undefined;
  const pkg = PROGRAMS[name];
  return `needs ${name}, which is not installed (Debian: apt-get install ${pkg.debian}; macOS: ${pkg.macos})`;
}

/** The test must run as root (`why` says what for). */
export function root(why: string): Unmet {
  return process.getuid?.() === 0 ? undefined : `needs root: ${why}`;
}

/** The build (`out/`) must exist: `npm test` builds first; a lone vitest run may not have. */
export function built(): Unmet {
  return existsSync(join(ROOT, 'out', 'main', 'cli.js'))
    ? undefined
    : 'needs the build: out/main/cli.js is missing, run "npm run build" first';
}

/**
 * The first unmet need, for `describe.skipIf`. Under CI=true it throws instead, so the test file
 * fails with what to install rather than being skipped.
 */
export function unmet(...needs: Unmet[]): Unmet {
  const first = needs.find((n) => n !== undefined);
  if (first !== undefined && IN_CI) {
    throw new Error(
      `${first}. CI=true allows no skip: .ci/run installs every program the tests use and runs ` +
        'as root, so this is a failure.',
    );
  }
  return first;
}

/** A title suffix saying why a test is skipped ('' when it runs). */
export function skipNote(reason: Unmet): string {
  return reason === undefined ? '' : ` (skipped: ${reason})`;
}

/**
 * Whether a `node` program can run TypeScript by itself: Node.js strips type annotations from
 * 22.6 on. The answer comes from asking that very program its version (once per path), since the
 * node on PATH need not be the one running Runlog.
 */
import { execFileSync } from 'node:child_process';

/** First Node.js version that strips TypeScript types (`--experimental-strip-types`). */
const STRIPS_TYPES_FROM: readonly [number, number] = [22, 6];
/** A version query is quick; a program that hangs is not a usable node. */
const VERSION_TIMEOUT_MS = 5_000;

const known = new Map<string, boolean>();

/** True when `version` (`v22.6.0`) is at least 22.6. */
export function stripsTypes(version: string): boolean {
  const match = /^v?(\d+)\.(\d+)/.exec(version.trim());
  if (!match) return false;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  const [wantMajor, wantMinor] = STRIPS_TYPES_FROM;
  return major > wantMajor || (major === wantMajor && minor >= wantMinor);
}

/** True when the node at `path` strips TypeScript types. */
export function nodeStripsTypes(path: string): boolean {
  const cached = known.get(path);
  if (cached !== undefined) return cached;
  let answer: boolean;
  try {
    const version = execFileSync(path, ['--version'], {
      encoding: 'utf8',
      timeout: VERSION_TIMEOUT_MS,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    answer = stripsTypes(version);
  } catch {
    answer = false;
  }
  known.set(path, answer);
  return answer;
}

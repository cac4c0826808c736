/**
 * The README tells a developer which Debian packages the tests need; `.ci/run` installs them on a
 * fresh machine. The two lists must name the same packages, or a new machine set up from the
 * README fails tests that CI passes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

/** The package names in `.ci/run`'s `packages=( … )` array, comments dropped. */
function ciPackages(): string[] {
  const script = readFileSync(join(ROOT, '.ci', 'run'), 'utf8');
  const body = /^packages=\(\n([\s\S]*?)^\)/m.exec(script)?.[1];
  if (body === undefined) throw new Error('.ci/run: no packages=( … ) array');
  return body
    .split('\n')
    .map((line) => line.replace(/#.*/, ''))
    .flatMap((line) => line.split(/\s+/))
    .filter(Boolean);
}

/** The package names on the README's Debian line. */
function readmePackages(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const line = /^\| Debian, Ubuntu \| `apt-get install ([^`]+)`/m.exec(readme)?.[1];
  if (line === undefined) throw new Error('README.md: no "Debian, Ubuntu" apt-get install line');
  return line.split(/\s+/).filter(Boolean);
}

describe('system packages', () => {
  it("the README's Debian line names exactly the packages .ci/run installs", () => {
    expect(new Set(readmePackages())).toEqual(new Set(ciPackages()));
  });
});

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { unifiedDiff } from '../../../src-main/core/tools/unified-diff.js';
import { tempDir } from './tool-harness.js';

const temp = tempDir('rl-diff-');
afterAll(() => temp.remove());

/** Applies `diff` to `before` with the real patch(1) program and returns the result. */
function applyWithPatch(before: string, diff: string): string {
  const file = path.join(temp.dir, 'f.txt');
  const patchFile = path.join(temp.dir, 'f.diff');
  writeFileSync(file, before);
  writeFileSync(patchFile, diff);
  execFileSync('patch', ['--binary', '-s', file, patchFile], { stdio: 'pipe' });
  return readFileSync(file, 'utf8');
}

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb\n', 'x')).toBe('');
  });

  it('prints headers and a hunk with 3 lines of context like diff -u', () => {
    const before = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'].join('\n') + '\n';
    const after = before.replace('5\n', '5\nnew\n');
    expect(unifiedDiff(before, after, '/etc/tnsnames.ora')).toBe(
      '--- a/etc/tnsnames.ora\n+++ b/etc/tnsnames.ora\n@@ -3,6 +3,7 @@\n 3\n 4\n 5\n+new\n 6\n 7\n 8\n',
    );
  });

  it('splits distant changes into separate hunks and joins close ones', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);
    const before = lines.join('\n') + '\n';
    const after = before.replace('line 2\n', 'line 2\nA\n').replace('line 25\n', 'B\n');
    const diff = unifiedDiff(before, after, 'f');
    expect(diff.match(/^@@ /gm)).toHaveLength(2);
    expect(applyWithPatch(before, diff)).toBe(after);
  });

  it('marks a missing final newline', () => {
    const diff = unifiedDiff('a\nb', 'a\nc', 'f');
    expect(diff).toContain('-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n');
    expect(applyWithPatch('a\nb', diff)).toBe('a\nc');
  });

  it('patch(1) turns the old text into the new one for any pair of texts (property)', () => {
    const line = fc.constantFrom('a', 'b', 'c', '(DESCRIPTION =', '  x', '');
    const text = fc.array(line, { maxLength: 25 }).map((l) => l.map((s) => `${s}\n`).join(''));
    fc.assert(
      fc.property(text, text, (before, after) => {
        const diff = unifiedDiff(before, after, 'f');
        return diff === '' ? before === after : applyWithPatch(before, diff) === after;
      }),
      { numRuns: 60 },
    );
  });
});

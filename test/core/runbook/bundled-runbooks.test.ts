import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../../src-main/core/runbook/parser.js';

const RUNBOOKS = fileURLToPath(new URL('../../../runbooks', import.meta.url));

function bundledFiles(): string[] {
  try {
    return readdirSync(RUNBOOKS)
      .filter((f) => f.endsWith('.md'))
      .sort();
  } catch {
    return [];
  }
}

describe('bundled runbooks', () => {
  const files = bundledFiles();

  it('exist', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  for (const name of files) {
    it(`${name} parses with no error-severity problem and has steps`, () => {
      const file = join(RUNBOOKS, name);
      const rb = parseRunbook(readFileSync(file), file, { bundled: true });
      const errors = rb.problems.filter((p) => p.severity === 'error');
      expect(errors.map((p) => `${p.line}:${p.column} ${p.message}`)).toEqual([]);
      expect(rb.id).toBe(name.replace(/\.md$/, ''));
      expect(rb.source).toBeTruthy();
      expect(rb.steps.length).toBeGreaterThan(0);
      expect(new Set(rb.steps.map((s) => s.name)).size).toBe(rb.steps.length);
    });
  }
});

/** Which steps a new runbook version changes, adds or removes against the run's recorded texts. */
import { describe, expect, it } from 'vitest';
import { changesWords, stepChanges } from '../../../src-renderer/notebook/runbook-change.js';
import { parseRunbook } from '../../../src-main/core/runbook/parser.js';

const NEXT = parseRunbook(
  '# R\n\n```sh { name=a }\necho a\n```\n\n```sh { name=b }\necho b-new\n```\n\n```sh { name=c }\necho c\n```\n',
  '/books/r.md',
);

describe('the steps a new version changes', () => {
  it('names the changed, added and removed steps', () => {
    const recorded = {
      a: { status: 'passed' as const, executionId: 1, text: 'echo a' },
      b: { status: 'pending' as const, executionId: 0, text: 'echo b' },
      gone: { status: 'pending' as const, executionId: 0, text: 'echo gone' },
    };
    const changes = stepChanges(recorded, NEXT);
    expect(changes).toEqual({ changed: ['b'], added: ['c'], removed: ['gone'] });
    expect(changesWords(changes)).toBe('Changed: b. Added: c. Removed: gone.');
  });

  it('says so when no step text changed', () => {
    const same = Object.fromEntries(
      NEXT.steps.map((s) => [s.name, { status: 'pending' as const, executionId: 0, text: s.text }]),
    );
    expect(changesWords(stepChanges(same, NEXT))).toBe(
      'No step text changed (prose or attributes only).',
    );
  });

  it("compares a config step with the run's values put in, as its record holds it", () => {
    const next = parseRunbook(
      '---\nparams:\n  ACL: { default: BOGONS }\n---\n# R\n\n```cisco { name=apply }\nip access-group $ACL in\n```\n',
      '/books/r.md',
    );
    const recorded = {
      apply: { status: 'done' as const, executionId: 1, text: 'ip access-group EDGE in' },
    };
    expect(stepChanges(recorded, next, { ACL: 'EDGE' }).changed).toEqual([]);
    expect(stepChanges(recorded, next, { ACL: 'OTHER' }).changed).toEqual(['apply']);
  });
});

// @vitest-environment happy-dom
/**
 * The outline's model: headings and steps in document order with their status, and "next
 * pending" walking the steps still to do from where the operator is.
 */
import { describe, expect, it } from 'vitest';
import {
  buildOutline,
  headingsOf,
  nextPending,
  type OutlineEntry,
} from '../../../src-renderer/notebook/outline.js';
import { demoRunbook } from '../fake-client.js';

describe('buildOutline', () => {
  it('lists headings and steps in document order, leaving out the title heading', () => {
    const entries = buildOutline(demoRunbook(), {}, 'linux');
    expect(entries.map((e) => (e.kind === 'heading' ? `# ${e.text}` : e.label))).toEqual([
      '# First',
      'greet',
      '# Gate',
      'gated',
      'windows-only',
      '# Checks',
      'The window is approved',
      'last',
    ]);
    // Index 0 is the hidden title: the rendered headings are counted the same way.
    expect(entries[0]).toMatchObject({ kind: 'heading', index: 1, depth: 2 });
  });

  it('gives each step its recorded status, or pending / not applicable before a run', () => {
    const views = { greet: { status: 'passed' as const, executionId: 3 } };
    const status = Object.fromEntries(
      buildOutline(demoRunbook(), views, 'linux')
        .filter((e) => e.kind === 'step')
        .map((e) => [e.name, e.status]),
    );
    expect(status.greet).toBe('passed');
    expect(status.gated).toBe('pending');
    expect(status['windows-only']).toBe('not-applicable');
    expect(
      buildOutline(demoRunbook(), {}, 'win32').find(
        (e) => e.kind === 'step' && e.name === 'windows-only',
      ),
    ).toMatchObject({ status: 'pending' });
  });

  it('reads heading text without its inline markup, and stops at level three', () => {
    expect(headingsOf('## Set up **the** `key`\n\n#### too deep\n\n> ### quoted\n')).toEqual([
      { depth: 2, text: 'Set up the key' },
      { depth: 3, text: 'quoted' },
    ]);
  });
});

describe('nextPending', () => {
  const step = (name: string, status: string): OutlineEntry => ({
    kind: 'step',
    name,
    label: name,
    status,
  });
  const entries: OutlineEntry[] = [
    { kind: 'heading', index: 0, depth: 2, text: 'A' },
    step('a', 'passed'),
    step('b', 'pending'),
    step('c', 'not-applicable'),
    step('d', 'failed'),
    step('e', 'pending'),
  ];

  it('starts at the first step still to do', () => {
    expect(nextPending(entries)).toBe('b');
  });

  it('goes on after the step the operator is at, and wraps round to the top', () => {
    expect(nextPending(entries, 'b')).toBe('e');
    expect(nextPending(entries, 'c')).toBe('e');
    expect(nextPending(entries, 'e')).toBe('b');
  });

  it('finds nothing when every step is done or cannot be done here', () => {
    expect(nextPending([step('a', 'passed'), step('c', 'not-applicable')])).toBeUndefined();
  });
});

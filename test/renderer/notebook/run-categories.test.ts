/**
 * The category choice before a run and the categories a recorded run names: all ticked means a
 * whole run, the last one cannot be unticked, and a recorded run is read back as it started.
 */
import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../../src-main/core/runbook/parser.js';
import {
  categoriesOfRun,
  inCategories,
  runbookCategories,
  toggleCategory,
} from '../../../src-renderer/notebook/run-categories.js';

const ALL = ['env', 'build', 'deploy'];

describe('run categories', () => {
  it('lists the categories of the steps once each, in order, leaving ignored cells out', () => {
    const rb = parseRunbook(
      [
        '# C',
        '```sh { name=a category=build,deploy }\necho a\n```',
        '```sh { name=b tag=build }\necho b\n```',
        '```sh { name=c category=secret ignore=true }\necho c\n```',
        '```sh { name=d }\necho d\n```',
      ].join('\n\n'),
      '/books/c.md',
    );
    expect(runbookCategories(rb)).toEqual(['build', 'deploy']);
    expect(inCategories(rb.steps[1]!, ['build'])).toBe(true);
    expect(inCategories(rb.steps[3]!, ['build'])).toBe(false);
  });

  it('unticks and ticks categories; every one ticked is a whole run; the last one stays', () => {
    expect(toggleCategory(ALL, [], 'deploy', false)).toEqual(['env', 'build']);
    expect(toggleCategory(ALL, ['env', 'build'], 'env', false)).toEqual(['build']);
    expect(toggleCategory(ALL, ['build'], 'build', false)).toEqual(['build']);
    expect(toggleCategory(ALL, ['build'], 'env', true)).toEqual(['env', 'build']);
    expect(toggleCategory(ALL, ['env', 'build'], 'deploy', true)).toEqual([]);
  });

  it('reads the categories a run was started for from its start event', () => {
    const started = (detail?: string) => ({
      events: [{ at: '2024-05-01T10:00:00.000Z', type: 'run-started' as const, detail }],
    });
    expect(categoriesOfRun(started('categories: build,deploy'))).toEqual(['build', 'deploy']);
    expect(categoriesOfRun(started())).toEqual([]);
    expect(categoriesOfRun(started('resumed'))).toEqual([]);
    expect(categoriesOfRun({ events: [] })).toEqual([]);
  });
});

/**
 * What Runme reads in a shell cell's text: `$ ` prompts, and the exported variables promptEnv asks
 * for; and how an answer leaves the text without its value.
 */
import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../../src-main/core/runbook/parser.js';
import {
  exportPrompts,
  stripPrompts,
  withAnswers,
} from '../../../src-main/core/runbook/shell-text.js';

describe('stripPrompts', () => {
  it('removes a leading "$ " and a lone "$", and nothing else', () => {
    expect(stripPrompts('$ echo a\n$\n  $ indented\n$HOME/bin/x\n${X}\necho $ y')).toBe(
      'echo a\n\n  $ indented\n$HOME/bin/x\n${X}\necho $ y',
    );
  });

  it('says there is nothing to strip (undefined) so the text runs as written', () => {
    expect(stripPrompts('echo a\n$HOME/x')).toBeUndefined();
  });

  it('is used for shell cells only: a Python cell keeps its text', () => {
    const rb = parseRunbook('```sh\n$ echo a\n```\n\n```python\n$ = 1\n```\n', 'p.md');
    expect(rb.steps[0]).toMatchObject({ text: '$ echo a', script: 'echo a' });
    expect(rb.steps[1]?.script).toBeUndefined();
  });
});

describe('exportPrompts', () => {
  it('finds exports with a written value, quoted or bare, or none', () => {
    const script = [
      'export A',
      'export B=',
      'export C=""',
      "export D='single'",
      'export E="double quoted"',
      'export F=bare=with=equals # a comment',
      '  export G=indented',
    ].join('\n');
    expect(exportPrompts(script, 10)).toEqual([
      { name: 'A', value: '', line: 10 },
      { name: 'B', value: '', line: 11 },
      { name: 'C', value: '', line: 12 },
      { name: 'D', value: 'single', line: 13 },
      { name: 'E', value: 'double quoted', line: 14 },
      { name: 'F', value: 'bare=with=equals', line: 15 },
      { name: 'G', value: 'indented', line: 16 },
    ]);
  });

  it('never asks for a value the shell computes, nor twice for one name', () => {
    const script = [
      'export A=$(hostname)',
      'export B="$HOME/x"',
      'export C=`date`',
      'export D=${X:-y}',
      'export E=a;rm -rf x',
      'export F=1 G=2',
      'export H=one',
      'export H=two',
    ].join('\n');
    expect(exportPrompts(script, 1)).toEqual([{ name: 'H', value: 'one', line: 7 }]);
  });

  it('places each export on its file line, $ prompts and all', () => {
    const rb = parseRunbook('# T\n\n```sh\n$ export HOST=db01\necho "$HOST"\n```\n', 'e.md');
    expect(rb.steps[0]?.prompts).toEqual([{ name: 'HOST', value: 'db01', line: 4 }]);
  });
});

describe('withAnswers', () => {
  it('reduces each answered export to "export NAME" and leaves the rest as written', () => {
    const script = 'export A="x"\n  export B=y\nexport C=z\necho "$A$B$C"';
    const prompts = exportPrompts(script, 5);
    expect(withAnswers(script, prompts, new Set(['A', 'B']), 5)).toBe(
      'export A\n  export B\nexport C=z\necho "$A$B$C"',
    );
  });

  it('puts no answer into the text, whatever the answer', () => {
    const script = 'export A=default';
    const out = withAnswers(script, exportPrompts(script, 1), new Set(['A']), 1);
    expect(out).toBe('export A');
  });
});

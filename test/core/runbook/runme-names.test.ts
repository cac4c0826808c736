/**
 * The names Runme gives cells, kept as aliases: Runme's rules for the first command line, its
 * numbering of repeats, and the rule that an alias never takes a name Runlog already uses.
 */
import { describe, expect, it } from 'vitest';
import { findStep } from '../../../src-main/core/runbook/model.js';
import { parseRunbook } from '../../../src-main/core/runbook/parser.js';
import {
  firstCommandLine,
  runmeNameOf,
  runmeNames,
} from '../../../src-main/core/runbook/runme-names.js';

describe("Runme's name for a cell", () => {
  it('takes the first two words of the first command, lower-case letters and digits', () => {
    expect(runmeNameOf('echo "Hello, World!"')).toBe('echo-hello');
    expect(runmeNameOf('echo 1')).toBe('echo-1');
    expect(runmeNameOf('kubectl get pods -A')).toBe('kubectl-get');
    expect(runmeNameOf('ls')).toBe('ls');
  });

  it('stops at the first "=" (an assignment names the variable)', () => {
    expect(runmeNameOf('export FOO=bar')).toBe('export-foo');
    expect(runmeNameOf('FOO=bar make all')).toBe('foo');
  });

  it('cuts the line at 32 bytes before taking the words', () => {
    expect(runmeNameOf('averyveryveryverylongcommandnamethatgoeson arg')).toBe(
      'averyveryveryverylongcommandname',
    );
    // Two spaces make an empty word, and Runme keeps the dash it gives.
    expect(runmeNameOf('echo  hi')).toBe('echo-');
  });

  it('skips blank and comment lines and $ prompts when finding the first command', () => {
    expect(firstCommandLine('# setup\n\n$ npm ci # quietly\n')).toBe('npm ci');
    expect(firstCommandLine('$$ echo x')).toBe('echo x');
    expect(firstCommandLine('# only a comment')).toBe('# only a comment');
  });

  it('numbers repeats -2, -3 and counts explicit names too', () => {
    expect(
      runmeNames([
        { text: 'echo 1' },
        { text: 'echo 1' },
        { name: 'echo-1', text: 'x' },
        { text: '' },
        { text: '' },
      ]),
    ).toEqual(['echo-1', 'echo-1-2', 'echo-1-3', '', '-2']);
  });
});

describe('aliases in a parsed runbook', () => {
  const rb = parseRunbook(
    [
      '# Deploy',
      '```sh',
      '$ echo 1',
      '```',
      '```sh',
      'echo 1',
      '```',
      '```sh {"name":"echo-hello","id":"01HCELL"}',
      'echo hello',
      '```',
      '```sh',
      'echo hello',
      '```',
      '```json',
      '{"a": 1}',
      '```',
      '```sh { name="My Cell" }',
      'uptime',
      '```',
    ].join('\n'),
    'a.md',
  );

  it('gives each unnamed cell the name Runme gives it, where it differs and is free', () => {
    expect(rb.steps.map((s) => [s.name, s.aliases])).toEqual([
      ['deploy', ['echo-1']],
      ['deploy-2', ['echo-1-2']],
      ['echo-hello', undefined],
      // Runme calls it echo-hello-2: the name is taken by the explicit step.
      ['deploy-3', ['echo-hello-2']],
      ['deploy-display', ['a-1']],
      ['my-cell', ['My Cell']],
    ]);
  });

  it('finds a step by name, by alias and by Runme cell id', () => {
    expect(findStep(rb.steps, 'deploy-2')?.name).toBe('deploy-2');
    expect(findStep(rb.steps, 'echo-1-2')?.name).toBe('deploy-2');
    expect(findStep(rb.steps, '01HCELL')?.name).toBe('echo-hello');
    expect(findStep(rb.steps, 'My Cell')?.name).toBe('my-cell');
    expect(findStep(rb.steps, 'nothing')).toBeUndefined();
  });

  it('never lets an alias shadow another step: a name wins over an alias', () => {
    // Runme calls the first cell deploy-now and the second deploy-now-2; in Runlog the second
    // is named deploy-now, so the first gets no alias and the second answers to deploy-now-2.
    const clash = parseRunbook(
      '```sh\ndeploy now\n```\n\n```sh {"name":"deploy-now"}\nuptime\n```\n',
      'c.md',
    );
    expect(clash.steps.map((s) => [s.name, s.aliases])).toEqual([
      ['command', undefined],
      ['deploy-now', ['deploy-now-2']],
    ]);
    expect(findStep(clash.steps, 'deploy-now')?.name).toBe('deploy-now');
  });

  it('drops a repeated cell id from the later cell, with a warning', () => {
    const twice = parseRunbook('```sh {"id":"X1"}\na\n```\n\n```sh {"id":"X1"}\nb\n```\n', 'i.md');
    expect(twice.steps.map((s) => s.id)).toEqual(['X1', undefined]);
    expect(twice.problems[0]?.message).toContain('id "X1" is already the id of step "command"');
  });
});

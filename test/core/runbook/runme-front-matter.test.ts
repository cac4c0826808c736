/**
 * Front matter written for Runme: YAML with Runme's keys, and TOML between `+++` lines, each
 * finding placed on the file's own line.
 */
import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../../src-main/core/runbook/parser.js';

describe('YAML front matter with Runme keys', () => {
  it("reads shell, cwd, skipPrompts, terminalRows, category/tag and runme's id", () => {
    const rb = parseRunbook(
      [
        '---',
        'shell: /bin/ksh',
        'cwd: ../deploy',
        'skipPrompts: true',
        'terminalRows: 20',
        'category: build',
        'tag: [ops, nightly]',
        'runme:',
        '  id: 01HFRONT',
        '  version: v3',
        '  session: { id: x }',
        '---',
        '# Doc',
        '```sh { name=a category=extra }',
        'echo a',
        '```',
        '- [ ] Done?',
      ].join('\n'),
      'doc.md',
    );
    expect(rb.problems).toEqual([]);
    expect(rb).toMatchObject({
      shell: '/bin/ksh',
      cwd: '../deploy',
      skipPrompts: true,
      terminalRows: 20,
      categories: ['build', 'ops', 'nightly'],
      runme: { id: '01HFRONT', version: 'v3' },
    });
    expect(rb.steps[0]).toMatchObject({
      categories: ['build', 'ops', 'nightly', 'extra'],
      terminalRows: 20,
    });
    expect(rb.steps[1]).toMatchObject({
      kind: 'checklist',
      categories: ['build', 'ops', 'nightly'],
    });
    expect(rb.steps[1]?.terminalRows).toBeUndefined();
  });

  it('warns, at the line of the value, about values it cannot use, and keeps the runbook runnable', () => {
    const rb = parseRunbook(
      [
        '---',
        'id: Not A Slug',
        'skipPrompts: sometimes',
        'terminalRows: -3',
        'runme: v3',
        'shell: [bash]',
        '---',
        '# T',
      ].join('\n'),
      'keys.md',
    );
    expect(rb.problems.map((p) => [p.line, p.severity, p.message.slice(0, 20)])).toEqual([
      [2, 'warning', 'id "Not A Slug" is n'],
      [3, 'warning', 'skipPrompts should b'],
      [4, 'warning', 'terminalRows should '],
      [5, 'warning', 'runme should be a ma'],
      [6, 'warning', 'shell should be a sh'],
    ]);
    expect(rb.id).toBe('keys');
    expect(rb.shell).toBe('bash');
  });

  it('reads a JSON front matter between --- lines (YAML reads JSON)', () => {
    const rb = parseRunbook('---\n{"shell": "zsh", "cwd": "/srv"}\n---\n# J\n', 'j.md');
    expect(rb).toMatchObject({ shell: 'zsh', cwd: '/srv' });
    expect(rb.problems).toEqual([]);
  });
});

describe('TOML front matter', () => {
  const toml = [
    '+++',
    'title = "From TOML"',
    'shell = "zsh"',
    'cwd = ".."',
    'skipPrompts = true',
    'terminalRows = 15',
    'tags = ["a", "b"]',
    'colour = "red"',
    '',
    '[runme]',
    'id = "01HTOML"',
    'version = "v3"',
    '',
    '[params.HOST]',
    'type = "host"',
    'default = "db01"',
    '+++',
    '',
    '# Body heading',
    '',
    '```sh {"name":"one"}',
    'echo "$HOST"',
    '```',
  ].join('\n');

  it('reads the same keys as YAML, parameters included, and the body after it', () => {
    const rb = parseRunbook(toml, 't.md');
    expect(rb).toMatchObject({
      title: 'From TOML',
      shell: 'zsh',
      cwd: '..',
      skipPrompts: true,
      terminalRows: 15,
      tags: ['a', 'b'],
      runme: { id: '01HTOML', version: 'v3' },
      params: [expect.objectContaining({ name: 'HOST', type: 'host', default: 'db01' })],
    });
    expect(rb.steps.map((s) => [s.name, s.line])).toEqual([['one', 21]]);
    expect(rb.segments[0]).toEqual({ kind: 'prose', markdown: '# Body heading\n' });
  });

  it('places a warning about a key on the line that sets it', () => {
    const rb = parseRunbook(toml, 't.md');
    expect(rb.problems).toEqual([
      expect.objectContaining({
        line: 8,
        severity: 'warning',
        message: expect.stringContaining('"colour"'),
      }),
    ]);
  });

  it('reports TOML that does not parse at its line, as an error about the runbook', () => {
    const rb = parseRunbook('+++\ntitle = "ok"\nshell = [unclosed\n+++\n# T\n', 'bad.md');
    expect(rb.problems).toEqual([
      expect.objectContaining({
        severity: 'error',
        line: 3,
        message: expect.stringContaining('front matter (TOML)'),
      }),
    ]);
    expect(rb.problems[0]?.step).toBeUndefined();
  });

  it('reports a +++ block that is never closed', () => {
    const rb = parseRunbook('+++\ntitle = "x"\n# T\n', 'open.md');
    expect(rb.problems[0]?.message).toContain('no closing "+++"');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasErrors, stepErrors, type Problem } from '../../../src-main/core/runbook/model.js';
import { parseRunbook } from '../../../src-main/core/runbook/parser.js';

function errors(problems: Problem[]): Array<[number, number, string]> {
  return problems.filter((p) => p.severity === 'error').map((p) => [p.line, p.column, p.message]);
}

function warnings(problems: Problem[]): Array<[number, number, string]> {
  return problems.filter((p) => p.severity === 'warning').map((p) => [p.line, p.column, p.message]);
}

describe('parseRunbook on malformed input', () => {
  it('places a YAML error on the file line, past the opening ---', () => {
    const rb = parseRunbook('---\ntitle: ok\ntags: [a, b\n---\n# T\n', 'y.md');
    const [line, column, message] = errors(rb.problems)[0] ?? [];
    expect(line).toBeGreaterThanOrEqual(3);
    expect(column).toBeGreaterThanOrEqual(1);
    expect(message).toMatch(/^front matter: /);
    expect(rb.title).toBe('T');
  });

  it('reports a duplicate key in the front matter at its line', () => {
    const rb = parseRunbook('---\ntitle: a\ntitle: b\n---\n', 'dup.md');
    expect(errors(rb.problems)).toEqual([[3, 1, expect.stringContaining('front matter')]]);
  });

  it('reports front matter that is never closed', () => {
    const rb = parseRunbook('---\ntitle: a\n# Body\n', 'open.md');
    expect(errors(rb.problems)).toEqual([[1, 1, expect.stringContaining('no closing')]]);
  });

  it('warns about an attribute block in neither form at its brace, and runs the step without it', () => {
    const rb = parseRunbook('# T\n\n```sh {name: x}\nls\n```\n', 'a.md');
    expect(errors(rb.problems)).toEqual([]);
    expect(warnings(rb.problems)).toEqual([[3, 7, expect.stringContaining('neither JSON')]]);
    expect(rb.steps[0]).toMatchObject({ kind: 'command', attributes: {} });
  });

  it('warns about an unclosed attribute block and about text after one', () => {
    const unclosed = parseRunbook('```sh {name=x\nls\n```\n', 'a.md');
    expect(warnings(unclosed.problems)).toEqual([[1, 7, expect.stringContaining('closing "}"')]]);
    expect(unclosed.steps[0]?.name).toBe('command');
    const trailing = parseRunbook('```sh {name=x} more\nls\n```\n', 'a.md');
    expect(errors(trailing.problems)).toEqual([]);
    expect(warnings(trailing.problems)).toEqual([[1, 16, expect.stringContaining('"more"')]]);
    expect(trailing.steps[0]?.name).toBe('x');
  });

  it('refuses to run only the step whose unreadable block names a gate', () => {
    const rb = parseRunbook(
      '# T\n\n```sh { "sudo": true, }\nreboot\n```\n\n```sh {name=after}\necho ok\n```\n',
      'g.md',
    );
    expect(rb.problems.filter((p) => p.severity === 'error')).toEqual([
      expect.objectContaining({ line: 3, step: 't', message: expect.stringContaining('sudo') }),
    ]);
    expect(hasErrors(rb)).toBe(false);
    expect(stepErrors(rb, 'after')).toEqual([]);
  });

  it('places the brace column right for a fence indented inside a list item', () => {
    const rb = parseRunbook('1. Step:\n\n   ```sh {oops}\n   ls\n   ```\n', 'n.md');
    expect(warnings(rb.problems)).toEqual([
      [3, 11, expect.stringContaining('unknown attribute "oops"')],
    ]);
  });

  it('numbers a repeated explicit name as Runme does, with a warning at the name attribute', () => {
    const src = '```sh {"name":"x"}\na\n```\n\n```sh { sudo=true name=x }\nb\n```\n';
    const rb = parseRunbook(src, 'd.md');
    expect(errors(rb.problems)).toEqual([]);
    expect(warnings(rb.problems)).toEqual([
      [5, 19, 'duplicate step name "x": this step is called "x-2" (as Runme numbers it)'],
    ]);
    expect(rb.steps.map((s) => s.name)).toEqual(['x', 'x-2']);
  });

  it('reports an unknown platform in an attribute (that step) and in the front matter (the runbook)', () => {
    const rb = parseRunbook(
      '---\nplatforms: [linux, macos]\n---\n```sh { platform=linux,beos }\nx\n```\n',
      'p.md',
    );
    expect(errors(rb.problems)).toEqual([
      [2, 20, expect.stringMatching(/unknown platform "macos" \(did you mean darwin\?\)/)],
      [4, 9, expect.stringContaining('unknown platform "beos"')],
    ]);
    expect(rb.problems.map((p) => p.step)).toEqual([undefined, 'command']);
  });

  it('keeps bad gate, timeout, exit-code and artifact values from running their step only', () => {
    const src = [
      '```sh { artifacts=/etc/passwd,../up.txt,ok.txt }\nx\n```',
      '```sh { expect=0,256,x }\nx\n```',
      '```sh { timeout=-5 }\nx\n```',
      '```sh { sudo=yes }\nx\n```',
      '```sh { kind=script }\nx\n```',
      '```sh { name=fine }\nx\n```',
    ].join('\n\n');
    const rb = parseRunbook(src, 'v.md');
    const messages = errors(rb.problems).map(([, , m]) => m);
    expect(messages).toEqual([
      expect.stringContaining(
        'step "command": attribute artifacts: "/etc/passwd" must be relative',
      ),
      expect.stringContaining('"../up.txt" must not contain ".."'),
      expect.stringContaining('step "command-2": attribute expect: "256" is not an exit code'),
      expect.stringContaining('"x" is not an exit code'),
      expect.stringContaining('step "command-3": attribute timeout: "-5" is not a positive number'),
      expect.stringContaining('step "command-4": attribute sudo: "yes" is not true or false'),
      expect.stringContaining('step "command-5": attribute kind: "script" is not one of command'),
    ]);
    expect(rb.steps[0]?.artifacts).toEqual(['ok.txt']);
    expect(hasErrors(rb)).toBe(false);
    expect(rb.steps.map((s) => stepErrors(rb, s.name).length)).toEqual([2, 2, 1, 1, 1, 0]);
  });

  it('accepts what Runme accepts: cwd outside the file, a name that is not a slug', () => {
    const rb = parseRunbook(
      '```sh { cwd=../.. }\nx\n```\n\n```sh { cwd=/etc }\nx\n```\n\n```sh { name="-bad one" }\nx\n```\n',
      'v.md',
    );
    expect(errors(rb.problems)).toEqual([]);
    expect(rb.steps.map((s) => s.cwd)).toEqual(['../..', '/etc', undefined]);
    expect(rb.steps[2]).toMatchObject({ name: 'bad-one', aliases: ['-bad one'] });
    expect(warnings(rb.problems)).toEqual([
      [9, 9, expect.stringContaining('is called "bad-one" and answers to "-bad one" too')],
    ]);
  });

  it('reports an unterminated fence at its opening line, as an error of that step', () => {
    const rb = parseRunbook('# T\n\ntext\n\n```sh\necho never closed\nmore\n', 'u.md');
    expect(errors(rb.problems)).toEqual([[5, 1, expect.stringContaining('never closed')]]);
    expect(rb.steps).toHaveLength(1);
    expect(rb.problems[0]?.step).toBe('t');
  });

  it('reports invalid UTF-8 at the line and column of the first bad byte', () => {
    const bytes = Buffer.concat([
      Buffer.from('# Title\nok é line\nab'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('\n'),
    ]);
    const rb = parseRunbook(bytes, 'bad.md');
    expect(errors(rb.problems)).toEqual([
      [3, 3, expect.stringMatching(/^not a UTF-8 text file: the byte 0xc3/)],
    ]);
    expect(rb.steps).toEqual([]);
    expect(rb.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reports NUL bytes as not a text file, in bytes and in strings', () => {
    const rb = parseRunbook(Buffer.from('line one\nxy\0z'), 'nul.md');
    expect(errors(rb.problems)).toEqual([
      [2, 3, expect.stringContaining('not a UTF-8 text file: a NUL byte')],
    ]);
    expect(errors(parseRunbook('a\0', 'nul.md').problems)[0]?.slice(0, 2)).toEqual([1, 2]);
  });

  it('reports binary junk (a PNG header) without crashing', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const rb = parseRunbook(png, 'image.md');
    expect(errors(rb.problems)).toEqual([[1, 1, expect.stringContaining('not a UTF-8 text file')]]);
  });

  it('reports a UTF-16 file as not UTF-8', () => {
    const utf16 = Buffer.from('\ufeff# Title\n', 'utf16le');
    expect(errors(parseRunbook(utf16, 'w.md').problems)[0]?.[2]).toContain('not a UTF-8 text file');
  });

  it('parses a 5 MB runbook completely', () => {
    const section = (i: number): string =>
      `## Section ${i}\n\nProse for ${i} with *emphasis*.\n\n\`\`\`sh\necho ${i}\n\`\`\`\n\n- [ ] Step ${i} done?\n\n`;
    const parts: string[] = ['# Big\n\n'];
    let size = 0;
    let count = 0;
    while (size < 5 * 1024 * 1024) {
      const s = section(count++);
      parts.push(s);
      size += s.length;
    }
    const rb = parseRunbook(parts.join(''), 'big.md');
    expect(rb.problems).toEqual([]);
    expect(rb.steps).toHaveLength(count * 2);
    expect(rb.steps.at(-2)).toMatchObject({
      name: `section-${count - 1}`,
      text: `echo ${count - 1}`,
    });
    expect(rb.steps.at(-1)?.line).toBe(1 + 2 + (count - 1) * 10 + 8);
  });

  it('parameter problems land on the line of the offending field', () => {
    const src = [
      '---',
      'params:',
      '  PORT:',
      '    type: number',
      '  P2:',
      '    type: port',
      '    default: "99999"',
      '  P3:',
      '    pattern: "([a-z"',
      '  P4:',
      '    choices: fast',
      '  PATH: /usr/bin',
      '  bad-name: x',
      '  P5:',
      '    required: maybe',
      '    colour: red',
      '---',
    ].join('\n');
    const rb = parseRunbook(src, 'params.md');
    const found = rb.problems.map((p) => [p.line, p.severity, p.message.slice(0, 40)]);
    expect(found).toEqual([
      [4, 'error', expect.stringContaining('unknown type "number"')],
      [7, 'warning', expect.stringContaining('default does not pass')],
      [9, 'error', expect.stringContaining('pattern is not a valid')],
      [11, 'error', expect.stringContaining('choices must be a list')],
      [12, 'error', expect.stringContaining('PATH would replace')],
      [13, 'error', expect.stringContaining('"bad-name" must be a')],
      [15, 'error', expect.stringContaining('required must be true')],
      [16, 'warning', expect.stringContaining('unknown field "colour"')],
    ]);
  });
});

describe('parseRunbook properties', () => {
  const wellFormed = (problems: Problem[]): boolean =>
    problems.every(
      (p) => Number.isInteger(p.line) && Number.isInteger(p.column) && p.line >= 1 && p.column >= 1,
    );

  /** Markdown-ish fragments so random documents hit fences, lists, front matter and attributes. */
  const fragment = fc.constantFrom(
    '---\n', '```sh', '```', '~~~', ' {name=x}', '{"name":"y"}', '{ a="b c" }', '- [ ] q', '- [x] ',
    '  ', '\n', '\r\n', '# H', '> ', '1. ', 'title: [', 'params:\n  X: {type: port}\n', '\t', '{', '}',
  ); // prettier-ignore

  it('never throws on arbitrary strings and every problem has line ≥ 1 and column ≥ 1', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fragment, fc.string()), { maxLength: 40 }), (parts) => {
        const rb = parseRunbook(parts.join(''), 'prop.md');
        return wellFormed(rb.problems) && rb.sha256.length === 64;
      }),
      { numRuns: 400 },
    );
  });

  it('never throws on arbitrary bytes and every problem has line ≥ 1 and column ≥ 1', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) =>
        wellFormed(parseRunbook(bytes, 'b.md').problems),
      ),
      { numRuns: 400 },
    );
  });

  it('gives every step a unique name when no explicit names are written', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fragment, fc.constantFrom('```sh\nx\n```\n', '## Same\n')), {
          maxLength: 40,
        }),
        (parts) => {
          const rb = parseRunbook(parts.join('\n').replace(/name/g, 'nom'), 'n.md');
          return new Set(rb.steps.map((s) => s.name)).size === rb.steps.length;
        },
      ),
      { numRuns: 300 },
    );
  });
});

/**
 * Cell attributes written for Runme: both forms, bare keys, Runme's booleans and their fallback,
 * Runme's own attributes, and what stays an error (only for the step it is about).
 */
import { describe, expect, it } from 'vitest';
import { parseInfoString } from '../../../src-main/core/runbook/info-string.js';
import { hasErrors, stepErrors } from '../../../src-main/core/runbook/model.js';
import { parseRunbook } from '../../../src-main/core/runbook/parser.js';

const cell = (info: string, text = 'echo x'): string => `\`\`\`${info}\n${text}\n\`\`\`\n`;
const parse = (...cells: string[]) => parseRunbook(`# T\n\n${cells.join('\n')}`, 'a.md');

describe('parseInfoString', () => {
  it('reads the JSON form, turning numbers, booleans and the rest into text as Runme does', () => {
    const info = parseInfoString('sh {"name":"x","timeout":30,"background":true,"nested":{"a":1}}');
    expect(info.language).toBe('sh');
    expect(info.notes).toEqual([]);
    expect(Object.fromEntries(info.attributes.map((a) => [a.key, a.value]))).toEqual({
      name: 'x',
      timeout: '30',
      background: 'true',
      nested: '{"a":1}',
    });
  });

  it('reads the key=value form with quotes and bare keys (true)', () => {
    const info = parseInfoString(`bash { name=x confirm="Reboot it" note='a b' background }`);
    expect(info.attributes).toEqual([
      { key: 'name', value: 'x', offset: 7 },
      { key: 'confirm', value: 'Reboot it', offset: 14 },
      { key: 'note', value: 'a b', offset: 34 },
      { key: 'background', value: 'true', offset: 45, bare: true },
    ]);
  });

  it('takes no language when the block follows the fence directly', () => {
    expect(parseInfoString('{ name=x }')).toMatchObject({
      language: '',
      attributes: [{ key: 'name' }],
    });
    expect(parseInfoString('sh{name=y}').attributes[0]).toMatchObject({ key: 'name', value: 'y' });
  });

  it('ignores a block in neither form with one warning, as Runme ignores it', () => {
    const info = parseInfoString('sh { name: "test" }');
    expect(info.attributes).toEqual([]);
    expect(info.notes).toEqual([
      expect.objectContaining({
        severity: 'warning',
        offset: 3,
        message: expect.stringContaining('neither JSON'),
      }),
    ]);
  });

  it('makes an unreadable block that names a gate an error (the step must not run ungated)', () => {
    for (const info of ['sh { "sudo": true, }', 'sh { confirm="unclosed }', 'sh {sudo=true']) {
      const parsed = parseInfoString(info);
      expect(parsed.attributes, info).toEqual([]);
      expect(parsed.notes[0]?.severity, info).toBe('error');
    }
  });

  it('warns about text after the language or after the block, and keeps the block', () => {
    const info = parseInfoString('sh title=x {name=y} trailing');
    expect(info.attributes.map((a) => a.key)).toEqual(['name']);
    expect(info.notes.map((n) => n.message)).toEqual([
      expect.stringContaining('"title=x"'),
      expect.stringContaining('"trailing"'),
    ]);
  });
});

describe("Runme's attributes", () => {
  it("falls back to Runme's default on a boolean it cannot read, with a warning", () => {
    const rb = parse(
      cell(
        'sh {"name":"a","interactive":"false,","background":"maybe","excludeFromRunAll":"nope"}',
      ),
    );
    expect(rb.steps[0]).toMatchObject({ interactive: true, excludeFromRunAll: false });
    expect(rb.steps[0]?.background).toBeUndefined();
    expect(rb.problems.map((p) => [p.severity, p.message])).toEqual([
      [
        'warning',
        expect.stringContaining(
          `interactive: "false," is not true or false; Runme's default (true) is used`,
        ),
      ],
      [
        'warning',
        expect.stringContaining(
          `background: "maybe" is not true or false; Runme's default (false) is used`,
        ),
      ],
      ['warning', expect.stringContaining(`excludeFromRunAll: "nope"`)],
    ]);
  });

  it("reads Go's boolean words as Runme does", () => {
    const rb = parse(
      cell('sh { name=a interactive=0 excludeFromRunAll=T }'),
      cell('sh { name=b interactive=F excludeFromRunAll=1 }'),
    );
    expect(rb.steps.map((s) => [s.interactive, s.excludeFromRunAll])).toEqual([
      [false, true],
      [false, true],
    ]);
    expect(rb.problems).toEqual([]);
  });

  it('takes a bare boolean key as true, saying that Runme would skip it', () => {
    const rb = parse(cell('sh { name=x background }', 'sleep 60'));
    expect(rb.steps[0]).toMatchObject({ name: 'x', background: true, rules: { openEnded: true } });
    expect(rb.problems).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringContaining("Runme's parser skips it"),
      }),
    ]);
    const nameOnly = parse(cell('sh { name }'));
    expect(nameOnly.steps[0]?.name).toBe('t');
    expect(nameOnly.problems[0]?.message).toContain('needs a value');
  });

  it('reads id, interpreter, category and tag, terminalRows, promptEnv and ignore', () => {
    const rb = parse(
      cell(
        'sh {"id":"01HX","name":"a","category":"build,deploy","tag":"ops","terminalRows":"12","promptEnv":"never"}',
      ),
      cell('php { name=b interpreter="php -n" promptEnv=yes }'),
      cell('sh { name=c ignore=true promptEnv=auto }'),
    );
    expect(rb.problems).toEqual([]);
    expect(rb.steps[0]).toMatchObject({
      id: '01HX',
      categories: ['build', 'deploy', 'ops'],
      terminalRows: 12,
      promptEnv: 'never',
    });
    expect(rb.steps[1]).toMatchObject({
      kind: 'command',
      interpreter: 'php -n',
      promptEnv: 'always',
    });
    expect(rb.steps[2]).toMatchObject({ kind: 'display', ignored: true, promptEnv: 'auto' });
  });

  it('warns about values of Runme attributes it cannot use and keeps the step', () => {
    const rb = parse(cell('sh { name=a terminalRows=lots promptEnv=sometimes interpreter="" }'));
    expect(rb.problems.map((p) => p.severity)).toEqual(['warning', 'warning', 'warning']);
    expect(rb.steps[0]).toMatchObject({ name: 'a', kind: 'command' });
    expect(rb.steps[0]?.terminalRows).toBeUndefined();
  });

  it("knows Runme's display attributes and warns about nothing for them", () => {
    const rb = parse(cell('sh { name=a mimeType=text/plain closeTerminalOnSuccess=false }'));
    expect(rb.problems).toEqual([]);
  });

  it('keeps a wrong gate, platform, timeout or exit code an error of that step only', () => {
    const rb = parse(
      cell('sh { name=a sudo=perhaps }'),
      cell('sh { name=b platform=beos }'),
      cell('sh { name=c timeout=soon }'),
      cell('sh { name=d expect=maybe }'),
      cell('sh { name=fine }'),
    );
    expect(hasErrors(rb)).toBe(false);
    expect(['a', 'b', 'c', 'd', 'fine'].map((n) => stepErrors(rb, n).length)).toEqual([
      1, 1, 1, 1, 0,
    ]);
  });
});

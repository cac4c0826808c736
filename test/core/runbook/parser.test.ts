import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../../src-main/core/runbook/parser.js';
import type { Runbook, Step } from '../../../src-main/core/runbook/model.js';

const TOUR = fileURLToPath(new URL('../../fixtures/runbooks/feature-tour.md', import.meta.url));

function step(rb: Runbook, name: string): Step {
  const found = rb.steps.find((s) => s.name === name);
  if (!found) throw new Error(`no step ${name}; have ${rb.steps.map((s) => s.name).join(', ')}`);
  return found;
}

/** Line (1-based) of the first line of `source` that contains `needle`. */
function lineOf(source: string, needle: string): number {
  return source.split('\n').findIndex((l) => l.includes(needle)) + 1;
}

describe('parseRunbook on the feature tour', () => {
  const bytes = readFileSync(TOUR);
  const source = bytes.toString('utf8');
  const rb = parseRunbook(bytes, TOUR, { bundled: true });

  it('reads the front matter fields', () => {
    expect(rb.problems).toEqual([]);
    expect(rb).toMatchObject({
      id: 'feature-tour',
      title: 'Feature tour',
      summary: 'Every runbook feature in one file',
      source: 'Written for the parser tests',
      platforms: ['linux', 'darwin'],
      tags: ['test', 'tour'],
      shell: 'zsh',
      bundled: true,
      file: TOUR,
    });
  });

  it('hashes the exact file bytes', () => {
    expect(rb.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('reads parameters with their defaults, types and the bare-string shorthand', () => {
    const byName = Object.fromEntries(rb.params.map((p) => [p.name, p]));
    expect(byName.MAIL_HOST).toMatchObject({ type: 'host', label: 'Mail server', required: true });
    expect(byName.MAIL_PORT).toMatchObject({ type: 'port', default: '25', required: false });
    expect(byName.MODE).toMatchObject({
      type: 'string',
      choices: ['fast', 'slow'],
      default: 'fast',
    });
    expect(byName.TOKEN).toMatchObject({ secret: true, label: 'TOKEN' });
    expect(byName.GREETING).toMatchObject({ type: 'string', default: 'hello' });
  });

  it('finds every step in document order with its kind and line', () => {
    expect(rb.steps.map((s) => [s.kind, s.language, s.line])).toEqual([
      ['command', 'sh', lineOf(source, '"name":"generate"')],
      ['command', 'bash', lineOf(source, 'confirm="This overwrites')],
      ['command', 'powershell', lineOf(source, '```powershell')],
      ['config', 'cisco', lineOf(source, '```cisco')],
      ['display', 'text', lineOf(source, '```text')],
      ['config', 'json', lineOf(source, '```json')],
      ['checklist', '', lineOf(source, 'FIPS 140-2')],
      ['checklist', '', lineOf(source, 'old key destroyed')],
      ['checklist', '', lineOf(source, 'Who witnessed')],
      ['command', 'python', lineOf(source, '```python')],
      ['command', 'perl', lineOf(source, '```perl')],
    ]);
  });

  it('reads JSON-form attributes, including JSON numbers and booleans as text', () => {
    const s = step(rb, 'generate');
    expect(s).toMatchObject({
      sudo: true,
      timeout: 30,
      interactive: false,
      heading: 'Generate the key',
    });
    expect(s.text).toBe('openssl genrsa -out key.pem 2048');
    expect(s.attributes).toEqual({
      name: 'generate',
      sudo: 'true',
      timeout: '30',
      interactive: 'false',
    });
  });

  it('reads key=value attributes with a quoted value containing spaces', () => {
    const s = step(rb, 'generate-the-key');
    expect(s.confirm).toBe('This overwrites the key');
    expect(s.artifacts).toEqual(['out/*.csr', 'logs/run.log']);
    expect(s.expect).toEqual([0, 1]);
    expect(s.cwd).toBe('work');
    expect(s.sudo).toBe(false);
    expect(s.interactive).toBe(true);
  });

  it('uses the step platform, else the runbook platforms', () => {
    expect(step(rb, 'generate-the-key-2')).toMatchObject({
      platforms: ['win32'],
      excludeFromRunAll: true,
    });
    expect(step(rb, 'generate').platforms).toEqual(['linux', 'darwin']);
  });

  it('derives names from the heading, per kind, and from checklist questions', () => {
    expect(rb.steps.map((s) => s.name)).toEqual([
      'generate',
      'generate-the-key',
      'generate-the-key-2',
      'apply-on-the-router-config',
      'apply-on-the-router-display',
      'apply-on-the-router-config-2',
      'is-the-key-generated-in-a-fips-140-2-validated',
      'was-the-old-key-destroyed',
      'who-witnessed-it',
      'questions',
      'questions-2',
    ]);
  });

  it('keeps checklist questions and their written check state', () => {
    expect(step(rb, 'was-the-old-key-destroyed')).toMatchObject({
      text: 'Was the old key destroyed?',
      checked: true,
    });
    expect(step(rb, 'who-witnessed-it').checked).toBe(false);
  });

  it('takes code nested in list items and block quotes without their indentation', () => {
    expect(step(rb, 'questions').text).toBe('print("nested in a list")');
    expect(step(rb, 'questions-2').text).toBe('print "quoted\\n";');
  });

  it('splits the document into prose and step segments, front matter excluded', () => {
    const kinds = rb.segments.map((s) => (s.kind === 'step' ? s.name : 'prose'));
    expect(kinds[0]).toBe('prose');
    expect(
      rb.segments.filter((s) => s.kind === 'step').map((s) => s.kind === 'step' && s.name),
    ).toEqual(rb.steps.map((s) => s.name));
    const prose = rb.segments.flatMap((s) => (s.kind === 'prose' ? [s.markdown] : []));
    expect(prose[0]).toMatch(/^# Feature tour\n\nSome prose/);
    expect(prose.join('')).not.toContain('MAIL_HOST');
    expect(prose).toContain('- A note that is not a question.\n');
    expect(prose.join('')).toContain('2. Then read the result.');
    expect(prose.at(-1)).toBe('The end.\n');
  });
});

describe('parseRunbook defaults', () => {
  it('takes the title from the first # heading and the id from the file name', () => {
    const rb = parseRunbook('Intro\n\n# The title\n\n# Another\n', '/x/my-book.md');
    expect(rb).toMatchObject({
      id: 'my-book',
      title: 'The title',
      shell: 'bash',
      platforms: [],
      bundled: false,
    });
  });

  it('falls back to the id as title when there is no heading', () => {
    expect(parseRunbook('just text\n', 'plain.md').title).toBe('plain');
  });

  it('gives a step without attributes the documented defaults', () => {
    const rb = parseRunbook('```sh\nls\n```\n', 'd.md');
    expect(rb.steps[0]).toMatchObject({
      name: 'command',
      sudo: false,
      interactive: true,
      excludeFromRunAll: false,
      expect: [0],
      artifacts: [],
      platforms: [],
      attributes: {},
    });
    expect(rb.steps[0]?.heading).toBeUndefined();
  });

  it('keeps line numbers right with CRLF line endings', () => {
    const lf = '---\ntitle: T\n---\n# H\n\n```sh { name=one }\necho 1\n```\n\n- [ ] ok?\n';
    const crlf = parseRunbook(lf.replace(/\n/g, '\r\n'), 'c.md');
    expect(crlf.problems).toEqual([]);
    expect(crlf.steps.map((s) => [s.name, s.line, s.text])).toEqual([
      ['one', 6, 'echo 1'],
      ['ok', 10, 'ok?'],
    ]);
  });

  it('parses an empty file into an empty runbook without problems', () => {
    const rb = parseRunbook('', 'empty.md');
    expect(rb).toMatchObject({
      id: 'empty',
      title: 'empty',
      steps: [],
      segments: [],
      problems: [],
    });
  });

  it('accepts Runme front matter keys and warns about unknown ones', () => {
    const rb = parseRunbook(
      '---\nshell: bash\ncwd: x\nskipPrompts: true\ncolour: red\n---\n',
      'r.md',
    );
    expect(rb.problems).toEqual([
      expect.objectContaining({
        line: 5,
        column: 1,
        severity: 'warning',
        message: expect.stringContaining('colour'),
      }),
    ]);
  });

  it('warns about an unknown attribute at its column and keeps it for display', () => {
    const rb = parseRunbook('```sh { name=x blinking=true }\nsleep 1\n```\n', 'u.md');
    expect(rb.problems).toEqual([
      expect.objectContaining({
        line: 1,
        column: 16,
        severity: 'warning',
        message: expect.stringContaining('unknown attribute "blinking"'),
      }),
    ]);
    expect(rb.steps[0]?.attributes).toEqual({ name: 'x', blinking: 'true' });
  });

  it('lets kind=display turn a shell block into a shown-only step', () => {
    const rb = parseRunbook('## Output\n\n```sh { kind=display }\n$ ls\n```\n', 'k.md');
    expect(rb.steps[0]).toMatchObject({ kind: 'display', name: 'output-display' });
  });

  it('treats language names case-insensitively but keeps them as written', () => {
    const rb = parseRunbook('```PowerShell\nGet-Date\n```\n```IOS\nshow run\n```\n', 'l.md');
    expect(rb.steps.map((s) => [s.kind, s.language])).toEqual([
      ['command', 'PowerShell'],
      ['config', 'IOS'],
    ]);
  });

  it('ignores indented code blocks (they are prose, not steps)', () => {
    const rb = parseRunbook('Text\n\n    indented code\n', 'i.md');
    expect(rb.steps).toEqual([]);
    expect(rb.segments).toEqual([{ kind: 'prose', markdown: 'Text\n\n    indented code\n' }]);
  });

  it('uses plain heading text for the title and the step heading', () => {
    const rb = parseRunbook('# Set up **TLS** with `openssl`\n\n```sh\nx\n```\n', 'h.md');
    expect(rb.title).toBe('Set up TLS with openssl');
    expect(rb.steps[0]).toMatchObject({
      heading: 'Set up TLS with openssl',
      name: 'set-up-tls-with-openssl',
    });
  });
});

/**
 * The Runme-style corpus (test/fixtures/runme) parsed: every file is listed, only the broken one
 * has an error about the whole file, every cell is found at its line, and each reads as Runme
 * reads it (kinds, names, aliases, ids, settings).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isRunnableLanguage } from '../../../src-main/core/runbook/languages.js';
import { hasErrors, stepErrors, type Runbook } from '../../../src-main/core/runbook/model.js';
import { parseRunbook } from '../../../src-main/core/runbook/parser.js';

const CORPUS = join(import.meta.dirname, '..', '..', 'fixtures', 'runme');
const parsed = new Map<string, Runbook>(
  readdirSync(CORPUS)
    .filter((f) => f.endsWith('.md'))
    .map((f) => [
      f.replace(/\.md$/, ''),
      parseRunbook(readFileSync(join(CORPUS, f)), join(CORPUS, f)),
    ]),
);
const book = (id: string): Runbook => parsed.get(id)!;

/** The 1-based lines of the fence openings of a file, as a person counts them. */
function fenceLines(id: string): number[] {
  const lines = readFileSync(join(CORPUS, `${id}.md`), 'utf8').split('\n');
  const out: number[] = [];
  let open = false;
  lines.forEach((l, i) => {
    if (!/^```/.test(l)) return;
    if (!open) out.push(i + 1);
    open = !open;
  });
  return out;
}

describe('the Runme corpus', () => {
  it('has one runbook that cannot run at all (broken front matter); every other one runs', () => {
    const broken = [...parsed.values()].filter((rb) => hasErrors(rb)).map((rb) => rb.id);
    expect(broken).toEqual(['broken']);
    expect(parsed.size).toBeGreaterThanOrEqual(12);
  });

  it('finds every cell at the line of its fence', () => {
    for (const [id, rb] of parsed) {
      if (id === 'broken') continue;
      expect(
        rb.steps.map((s) => s.line),
        id,
      ).toEqual(fenceLines(id));
    }
  });

  it('runs every language of the table, interpreter and shebang cells included', () => {
    const rb = book('languages');
    expect(rb.problems).toEqual([]);
    expect(rb.steps.map((s) => s.kind)).toEqual(rb.steps.map(() => 'command'));
    for (const lang of ['sh', 'bash', 'zsh', 'shell', 'shellscript', '', 'js', 'javascript', 'ts'])
      expect(isRunnableLanguage(lang), lang).toBe(true);
    expect(rb.steps.map((s) => s.language)).toEqual([
      'sh', 'bash', 'zsh', 'shell', 'shellscript', '', 'js', 'javascript', 'ts', 'python', 'py',
      'ruby', 'rb', 'perl', 'go', 'sh', 'text', 'sh',
    ]); // prettier-ignore
    expect(rb.steps.at(-3)?.interpreter).toBe('cat');
    expect(rb.steps.at(-2)?.interpreter).toBe('python3');
  });

  it('strips prompts, names cells as Runme does and keeps cell ids', () => {
    const rb = book('prompts-and-names');
    expect(rb.problems).toEqual([]);
    expect(rb.steps.map((s) => [s.aliases?.[0], s.id, s.script !== undefined])).toEqual([
      ['echo-hello', '01HRLCORPUSCELL0000000001', true],
      ['echo-1', undefined, true],
      ['echo-1-2', undefined, true],
      [undefined, '01HRLCORPUSCELL0000000002', false],
      ['ls-1', undefined, true],
      [undefined, undefined, false],
    ]);
    expect(rb.runme).toEqual({ id: '01HRLCORPUS0PROMPTS000001', version: 'v3' });
  });

  it('reads a typo in a boolean as Runme does: a warning and the default', () => {
    const rb = book('bad-boolean');
    expect(hasErrors(rb)).toBe(false);
    expect(rb.problems.every((p) => p.severity === 'warning')).toBe(true);
    expect(rb.steps.map((s) => [s.name, s.interactive, s.excludeFromRunAll])).toEqual([
      ['first', true, false],
      ['second', true, false],
      ['a-typo-in-a-boolean', true, false],
    ]);
    expect(rb.steps[2]?.aliases).toEqual(['echo-third']);
  });

  it('reads background, promptEnv, categories, cwd and TOML front matter', () => {
    expect(book('background').steps[0]).toMatchObject({ name: 'ticker', background: true });
    expect(
      book('prompt-env').steps.map((s) => [s.name, s.promptEnv, s.prompts?.map((p) => p.name)]),
    ).toEqual([
      ['set-target', undefined, ['TARGET_HOST', 'TARGET_PORT']],
      ['use-target', 'never', ['TARGET_USER']],
      ['ask-again', 'always', ['TARGET_HOST']],
      ['login', undefined, ['API_TOKEN']],
    ]);
    expect(book('categories').steps.map((s) => [s.name, s.kind, s.categories])).toEqual([
      ['build', 'command', ['build']],
      ['deploy', 'command', ['build', 'deploy']],
      ['lint', 'command', ['build']],
      ['never', 'display', undefined],
      ['cleanup', 'command', ['ops']],
    ]);
    expect(book('cwd')).toMatchObject({ cwd: '..' });
    expect(book('cwd').steps.map((s) => s.cwd)).toEqual([undefined, 'runme', '/']);
    expect(book('toml-front-matter')).toMatchObject({
      title: 'TOML front matter',
      skipPrompts: true,
      terminalRows: 12,
      categories: ['toml'],
      runme: { id: '01HRLCORPUSTOML0000000001', version: 'v3' },
    });
  });

  it('keeps a wrong gate from running only its own step', () => {
    const rb = book('step-errors');
    expect(hasErrors(rb)).toBe(false);
    expect(rb.steps.map((s) => stepErrors(rb, s.name).length)).toEqual([0, 1, 0]);
  });
});

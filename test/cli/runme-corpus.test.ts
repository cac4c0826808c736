/**
 * The Runme-style corpus (test/fixtures/runme) through the built `runlog` CLI, as an operator
 * uses it: listed (a broken file does not fail the list), shown (Runme names, ids, settings,
 * errors), and run file by file with the results Runme users expect; then promptEnv answered at
 * a real terminal.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HistoryStore } from '../../src-main/core/history/index.js';
import { program, skipNote, unmet } from '../needs.js';
import { BUILT, CLI, CliPty, ROOT, tempFolder } from './cli-pty.js';

/** The corpus's language cells run these programs (Node and tsx come with the repository). */
const LANGUAGES_MISSING = unmet(
  program('zsh'),
  program('python3'),
  program('perl'),
  program('ruby'),
  program('go'),
);

let folder: { dir: string; remove(): void };
let books: string;
let data: string;
/** tsx (a devDependency) runs the corpus's TypeScript cell: Node 20 cannot strip types itself. */
const PATH = [join(ROOT, 'node_modules', '.bin'), process.env.PATH].join(delimiter);

beforeAll(() => {
  folder = tempFolder('runlog-runme-');
  books = join(folder.dir, 'runme');
  data = join(folder.dir, 'data');
  cpSync(join(ROOT, 'test', 'fixtures', 'runme'), books, { recursive: true });
});
afterAll(() => folder.remove());

function cli(args: string[], path = PATH) {
  const r = spawnSync(process.execPath, [CLI, ...args, '--data-dir', data, '--runbooks', books], {
    encoding: 'utf8',
    env: { ...process.env, PATH: path, NO_COLOR: '1' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A PATH holding only the shell tools the steps need, so "lua" is surely missing from it. */
function shellOnlyPath(): string {
  const bin = join(folder.dir, 'shell-only-bin');
  mkdirSync(bin, { recursive: true });
  for (const tool of ['bash', 'sh', 'env']) {
    const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
    if (!existsSync(join(bin, tool))) symlinkSync(found, join(bin, tool));
  }
  return bin;
}

const file = (name: string) => join(books, `${name}.md`);

/** Trusts and runs one corpus file without a terminal; the run's JSON and the step output. */
function run(name: string, extra: string[] = [], path = PATH) {
  expect(cli(['trust', file(name)]).code).toBe(0);
  const r = cli(['run', file(name), '--json', ...extra], path);
  const result = r.stdout.trim() ? JSON.parse(r.stdout) : undefined;
  return {
    ...r,
    result,
    steps: Object.fromEntries((result?.steps ?? []).map((s: { name: string }) => [s.name, s])),
  };
}

/** A run as the history holds it, with each step's plain-text output. */
function recorded(runId: string) {
  const store = HistoryStore.open(join(data, 'history.sqlite'), { readonly: true });
  try {
    const detail = store.getRun(runId)!;
    const texts = Object.fromEntries(
      detail.steps.filter((s) => s.id > 0).map((s) => [s.stepName, store.readOutputText(s.id)]),
    );
    return { detail, text: (step: string) => texts[step] };
  } finally {
    store.close();
  }
}

describe.skipIf(!BUILT)('runlog on the Runme corpus', () => {
  it('lists every file, the broken one with its error, and exits 0 (1 only with --strict)', () => {
    const listed = cli(['list']);
    expect(listed.code).toBe(0);
    for (const id of [
      'prompts-and-names',
      'languages',
      'background',
      'prompt-env',
      'categories',
      'cwd',
      'bad-boolean',
      'toml-front-matter',
      'shell-fallback',
      'missing-program',
      'step-errors',
      'broken',
    ])
      expect(listed.stdout, id).toMatch(new RegExp(`^${id}\\s`, 'm'));
    expect(listed.stdout).toMatch(/^broken\s.*1 error\(s\)/m);
    expect(listed.stdout).toMatch(/^step-errors\s.*1 step error\(s\)/m);
    expect(listed.stderr).toContain(`${file('broken')}:2:44: error: front matter:`);
    expect(cli(['list', '--strict']).code).toBe(1);
    const json = JSON.parse(cli(['list', '--json']).stdout);
    expect(json.runbooks.find((r: { id: string }) => r.id === 'languages').stepCount).toBe(18);
  });

  it("shows Runme's names, cell ids, stripped prompts, asked variables and step errors", () => {
    const names = cli(['show', file('prompts-and-names')]).stdout;
    expect(names).toMatch(/prompts-and-names-3 {2}\[command\/sh\] line 21 {2}also: echo-1-2/);
    expect(names).toContain('id: 01HRLCORPUSCELL0000000001');
    expect(names).toContain('» runs without the leading "$ " prompts');
    const env = cli(['show', file('prompt-env')]).stdout;
    expect(env).toContain(
      '» asks for (when unset): TARGET_HOST=db01.example.org, TARGET_PORT=5432',
    );
    expect(env).toContain('» exports (never asked): TARGET_USER=admin');
    expect(env).toContain('» asks always for: TARGET_HOST=db02.example.org');
    const errors = cli(['show', file('step-errors')]);
    expect(errors.code).toBe(0);
    expect(errors.stdout).toContain(
      '» cannot run: step "gated": attribute sudo: "maybe" is not true or false',
    );
    expect(cli(['show', file('background')]).stdout).toMatch(/ticker .*background/);
  });

  it('runs commands copied with their $ prompts, and finds cells by Runme name and id', () => {
    const all = run('prompts-and-names');
    expect([all.code, all.result.status]).toEqual([0, 'passed']);
    for (const out of [
      'hello from a prompt',
      'named cell',
      'listed the run folder',
      'variable line kept',
    ])
      expect(all.stderr).toContain(out);
    expect(all.stderr).not.toContain('$: command not found');
    const one = run('prompts-and-names', [
      '--step',
      'echo-1-2',
      '--step',
      '01HRLCORPUSCELL0000000002',
    ]);
    expect(
      one.result.steps
        .filter((s: { status: string }) => s.status === 'passed')
        .map((s: { name: string }) => s.name),
    ).toEqual(['prompts-and-names-3', 'explicit']);
    expect(cli(['run', file('prompts-and-names'), '--step', 'echo-9']).stderr).toContain(
      'has no step "echo-9"',
    );
  });

  it.skipIf(LANGUAGES_MISSING !== undefined)(
    `runs every language of the table, and interpreter and shebang cells${skipNote(LANGUAGES_MISSING)}`,
    () => {
      const r = run('languages');
      expect([r.code, r.result.status]).toEqual([0, 'passed']);
      for (const out of [
        'sh ran',
        'bash ran',
        'zsh ran zsh',
        'shell ran',
        'shellscript ran',
        'no language ran',
        'js ran',
        'javascript ran string',
        'ts ran 42',
        'python ran 42',
        'py ran',
        'ruby ran 42',
        'rb ran',
        'perl ran 42',
        'go ran 42',
        'this line is printed by cat, not run by a shell',
        'text block run by its interpreter',
        'shebang picked python',
      ])
        // prettier-ignore
        expect(r.stderr, out).toContain(out);
    },
    120_000,
  );

  it('lets the walk go on past a background step and stops it when the run finishes', () => {
    const r = run('background');
    expect([r.code, r.result.status]).toEqual([0, 'passed']);
    expect(r.stderr).toContain('ticker says: tick 1');
    expect(r.steps.ticker).toMatchObject({ status: 'passed', flag: 'stopped-by-operator' });
    expect(r.stderr.indexOf('── ticker: running')).toBeLessThan(r.stderr.indexOf('ticker says'));
  });

  it('takes exported variables from --env without a terminal, and keeps a token out of the record', () => {
    const r = run('prompt-env', [
      '--env',
      'TARGET_HOST=db09.example.org',
      '--env',
      'API_TOKEN=tok-0123456789',
    ]);
    expect([r.code, r.result.status]).toEqual([0, 'passed']);
    expect(r.stderr).toContain('target db09.example.org:5432');
    expect(r.stderr).toContain('connecting as admin to db09.example.org:5432');
    expect(r.stderr).toContain('host now db09.example.org');
    const { detail, text } = recorded(r.result.runId);
    expect(text('login')).toBe('token has 14 characters: [redacted]');
    expect(JSON.stringify(detail)).not.toContain('tok-0123456789');
    const written = run('prompt-env');
    expect(written.stderr).toContain('target db01.example.org:5432');
  });

  it('runs by category: only the steps of that category, and the run passes', () => {
    const build = run('categories', ['--category', 'build']);
    expect([build.code, build.result.status]).toEqual([0, 'passed']);
    expect(build.stderr).toContain('deploying');
    expect(build.stderr).not.toContain('cleaning up');
    expect(build.steps.cleanup).toMatchObject({ status: 'not-applicable' });
    expect(build.steps.never).toMatchObject({ status: 'not-applicable' });
    const all = run('categories');
    expect(all.result.status).toBe('passed');
    expect(all.stderr).not.toContain('this must never run');
    const nope = cli(['run', file('categories'), '--category', 'nope']);
    expect(nope.code).toBe(2);
    expect(nope.stderr).toContain(
      'No step of "categories" is in the category nope (categories: build, deploy, ops)',
    );
  });

  it('resolves cwd from the front matter and the cell, relative to the file, and absolute', () => {
    const r = run('cwd');
    expect([r.code, r.result.status]).toEqual([0, 'passed']);
    expect(r.stderr).toMatch(/^runme\r?$/m);
    expect(r.stderr).toMatch(/^cwd\.md\r?$/m);
    expect(r.stderr).toMatch(/^\/\r?$/m);
  });

  it('runs a file with a typo in a boolean, reads TOML front matter, falls back to /bin/sh', () => {
    const typo = run('bad-boolean');
    expect([typo.code, typo.result.status]).toEqual([0, 'passed']);
    expect(typo.stderr).toContain('third ran');
    const toml = run('toml-front-matter');
    expect(toml.stderr).toContain('rows 12, kept');
    const shell = run('shell-fallback');
    expect(shell.result.status).toBe('passed');
    expect(shell.stderr).toContain(
      'the runbook\'s shell "no-such-shell-here" is not installed; /bin/sh runs the step instead',
    );
    expect(shell.stderr).toContain('ran by sh');
  });

  it('fails only the step whose program is missing, naming it, and runs the rest', () => {
    const path = shellOnlyPath();
    const stopped = run('missing-program', [], path);
    expect([stopped.code, stopped.result.status]).toEqual([1, 'failed']);
    const goOn = run('missing-program', ['--keep-going'], path);
    expect(goOn.stderr).toContain('"lua" is not installed or in PATH');
    expect(goOn.stderr).toContain(
      'the program "runlog-no-such-program" (its interpreter attribute) is not installed',
    );
    expect(goOn.steps['still-runs']).toMatchObject({ status: 'passed' });
  });

  it('runs the steps around one written wrongly, and refuses that one by name (exit 2)', () => {
    const r = run('step-errors');
    // The wrong step is optional: the run passes, with that step named as not runnable.
    expect([r.code, r.result.status]).toEqual([0, 'passed-with-exceptions']);
    expect(r.result.outcome.notes).toEqual([
      {
        kind: 'not-runnable',
        steps: ['gated'],
        detail: 'cannot run: line 9: step "gated": attribute sudo: "maybe" is not true or false',
      },
    ]);
    expect(r.steps.gated).toMatchObject({ status: 'pending' });
    expect(r.stderr).not.toContain('must not run without its gate');
    const gated = cli(['run', file('step-errors'), '--step', 'gated']);
    expect(gated.code).toBe(2);
    expect(gated.stderr).toContain('step gated cannot run until the runbook is fixed');
  });
});

describe.skipIf(!BUILT)('promptEnv on a terminal', () => {
  it('asks for each variable, Enter keeping the written value, a token without echo', async () => {
    expect(cli(['trust', file('prompt-env')]).code).toBe(0);
    const pty = new CliPty(['run', file('prompt-env'), '--data-dir', data], { env: { PATH } });
    const q1 = await pty.waitFor('TARGET_HOST [db01.example.org]:');
    pty.type('db42.example.org\r');
    await pty.waitFor('TARGET_PORT [5432]:', q1);
    pty.type('\r');
    const q2 = await pty.waitFor('target db42.example.org:5432', q1);
    await pty.waitFor('connecting as admin to db42.example.org:5432', q2);
    await pty.waitFor('TARGET_HOST [db02.example.org]:', q2);
    pty.type('\r');
    const q3 = await pty.waitFor('host now db02.example.org', q2);
    await pty.waitFor('API_TOKEN (secret, not shown):', q3);
    pty.type('typed-secret-99\r');
    expect(await pty.exitCode()).toBe(0);
    const screen = pty.screen();
    expect(screen).not.toMatch(/API_TOKEN \(secret, not shown\): typed-secret-99/);
    const runId = /runlog: run (\S+)/.exec(screen)![1]!;
    const { detail, text } = recorded(runId);
    expect(detail.status).toBe('passed');
    expect(text('login')).toBe('token has 15 characters: [redacted]');
    expect(detail.events.filter((e) => e.type === 'env-answered').map((e) => e.detail)).toEqual([
      'TARGET_HOST=db42.example.org',
      'API_TOKEN=[redacted]',
    ]);
  });
});

describe.skipIf(!BUILT)('promptEnv and the terminal', () => {
  it('hands the keys typed after its questions to the step, and never echoes a secret answer', async () => {
    const f = join(books, 'env-then-read.md');
    writeFileSync(
      f,
      '# R\n```sh {"name":"ask"}\nexport DB_PASSWORD=""\nread -r answer\necho "step read: $answer; password has ${#DB_PASSWORD}"\n```\n',
    );
    expect(cli(['trust', f]).code).toBe(0);
    const pty = new CliPty(['run', f, '--data-dir', data], { env: { PATH } });
    const asked = await pty.waitFor('DB_PASSWORD (secret, not shown):');
    pty.type('hidden-pw-42\r');
    await pty.waitFor('── ask: running', asked);
    pty.type('typed-to-the-step\r');
    await pty.waitFor('step read: typed-to-the-step; password has 12', asked);
    expect(await pty.exitCode()).toBe(0);
    expect(pty.screen()).not.toContain('hidden-pw-42');
  });
});

describe.skipIf(!BUILT)('Runme settings from a hostile file', () => {
  it('reach the terminal escaped: names, aliases, categories, interpreters and variables', () => {
    const hostile = join(books, 'hostile-runme.md');
    writeFileSync(
      hostile,
      [
        '# H',
        '```sh { name=x\u001b[2Jy category=a\u202eb interpreter=sh\u001b[1A }',
        'export V="\u001b[2Jpwned\u0007"',
        '```',
      ].join('\n'),
    );
    const shown = cli(['show', hostile]);
    expect(shown.code).toBe(0);
    const all = shown.stdout + shown.stderr;
    for (const raw of ['\u001b', '\u0007', '\u202e']) expect(all.includes(raw)).toBe(false);
    expect(shown.stdout).toContain('also: x\\x1b[2Jy');
    expect(shown.stdout).toContain('categories a\\u202eb');
    // An interpreter holding a control character is refused outright.
    expect(shown.stdout).not.toContain('interpreter');
    expect(shown.stderr).toContain('attribute interpreter: needs one line of text without control');
    expect(shown.stdout).toContain('V=\\x1b[2Jpwned\\x07');
  });
});

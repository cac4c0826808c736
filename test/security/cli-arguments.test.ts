/**
 * The command line is a door too: bad arguments end with exit status 2 and
 * a message naming what is wrong, never a stack trace or a half-done run;
 * and `runlog serve` refuses to listen beyond the loopback interface.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { BUILT, runCli, tempDir } from './helpers.js';

let dataDir: string;

beforeAll(() => {
  dataDir = tempDir('cli');
});

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

/** Bad command lines, each with the words its message must contain. */
const BAD_LINES: Array<{ attack: string; args: string[]; message: RegExp }> = [
  {
    attack: '--param without NAME=VALUE',
    args: ['run', 'x', '--param', 'noequals'],
    message: /--param takes NAME=VALUE/,
  },
  {
    attack: '--param with an empty name',
    args: ['run', 'x', '--param', '=v'],
    message: /--param takes NAME=VALUE/,
  },
  { attack: 'negative --limit', args: ['history', '--limit', '-1'], message: /--limit/ },
  {
    attack: '--limit=-1 spelled with an equals sign',
    args: ['history', '--limit=-1'],
    message: /--limit must be a whole number/,
  },
  {
    attack: '--limit that is not a number',
    args: ['history', '--limit', '1e9'],
    message: /--limit must be a whole number/,
  },
  { attack: 'unknown flag', args: ['list', '--bogus'], message: /Unknown option '--bogus'/ },
  { attack: 'unknown command', args: ['exec', 'id'], message: /unknown command "exec"/ },
  {
    attack: 'unknown --status',
    args: ['history', '--status', 'pwned'],
    message: /--status must be one of/,
  },
  {
    attack: 'bad --format',
    args: ['export', 'r1', '--format', 'exe'],
    message: /--format must be html, json, pdf or bundle/,
  },
  { attack: 'run with no runbook', args: ['run'], message: /name one RUNBOOK/ },
  {
    attack: 'run of a runbook that does not exist',
    args: ['run', 'no-such-runbook'],
    message: /No runbook "no-such-runbook"/,
  },
  {
    attack: 'serve on a port out of range',
    args: ['serve', '--port', '70000'],
    message: /--port must be a number/,
  },
  { attack: 'value for a boolean flag', args: ['run', 'x', '--yes=please'], message: /--yes/ },
];

describe.skipIf(!BUILT).concurrent('CLI arguments', () => {
  for (const { attack, args, message } of BAD_LINES) {
    it(`attack: ${attack} → exit 2 with a message`, async () => {
      const result = await runCli([...args, '--data-dir', dataDir]);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
    });
  }

  it('attack: serve --host 0.0.0.0 exits non-zero and says why', async () => {
    const result = await runCli([
      'serve',
      '--host',
      '0.0.0.0',
      '--port',
      '0',
      '--data-dir',
      dataDir,
    ]);
    expect(result.code).not.toBe(0);
    expect(result.code).not.toBeNull();
    expect(result.stderr).toMatch(/Refusing to listen on 0\.0\.0\.0.*127\.0\.0\.1 or ::1/);
    expect(result.stdout).not.toMatch(/serving on/);
  });

  it('attack: serve on a LAN address (192.168.1.10) is refused the same way', async () => {
    const result = await runCli([
      'serve',
      '--host',
      '192.168.1.10',
      '--port',
      '0',
      '--data-dir',
      dataDir,
    ]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/Refusing to listen on 192\.168\.1\.10/);
  });
});

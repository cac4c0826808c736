/**
 * A secret parameter must never be stored or exported in clear: the test
 * runs a runbook that prints its secret through the real CLI, then searches
 * every byte Runlog wrote (history database and its WAL, run folder, engine
 * state, each export, the signed payload decoded) for the value.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  BUILT,
  exportWithCli,
  filesContaining,
  HOSTILE,
  runCli,
  tempDir,
  trustRunbook,
  type CliResult,
} from './helpers.js';

/** Distinctive enough that no other byte sequence in the data folder can match it by chance. */
const SECRET = 'Zq7-s3cr3t-VALUE-xK9';
const RUNBOOK = join(HOSTILE, 'secret-echo.md');

let dataDir: string;
let outDir: string;
let run: CliResult;
let runId: string;

beforeAll(async () => {
  if (!BUILT) return;
  dataDir = tempDir('secret-data');
  outDir = tempDir('secret-out');
  await trustRunbook(dataDir, RUNBOOK);
  run = await runCli([
    'run',
    RUNBOOK,
    '--data-dir',
    dataDir,
    '--param',
    `DB_PASSWORD=${SECRET}`,
    '--yes',
  ]);
  runId = run.stdout.trim().split('\n').at(-1) ?? '';
  for (const format of ['json', 'html'] as const) {
    await exportWithCli(dataDir, runId, format, join(outDir, `evidence.${format}`));
  }
});

afterAll(() => {
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

/** The in-toto statement inside the DSSE envelope of the JSON export, decoded. */
function signedPayload(): string {
  const evidence = JSON.parse(readFileSync(join(outDir, 'evidence.json'), 'utf8'));
  return Buffer.from(String(evidence.envelope?.payload ?? ''), 'base64').toString('utf8');
}

describe.skipIf(!BUILT)('secret parameters', () => {
  it('the run itself works: the step saw the real value', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(runId).toMatch(/^\S+$/);
    // The live terminal shows what the step printed, as a terminal would; nothing below stores it.
    expect(run.stdout + run.stderr).toContain(`pw=${SECRET}`);
  });

  it('attack: secret echoed by a step is not in history.sqlite, its WAL or any file of the data folder', () => {
    expect(filesContaining(dataDir, SECRET)).toEqual([]);
  });

  it('attack: secret echoed by a step is not in the JSON or HTML evidence, nor in the signed payload', () => {
    expect(filesContaining(outDir, SECRET)).toEqual([]);
    const payload = signedPayload();
    expect(payload).not.toContain(SECRET);
    expect(payload).toContain('DB_PASSWORD');
    const html = readFileSync(join(outDir, 'evidence.html'), 'utf8');
    for (const m of html.matchAll(/[A-Za-z0-9+/]{200,}={0,2}/g)) {
      expect(Buffer.from(m[0], 'base64').toString('utf8')).not.toContain(SECRET);
    }
  });

  it("the recorded output keeps the step's other text, with the secret redacted", async () => {
    const shown = await runCli(['history', '--json', '--data-dir', dataDir]);
    expect(shown.stdout).toContain(runId);
    expect(shown.stdout + shown.stderr).not.toContain(SECRET);
    expect(signedPayload()).toContain('pw=[redacted] user=admin');
  });
});

/**
 * Secrets printed the ways byte-level redaction misses, and a secret in flight when the engine
 * dies. For each, the value must be in no file under the data folder (history, WAL, run folders,
 * engine state) and in no export of any format — JSON, HTML, PDF (text and attachments) and the
 * bundle — while the live terminal still showed it.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  BUILT,
  exportWithCli,
  filesContaining,
  openTracked,
  outputSeen,
  filesUnder,
  HOSTILE,
  runCli,
  tempDir,
  trustRunbook,
} from './helpers.js';

/** Characters outside base64 and hex, so no encoded blob can hold it by chance. */
const PASSWORD = 'Zq7-T%yped!Passw0rd#';
/** Three characters, printed as a token: redacted as a whole word. */
const PIN = '7%q';
const FORMATS = ['json', 'html', 'bundle', 'pdf'] as const;

let work: string;
beforeAll(() => {
  work = tempDir('secret-tricks');
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Exports a run in every format and returns every text a reader could look into. */
async function exportEverything(dataDir: string, runId: string, outDir: string): Promise<string> {
  mkdirSync(outDir, { recursive: true });
  const texts: string[] = [];
  for (const format of FORMATS) {
    await exportWithCli(dataDir, runId, format, join(outDir, `evidence.${format}`));
  }
  const json = JSON.parse(readFileSync(join(outDir, 'evidence.json'), 'utf8'));
  texts.push(Buffer.from(json.envelope.payload, 'base64').toString('utf8'));
  texts.push(execFileSync('pdftotext', [join(outDir, 'evidence.pdf'), '-'], { encoding: 'utf8' }));
  const detached = join(outDir, 'detached');
  mkdirSync(detached);
  execFileSync('pdfdetach', ['-saveall', '-o', detached, join(outDir, 'evidence.pdf')]);
  for (const f of filesUnder(detached)) texts.push(readFileSync(f, 'utf8'));
  return texts.join('\n');
}

function expectNowhere(dirs: string[], text: string, value: string): void {
  for (const dir of dirs) expect(filesContaining(dir, value), `${value} in ${dir}`).toEqual([]);
  expect(text).not.toContain(value);
}

describe.skipIf(!BUILT)('secrets printed the hard way', () => {
  let dataDir: string;
  let outDir: string;
  let shown: string;
  let exported: string;

  beforeAll(async () => {
    dataDir = join(work, 'tricks-data');
    outDir = join(work, 'tricks-out');
    const runbook = join(HOSTILE, 'secret-tricks.md');
    await trustRunbook(dataDir, runbook);
    const run = await runCli([
      'run',
      runbook,
      '--data-dir',
      dataDir,
      '--param',
      `PASSWORD=${PASSWORD}`,
      '--param',
      `PIN=${PIN}`,
      '--yes',
    ]);
    expect(run.code, run.stderr).toBe(0);
    shown = run.stdout + run.stderr;
    exported = await exportEverything(dataDir, run.stdout.trim().split('\n').at(-1)!, outDir);
  }, 120_000);

  it('the steps really printed the values (the live terminal showed them)', () => {
    expect(shown).toContain(`pw=${PASSWORD.slice(0, 5)}\x1b[0m${PASSWORD.slice(5)}`);
    expect(shown).toContain(`pin=${PIN}`);
    expect(shown).toContain('auth length 26');
  });

  it('attack: split by an escape sequence, drawn with a carriage return, or split in time → in no file and no export', () => {
    expectNowhere([dataDir, outDir], exported, PASSWORD);
    // What a person sees once reassembled is not anywhere either.
    // eslint-disable-next-line no-control-regex -- stripping terminal escapes is the point
    const reassembled = exported.replace(/\x1b\[[0-9;]*m/g, '');
    expect(reassembled).not.toContain(PASSWORD);
    expect(exported).toContain('pw=[redacted]');
    expect(exported).toContain('slow=[redacted]');
  });

  it('attack: a 3-character secret → redacted as a word, in no file and no export; ordinary text kept', () => {
    expectNowhere([dataDir, outDir], exported, PIN);
    expect(exported).toContain('pin=[redacted]');
    expect(exported).toContain('PIN: ([redacted]). Ordinary text stays: port 8443, exit 0.');
  });

  it('leaves no engine state behind once the run is finished', () => {
    expect(filesUnder(join(dataDir, 'engine-state'))).toEqual([]);
  });
});

describe.skipIf(!BUILT)('a secret in flight when the engine is killed', () => {
  it('attack: SIGKILL of the engine mid-step → the state files were owner-only, and after recovery the value is in no file and no export', async () => {
    const dataDir = join(work, 'killed-data');
    const runbooks = join(work, 'killed-runbooks');
    mkdirSync(runbooks, { recursive: true });
    execFileSync('cp', [join(HOSTILE, 'secret-sigkill.md'), runbooks]);
    const { opened, pids } = await openTracked(dataDir, [runbooks]);
    let runId = '';
    try {
      const rb = opened.library.list().find((r) => r.id === 'secret-sigkill')!;
      await opened.service.commands['library:trust']({ id: rb.id, sha256: rb.sha256 });
      runId = (
        await opened.service.commands['run:start']({
          runbookId: 'secret-sigkill',
          params: { PASSWORD },
        })
      ).runId;
      const seen = outputSeen(opened, `started with ${PASSWORD}`);
      const running = opened.service.commands['run:step']({ runId, step: 'holds-secret' }).catch(
        (err: Error) => err,
      );
      await seen;
      // Output reaches the history in batches: kill once the batch holding this line is stored.
      await vi.waitFor(
        async () => {
          const { run } = await opened.service.commands['history:get']({ runId });
          const exec = run.steps.find((s) => s.stepName === 'holds-secret');
          expect(exec && opened.store.readOutputText(exec.id)).toContain('started with');
        },
        { timeout: 15_000, interval: 100 },
      );
      const envFile = join(dataDir, 'engine-state', runId, 'step-001.env');
      expect(statSync(envFile).mode & 0o777).toBe(0o600);
      process.kill(pids.at(-1)!, 'SIGKILL');
      expect(await running).toBeInstanceOf(Error);
      const { run } = await opened.service.commands['history:get']({ runId });
      expect(run.status).toBe('interrupted');
    } finally {
      await opened.close();
    }
    // The dying shell may write its state file after the engine is gone: a later start of
    // Runlog (here, the CLI listing the history) sweeps whatever is left.
    const listed = await runCli(['history', '--data-dir', dataDir]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(filesContaining(dataDir, PASSWORD)).toEqual([]);
    expect(filesUnder(join(dataDir, 'engine-state'))).toEqual([]);
    const outDir = join(work, 'killed-out');
    const exported = await exportEverything(dataDir, runId, outDir);
    expectNowhere([dataDir, outDir], exported, PASSWORD);
    expect(exported).toContain('started with [redacted]');
  }, 120_000);
});

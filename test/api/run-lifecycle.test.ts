/**
 * A run's life over the contract, as the UI and the CLI use it (Service, a forked engine, a real
 * history file): a changed runbook accepted only in a reviewed and trusted version, a run left
 * open and resumed by another process, a run a live process holds, a finished run that refuses
 * every change, the run folder deleted with the run, and the artifacts listed and downloaded.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorShape } from '../../src-main/api/contract.js';
import { openService, type OpenedService } from '../../src-main/api/open-service.js';
import { afterTest, temp } from './helpers.js';

async function open(dataDir: string, books: string): Promise<OpenedService> {
  const opened = await openService({ dataDir, runbookDirs: [books], transport: 'cli' });
  afterTest(() => opened.close());
  return opened;
}

const V1 = `# Change demo

\`\`\`sh { name=first }
echo first-v1
\`\`\`

\`\`\`sh { name=second }
echo second-v1
\`\`\`
`;

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

async function trusted(opened: OpenedService, id: string) {
  const { runbook } = await opened.service.commands['library:get']({ id });
  await opened.service.commands['library:trust']({ id, sha256: runbook.sha256 });
  return runbook;
}

describe('accepting a changed runbook over the contract', () => {
  it('accepts only the reviewed version, and only once it is trusted; the record keeps both', async () => {
    const books = temp('runlog-books-');
    const file = join(books, 'change-demo.md');
    writeFileSync(file, V1);
    const { service } = await open(temp('runlog-data-'), books);
    await trusted({ service } as OpenedService, 'change-demo');
    const { runId } = await service.commands['run:start']({ runbookId: 'change-demo', params: {} });
    await service.commands['run:step']({ runId, step: 'first' });

    const v2 = V1.replace('echo second-v1', 'id -un');
    writeFileSync(file, v2);
    await expect(service.call('run:step', { runId, step: 'second' })).rejects.toMatchObject({
      code: 'runbook-changed',
    });
    await expect(
      service.call('run:accept-change', { runId, sha256: sha(v2) }),
    ).rejects.toMatchObject({
      code: 'untrusted',
      message: expect.stringContaining('runlog trust'),
    });
    // Still refused: nothing of the untrusted version ran.
    await expect(service.call('run:step', { runId, step: 'second' })).rejects.toMatchObject({
      code: 'runbook-changed',
    });

    await service.commands['library:trust']({ id: file, sha256: sha(v2) });
    // The file changes again after the review: the reviewed hash no longer matches it.
    const v3 = V1.replace('echo second-v1', 'echo sneaky');
    writeFileSync(file, v3);
    await service.commands['library:trust']({ id: file, sha256: sha(v3) });
    await expect(
      service.call('run:accept-change', { runId, sha256: sha(v2) }),
    ).rejects.toMatchObject({
      code: 'runbook-changed',
      message: expect.stringContaining('changed again'),
    });
    writeFileSync(file, v2);
    expect(await service.commands['run:accept-change']({ runId, sha256: sha(v2) })).toEqual({
      ok: true,
      sha256: sha(v2),
    });
    expect((await service.commands['run:step']({ runId, step: 'second' })).status).toBe('passed');
    expect((await service.commands['run:finish']({ runId })).status).toBe('passed');

    const { run } = await service.commands['history:get']({ runId });
    expect(run.versions.map((v) => [v.sha256, v.source, v.trust])).toEqual([
      [sha(V1), V1, 'operator'],
      [sha(v2), v2, 'operator'],
    ]);
    const attempts = run.steps.flatMap((s) => s.attempts);
    expect(attempts.map((a) => [a.stepName, a.runbookSha256, a.text])).toEqual([
      ['first', sha(V1), 'echo first-v1'],
      ['second', sha(v2), 'id -un'],
    ]);
    expect(run.steps.map((s) => s.text)).toEqual(['echo first-v1', 'id -un']);
  });

  it('makes a step whose text changed in the accepted version pending again', async () => {
    const books = temp('runlog-books-');
    const file = join(books, 'change-demo.md');
    writeFileSync(file, V1);
    const { service } = await open(temp('runlog-data-'), books);
    await trusted({ service } as OpenedService, 'change-demo');
    const { runId } = await service.commands['run:start']({ runbookId: 'change-demo', params: {} });
    await service.commands['run:all']({ runId });
    const v2 = V1.replace('echo first-v1', 'echo first-v2');
    writeFileSync(file, v2);
    await service.commands['library:trust']({ id: file, sha256: sha(v2) });
    await service.commands['run:accept-change']({ runId, sha256: sha(v2) });
    const { run } = await service.commands['history:get']({ runId });
    expect(run.steps.map((s) => [s.stepName, s.status, s.attempts.length])).toEqual([
      ['first', 'pending', 1],
      ['second', 'passed', 1],
    ]);
    expect(run.outcome).toEqual({
      status: 'incomplete',
      notes: [{ kind: 'pending', steps: ['first'] }],
    });
  });
});

describe('who may change a run', () => {
  it('resumes a run left open in another process; a live holder is named; a finished run is read-only', async () => {
    const books = temp('runlog-books-');
    writeFileSync(join(books, 'change-demo.md'), V1);
    const data = temp('runlog-data-');
    const a = await open(data, books);
    await trusted(a, 'change-demo');
    const { runId } = await a.service.commands['run:start']({
      runbookId: 'change-demo',
      params: {},
    });
    await a.service.commands['run:step']({ runId, step: 'first' });

    const b = await open(data, books);
    const held = await b.service.call('run:resume', { runId }).catch((e: unknown) => e);
    expect(held).toMatchObject({ code: 'run-held', details: { door: 'cli' } });
    expect(errorShape(held).details).toMatchObject({ door: 'cli' });
    await expect(b.service.call('run:step', { runId, step: 'second' })).rejects.toMatchObject({
      code: 'run-held',
      message: expect.stringContaining('a runlog command (pid'),
    });

    await a.service.commands['run:leave-open']({ runId });
    expect(await b.service.commands['run:resume']({ runId })).toMatchObject({
      runId,
      missingSecrets: [],
    });
    expect(await b.service.commands['run:all']({ runId })).toEqual({});
    expect((await b.service.commands['run:finish']({ runId })).status).toBe('passed');

    for (const [command, request] of [
      ['run:step', { runId, step: 'first' }],
      ['run:all', { runId }],
      ['run:skip', { runId, step: 'first', reason: 'x' }],
      ['run:finish', { runId }],
      ['run:resume', { runId }],
      ['run:accept-change', { runId, sha256: sha(V1) }],
    ] as const) {
      for (const door of [a, b]) {
        await expect(door.service.call(command, request), `${command}`).rejects.toMatchObject({
          code: 'run-not-open',
        });
      }
    }
  });

  it('carries the exact text and the parameter values of a refused gate across the door', async () => {
    const books = temp('runlog-books-');
    writeFileSync(
      join(books, 'gate-demo.md'),
      '---\nparams:\n  HOST: { default: db01 }\n  TOKEN: { secret: true }\n---\n# Gate\n\n```sh { name=gated sudo=true }\nsudo -n true\n```\n',
    );
    const { service } = await open(temp('runlog-data-'), books);
    await trusted({ service } as OpenedService, 'gate-demo');
    const { runId } = await service.commands['run:start']({
      runbookId: 'gate-demo',
      params: { TOKEN: 'tok-value-123' },
    });
    const refused = await service
      .call('run:step', { runId, step: 'gated' })
      .catch((e: unknown) => e);
    expect(errorShape(refused)).toMatchObject({
      code: 'needs-confirmation',
      details: { text: 'sudo -n true', sudo: true, params: { HOST: 'db01', TOKEN: '[redacted]' } },
    });
    expect(JSON.stringify(errorShape(refused))).not.toContain('tok-value-123');
  });

  it('refuses a step hiding characters unless the call confirms it, naming them across the door', async () => {
    const books = temp('runlog-books-');
    writeFileSync(
      join(books, 'hidden-demo.md'),
      '# Hidden\n\n```sh { name=tricky }\necho hidden-ok # \u202e txet\n```\n',
    );
    const { service } = await open(temp('runlog-data-'), books);
    await trusted({ service } as OpenedService, 'hidden-demo');
    const { runId } = await service.commands['run:start']({ runbookId: 'hidden-demo', params: {} });
    const refused = await service
      .call('run:step', { runId, step: 'tricky' })
      .catch((e: unknown) => e);
    expect(errorShape(refused)).toMatchObject({
      code: 'needs-confirmation',
      details: { step: 'tricky', hidden: [{ codePoint: 'U+202E', line: 1, column: 18 }] },
    });
    const walk = await service.call('run:all', { runId });
    expect(walk).toEqual({ stoppedAt: { step: 'tricky', reason: 'needs-confirmation' } });
    const { run } = await service.commands['history:get']({ runId });
    expect(run.steps[0]!.attempts).toEqual([]);
    const ran = await service.call('run:step', { runId, step: 'tricky', confirmed: true });
    expect(ran).toMatchObject({ status: 'passed' });
  });
});

describe("a run's files", () => {
  it('lists and downloads the recorded artifacts, and refuses paths outside them', async () => {
    const books = temp('runlog-books-');
    writeFileSync(
      join(books, 'files-demo.md'),
      '# Files\n\n```sh { name=make artifacts=out/*.txt }\nmkdir -p out; head -c 300000 /dev/urandom | base64 > out/big.txt; echo secret > key.pem\n```\n',
    );
    const { service } = await open(temp('runlog-data-'), books);
    await trusted({ service } as OpenedService, 'files-demo');
    const { runId } = await service.commands['run:start']({ runbookId: 'files-demo', params: {} });
    await service.commands['run:step']({ runId, step: 'make' });
    const listed = await service.commands['history:artifacts']({ runId });
    const bytes = readFileSync(join(listed.folder, 'out', 'big.txt'));
    expect(listed.artifacts).toEqual([
      {
        path: 'out/big.txt',
        size: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        step: 'make',
        attempt: 1,
        present: true,
      },
    ]);
    const pieces: Buffer[] = [];
    for (let offset = 0; offset < bytes.length;) {
      const got = await service.commands['history:artifact']({
        runId,
        path: 'out/big.txt',
        offset,
        length: 100_000,
      });
      pieces.push(Buffer.from(got.content, 'base64'));
      offset += got.length;
      expect(got.total).toBe(bytes.length);
    }
    expect(Buffer.concat(pieces).equals(bytes)).toBe(true);
    for (const path of ['key.pem', '../history.sqlite', 'out/../key.pem']) {
      await expect(service.call('history:artifact', { runId, path }), path).rejects.toMatchObject({
        code: 'not-found',
      });
    }
  });

  it('deletes the run folder with the run and says so', async () => {
    const books = temp('runlog-books-');
    writeFileSync(join(books, 'change-demo.md'), V1);
    const data = temp('runlog-data-');
    const { service } = await open(data, books);
    await trusted({ service } as OpenedService, 'change-demo');
    const { runId } = await service.commands['run:start']({ runbookId: 'change-demo', params: {} });
    await service.commands['run:step']({ runId, step: 'first' });
    const { run } = await service.commands['history:get']({ runId });
    writeFileSync(join(run.folder, 'server.key'), 'PRIVATE KEY');
    const deleted = await service.commands['history:delete']({ runId, confirm: true });
    expect(deleted).toMatchObject({ deleted: true, folder: run.folder, folderDeleted: true });
    expect(deleted.message).toContain(run.folder);
    expect(existsSync(run.folder)).toBe(false);
    expect(existsSync(join(data, 'engine-state', runId))).toBe(false);
    await expect(service.call('history:get', { runId })).rejects.toMatchObject({
      code: 'not-found',
    });
  });
});

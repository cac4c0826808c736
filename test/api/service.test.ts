import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openService, type OpenedService } from '../../src-main/api/open-service.js';
import type { Events } from '../../src-main/api/contract.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'service-runbooks');
let dir: string;
let opened: OpenedService;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'runlog-service-'));
  opened = await openService({ dataDir: dir, runbookDirs: [FIXTURES], transport: 'cli' });
});

afterAll(async () => {
  await opened?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('library:get', () => {
  it('answers with the file as it is on disk now, before the folder watcher has seen the change', async () => {
    const books = mkdtempSync(join(tmpdir(), 'runlog-service-books-'));
    const file = join(books, 'edited.md');
    writeFileSync(file, '# Edited\n\n```sh { name=only }\necho before\n```\n');
    const own = await openService({
      dataDir: join(books, 'data'),
      runbookDirs: [books],
      transport: 'cli',
    });
    try {
      const first = await own.service.commands['library:get']({ id: 'edited' });
      expect(first.runbook.steps[0]?.text).toBe('echo before');
      writeFileSync(file, '# Edited\n\n```sh { name=only }\necho after\n```\n');
      const second = await own.service.commands['library:get']({ id: 'edited' });
      expect(second.runbook.steps[0]?.text).toBe('echo after');
      expect(second.runbook.sha256).not.toBe(first.runbook.sha256);
    } finally {
      await own.close();
      rmSync(books, { recursive: true, force: true });
    }
  });
});

describe('Service over a forked engine and a real history', () => {
  it('lists bundled and added runbooks; added ones start untrusted', async () => {
    const { runbooks } = await opened.service.commands['library:list']({});
    const ids = runbooks.map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining(['service-demo', 'wireless-capture', 'bogon-acl']));
    expect(runbooks.find((r) => r.id === 'service-demo')?.trusted).toBe(false);
    expect(runbooks.find((r) => r.id === 'wireless-capture')?.trusted).toBe(true);
  });

  it('refuses to run an untrusted runbook, then runs it once trusted, streaming output to subscribers', async () => {
    const { service } = opened;
    await expect(
      service.call('run:start', { runbookId: 'service-demo', params: {} }),
    ).rejects.toMatchObject({
      code: 'untrusted',
    });
    const { runbook } = await service.commands['library:get']({ id: 'service-demo' });
    await service.commands['library:trust']({ id: 'service-demo', sha256: runbook.sha256 });

    const events: Array<[string, unknown]> = [];
    const sub = service.subscribe((event, payload) => {
      events.push([event, payload]);
      if (event === 'step:output')
        sub.ack(
          (payload as Events['step:output']).runId,
          (payload as Events['step:output']).data.length,
        );
    });
    const { runId } = await service.commands['run:start']({
      runbookId: 'service-demo',
      params: { WHO: 'ops; touch /tmp/x' },
    });
    const outcome = await service.commands['run:step']({ runId, step: 'greet' });
    sub.unsubscribe();
    expect(outcome.status).toBe('passed');
    const text = events
      .filter(([e]) => e === 'step:output')
      .map(([, p]) => (p as Events['step:output']).data)
      .join('');
    expect(text).toContain('hello, ops; touch /tmp/x');
    expect(
      events.some(
        ([e, p]) => e === 'step:state' && (p as Events['step:state']).status === 'passed',
      ),
    ).toBe(true);

    const checklist = runbook.steps.find((s) => s.kind === 'checklist');
    await service.commands['run:attest']({
      runId,
      step: checklist?.name ?? '',
      done: true,
      note: 'seen',
    });
    expect((await service.commands['run:finish']({ runId })).status).toBe('passed');

    const { run } = await service.commands['history:get']({ runId });
    const greet = run.steps.find((s) => s.stepName === 'greet');
    expect(greet?.status).toBe('passed');
    const out = await service.commands['history:output']({ executionId: greet?.id ?? 0 });
    expect(out.text).toContain('hello, ops; touch /tmp/x');
    expect(run.steps.find((s) => s.kind === 'checklist')?.attestation?.note).toBe('seen');
  });

  it('exports a run as evidence that names its format', async () => {
    const { runs } = await opened.service.commands['history:list']({ runbookId: 'service-demo' });
    const runId = runs[0]?.id ?? '';
    const json = await opened.service.commands['evidence:export']({ runId, format: 'json' });
    expect(json.mediaType).toBe('application/json');
    expect(JSON.parse(json.content).envelope.payloadType).toBe('application/vnd.in-toto+json');
  });

  it('refuses a request that names command text instead of a step', async () => {
    await expect(
      opened.service.call('run:step', { runId: 'x', step: 'greet', command: 'id' }),
    ).rejects.toMatchObject({ code: 'bad-request' });
  });
});

describe('runbook folders added from the app (the library setting)', () => {
  it('adds a folder, lists its runbooks, keeps the setting across restarts, and refuses a bad path', async () => {
    const extra = mkdtempSync(join(tmpdir(), 'runlog-folder-'));
    const data = mkdtempSync(join(tmpdir(), 'runlog-settings-'));
    writeFileSync(join(extra, 'added.md'), '# Added later\n\n```sh { name=hi }\necho hi\n```\n');
    let first = await openService({ dataDir: data, transport: 'cli' });
    try {
      await expect(
        first.service.call('settings:set-runbook-folders', { folders: ['relative/dir'] }),
      ).rejects.toMatchObject({ code: 'bad-request' });
      const set = await first.service.commands['settings:set-runbook-folders']({
        folders: [extra],
      });
      expect(set.runbookFolders).toEqual([extra]);
      const ids = (await first.service.commands['library:list']({})).runbooks.map((r) => r.id);
      expect(ids).toContain('added');
    } finally {
      await first.close();
    }
    first = await openService({ dataDir: data, transport: 'cli' });
    try {
      expect((await first.service.commands['settings:get']({})).runbookFolders).toEqual([extra]);
      const ids = (await first.service.commands['library:list']({})).runbooks.map((r) => r.id);
      expect(ids).toContain('added');
    } finally {
      await first.close();
      rmSync(extra, { recursive: true, force: true });
      rmSync(data, { recursive: true, force: true });
    }
  });
});

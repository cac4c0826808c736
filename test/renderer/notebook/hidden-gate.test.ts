// @vitest-environment happy-dom
/**
 * Steps whose text hides characters run only once the operator confirms: a single run goes through
 * the confirm dialog (the notebook cancels `rl-before-run` for them), and Run all asks for each
 * such step it could reach before it starts; declined, it starts nothing.
 */
import { describe, expect, it } from 'vitest';
import type { ReactiveController } from 'lit';
import { needsConfirmation, RunSession } from '../../../src-renderer/notebook/run-session.js';
import { parseRunbook } from '../../../src-main/core/runbook/parser.js';
import { FakeClient, recordedRun, settle } from '../fake-client.js';

class Host {
  controllers: ReactiveController[] = [];
  notices: string[] = [];
  addController(c: ReactiveController): void {
    this.controllers.push(c);
  }
  removeController(): void {}
  requestUpdate(): void {}
  readonly updateComplete = Promise.resolve(true);
  notify(message: string): void {
    this.notices.push(message);
  }
}

const SOURCE = [
  '# Hidden',
  '',
  '```sh {"name":"plain"}',
  'echo plain',
  '```',
  '',
  '```sh {"name":"tricky"}',
  'echo "ok" # \u202e txet',
  '```',
  '',
  '```sh {"name":"far"}',
  `echo start${' '.repeat(300)}; echo far`,
  '```',
  '',
  '```sh {"name":"skipped","excludeFromRunAll":"true"}',
  'echo "\u200b"',
  '```',
  '',
].join('\n');

async function setup() {
  const runbook = parseRunbook(SOURCE, '/books/hidden.md');
  const run = recordedRun(runbook);
  const client = new FakeClient()
    .handle('library:get', () => ({ runbook, trusted: true }))
    .handle('history:get', () => ({ run }))
    .handle('run:all', () => ({}));
  const host = new Host();
  const session = new RunSession(host as never);
  session.platform = 'linux';
  session.listen(client);
  await session.openRun(run.id);
  return { runbook, client, host, session };
}

describe('the gate of hidden characters', () => {
  it('asks for steps hiding characters (and sudo or confirm ones), not for long lines alone', async () => {
    const { runbook } = await setup();
    const gate = Object.fromEntries(runbook.steps.map((s) => [s.name, needsConfirmation(s)]));
    expect(gate).toEqual({ plain: false, tricky: true, far: false, skipped: true });
  });

  it('Run all asks for each such step it may reach, and starts nothing when one is declined', async () => {
    const { client, host, session } = await setup();
    const walking = session.runAll();
    await settle();
    expect(session.confirmStep?.name).toBe('tricky');
    session.answered(false);
    await walking;
    expect(client.requests('run:all')).toHaveLength(0);
    expect(host.notices).toEqual(['Run all not started: tricky was not confirmed.']);
  });

  it('Run all walks once confirmed, telling the engine which steps were confirmed', async () => {
    const { client, session } = await setup();
    const walking = session.runAll();
    await settle();
    session.answered(true);
    await walking;
    // The excluded step is never reached, so it is never asked about.
    expect(client.requests('run:all')).toEqual([{ runId: 'run-1', confirmed: ['tricky'] }]);
  });
});

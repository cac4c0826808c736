// @vitest-environment happy-dom
/**
 * promptEnv in the session: a step refused with 'needs-env' is asked for in the dialog and sent
 * again with the answers only; Cancel sends nothing more; a door that passes no details gets every
 * variable asked as a secret; Run all sends the answers once, for the step that asked; a
 * background step running does not hold the run.
 */
import { describe, expect, it } from 'vitest';
import type { ReactiveController } from 'lit';
import { ClientError } from '../../../src-renderer/api/client.js';
import { envQuestionsOf } from '../../../src-renderer/notebook/env-prompt.js';
import { RunSession } from '../../../src-renderer/notebook/run-session.js';
import { parseRunbook } from '../../../src-main/core/runbook/parser.js';
import { FakeClient, recordedRun, settle } from '../fake-client.js';

const SOURCE = [
  '---',
  'id: env',
  'title: Env',
  '---',
  '# Env',
  '```sh {"name":"login"}\nexport API_TOKEN=""\nexport HOST=db1\necho ok\n```',
  '```sh { name=ticker background=true }\nsleep 100\n```',
].join('\n\n');

const QUESTIONS = [
  { name: 'API_TOKEN', value: '', secret: true },
  { name: 'HOST', value: 'db1', secret: false },
];

class Host {
  notices: string[] = [];
  readonly updateComplete = Promise.resolve(true);
  addController(_c: ReactiveController): void {}
  removeController(): void {}
  requestUpdate(): void {}
  notify(message: string): void {
    this.notices.push(message);
  }
}

async function setup(refuse: (req: { env?: unknown }) => ClientError | undefined) {
  const runbook = parseRunbook(SOURCE, '/books/env.md');
  const client = new FakeClient()
    .handle('library:get', () => ({ runbook, trusted: true }))
    .handle('history:get', () => ({ run: recordedRun(runbook) }))
    .handle('run:step', (req) => {
      const err = refuse(req);
      if (err) throw err;
      return { status: 'passed', artifacts: [] };
    });
  const host = new Host();
  const session = new RunSession(host);
  session.listen(client);
  await session.openRun('run-1');
  return { client, host, session };
}

const needsEnv = (details?: unknown) =>
  new ClientError('needs-env', 'Step "login" asks for API_TOKEN, HOST before it runs.', details);

describe('promptEnv in the session', () => {
  it('asks, then sends the step again with the answers given', async () => {
    const { client, session } = await setup((req) =>
      req.env ? undefined : needsEnv({ step: 'login', questions: QUESTIONS }),
    );
    const running = session.runStep('login');
    await settle();
    expect(session.env.asking?.step.name).toBe('login');
    expect(session.env.asking?.questions).toEqual(QUESTIONS);
    session.env.answered({ API_TOKEN: 'tok' });
    await running;
    expect(session.env.asking).toBeUndefined();
    expect(client.requests('run:step')).toEqual([
      { runId: 'run-1', step: 'login', confirmed: false },
      { runId: 'run-1', step: 'login', confirmed: false, env: { API_TOKEN: 'tok' } },
    ]);
  });

  it('Cancel sends nothing more and says the step did not run', async () => {
    const { client, host, session } = await setup(() => needsEnv({ questions: QUESTIONS }));
    const running = session.runStep('login');
    await settle();
    session.env.answered(undefined);
    await running;
    expect(client.requests('run:step')).toHaveLength(1);
    expect(host.notices).toEqual(['login was not run: its values were not given.']);
  });

  it('asks every variable as a secret when the refusal came without its details', () => {
    const runbook = parseRunbook(SOURCE, '/books/env.md');
    const step = runbook.steps[0];
    expect(envQuestionsOf(needsEnv(), step)).toEqual([
      { name: 'API_TOKEN', value: '', secret: true },
      { name: 'HOST', value: 'db1', secret: true },
    ]);
    expect(envQuestionsOf(new ClientError('step-running', 'busy'), step)).toBeUndefined();
  });

  it('Run all answers the step it stopped at, once', async () => {
    const { client, session } = await setup(() => undefined);
    let walks = 0;
    client.handle('run:all', () =>
      walks++ === 0
        ? { stoppedAt: { step: 'login', reason: 'needs-env', questions: QUESTIONS } }
        : {},
    );
    const walking = session.runAll();
    await settle();
    session.env.answered({ HOST: 'db2' });
    await walking;
    expect(client.requests('run:all')).toEqual([
      { runId: 'run-1', confirmed: [] },
      { runId: 'run-1', confirmed: [], env: { login: { HOST: 'db2' } } },
    ]);
  });

  it('a background step running does not hold the run; a foreground one does', async () => {
    const { client, session } = await setup(() => undefined);
    client.emit('step:state', {
      runId: 'run-1',
      step: 'ticker',
      executionId: 1,
      status: 'running',
    });
    expect(session.busy).toBe(false);
    client.emit('step:state', { runId: 'run-1', step: 'login', executionId: 2, status: 'running' });
    expect(session.busy).toBe(true);
  });
});

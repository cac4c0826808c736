/**
 * An in-memory service for the renderer's unit tests: answers commands with handlers a test sets,
 * records every call and one-way message, and delivers events the way both real clients do (in order, one listener
 * after another, in the order they subscribed).
 */
import { ClientError, type ApiClient } from '../../src-renderer/api/client.js';
import type {
  CommandName,
  EventName,
  Events,
  Notification,
  NotificationName,
  Request,
  Responses,
} from '../../src-main/api/contract.js';
import { parseRunbook } from '../../src-main/core/runbook/parser.js';
import type { Runbook } from '../../src-main/core/runbook/model.js';
import type { RunDetail } from '../../src-main/core/run-model.js';

type Handler<K extends CommandName> = (request: Request<K>) => Responses[K] | Promise<Responses[K]>;

export class FakeClient implements ApiClient {
  readonly transport = 'websocket' as const;
  readonly calls: Array<{ command: CommandName; request: unknown }> = [];
  readonly notes: Array<{ name: NotificationName; request: unknown }> = [];
  private readonly handlers: { [K in CommandName]?: Handler<K> } = {};
  private readonly listeners = new Map<string, Array<(payload: unknown) => void>>();

  /** Answers `command` with `handler` from now on. */
  handle<K extends CommandName>(command: K, handler: Handler<K>): this {
    (this.handlers as Record<string, unknown>)[command] = handler;
    return this;
  }

  async call<K extends CommandName>(command: K, request: Request<K>): Promise<Responses[K]> {
    // A real transport copies the request when it is sent (JSON or structured clone).
    this.calls.push({ command, request: structuredClone(request) });
    const handler = this.handlers[command] as Handler<K> | undefined;
    if (!handler) throw new ClientError('unknown-command', `no answer for ${command}`);
    return handler(request);
  }

  notify<K extends NotificationName>(name: K, request: Notification<K>): void {
    this.notes.push({ name, request: structuredClone(request) });
  }

  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
    const list = this.listeners.get(event) ?? [];
    list.push(listener as (payload: unknown) => void);
    this.listeners.set(event, list);
    return () => {
      const at = list.indexOf(listener as (payload: unknown) => void);
      if (at >= 0) list.splice(at, 1);
    };
  }

  /** Delivers an event to every listener, in subscription order. */
  emit<E extends EventName>(event: E, payload: Events[E]): void {
    for (const listener of [...(this.listeners.get(event) ?? [])]) listener(payload);
  }

  /** How many listeners an event has (a controller that forgot to unsubscribe shows here). */
  listenerCount(event: EventName): number {
    return this.listeners.get(event)?.length ?? 0;
  }

  /** The requests of every one-way message of one name, in order. */
  notified<K extends NotificationName>(name: K): Array<Notification<K>> {
    return this.notes.filter((n) => n.name === name).map((n) => n.request as Notification<K>);
  }

  /** The requests of every call of one command, in order. */
  requests<K extends CommandName>(command: K): Array<Request<K>> {
    return this.calls.filter((c) => c.command === command).map((c) => c.request as Request<K>);
  }
}

/** Lets pending promise callbacks run (the session awaits its calls). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
}

/** A small runbook parsed by the real parser: a command, a gated step, a Windows step, a check. */
export function demoRunbook(): Runbook {
  const source = [
    '---',
    'id: demo',
    'title: Demo',
    'params:',
    '  HOST: { type: host, default: localhost }',
    '---',
    '# Demo',
    '',
    '## First',
    '',
    '```sh {"name":"greet"}',
    'echo "hello $HOST"',
    '```',
    '',
    '## Gate',
    '',
    '```sh {"name":"gated","sudo":"true"}',
    'echo gated',
    '```',
    '',
    '```powershell {"name":"windows-only","platform":"win32"}',
    'Get-Date',
    '```',
    '',
    '## Checks',
    '',
    '- [ ] The window is approved',
    '',
    '```sh {"name":"last"}',
    'echo last',
    '```',
    '',
  ].join('\n');
  return parseRunbook(source, '/books/demo.md');
}

/** A recorded run of a runbook: every step pending (Windows ones not applicable on Linux). */
export function recordedRun(runbook: Runbook, id = 'run-1'): RunDetail {
  return {
    id,
    runbookId: runbook.id,
    runbookTitle: runbook.title,
    runbookPath: runbook.file,
    runbookSha256: runbook.sha256,
    status: 'open',
    startedAt: '2024-05-01T10:00:00.000Z',
    context: {
      operator: 'alice',
      hostname: 'ws1',
      platform: 'linux',
      osRelease: '6.1',
      arch: 'x64',
      appVersion: '0.1.0',
    },
    params: { HOST: 'localhost' },
    stepsDone: 0,
    stepsApplicable: 4,
    runbookSource: '',
    versions: [{ sha256: runbook.sha256, acceptedAt: '2024-05-01T10:00:00.000Z' }],
    folder: '/runs/run-1',
    events: [],
    steps: runbook.steps.map((s) => ({
      id: 0,
      runId: id,
      stepName: s.name,
      kind: s.kind,
      attempt: 0,
      action: 'run',
      text: s.text,
      status:
        s.platforms.length > 0 && !s.platforms.includes('linux') ? 'not-applicable' : 'pending',
      outputBytes: 0,
      artifacts: [],
      attempts: [],
      rules: s.rules ?? {},
    })),
    outcome: { status: 'incomplete', notes: [] },
  };
}

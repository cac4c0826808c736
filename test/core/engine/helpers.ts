/**
 * Builders for engine tests: runbooks written to real files (the engine re-hashes them), an
 * engine on a temporary data folder, and a context.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { Engine } from '../../../src-main/core/engine/engine.js';
import { HistoryStore } from '../../../src-main/core/history/index.js';
import type { RunContext } from '../../../src-main/core/run-model.js';
import type { ParamSpec, Runbook, Step } from '../../../src-main/core/runbook/model.js';
import { MemoryRecorder } from './memory-recorder.js';

export const CONTEXT: RunContext = {
  operator: 'tester',
  hostname: 'test-host',
  platform: 'linux',
  osRelease: 'test',
  arch: 'x64',
  appVersion: '0.0.0-test',
};

/** Resolves once `check` holds; a condition never reached is a failure, not a wait. */
export async function until(check: () => boolean, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A temporary folder for one test. */
export function tempDir(prefix = 'runlog-engine-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A command step with defaults; override what the test is about. */
export function step(name: string, text: string, extra: Partial<Step> = {}): Step {
  return {
    name,
    kind: 'command',
    language: 'sh',
    text,
    line: 1,
    platforms: [],
    sudo: false,
    artifacts: [],
    expect: [0],
    interactive: true,
    excludeFromRunAll: false,
    attributes: {},
    ...extra,
  };
}

/** A parameter with defaults. */
export function param(name: string, extra: Partial<ParamSpec> = {}): ParamSpec {
  return { name, label: name, type: 'string', required: false, secret: false, ...extra };
}

/** The attributes of a step as its fence would say them, so a re-parse gives the same step. */
function fenceInfo(s: Step): string {
  const a: string[] = [`name=${s.name}`];
  if (s.sudo) a.push('sudo=true');
  if (s.platforms.length) a.push(`platform=${s.platforms.join(',')}`);
  if (s.excludeFromRunAll) a.push('excludeFromRunAll=true');
  const r = s.rules ?? {};
  if (r.expectFailure && s.expect.length === 0) a.push('expect=fail');
  else if (s.expect.join(',') !== '0') a.push(`expect=${s.expect.join(',')}`);
  if (r.optional) a.push('optional=true');
  if (r.openEnded) a.push('openEnded=true');
  if (r.deviceRequired) a.push('device=required');
  if (r.alternative)
    a.push(
      `alternative=${r.alternative.group}${r.alternative.option ? `:${r.alternative.option}` : ''}`,
    );
  return `${s.language} { ${a.join(' ')} }`;
}

/** The Markdown of a runbook: front matter with its parameters, then each step in order. */
export function sourceOf(steps: Step[], params: ParamSpec[] = []): string {
  const front = params.length
    ? `---\nparams:\n${params
        .map(
          (p) =>
            `  ${p.name}: { secret: ${p.secret}, required: ${p.required}, type: ${p.type}${p.pattern ? `, pattern: '${p.pattern}'` : ''} }`,
        )
        .join('\n')}\n---\n`
    : '';
  const body = steps.map((s) =>
    s.kind === 'checklist' ? `- [ ] ${s.text}\n` : '```' + fenceInfo(s) + '\n' + s.text + '\n```\n',
  );
  return `${front}# Test\n\n${body.join('\n')}`;
}

/** Writes a source file for the runbook and returns the runbook pinned to its hash. */
export function runbook(dir: string, steps: Step[], extra: Partial<Runbook> = {}): Runbook {
  const file = join(dir, `${extra.id ?? 'test'}.md`);
  const source = sourceOf(steps, extra.params ?? []);
  writeFileSync(file, source);
  return {
    id: 'test',
    title: 'Test',
    platforms: [],
    tags: [],
    shell: 'bash',
    params: [],
    steps,
    segments: [],
    file,
    sha256: createHash('sha256').update(source).digest('hex'),
    problems: [],
    bundled: false,
    ...extra,
  };
}

/** An engine with a memory recorder on a fresh data folder. */
export function makeEngine(options: { platform?: NodeJS.Platform } = {}) {
  const dataDir = tempDir();
  const recorder = new MemoryRecorder();
  const engine = new Engine({ recorder, dataDir, context: CONTEXT, ...options });
  return { engine, recorder, dataDir };
}

/**
 * An engine recording into the real history store of `dataDir` (a fresh one by default), as one
 * door of one process opens them; `close` ends both. Two of them on one folder are two processes.
 */
export function engineWithStore(dataDir = tempDir(), door?: string) {
  const store = HistoryStore.open(join(dataDir, 'history.sqlite'), door ? { door } : {});
  const engine = new Engine({ recorder: store, dataDir, context: CONTEXT });
  const close = async () => {
    await engine.shutdown();
    store.close();
  };
  return { engine, store, dataDir, close };
}

/**
 * Engines with their histories, each on a data folder a test names (two on one folder are two
 * processes), all closed after each test. `open` lists the closers still due, in order.
 */
export function enginesClosedAfterEach() {
  const open: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of open.splice(0)) await close();
  });
  const engineOn = (dataDir: string) => {
    const { engine, store, close } = engineWithStore(dataDir, 'cli');
    open.push(close);
    return { engine, store };
  };
  return { engineOn, open };
}

/**
 * Builders for engine tests: runbooks written to real files (the engine re-hashes them), an
 * engine on a temporary data folder, and a context.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../../src-main/core/engine/engine.js';
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

/** Writes a source file for the runbook and returns the runbook pinned to its hash. */
export function runbook(dir: string, steps: Step[], extra: Partial<Runbook> = {}): Runbook {
  const file = join(dir, `${extra.id ?? 'test'}.md`);
  const source = `# Test\n\n${steps.map((s) => '```' + s.language + '\n' + s.text + '\n```\n').join('\n')}`;
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
export function makeEngine(options: { autoAck?: boolean; platform?: NodeJS.Platform } = {}) {
  const dataDir = tempDir();
  const recorder = new MemoryRecorder();
  const engine = new Engine({
    recorder,
    dataDir,
    context: CONTEXT,
    autoAck: options.autoAck ?? true,
    ...options,
  });
  return { engine, recorder, dataDir };
}

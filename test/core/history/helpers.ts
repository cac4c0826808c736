/** Shared pieces of the history tests: temp folders and a typical run to record. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunRecorder } from '../../../src-main/core/run-model.js';

/** A fresh temp folder, removed by the returned cleanup. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'runlog-history-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Folder of the child-process scripts used by the multi-process tests. */
export const FIXTURES = fileURLToPath(new URL('../../fixtures/history/', import.meta.url));

export const RUNBOOK_SOURCE = '# Capture\n\n```sh {"name":"capture"}\ntcpdump -i "$IFACE"\n```\n';

/** The arguments of createRun for a small capture runbook. */
export function sampleRun(
  id: string,
  overrides: Partial<Parameters<RunRecorder['createRun']>[0]> = {},
): Parameters<RunRecorder['createRun']>[0] {
  return {
    id,
    runbookId: 'capture',
    runbookTitle: 'Packet capture',
    runbookPath: '/runbooks/capture.md',
    runbookSha256: 'a'.repeat(64),
    runbookSource: RUNBOOK_SOURCE,
    context: {
      operator: 'alice',
      hostname: 'ws-1',
      platform: 'linux',
      osRelease: '6.1.0',
      arch: 'x64',
      appVersion: '0.1.0',
    },
    params: { IFACE: 'eth0' },
    folder: `/data/runs/${id}`,
    startedAt: '2025-01-01T10:00:00.000Z',
    steps: [
      { name: 'check', kind: 'command', text: 'ip link', status: 'pending' },
      { name: 'capture', kind: 'command', text: 'tcpdump -i "$IFACE"', status: 'pending' },
      {
        name: 'mac-only',
        kind: 'command',
        text: 'networksetup',
        status: 'not-applicable',
        reason: 'darwin only',
      },
      { name: 'intro', kind: 'display', text: 'note', status: 'pending' },
      { name: 'confirm-link', kind: 'checklist', text: 'Is the link up?', status: 'pending' },
    ],
    ...overrides,
  };
}

/** Text encoded as UTF-8. */
export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Waits a little (for the output writer's timer). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

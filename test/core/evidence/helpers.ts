/**
 * A realistic finished run, built by hand as the history store would return it, with a real
 * artifact file in a temp run folder, plus helpers to tamper with exported evidence.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunDetail, StepAttempt, StepExecution } from '../../../src-main/core/run-model.js';
import { canonicalBytes } from '../../../src-main/core/evidence/canonical-json.js';
import type { EvidenceSource } from '../../../src-main/core/evidence/record.js';
import type { EvidenceDocument, EvidenceStatement } from '../../../src-main/core/evidence/sign.js';
import type { TrustedSigners } from '../../../src-main/core/evidence/signer-trust.js';

/** Value of the secret parameter: must never appear in any export. */
export const SECRET_VALUE = 'hunter2-Sekr3t-vault';
/** What the operator typed at a prompt: kept only in the raw bytes, never in the text. */
export const TYPED_INPUT = 'typed-passphrase-QX7';
export const RUNBOOK_TITLE = 'Capture traffic on an interface';

const RUNBOOK_SOURCE = `---
title: ${RUNBOOK_TITLE}
params:
  IFACE: { type: interface, default: eth0 }
  DB_PASSWORD: { secret: true }
---
# ${RUNBOOK_TITLE}

\`\`\`sh {"name":"show-link"}
ip -br link show "$IFACE"
\`\`\`
`;

function sha(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** A run with its temp folder, outputs and the source the exporter reads. */
export interface Fixture {
  dir: string;
  runFolder: string;
  run: RunDetail;
  outputs: Map<number, string>;
  source: EvidenceSource;
  artifactFile: string;
  cleanup(): void;
}

type StepInput = Partial<StepAttempt> & Pick<StepAttempt, 'stepName' | 'kind' | 'text' | 'status'>;

/** One attempt as the history returns it. */
export function attemptOf(partial: StepInput, attempt = 1): StepAttempt {
  const action = partial.attestation ? 'attest' : partial.status === 'skipped' ? 'skip' : 'run';
  return {
    id: 0,
    runId: 'run-20250101-0001',
    attempt,
    action,
    runbookSha256: sha(RUNBOOK_SOURCE),
    outputBytes: 0,
    artifacts: [],
    ...partial,
  };
}

/** A step as the history returns it: one attempt when it has an id, none otherwise. */
function exec(partial: StepInput): StepExecution {
  const attempt = attemptOf(partial);
  if (!partial.id) return { ...attempt, attempt: 0, attempts: [], rules: {} };
  return { ...attempt, attempts: [attempt], rules: {} };
}

/** Builds the run: passed, failed, not-applicable, checklist and config attested, an artifact. */
export function makeFixture(): Fixture {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'runlog-evidence-'));
  const runFolder = path.join(dir, 'runs', 'run-20250101-0001');
  fs.mkdirSync(path.join(runFolder, 'capture'), { recursive: true });
  const artifactBytes = Buffer.from('\xd4\xc3\xb2\xa1 fake pcap bytes 0123456789', 'latin1');
  const artifactFile = path.join(runFolder, 'capture', 'eth0.pcap');
  fs.writeFileSync(artifactFile, artifactBytes);

  const outputs = new Map<number, string>([
    [11, '1: lo: <LOOPBACK,UP>\r\n2: eth0: <BROADCAST,UP> mtu 1500\r\n'],
    [
      12,
      `connecting with password ${SECRET_VALUE}\r\nPassphrase: \r\nlistening on eth0\r\n42 packets captured\r\n`,
    ],
    [
      13,
      'PING 192.0.2.1 (192.0.2.1) 56(84) bytes of data.\r\n--- 192.0.2.1 ping statistics ---\r\n3 packets transmitted, 0 received, 100% packet loss\r\n',
    ],
  ]);
  // Raw bytes as the pty delivered them: the typed passphrase is in the bytes the engine saw
  // go by, never in the text; only its hash reaches the record.
  const raw12 = Buffer.from(`${outputs.get(12)}${TYPED_INPUT}`);
  const steps: StepExecution[] = [
    exec({
      id: 11,
      stepName: 'show-link',
      kind: 'command',
      text: 'ip -br link show "$IFACE"',
      status: 'passed',
      exitCode: 0,
      startedAt: '2025-01-01T10:00:01.000Z',
      endedAt: '2025-01-01T10:00:01.200Z',
      outputBytes: Buffer.byteLength(outputs.get(11)!),
      outputSha256: sha(outputs.get(11)!),
    }),
    exec({
      id: 12,
      stepName: 'capture',
      kind: 'command',
      text: 'sudo tcpdump -i "$IFACE" -c 42 -w capture/eth0.pcap',
      status: 'passed',
      exitCode: 0,
      startedAt: '2025-01-01T10:00:05.000Z',
      endedAt: '2025-01-01T10:01:05.000Z',
      outputBytes: raw12.length,
      outputSha256: sha(raw12),
      artifacts: [
        { path: 'capture/eth0.pcap', size: artifactBytes.length, sha256: sha(artifactBytes) },
      ],
    }),
    exec({
      id: 13,
      stepName: 'ping-gateway',
      kind: 'command',
      text: 'ping -c 3 192.0.2.1',
      status: 'failed',
      exitCode: 1,
      startedAt: '2025-01-01T10:01:10.000Z',
      endedAt: '2025-01-01T10:01:13.000Z',
      outputBytes: Buffer.byteLength(outputs.get(13)!),
      outputSha256: sha(outputs.get(13)!),
    }),
    exec({
      stepName: 'mac-flush-dns',
      kind: 'command',
      text: 'sudo dscacheutil -flushcache',
      status: 'not-applicable',
      reason: 'for darwin only; this host is linux',
    }),
    exec({
      id: 14,
      stepName: 'backup-taken',
      kind: 'checklist',
      text: 'A configuration backup was taken before the change',
      status: 'done',
      attestation: {
        done: true,
        note: `Backup id 4711 <b>ok</b>; vault password was ${SECRET_VALUE}`,
        at: '2025-01-01T10:02:00.000Z',
      },
    }),
    exec({
      id: 15,
      stepName: 'apply-acl',
      kind: 'config',
      text: 'ip access-list extended EDGE-IN\n deny ip 0.0.0.0 0.255.255.255 any\n permit ip any any',
      status: 'done',
      attestation: {
        done: true,
        device: 'edge-rtr-01',
        note: 'applied from console',
        at: '2025-01-01T10:03:00.000Z',
      },
    }),
    exec({ stepName: 'cleanup', kind: 'command', text: 'rm -f capture/*.tmp', status: 'pending' }),
  ];
  const run: RunDetail = {
    id: 'run-20250101-0001',
    runbookId: 'capture-traffic',
    runbookTitle: RUNBOOK_TITLE,
    runbookPath: '/home/ops/runbooks/capture-traffic.md',
    runbookSha256: sha(RUNBOOK_SOURCE),
    runbookSource: RUNBOOK_SOURCE,
    status: 'failed',
    startedAt: '2025-01-01T10:00:00.000Z',
    endedAt: '2025-01-01T10:05:00.000Z',
    context: {
      operator: 'alice',
      hostname: 'ops-ws-07',
      platform: 'linux',
      osRelease: '6.1.0-28-amd64',
      arch: 'x64',
      appVersion: '0.1.0',
    },
    // The store should have redacted DB_PASSWORD; the exporter must not rely on it.
    params: { IFACE: 'eth0', DB_PASSWORD: SECRET_VALUE },
    stepsDone: 5,
    stepsApplicable: 6,
    steps,
    events: [
      { at: '2025-01-01T10:00:00.000Z', type: 'run-started' },
      {
        at: '2025-01-01T10:00:05.000Z',
        type: 'gate-confirmed',
        stepName: 'capture',
        detail: 'sudo confirmed',
      },
      { at: '2025-01-01T10:05:00.000Z', type: 'run-finished', detail: 'failed' },
    ],
    folder: runFolder,
    versions: [
      {
        sha256: sha(RUNBOOK_SOURCE),
        source: RUNBOOK_SOURCE,
        acceptedAt: '2025-01-01T10:00:00.000Z',
      },
    ],
    outcome: {
      status: 'failed',
      notes: [
        { kind: 'failed', steps: ['ping-gateway'] },
        { kind: 'pending', steps: ['cleanup'] },
      ],
    },
  };
  const source: EvidenceSource = {
    run,
    outputText: (id) => {
      const text = outputs.get(id);
      if (text === undefined) throw new Error(`no execution ${id}`);
      return text;
    },
  };
  return {
    dir,
    runFolder,
    run,
    outputs,
    source,
    artifactFile,
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** The statement inside a document. */
export function statementOf(doc: EvidenceDocument): EvidenceStatement {
  return JSON.parse(Buffer.from(doc.envelope.payload, 'base64').toString('utf8'));
}

/** A copy of the document whose statement was changed, the old signature kept (an edit by hand). */
export function tamper(
  doc: EvidenceDocument,
  change: (st: EvidenceStatement) => void,
): EvidenceDocument {
  const st = statementOf(doc);
  change(st);
  return { ...doc, envelope: { ...doc.envelope, payload: canonicalBytes(st).toString('base64') } };
}

/** Every text form of an export a reader could look into, payload decoded. */
export function allText(doc: EvidenceDocument, exported: string): string {
  return `${exported}\n${JSON.stringify(doc)}\n${Buffer.from(doc.envelope.payload, 'base64').toString('utf8')}`;
}

/** Trust in the given keys' fingerprints, as `--key` would give it. */
export function trustOf(...keys: Array<{ fingerprint: string }>): TrustedSigners {
  return {
    signers: keys.map((k) => ({ fingerprint: k.fingerprint, name: 'test signer', origin: 'test' })),
    source: 'the test keys',
  };
}

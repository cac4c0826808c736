/**
 * `runlog key show | export | rotate`: the installation's evidence signing key, in the forms an
 * auditor needs — its fingerprint, an allowed-signers file for `runlog verify --signers`, or the
 * public key itself — and its replacement, which keeps the old public keys so older evidence
 * still verifies.
 */
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join, resolve } from 'node:path';
import {
  formatAllowedSigners,
  keyHistoryOf,
  loadOrCreateKey,
  rotateKey,
  type EvidenceKey,
} from '../core/evidence/index.js';
import { ensureDataDir, resolveDataDir } from '../core/history/data-dir.js';
import { UsageError } from './cli-io.js';
import type { CommandSpec, Parsed } from './command-types.js';
import { field, visible, visibleJson } from './terminal-text.js';

const ACTIONS = ['show', 'export', 'rotate'] as const;
const EXPORT_FORMATS = ['signers', 'pem'] as const;

function dataDirOf(ctx: Parsed): string {
  return ensureDataDir(resolveDataDir({ flag: ctx.globals.dataDir }));
}

/** The name written for this installation in an allowed-signers file. */
function defaultSignerName(): string {
  return `${os.userInfo().username}@${os.hostname()}`;
}

/** An allowed-signers file listing every key of the installation, retired ones with their end. */
export function allowedSignersText(dataDir: string, name: string, at: Date = new Date()): string {
  const signers = keyHistoryOf(dataDir).map((entry) => ({
    name,
    fingerprint: entry.fingerprint,
    validUntil: entry.retiredAt,
  }));
  return formatAllowedSigners(signers, [
    `Runlog evidence signers of ${name}, exported ${at.toISOString()}.`,
    'Verify with: runlog verify FILE --signers THIS-FILE',
  ]);
}

function show(ctx: Parsed, dataDir: string, key: EvidenceKey): number {
  const history = keyHistoryOf(dataDir);
  const current = history.find((e) => e.fingerprint === key.fingerprint);
  const retired = history.filter((e) => e.fingerprint !== key.fingerprint);
  if (ctx.globals.json) {
    ctx.io.stdout(
      `${visibleJson({ fingerprint: key.fingerprint, publicKey: key.publicKeyPem, createdAt: current?.createdAt, keysDir: join(dataDir, 'keys'), history })}\n`,
    );
    return 0;
  }
  const lines = [
    `Evidence signing key of this installation (${field(join(dataDir, 'keys'))})`,
    `  fingerprint: ${key.fingerprint}`,
    `  created:     ${current?.createdAt ?? 'before the key history was kept'}`,
    '',
    visible(key.publicKeyPem.trimEnd(), { multiline: true }),
  ];
  if (retired.length) {
    lines.push('', 'Retired keys (what they signed before retirement still verifies):');
    for (const e of retired) {
      lines.push(`  ${e.fingerprint}  retired ${e.retiredAt ?? '?'}`);
    }
  }
  lines.push(
    '',
    'Hand an auditor the fingerprint, or an allowed-signers file: runlog key export --out FILE',
  );
  ctx.io.stdout(lines.join('\n') + '\n');
  return 0;
}

async function exportKey(ctx: Parsed, dataDir: string, key: EvidenceKey): Promise<number> {
  const format = (ctx.values.format as string | undefined) ?? 'signers';
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
    throw new UsageError('--format must be signers or pem');
  }
  const name = (ctx.values.name as string | undefined) ?? defaultSignerName();
  if (name.trim() === '' || visible(name) !== name) {
    throw new UsageError('--name must be a plain, non-empty text');
  }
  const text = format === 'pem' ? key.publicKeyPem : allowedSignersText(dataDir, name);
  const out = ctx.values.out as string | undefined;
  if (!out) {
    ctx.io.stdout(text);
    return 0;
  }
  await writeFile(resolve(out), text);
  ctx.io.stderr(`Wrote ${field(resolve(out))}\n`);
  return 0;
}

function rotate(ctx: Parsed, dataDir: string): number {
  const rotated = rotateKey(dataDir);
  if (ctx.globals.json) {
    ctx.io.stdout(
      `${visibleJson({ fingerprint: rotated.key.fingerprint, retired: rotated.retired, at: rotated.at })}\n`,
    );
    return 0;
  }
  ctx.io.stdout(
    [
      `New evidence signing key: ${rotated.key.fingerprint}`,
      rotated.retired
        ? `Retired: ${rotated.retired} (its private key is gone; evidence it signed before ${rotated.at} still verifies)`
        : 'There was no key before.',
      'Hand auditors the new allowed-signers file: runlog key export --out FILE',
      '',
    ].join('\n'),
  );
  return 0;
}

export const keyCommand: CommandSpec = {
  usage:
    'Usage: runlog key show [--json]\n' +
    '       runlog key export [--format signers|pem] [--name NAME] [--out FILE]\n' +
    '       runlog key rotate [--json]',
  options: { format: { type: 'string' }, name: { type: 'string' }, out: { type: 'string' } },
  run: async (raw) => {
    const ctx = raw as Parsed;
    const action = ctx.positionals[0];
    if (ctx.positionals.length !== 1 || !(ACTIONS as readonly string[]).includes(action ?? '')) {
      throw new UsageError('name one action: show, export or rotate');
    }
    const dataDir = dataDirOf(ctx);
    if (action === 'rotate') return rotate(ctx, dataDir);
    const key = loadOrCreateKey(dataDir);
    return action === 'show' ? show(ctx, dataDir, key) : exportKey(ctx, dataDir, key);
  },
};

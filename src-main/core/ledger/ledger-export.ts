/**
 * `runlog ledger export`: what an auditor takes away. For each run in range, a folder holding
 * the evidence exactly as published (`evidence.json`), its readable page (`evidence.html`, made
 * from the same signed document) and the artifacts whose content the ledger holds, at their
 * recorded paths so `runlog verify` finds them beside the evidence. At the top, the team's
 * signers (`signers.json`, the AllowedSigner shape, and `team.signers`, an allowed-signers file
 * for `runlog verify --signers`) and a manifest with every file's SHA-256.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { renderHtml } from '../evidence/html-renderers.js';
import type { EvidenceDocument } from '../evidence/sign.js';
import { formatAllowedSigners } from '../evidence/allowed-signers.js';
import type { AllowedSigner } from '../evidence/signers.js';
import { writeFileAtomic } from '../tools/atomic-write.js';
import { artifactContent, dateBound, getTeamRun } from './team-history.js';

/** Runs listed per query. */
const EXPORT_PAGE = 200;

/** One exported run in the manifest. */
export interface ExportedRun {
  seq: number;
  runId: string;
  recordHash: string;
  entryHash: string;
  folder: string;
  files: Array<{ path: string; sha256: string; size: number }>;
  /** Artifacts the ledger holds by hash only. */
  hashOnly: string[];
}

/** What an export wrote. */
export interface LedgerExport {
  outDir: string;
  since?: string;
  runs: ExportedRun[];
}

/** A folder name from a run id read from the database: only plain names pass. */
function folderFor(runId: string, seq: number): string {
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(runId) ? runId : `entry-${seq}`;
}

/** An artifact's path inside the run's folder, or undefined when it would leave it. */
function safeRelative(p: string): string | undefined {
  const parts = p.split(/[\\/]+/).filter((x) => x !== '' && x !== '.');
  if (path.isAbsolute(p) || parts.length === 0 || parts.includes('..')) return undefined;
  if (['evidence.json', 'evidence.html'].includes(parts.join('/'))) return undefined;
  return path.join(...parts);
}

async function writeFile(
  dir: string,
  rel: string,
  data: string | Buffer,
  run: ExportedRun,
): Promise<void> {
  const file = path.join(dir, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, data, { mode: 0o644 });
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  run.files.push({
    path: rel.split(path.sep).join('/'),
    sha256: createHash('sha256').update(bytes).digest('hex'),
    size: bytes.length,
  });
}

async function exportOne(
  client: pg.Client,
  runId: string,
  outDir: string,
  signers: readonly AllowedSigner[],
): Promise<ExportedRun> {
  const detail = (await getTeamRun(client, runId, signers))!;
  const folder = folderFor(detail.runId, detail.seq);
  const dir = path.join(outDir, folder);
  const run: ExportedRun = {
    seq: detail.seq,
    runId: detail.runId,
    recordHash: detail.recordHash,
    entryHash: detail.entryHash,
    folder,
    files: [],
    hashOnly: [],
  };
  await writeFile(dir, 'evidence.json', detail.document, run);
  try {
    await writeFile(
      dir,
      'evidence.html',
      renderHtml(JSON.parse(detail.document) as EvidenceDocument),
      run,
    );
  } catch {
    // A document the page cannot be made from is still exported as JSON; verify will say why.
  }
  for (const a of detail.artifacts) {
    const rel = safeRelative(a.path);
    const content = a.stored && rel ? await artifactContent(client, a.sha256) : undefined;
    if (!content || !rel) run.hashOnly.push(a.path);
    else await writeFile(dir, rel, content, run);
  }
  return run;
}

/** Writes the evidence and artifacts of every run started since `since` into `outDir`. */
export async function exportLedger(
  client: pg.Client,
  signers: readonly AllowedSigner[],
  options: { outDir: string; since?: string },
): Promise<LedgerExport> {
  const outDir = path.resolve(options.outDir);
  const since = options.since ? dateBound(options.since, 'since') : undefined;
  fs.mkdirSync(outDir, { recursive: true });
  const result: LedgerExport = { outDir, since, runs: [] };
  for (let after = 0; ;) {
    const r = await client.query<{ seq: string; run_id: string }>(
      `SELECT seq, run_id FROM runlog.runs WHERE seq > $1 AND ($2::timestamptz IS NULL OR started_at >= $2)
       ORDER BY seq LIMIT ${EXPORT_PAGE}`,
      [after, since ?? null],
    );
    for (const row of r.rows)
      result.runs.push(await exportOne(client, row.run_id, outDir, signers));
    if (r.rows.length < EXPORT_PAGE) break;
    after = Number(r.rows[r.rows.length - 1]!.seq);
  }
  await writeFileAtomic(
    path.join(outDir, 'signers.json'),
    `${JSON.stringify(signers, null, 2)}\n`,
    { mode: 0o644 },
  );
  await writeFileAtomic(
    path.join(outDir, 'team.signers'),
    formatAllowedSigners(signers, [
      "The team ledger's signers at the time of this export.",
      'Verify a run with: runlog verify RUN/evidence.json --signers team.signers',
    ]),
    { mode: 0o644 },
  );
  await writeFileAtomic(
    path.join(outDir, 'manifest.json'),
    `${JSON.stringify(result, null, 2)}\n`,
    { mode: 0o644 },
  );
  return result;
}

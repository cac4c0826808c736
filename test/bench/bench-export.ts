/**
 * Evidence export of a large run: 20 steps with 20 MB of output in all, recorded by the real
 * engine into the real history, exported as HTML and JSON, against a bare JSON.stringify of the
 * same record.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openService } from '../../src-main/api/open-service.js';
import { exportRun } from '../../src-main/core/evidence/export.js';
import { buildRecord } from '../../src-main/core/evidence/record.js';
import { spawnEngine } from '../../src-main/core/engine/spawn-engine.js';
import { floodFile } from './flood-fixture.js';
import { megabytes, progress, repeatMs, type Section } from './stats.js';

/** The run the export target describes: 20 steps, 20 MB of output. */
const STEPS = 20;
const BYTES_PER_STEP = 1_000_000;
/** An export must be done within this: the operator waits for it. */
const TARGET_MS = 2000;

/** A runbook whose every step prints a different 1 MB slice of the flood file. */
function exportRunbook(dir: string, file: string): void {
  const steps = Array.from({ length: STEPS }, (_, i) =>
    [
      `## Part ${i + 1}`,
      '',
      `\`\`\`sh {"name":"part-${i + 1}"}`,
      `tail -c +${i * BYTES_PER_STEP + 1} '${file}' | head -c ${BYTES_PER_STEP}`,
      '```',
      '',
    ].join('\n'),
  );
  const head = [
    '---',
    'id: bench-export',
    'title: Export benchmark',
    'platforms: [linux, darwin]',
    '---',
    '# Export benchmark',
    '',
  ];
  writeFileSync(join(dir, 'bench-export.md'), [...head, ...steps].join('\n'));
}

/** Records the run through the service and returns its id. */
async function recordRun(workDir: string, root: string, dataDir: string): Promise<string> {
  const flood = await floodFile(workDir, 50);
  const runbooks = join(workDir, 'export-runbooks');
  mkdirSync(runbooks, { recursive: true });
  exportRunbook(runbooks, flood.file);
  const opened = await openService({
    dataDir,
    runbookDirs: [runbooks],
    transport: 'cli',
    startEngine: (args) => spawnEngine({ ...args, entry: join(root, 'out', 'main', 'engine.js') }),
  });
  try {
    const { service } = opened;
    const { runbooks: list } = (await service.call('library:list', {})) as {
      runbooks: Array<{ id: string; sha256: string }>;
    };
    const sha256 = list.find((rb) => rb.id === 'bench-export')?.sha256 ?? '';
    await service.call('library:trust', { id: 'bench-export', sha256 });
    const { runId } = (await service.call('run:start', {
      runbookId: 'bench-export',
      params: {},
    })) as {
      runId: string;
    };
    await service.call('run:all', { runId, confirmAll: true });
    await service.call('run:finish', { runId });
    return runId;
  } finally {
    await opened.close();
  }
}

/** Runs the export benchmark and returns its section of the report. */
export async function benchExport(options: {
  workDir: string;
  root: string;
  reps: number;
}): Promise<Section> {
  const dataDir = join(options.workDir, 'export-data');
  const runId = await recordRun(options.workDir, options.root, dataDir);
  progress('export run recorded');
  const opened = await openService({ dataDir, transport: 'cli' });
  try {
    const run = opened.store.getRun(runId);
    if (!run) throw new Error(`export benchmark: run ${runId} is not in ${dataDir}`);
    const src = { run, outputText: (id: number) => opened.store.readOutputText(id) };
    const outputBytes = run.steps.reduce((sum, s) => sum + s.outputBytes, 0);
    const baseline = await repeatMs(options.reps, () => JSON.stringify(buildRecord(src, {})));
    const sizes: Record<string, number> = {};
    const rows = [];
    for (const format of ['json', 'html'] as const) {
      const value = await repeatMs(options.reps, async () => {
        const result = await exportRun(src, { format, dataDir });
        sizes[format] = result.content.length;
      });
      rows.push({
        measure: `Export ${format.toUpperCase()} (build, sign, render)`,
        target: `< ${TARGET_MS / 1000} s`,
        unit: 'ms' as const,
        value,
        baseline: { label: 'JSON.stringify(buildRecord(run))', value: baseline },
        pass: value.median < TARGET_MS,
      });
    }
    const passed = run.steps.filter((s) => s.status === 'passed').length;
    return {
      title: `Evidence export (${STEPS} steps, ${Math.round(megabytes(outputBytes))} MB of output)`,
      description:
        'exportRun on a run recorded by the real engine: record with hash chain, DSSE signature, then JSON or self-contained HTML. The baseline builds the same record and stringifies it, unsigned and unrendered.',
      rows,
      notes: [
        `${passed}/${STEPS} steps passed; ${megabytes(outputBytes).toFixed(1)} MB of raw output; ` +
          `JSON ${megabytes(sizes.json ?? 0).toFixed(1)} MB, HTML ${megabytes(sizes.html ?? 0).toFixed(1)} MB.`,
      ],
    };
  } finally {
    await opened.close();
  }
}

/**
 * Output flood through the engine: a step printing about 50 MB, run by the real forked engine
 * with its output persisted by the real HistoryStore (as the service runs it), against the same
 * command under a bare pseudo-terminal. Also samples the engine process's memory.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openService } from '../../src-main/api/open-service.js';
import { spawnEngine } from '../../src-main/core/engine/spawn-engine.js';
import { MemorySampler, floodFile, floodRunbook, type FloodFile } from './flood-fixture.js';
import { megabytes, progress, runProgram, summarize, timeMs, type Section } from './stats.js';

/** The size the issue asks for: large enough that per-chunk costs dominate start-up. */
const FLOOD_MB = 50;
/** Output time may be at most this multiple of a bare pty's. */
const TARGET_RATIO = 1.5;
/** Engine memory is "bounded" when it stays well below the output size; this is the line drawn. */
const ENGINE_RSS_LIMIT_MB = 250;

export interface FloodOptions {
  workDir: string;
  root: string;
  reps: number;
}

/** The built engine entry when present (as shipped), else the TypeScript source. */
function engineEntry(root: string): string | undefined {
  const built = join(root, 'out', 'main', 'engine.js');
  return existsSync(built) ? built : undefined;
}

/** Time of the same command under `script`, a bare pty writing to /dev/null. */
function barePty(flood: FloodFile): Promise<number> {
  return timeMs(() => runProgram('script', ['-qfc', `cat '${flood.file}'`, '/dev/null']));
}

/** Runs the flood benchmark and returns its section of the report. */
export async function benchFlood(options: FloodOptions): Promise<Section> {
  const flood = await floodFile(options.workDir, FLOOD_MB);
  const runbooks = join(options.workDir, 'flood-runbooks');
  const dataDir = join(options.workDir, 'flood-data');
  mkdirSync(runbooks, { recursive: true });
  floodRunbook(runbooks, 'bench-flood', flood.file);
  const entry = engineEntry(options.root);
  let enginePid = 0;
  const opened = await openService({
    dataDir,
    runbookDirs: [runbooks],
    transport: 'cli',
    startEngine: (args) => {
      const client = spawnEngine({ ...args, ...(entry ? { entry } : {}) });
      enginePid = client.pid ?? 0;
      return client;
    },
  });
  const notes: string[] = [];
  try {
    const { service } = opened;
    const listed = (await service.call('library:list', {})) as {
      runbooks: Array<{ id: string; sha256: string }>;
    };
    const sha256 = listed.runbooks.find((rb) => rb.id === 'bench-flood')?.sha256 ?? '';
    await service.call('library:trust', { id: 'bench-flood', sha256 });
    const bare: number[] = [];
    const engine: number[] = [];
    const peaks: number[] = [];
    let stored = true;
    for (let i = 0; i < options.reps; i++) {
      bare.push(await barePty(flood));
      const { runId } = (await service.call('run:start', {
        runbookId: 'bench-flood',
        params: {},
      })) as { runId: string };
      const sampler = new MemorySampler(enginePid).start();
      let outcome: { status: string } | undefined;
      engine.push(
        await timeMs(async () => {
          outcome = (await service.call('run:step', { runId, step: 'flood' })) as {
            status: string;
          };
        }),
      );
      sampler.stop();
      peaks.push(sampler.peakMb);
      const { run } = (await service.call('history:get', { runId })) as {
        run: { steps: Array<{ id: number; stepName: string }> };
      };
      const exec = run.steps.find((s) => s.stepName === 'flood');
      const { total } = opened.store.readOutput(exec?.id ?? 0, 0, 1);
      if (outcome?.status !== 'passed' || total !== flood.ptyBytes) {
        stored = false;
        notes.push(
          `Run ${i + 1}: step ${outcome?.status}, history holds ${total} bytes of ${flood.ptyBytes}.`,
        );
      }
      await service.call('run:finish', { runId });
      progress(
        `flood ${i + 1}/${options.reps}: pty ${bare.at(-1)?.toFixed(0)} ms, engine ${engine.at(-1)?.toFixed(0)} ms`,
      );
    }
    const bareStat = summarize(bare);
    const engineStat = summarize(engine);
    notes.unshift(
      `${megabytes(flood.bytes).toFixed(1)} MB of base64 text (${megabytes(flood.ptyBytes).toFixed(1)} MB once the pty turns LF into CR LF); ` +
        `engine ${entry ? 'built (out/main/engine.js)' : 'from source'}; no window subscribed, so output is acknowledged as soon as it is delivered. ` +
        `Full output stored in the history every run: ${stored ? 'yes' : 'NO'}.`,
    );
    return {
      title: `Output flood through the engine (${FLOOD_MB} MB)`,
      description:
        'One step `cat`s the file under the real forked engine; its output goes through the batcher, flow control and the HistoryStore (SQLite) exactly as in the service. Baseline: `script -qfc "cat FILE" /dev/null > /dev/null`.',
      rows: [
        {
          measure: 'Step start to end',
          target: `≤ ${TARGET_RATIO}× bare pty`,
          unit: 'ms',
          value: engineStat,
          baseline: { label: 'bare pty (`script`)', value: bareStat },
          pass: stored && engineStat.median <= TARGET_RATIO * bareStat.median,
        },
        {
          measure: 'Engine process peak RSS',
          target: `< ${ENGINE_RSS_LIMIT_MB} MB (bounded)`,
          unit: 'MB',
          value: summarize(peaks),
          pass: Math.max(...peaks) < ENGINE_RSS_LIMIT_MB,
        },
      ],
      notes,
    };
  } finally {
    await opened.close();
  }
}

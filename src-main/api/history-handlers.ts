/**
 * The `history:*` and `evidence:*` commands: past runs read back, their artifacts listed and
 * downloaded, a run deleted with its folder, and a run exported as signed evidence.
 */
import { pageEnd, UTF8_MAX_EXTRA } from '../core/history/output-page.js';
import type { RunDetail } from '../core/run-model.js';
import { ApiError } from './contract.js';
import { evidenceFile } from './evidence-file.js';
import type { HandlerContext, Handlers } from './handler-types.js';
import { listArtifacts, readArtifact, removeRunFolder } from './run-files.js';

type HistoryCommand =
  | 'history:list'
  | 'history:get'
  | 'history:output'
  | 'history:delete'
  | 'history:artifacts'
  | 'history:artifact'
  | 'evidence:export';

/** Piece of output returned when the caller names no length. */
const DEFAULT_OUTPUT_BYTES = 1024 * 1024;

/**
 * Deletes a run and its folder (its files may hold a private key), and says what happened to the
 * folder. A run open in another live process is refused; one this door's engine holds is dropped.
 */
async function deleteRun(ctx: HandlerContext, run: RunDetail) {
  const { store, engine } = ctx;
  const holder = store.holder(run.id);
  if (holder?.status === 'open' && holder.alive && holder.token !== engine.ownerToken) {
    throw new ApiError(
      'run-held',
      `Run ${run.id} is open in another Runlog process (pid ${holder.holder?.pid}); finish or close it there before deleting it.`,
      holder.holder,
    );
  }
  await engine.forgetRun(run.id);
  const deleted = store.deleteRun(run.id);
  const folder = deleted
    ? removeRunFolder(ctx.dataDir, run)
    : { folderDeleted: false, message: 'Nothing was deleted.' };
  return { deleted, folder: run.folder, ...folder };
}

/** The handlers of the history and evidence commands. */
export function historyHandlers(ctx: HandlerContext): Handlers<HistoryCommand> {
  const { store } = ctx;
  const getRun = (runId: string): RunDetail => {
    const run = store.getRun(runId);
    if (!run) throw new ApiError('not-found', `No run "${runId}" in the history.`);
    return run;
  };
  return {
    'history:list': (filter) => store.listRuns(filter),
    'history:get': ({ runId }) => ({ run: getRun(runId) }),
    'history:output': ({ executionId, offset, length }) => {
      const wanted = length ?? DEFAULT_OUTPUT_BYTES;
      const { bytes, total } = store.readOutput(executionId, offset ?? 0, wanted + UTF8_MAX_EXTRA);
      const end = pageEnd(bytes, wanted);
      return {
        text: Buffer.from(bytes.buffer, bytes.byteOffset, end).toString('utf8'),
        offset: offset ?? 0,
        length: end,
        total,
      };
    },
    'history:delete': ({ runId }) => deleteRun(ctx, getRun(runId)),
    'history:artifacts': ({ runId }) => listArtifacts(getRun(runId)),
    'history:artifact': ({ runId, path, offset, length }) =>
      readArtifact(getRun(runId), path, offset, length),
    'evidence:export': async ({ runId, format }) => {
      const run = getRun(runId);
      const result = await ctx.exportEvidence(run, format);
      return evidenceFile(run.runbookId, run.id, format, result.content ?? '');
    },
  };
}

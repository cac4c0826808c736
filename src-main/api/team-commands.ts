/**
 * The contract commands of the team ledger: its status and "publish now", the ledger URL
 * setting, and the team history's list, open (read-only), export and verify. Each is a thin call
 * into core/ledger over the service's LedgerLink.
 */
import { renderHtml } from '../core/evidence/html-renderers.js';
import type { EvidenceDocument } from '../core/evidence/sign.js';
import { parseEvidence } from '../core/evidence/verify-input.js';
import {
  auditRun,
  getTeamRun,
  listSigners,
  listTeamRuns,
  verifyWithSigners,
} from '../core/ledger/index.js';
import { ApiError, type Request, type Responses } from './contract.js';
import { evidenceFile } from './evidence-file.js';
import type { LedgerLink } from './ledger-link.js';

type TeamCommand = 'ledger:status' | 'team:list' | 'team:get' | 'team:export' | 'team:verify';

type Handlers = { [K in TeamCommand]: (req: Request<K>) => Promise<Responses[K]> };

function notFound(runId: string): ApiError {
  return new ApiError('not-found', `No run "${runId}" in the team ledger.`);
}

/** The handlers of the team commands over a ledger link. */
export function teamHandlers(link: LedgerLink): Handlers {
  return {
    'ledger:status': ({ check }) => link.status(check ?? false),
    'team:list': (filter) => link.use(async (c) => listTeamRuns(c, filter, await listSigners(c))),
    'team:get': ({ runId }) =>
      link.use(async (c) => {
        const run = await getTeamRun(c, runId, await listSigners(c));
        if (!run) throw notFound(runId);
        const parsed = parseEvidence(run.document);
        if (!parsed.ok) {
          throw new ApiError('unusable', `Run "${runId}" in the ledger: ${parsed.reason}`);
        }
        return { run, record: parsed.value.record };
      }),
    'team:export': ({ runId, format }) =>
      link.use(async (c) => {
        const run = await getTeamRun(c, runId, []);
        if (!run) throw notFound(runId);
        const content =
          format === 'json'
            ? run.document
            : renderHtml(JSON.parse(run.document) as EvidenceDocument);
        return evidenceFile(run.runbookId, run.runId, format, content);
      }),
    'team:verify': ({ runId }) =>
      link.use(async (c) => {
        const signers = await listSigners(c);
        const run = await getTeamRun(c, runId, signers);
        if (!run) throw notFound(runId);
        const result = verifyWithSigners(run.document, signers);
        const ledgerProblems = (await auditRun(c, runId, signers)) ?? [];
        for (const p of ledgerProblems) {
          if (!result.problems.includes(p)) result.problems.push(p);
        }
        if (result.problems.length > 0 && result.status === 'valid') result.status = 'invalid';
        return result;
      }),
  };
}

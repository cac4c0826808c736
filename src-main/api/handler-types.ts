/**
 * What the command handlers share: the service's parts, and the typed shape of a table of
 * handlers for some of the contract's commands.
 */
import type { ExportResult, EvidenceFormat } from '../core/evidence/export.js';
import type { HistoryStore } from '../core/history/index.js';
import type { RunbookVersion, RunDetail } from '../core/run-model.js';
import type { Library } from '../core/runbook/library.js';
import type { Runbook } from '../core/runbook/model.js';
import type { CommandName, Request, Responses } from './contract.js';
import type { SupervisedEngine } from '../core/engine/engine-supervisor.js';

/** The service's parts a handler may use. */
export interface HandlerContext {
  library: Library;
  store: HistoryStore;
  engine: SupervisedEngine;
  dataDir: string;
  appVersion: string;
  /** The runbook of the library with this id or path; refused when there is none. */
  runbook(id: string): Runbook;
  /**
   * Why this content of a runbook may run: bundled, trusted by the operator here, or trusted by
   * the team in the ledger; undefined when it may not.
   */
  trustOf(rb: Pick<Runbook, 'bundled' | 'file' | 'sha256'>): Promise<RunbookVersion['trust']>;
  /** A finished run as signed evidence, secrets redacted (what export and the ledger take). */
  exportEvidence(run: RunDetail, format: EvidenceFormat): Promise<ExportResult>;
  /** Queues a run that just finished for the team ledger; never fails the finish. */
  publishFinished(runId: string): Promise<void>;
}

/** Handlers for the commands K, each taking its validated request. */
export type Handlers<K extends CommandName> = {
  [P in K]: (req: Request<P>) => Promise<Responses[P]> | Responses[P];
};

/**
 * What the command handlers share: the service's parts, and the typed shape of a table of
 * handlers for some of the contract's commands.
 */
import type { HistoryStore } from '../core/history/index.js';
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
  /** Bundled, or trusted by the operator in exactly this content. */
  isTrusted(rb: Pick<Runbook, 'bundled' | 'file' | 'sha256'>): boolean;
}

/** Handlers for the commands K, each taking its validated request. */
export type Handlers<K extends CommandName> = {
  [P in K]: (req: Request<P>) => Promise<Responses[P]> | Responses[P];
};

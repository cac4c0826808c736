/** The team ledger on PostgreSQL: connection, schema, publication, queue, signers, trust, audit. */
export { Ledger } from './ledger.js';
export {
  ConnInfoError,
  assertNoPassword,
  parseConnString,
  resolveTarget,
  type LedgerTarget,
} from './conninfo.js';
export { LedgerUnreachableError, connectLedger } from './connect.js';
export {
  LEDGER_MIGRATIONS,
  LEDGER_SCHEMA_VERSION,
  LedgerSchemaError,
  ledgerSchemaVersion,
  type MigrationOutcome,
} from './schema.js';
export { PUBLISHER_ROLE, STEWARD_ROLE } from './schema-sql.js';
export { describeDocument, PublicationError, type Publication } from './publication.js';
export { LedgerConflictError, publishRun } from './publish.js';
export {
  LedgerQueue,
  collectArtifacts,
  DEFAULT_ARTIFACT_MAX_BYTES,
  type QueueEntry,
} from './queue.js';
export { LedgerPublisher, type DrainResult } from './publisher.js';
export {
  addSigner,
  endSigner,
  LEDGER_SIGNERS,
  listSigners,
  signerAt,
  type LedgerSigner,
} from './signers.js';
export { revokeTeamTrust, teamTrustOf, trustForTeam, type TeamTrust } from './team-trust.js';
export {
  getTeamRun,
  listTeamRuns,
  TeamFilterError,
  type TeamFilter,
  type TeamRunDetail,
  type TeamRunSummary,
} from './team-history.js';
export { verifyWithSigners, type SignedVerifyResult } from './signed-verify.js';
export { auditLedger, auditRun, describeAudit, type LedgerAudit } from './audit.js';
export { exportLedger, type LedgerExport } from './ledger-export.js';

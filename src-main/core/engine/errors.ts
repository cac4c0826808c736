/**
 * Errors the engine reports to its callers. Each carries a stable code so a UI, the CLI or the
 * forked-engine client can react without parsing the message.
 */

export type EngineErrorCode =
  | 'unknown-run'
  | 'unknown-step'
  | 'run-not-open'
  | 'run-held'
  | 'needs-params'
  | 'needs-device'
  | 'bad-answer'
  | 'untrusted'
  | 'source-missing'
  | 'step-running'
  | 'not-applicable'
  | 'manual-step'
  | 'not-manual'
  | 'not-a-command'
  | 'needs-confirmation'
  | 'needs-env'
  | 'step-invalid'
  | 'runbook-changed'
  | 'runbook-missing'
  | 'runbook-invalid'
  | 'bad-params'
  | 'bad-cwd'
  | 'no-interpreter'
  | 'not-running'
  | 'engine-exited'
  | 'internal';

/** A refusal or failure with a machine-readable code and optional structured details. */
export class EngineError extends Error {
  readonly code: EngineErrorCode;
  readonly details?: unknown;

  constructor(code: EngineErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'EngineError';
    this.code = code;
    this.details = details;
  }
}

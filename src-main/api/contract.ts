/**
 * The one API of Runlog. Every door (Electron IPC, the browser host's
 * WebSocket, the CLI) speaks exactly these commands and events; requests are
 * validated against the schemas below before they reach the service.
 *
 * Commands are named `domain:verb`. The renderer never sends command text:
 * it names a run and a step, and the engine takes the text from the runbook
 * it parsed and pinned.
 */
import { z } from 'zod';
import type { CommandName, EventName, NotificationName } from './names.js';
import type { Runbook } from '../core/runbook/model.js';
import type { LibrarySummary } from '../core/runbook/library.js';
import type {
  EngineEvents,
  ResumeRunResult,
  RunAllResult,
  StepOutcome,
} from '../core/engine/engine-types.js';
import {
  RUN_STATUSES,
  type RunDetail,
  type RunStatus,
  type RunSummary,
} from '../core/run-model.js';
import type { AnyEvidenceRecord } from '../core/evidence/record.js';
import type {
  DrainResult,
  QueueEntry,
  SignedVerifyResult,
  TeamRunDetail,
  TeamRunSummary,
} from '../core/ledger/index.js';
import type { EvidenceFile } from './evidence-file.js';

const runId = z.string().min(1).max(128);
const stepName = z.string().min(1).max(200);
/** What a ledger connection string starts with: a postgresql:// URL or a libpq keyword. */
const LEDGER_URL = /^\s*(postgres(ql)?:\/\/|[a-z_]+\s*=)/i;
/** Parameter values are data only; they still have to be sane strings. */
const paramValues = z.record(z.string().max(200), z.string().max(64 * 1024));
/** The operator's values for a step's exported variables: variable names, then data. */
const envValues = z.record(
  z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
    .max(200),
  z.string().max(64 * 1024),
);
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);
/** Free text an operator writes (a note, a skip reason). */
const operatorText = z.string().max(16 * 1024);
/** Largest piece of a file one call returns: a big capture comes in several calls. */
const MAX_CHUNK_BYTES = 16 * 1024 * 1024;
const chunk = {
  offset: z.number().int().min(0).optional(),
  length: z.number().int().min(1).max(MAX_CHUNK_BYTES).optional(),
};

/** Request schemas, one per command. The request types are derived from them. */
export const requestSchemas = {
  'app:info': z.object({}).strict(),
  'library:list': z.object({}).strict(),
  'library:get': z.object({ id: z.string().min(1).max(4096) }).strict(),
  'library:trust': z.object({ id: z.string().min(1).max(4096), sha256 }).strict(),
  'settings:get': z.object({}).strict(),
  'settings:set-runbook-folders': z
    .object({ folders: z.array(z.string().min(1).max(4096)).max(100) })
    .strict(),
  'run:start': z
    .object({
      runbookId: z.string().min(1).max(4096),
      params: paramValues,
      /** Only the steps of these Runme categories (`category` / `tag`); the others do not apply. */
      categories: z.array(z.string().min(1).max(200)).max(100).optional(),
    })
    .strict(),
  'run:step': z
    .object({
      runId,
      /** A step's name, one of its aliases (its Runme name) or its Runme cell id. */
      step: stepName,
      confirmed: z.boolean().optional(),
      /** Values for the variables the step exports (promptEnv); see 'needs-env'. */
      env: envValues.optional(),
    })
    .strict(),
  'run:all': z
    .object({
      runId,
      /** Gated steps the operator confirmed for this walk. */
      confirmed: z.array(stepName).max(1000).optional(),
      /** Every gate confirmed in advance (the CLI's --yes). */
      confirmAll: z.boolean().optional(),
      keepGoing: z.boolean().optional(),
      /** Walk past pending manual steps instead of pausing at them. */
      skipManual: z.boolean().optional(),
      /** Pending manual steps to walk past this time, left pending. */
      pass: z.array(stepName).max(1000).optional(),
      /** Stop before these steps while they are not settled (the CLI answers them in turn). */
      pauseAt: z.array(stepName).max(1000).optional(),
      /** Pause at optional manual steps too (the CLI asks every question on a terminal). */
      askOptional: z.boolean().optional(),
      /** Only the steps of these Runme categories (`category` / `tag`). */
      categories: z.array(z.string().min(1).max(200)).max(100).optional(),
      /** Values for exported variables (promptEnv), by step name. */
      env: z.record(stepName, envValues).optional(),
      /** Run steps with their written values instead of stopping at 'needs-env'. */
      envDefaults: z.boolean().optional(),
    })
    .strict(),
  /** Stops the running step; with `step`, that background step. */
  'run:stop': z.object({ runId, step: stepName.optional() }).strict(),
  'run:attest': z
    .object({
      runId,
      step: stepName,
      done: z.boolean(),
      note: operatorText.optional(),
      device: z.string().max(256).optional(),
    })
    .strict(),
  'run:skip': z.object({ runId, step: stepName, reason: operatorText.min(1) }).strict(),
  'run:finish': z.object({ runId }).strict(),
  'run:accept-change': z.object({ runId, sha256 }).strict(),
  'run:resume': z.object({ runId, params: paramValues.optional() }).strict(),
  'run:leave-open': z.object({ runId }).strict(),
  'history:list': z
    .object({
      runbookId: z.string().max(4096).optional(),
      status: z.enum(RUN_STATUSES).optional(),
      text: z.string().max(1024).optional(),
      limit: z.number().int().min(1).max(500).optional(),
      offset: z.number().int().min(0).optional(),
    })
    .strict(),
  'history:get': z.object({ runId }).strict(),
  'history:output': z.object({ executionId: z.number().int().min(1), ...chunk }).strict(),
  'history:delete': z.object({ runId, confirm: z.literal(true) }).strict(),
  'history:artifacts': z.object({ runId }).strict(),
  'history:artifact': z.object({ runId, path: z.string().min(1).max(4096), ...chunk }).strict(),
  'evidence:export': z
    .object({ runId, format: z.enum(['html', 'json', 'pdf', 'bundle']) })
    .strict(),
  /** A libpq connection string without a password (URL or key=value), or null for no ledger. */
  'settings:set-ledger-url': z
    .object({ url: z.string().max(2048).regex(LEDGER_URL).nullable() })
    .strict(),
  'ledger:status': z.object({ check: z.boolean().optional() }).strict(),
  /** Publishes now what waits; with run ids, queues those finished runs of the history first. */
  'ledger:publish': z.object({ runIds: z.array(runId).max(1000).optional() }).strict(),
  'team:list': z
    .object({
      runbookId: z.string().max(4096).optional(),
      operator: z.string().max(256).optional(),
      host: z.string().max(256).optional(),
      status: z.string().max(40).optional(),
      /** ISO 8601 or YYYY-MM-DD: runs started at or after. */
      from: z.string().max(40).optional(),
      /** ISO 8601 or YYYY-MM-DD (through that day): runs started before. */
      to: z.string().max(40).optional(),
      text: z.string().max(1024).optional(),
      limit: z.number().int().min(1).max(500).optional(),
      /** The `next` cursor of the previous page. */
      after: z.string().max(200).optional(),
    })
    .strict(),
  'team:get': z.object({ runId }).strict(),
  'team:export': z.object({ runId, format: z.enum(['html', 'json']) }).strict(),
  'team:verify': z.object({ runId }).strict(),
} as const satisfies Record<CommandName, z.ZodType>;

export type Request<K extends CommandName> = z.infer<(typeof requestSchemas)[K]>;

/** Schemas of the one-way messages; nothing is answered, a message that fails is dropped. */
export const notificationSchemas = {
  'run:input': z.object({ runId, data: z.string().max(64 * 1024) }).strict(),
  'run:resize': z
    .object({
      runId,
      cols: z.number().int().min(2).max(1000),
      rows: z.number().int().min(1).max(1000),
    })
    .strict(),
  /** The client's terminal has written `chars` more characters of the run's output. */
  'run:ack': z.object({ runId, chars: z.number().int().min(0).max(1e9) }).strict(),
  /** A terminal appeared after the run's step began: send it the step's screen, then its output. */
  'run:screen': z.object({ runId }).strict(),
} as const satisfies Record<NotificationName, z.ZodType>;

export type Notification<K extends NotificationName> = z.infer<(typeof notificationSchemas)[K]>;

/** A validated one-way message: its name and its request. */
export type NotificationMessage = {
  [K in NotificationName]: { name: K; request: Notification<K> };
}[NotificationName];

/** A runbook as the library list shows it: no step texts. */
export interface RunbookSummary extends LibrarySummary {
  fileName: string;
  trusted: boolean;
  /** Set when the team ledger trusts this exact version: "trusted by NAME on DATE". */
  teamTrust?: TeamTrustMark;
}

/** Who in the team trusted a runbook version, and when (stamped by the ledger). */
export interface TeamTrustMark {
  by: string;
  at: string;
}

/** What `ledger:status` answers: the ledger set, and the runs waiting for it and why. */
export interface LedgerStatus {
  configured: boolean;
  url?: string;
  /** user@host:port/database as resolved now (from the URL, service file and environment). */
  target?: string;
  /** Set when asked to check: the ledger answered with the schema this Runlog speaks. */
  reachable?: boolean;
  error?: string;
  waiting: QueueEntry[];
}

/** The operator's settings as the Settings view shows them. */
export interface SettingsView {
  runbookFolders: string[];
  commandLineFolders: string[];
  /** The team ledger's connection string, or null when there is none. */
  ledgerUrl: string | null;
}

export interface AppInfo {
  version: string;
  platform: string;
  dataDir: string;
  /** Things the operator must be told (a corrupt history set aside…). */
  notices: string[];
  transport: 'ipc' | 'websocket' | 'cli';
}

/** What running a step, and running all, answer: the engine's own result types. */
export type {
  StepOutcome,
  RunAllResult as RunAllOutcome,
  EnvQuestion,
  EnvQuestions,
} from '../core/engine/engine-types.js';

/** One artifact file of a run, as recorded by the attempt that produced it. */
export interface RunArtifact {
  /** Relative to the run folder. */
  path: string;
  size: number;
  sha256: string;
  step: string;
  attempt: number;
  /** The file in the run folder still has that size and hash. */
  present: boolean;
}

/** Response types, one per command. */
export interface Responses {
  'app:info': AppInfo;
  'library:list': { runbooks: RunbookSummary[] };
  'library:get': { runbook: Runbook; trusted: boolean; teamTrust?: TeamTrustMark };
  'library:trust': { trusted: true };
  'settings:get': SettingsView;
  'settings:set-runbook-folders': SettingsView;
  'run:start': { runId: string };
  'run:step': StepOutcome;
  'run:all': RunAllResult;
  'run:stop': { stopping: boolean };
  'run:attest': { ok: true };
  'run:skip': { ok: true };
  'run:finish': { status: RunStatus };
  'run:accept-change': { ok: true; sha256: string };
  'run:resume': ResumeRunResult;
  'run:leave-open': { ok: true };
  'history:list': { runs: RunSummary[]; total: number };
  'history:get': { run: RunDetail };
  'history:output': {
    text: string;
    offset: number;
    /**
     * Bytes of the page: up to 3 more than asked, so the page ends after a whole character and the
     * next page (at offset + length) starts with one.
     */
    length: number;
    total: number;
  };
  'history:delete': {
    deleted: boolean;
    /** The run's folder (its working files, artifacts, and perhaps a private key). */
    folder: string;
    folderDeleted: boolean;
    /** What happened to the folder, for a person. */
    message: string;
  };
  'history:artifacts': { folder: string; artifacts: RunArtifact[] };
  'history:artifact': {
    path: string;
    /** Base64 of the bytes [offset, offset + length). */
    content: string;
    offset: number;
    length: number;
    /** Size of the whole file. */
    total: number;
    /** SHA-256 the run recorded for it. */
    sha256: string;
  };
  'evidence:export': EvidenceFile;
  'settings:set-ledger-url': SettingsView;
  'ledger:status': LedgerStatus;
  'ledger:publish': DrainResult;
  'team:list': { runs: TeamRunSummary[]; next?: string };
  /**
   * A published run, read-only: its index row, document, artifacts, and the signed record (of
   * any format it was published in).
   */
  'team:get': { run: TeamRunDetail; record: AnyEvidenceRecord };
  'team:export': EvidenceFile;
  /** Signature, chains, the signer at signing time and the ledger row, checked again. */
  'team:verify': SignedVerifyResult;
}

/** The typed command map: `Commands['run:start']` is the function a client calls. */
export type Commands = {
  [K in CommandName]: (request: Request<K>) => Promise<Responses[K]>;
};

/** Events pushed from the service to every subscriber: the engine's, and the library's. */
export interface Events extends EngineEvents {
  'library:changed': { files: string[] };
}
export {
  COMMAND_NAMES,
  EVENT_NAMES,
  NOTIFICATION_NAMES,
  type CommandName,
  type EventName,
  type NotificationName,
} from './names.js';

/** The object the preload exposes as `window.runlog` in the desktop app. */
export interface RunlogBridge {
  call<K extends CommandName>(command: K, request: Request<K>): Promise<Responses[K]>;
  /** Sends a one-way message; nothing comes back. */
  notify<K extends NotificationName>(name: K, request: Notification<K>): void;
  onEvent(listener: <E extends EventName>(event: E, payload: Events[E]) => void): () => void;
}

/** An error that crosses a door: a code a program can test and a message a person reads. */
export interface ApiErrorShape {
  code: string;
  message: string;
  details?: unknown;
}

/** The answer to one command over the desktop app's IPC: the response, or the error's shape. */
export type IpcReply = { ok: true; response: unknown } | { ok: false; error: ApiErrorShape };

export class ApiError extends Error implements ApiErrorShape {
  constructor(
    public code: string,
    message: string,
    public details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * Refusals whose details a client shows to the operator: the gate's exact text and the parameters
 * its environment will hold (secrets redacted), which parameters are wrong or missing, who holds
 * a run. Every other error crosses a door as its code and message only.
 */
const CODES_WITH_DETAILS: ReadonlySet<string> = new Set([
  'needs-confirmation',
  'needs-env',
  'step-invalid',
  'needs-params',
  'bad-params',
  'run-held',
]);

/** What crosses a door when a command fails: the error's code and message (and chosen details). */
export function errorShape(err: unknown): ApiErrorShape {
  const e = err as { code?: unknown; message?: unknown; details?: unknown };
  const code = typeof e?.code === 'string' ? e.code : 'error';
  const shape: ApiErrorShape = {
    code,
    message: typeof e?.message === 'string' ? e.message : String(err),
  };
  if (CODES_WITH_DETAILS.has(code) && e.details !== undefined) shape.details = e.details;
  return shape;
}

/** Validates a request for a named command; throws ApiError('bad-request') naming the field. */
export function parseRequest<K extends CommandName>(command: string, request: unknown): Request<K> {
  if (!Object.hasOwn(requestSchemas, command)) {
    throw new ApiError('unknown-command', `Unknown command "${String(command).slice(0, 80)}".`);
  }
  const result = requestSchemas[command as K].safeParse(request ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'request';
    throw new ApiError('bad-request', `${command}: ${where}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data as Request<K>;
}

/**
 * A one-way message as it arrives from a door, validated; undefined when it is not one (it is then
 * dropped: there is nobody to answer).
 */
export function parseNotification(
  name: unknown,
  request: unknown,
): NotificationMessage | undefined {
  if (typeof name !== 'string' || !Object.hasOwn(notificationSchemas, name)) return undefined;
  const key = name as NotificationName;
  const result = notificationSchemas[key].safeParse(request ?? {});
  return result.success ? ({ name: key, request: result.data } as NotificationMessage) : undefined;
}

/** The wire messages of the WebSocket and IPC transports: a call (with an id) or a notification. */
export type ClientMessage =
  { id: number; command: string; request: unknown } | { notify: string; request: unknown };
export type ServerMessage =
  | { id: number; ok: true; response: unknown }
  | { id: number; ok: false; error: ApiErrorShape }
  | { event: EventName; payload: unknown };

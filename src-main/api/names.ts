/**
 * The names of the contract's commands and events, kept free of any
 * dependency so the sandboxed preload can allow-list them without bundling
 * the schemas.
 */
export const COMMAND_NAMES = [
  'app:info',
  'library:list',
  'library:get',
  'library:trust',
  'settings:get',
  'settings:set-runbook-folders',
  'run:start',
  'run:step',
  'run:all',
  'run:stop',
  'run:attest',
  'run:skip',
  'run:finish',
  'run:accept-change',
  'run:resume',
  'run:leave-open',
  'history:list',
  'history:get',
  'history:output',
  'history:delete',
  'history:artifacts',
  'history:artifact',
  'evidence:export',
  'settings:set-ledger-url',
  'ledger:status',
  'ledger:publish',
  'team:list',
  'team:get',
  'team:export',
  'team:verify',
] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

/**
 * One-way messages from a client: nothing is answered or waited for. Typed keys, a terminal's
 * size, the acknowledgement of output a terminal has written, and a terminal's request for the
 * screen of a step it appeared after.
 */
export const NOTIFICATION_NAMES = ['run:input', 'run:resize', 'run:ack', 'run:screen'] as const;
export type NotificationName = (typeof NOTIFICATION_NAMES)[number];

export const EVENT_NAMES = [
  'step:output',
  'step:screen',
  'step:state',
  'run:state',
  'run:notice',
  'library:changed',
] as const;
export type EventName = (typeof EVENT_NAMES)[number];

/** The IPC channel on which the main process pushes contract events to the window. */
export const EVENT_CHANNEL = 'runlog:event';
/** The IPC channel on which the window sends one-way messages (no reply). */
export const NOTIFY_CHANNEL = 'runlog:notify';

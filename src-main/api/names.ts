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
  'run:input',
  'run:resize',
  'run:ack',
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

export const EVENT_NAMES = [
  'step:output',
  'step:state',
  'run:state',
  'run:notice',
  'library:changed',
] as const;
export type EventName = (typeof EVENT_NAMES)[number];

/** The IPC channel on which the main process pushes contract events to the window. */
export const EVENT_CHANNEL = 'runlog:event';

/**
 * Whether this code runs as the built app or CLI, or from source (the tests). electron-vite
 * replaces `__RUNLOG_PRODUCTION__` with `true` when it builds out/; from source it is not defined.
 * Settings that exist only so tests can point Runlog elsewhere (RUNLOG_BUNDLED_RUNBOOKS,
 * RUNLOG_SQLITE_BINDING) are read only when this is false: an installed CLI or a packaged app
 * cannot be redirected by an environment variable to unreviewed runbooks or to a native module.
 */
declare const __RUNLOG_PRODUCTION__: boolean | undefined;

/** True in the built app and CLI (out/), false when running from source. */
export const PRODUCTION_BUILD: boolean =
  typeof __RUNLOG_PRODUCTION__ === 'boolean' && __RUNLOG_PRODUCTION__;

/**
 * The `host` fixture: a real `runlog serve` (the built CLI) with a fresh data
 * folder and the e2e runbooks folder, stopped after the test.
 */
import { test as base, expect } from '@playwright/test';
import { startServe, stopServe, type Host } from '../host/serve-process.js';

export {
  CLI,
  E2E_RUNBOOKS,
  ROOT,
  startServe,
  stopServe,
  type Host,
  type ServeOptions,
} from '../host/serve-process.js';

export const test = base.extend<{ host: Host }>({
  host: async ({}, use) => {
    const host = await startServe();
    await use(host);
    await stopServe(host);
  },
});

export { expect };

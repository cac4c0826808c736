/**
 * Facts about this installation that every door needs: the version, who and
 * where the operator is, and where the bundled runbooks live.
 */
import { existsSync } from 'node:fs';
import { hostname, release, arch, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pkg from '../../package.json';
import { PRODUCTION_BUILD } from '../core/build-mode.js';
import type { RunContext } from '../core/run-model.js';

export const APP_VERSION: string = pkg.version;

/** The folder holding this module once built (out/main) or as source (src-main/api). */
const here = dirname(fileURLToPath(import.meta.url));

/**
 * The bundled runbooks (trusted without review): two levels up from both out/main and
 * src-main/api. Tests running from source may point RUNLOG_BUNDLED_RUNBOOKS elsewhere; the built
 * app and CLI never read it, so no variable can make an unreviewed folder count as bundled.
 */
export function bundledRunbooksDir(): string {
  const override = PRODUCTION_BUILD ? undefined : process.env.RUNLOG_BUNDLED_RUNBOOKS;
  return override || join(here, '..', '..', 'runbooks');
}

/** The engine process entry: built beside this module, or the TypeScript source in tests. */
export function engineEntry(): string {
  const built = join(here, 'engine.js');
  return existsSync(built) ? built : join(here, '..', 'core', 'engine', 'child-main.ts');
}

/** The built renderer served by the browser host. */
export function rendererDir(): string {
  return join(here, '..', '..', 'out', 'renderer');
}

/** Who runs, where, with what: recorded in every run and its evidence. */
export function runContext(): RunContext {
  let operator = process.env.USER ?? process.env.USERNAME ?? 'unknown';
  try {
    operator = userInfo().username;
  } catch {
    // No passwd entry (containers): keep the environment's name.
  }
  return {
    operator,
    hostname: hostname(),
    platform: process.platform,
    osRelease: release(),
    arch: arch(),
    appVersion: APP_VERSION,
  };
}

/**
 * The engine's remote interface, derived from one list of its methods (the way VS Code's
 * ProxyChannel derives a channel from a service): the client in the caller's process, the
 * server in the engine's process and the supervisor that restarts it all take their methods from
 * ENGINE_METHODS, so a method is added or changed in one place.
 */
import type { Engine } from './engine.js';

/**
 * Every engine method another process may use. A 'call' gets exactly one reply (its result or
 * its error); a 'notify' is sent one way, with no reply to wait for: typed input, a resize, a
 * request for a terminal's screen.
 */
export const ENGINE_METHODS = {
  startRun: 'call',
  resumeRun: 'call',
  runStep: 'call',
  runAll: 'call',
  stop: 'call',
  attest: 'call',
  skip: 'call',
  finishRun: 'call',
  acceptRunbookChange: 'call',
  releaseRun: 'call',
  forgetRun: 'call',
  openRuns: 'call',
  shutdown: 'call',
  input: 'notify',
  resize: 'notify',
  requestScreen: 'notify',
} as const satisfies { [K in keyof Engine]?: 'call' | 'notify' };

export type EngineMethod = keyof typeof ENGINE_METHODS;
type CallMethod = {
  [K in EngineMethod]: (typeof ENGINE_METHODS)[K] extends 'call' ? K : never;
}[EngineMethod];
type NotifyMethod = Exclude<EngineMethod, CallMethod>;

/** The engine as another process sees it: a call resolves to the engine's own result. */
export type EngineApi = {
  [K in CallMethod]: (...args: Parameters<Engine[K]>) => Promise<Awaited<ReturnType<Engine[K]>>>;
} & {
  [K in NotifyMethod]: (...args: Parameters<Engine[K]>) => void;
};

/** A function standing for one engine method, whatever its arguments. */
export type AnyMethod = (...args: unknown[]) => unknown;

/** True when `name` is a method of the list (anything else from another process is refused). */
export function isEngineMethod(name: unknown): name is EngineMethod {
  return typeof name === 'string' && Object.hasOwn(ENGINE_METHODS, name);
}

/**
 * Builds an EngineApi from one function per method: `make` receives each name and its kind and
 * returns what that method does in this process (send it, forward it, run it).
 */
export function engineApi(
  make: (name: EngineMethod, kind: 'call' | 'notify') => AnyMethod,
): EngineApi {
  const api: Partial<Record<EngineMethod, AnyMethod>> = {};
  for (const name of Object.keys(ENGINE_METHODS) as EngineMethod[]) {
    api[name] = make(name, ENGINE_METHODS[name]);
  }
  return api as EngineApi;
}

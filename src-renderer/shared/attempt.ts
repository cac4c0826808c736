/**
 * An API call whose failure is an answer, not an exception: the team views show "no ledger set"
 * or "the ledger cannot be reached" in place of a list, so they need the error's code as a value.
 */
import { ClientError } from '../api/client.js';

/** The outcome of one call. */
export type Attempt<T> = { ok: true; value: T } | { ok: false; error: ClientError };

/** Awaits a call; any error becomes a ClientError with a code (`error` when it had none). */
export async function attempt<T>(call: Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await call };
  } catch (err) {
    const error =
      err instanceof ClientError
        ? err
        : new ClientError(
            (err as { code?: string }).code ?? 'error',
            (err as Error).message ?? String(err),
          );
    return { ok: false, error };
  }
}

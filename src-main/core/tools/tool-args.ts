/** Command-line parsing shared by the built-in tools, so each reads its options the same way. */
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** The option table a tool declares (node:util does not export its name). */
type OptionTable = NonNullable<ParseArgsConfig['options']>;

/** A command line the tool cannot act on; the tool prints it with its usage hint, exit 2. */
export class UsageError extends Error {}

/** Parses `argv` strictly (unknown options and positionals refused); throws {@link UsageError}. */
export function readToolOptions<const T extends OptionTable>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

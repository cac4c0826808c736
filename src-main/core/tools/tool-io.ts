/**
 * The narrow door through which a built-in tool talks to the world, so the same tool runs
 * under the CLI, inside a runbook step, or in a test that captures everything it prints.
 */
export interface ToolIO {
  /** Normal output (the ACL, the diff); written as given, no newline added. */
  stdout: (s: string) => void;
  /** Warnings and errors for the person running the tool; written as given. */
  stderr: (s: string) => void;
  /** The application's data directory (caches live under `<dataDir>/cache/`). */
  dataDir: string;
  /** Directory that relative paths given on the command line are resolved against. */
  cwd: string;
}

/** Exit codes shared by the built-in tools (the CLI passes them through unchanged). */
export const EXIT_OK = 0;
/** The work could not be done: bad input data, network failure, refused file. */
export const EXIT_FAILURE = 1;
/** The command line itself is wrong (unknown option, missing value). */
export const EXIT_USAGE = 2;

/** The executable entry of `runlog` (the package's bin, built to out/main/cli.js). */
import { main } from './runlog.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`runlog: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exitCode = 1;
  },
);

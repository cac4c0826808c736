/**
 * Puts `runlog` on the PATH of every step, so runbooks can call the built-in
 * tools (`runlog bogons`, `runlog tnsnames`) whatever way Runlog was started.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the CLI entry is: built beside the engine, or the TypeScript source (run with tsx). */
export function cliEntry(): { file: string; execArgv: string[] } {
  const here = dirname(fileURLToPath(import.meta.url));
  const built = join(here, 'cli.js');
  if (existsSync(built)) return { file: built, execArgv: [] };
  return { file: join(here, '..', '..', 'cli', 'cli-main.ts'), execArgv: ['--import', 'tsx'] };
}

function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * Writes `<dataDir>/bin/runlog` (and `runlog.cmd` on Windows) and returns the folder. Under
 * Electron the executable is not a Node, so the shim uses the `node` on the PATH.
 */
export function writeRunlogShim(
  dataDir: string,
  platform: NodeJS.Platform = process.platform,
): string {
  const bin = join(dataDir, 'bin');
  mkdirSync(bin, { recursive: true, mode: 0o700 });
  const { file, execArgv } = cliEntry();
  const node = /^node(\.exe)?$/i.test(basename(process.execPath)) ? process.execPath : 'node';
  if (platform === 'win32') {
    const args = [...execArgv, file].map((a) => `"${a}"`).join(' ');
    writeFileSync(join(bin, 'runlog.cmd'), `@"${node}" ${args} %*\r\n`);
  } else {
    const args = [...execArgv, file].map(quote).join(' ');
    writeFileSync(join(bin, 'runlog'), `#!/bin/sh\nexec ${quote(node)} ${args} "$@"\n`, {
      mode: 0o755,
    });
  }
  return bin;
}

/** Prepends the shim folder to this process's PATH (steps inherit it). */
export function addRunlogToPath(dataDir: string): void {
  const bin = writeRunlogShim(dataDir);
  process.env.PATH = [bin, process.env.PATH ?? ''].filter(Boolean).join(delimiter);
}

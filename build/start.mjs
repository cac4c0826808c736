#!/usr/bin/env node
// `npm start`: builds and opens the desktop app, or says plainly why it cannot
// and what to use instead. It never requires the `electron` package, whose
// entry point tries to download the binary when it is missing.
import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electronDir = join(root, 'node_modules', 'electron');
const pathFile = join(electronDir, 'path.txt');
const binary = existsSync(pathFile)
  ? join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim())
  : undefined;

if (!binary || !existsSync(binary)) {
  process.stderr.write(
    [
      'Runlog: the Electron binary is not installed here, so the desktop app cannot open.',
      '(Its download is skipped or not reachable on this machine.)',
      '',
      'Use the same app in your browser instead:',
      '',
      '    npx runlog serve',
      '',
      'It prints a http://127.0.0.1 address with its access token; open it in a browser on this machine.',
      '',
    ].join('\n'),
  );
  process.exit(1);
}

const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit' }).status ?? 1;
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
process.exit(run(npx, ['electron-vite', 'build']) || run(binary, ['.']));

#!/usr/bin/env node
// `npm start`: builds Runlog and opens it — the desktop window where the Electron binary is
// installed, otherwise the same app through the browser host (`runlog serve --open`), opened in
// the default browser without the token ever appearing in a process's arguments. The host prints
// its address too, for a machine without a browser. Ctrl-C ends either cleanly.
//
//   node build/start.mjs [--browser] [--no-build]
//     --browser   the browser host even where Electron is installed
//     --no-build  skip `electron-vite build` (when out/ was just built)
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureElectronSqlite, startPlan } from './app-launch.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);

if (!argv.includes('--no-build')) {
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  const build = spawnSync(npx, ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const plan = startPlan(root, argv);
let child;
if (plan.mode === 'electron') {
  try {
    ensureElectronSqlite(root);
  } catch (err) {
    process.stderr.write(`Runlog: ${err.message}\n`);
    process.exit(1);
  }
  child = spawn(plan.binary, ['.'], { cwd: root, stdio: 'inherit' });
} else {
  process.stdout.write(`${plan.why}\n`);
  const cli = join(root, 'out', 'main', 'cli.js');
  child = spawn(process.execPath, [cli, 'serve', '--open'], { cwd: root, stdio: 'inherit' });
}

// Ctrl-C in a terminal reaches the child as well; a signal sent to this process alone is passed
// on. Either way this process waits for the child to finish closing, and exits as it did.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

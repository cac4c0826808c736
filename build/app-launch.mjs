// How `npm start` opens Runlog, and what the desktop app needs before its first start from a
// checkout. Plain Node (no TypeScript, no dependencies): it must run before anything is built.
// The `electron` package is never imported: its entry point tries to download the binary when
// the binary is missing, which is exactly the case this file handles.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where the Electron-ABI better-sqlite3 binary of a checkout lives (packaging copies it too). */
export const ELECTRON_SQLITE = join('build', 'native', 'electron', 'better_sqlite3.node');

/** The Electron binary of the checkout at `root`, or undefined when it is not installed. */
export function electronBinary(root) {
  const dir = join(root, 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return undefined;
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : undefined;
}

/**
 * What `npm start` will do: open the desktop app, or the same app through the browser host, with
 * the one-line reason a person reads. `--browser` asks for the browser on purpose.
 */
export function startPlan(root, argv) {
  if (argv.includes('--browser')) {
    return { mode: 'browser', why: 'Runlog opens in your browser, as --browser asks.' };
  }
  const binary = electronBinary(root);
  if (binary) return { mode: 'electron', binary };
  return {
    mode: 'browser',
    why:
      'Runlog: the Electron binary is not installed here (its download was skipped or could not ' +
      'reach its server), so the same app opens in your browser instead.',
  };
}

function run(command, args, cwd) {
  return spawnSync(command, args, { cwd, stdio: 'inherit' }).status === 0;
}

/** Runs a package's command: the checkout's own copy when it has one, else through npx. */
function runTool(root, name, script, args, cwd) {
  const local = join(root, 'node_modules', name, script);
  if (existsSync(local)) return run(process.execPath, [local, ...args], cwd);
  return run(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['--yes', name, ...args], cwd);
}

/**
 * Makes sure better-sqlite3 exists built for Electron's ABI, beside the Node build the CLI and
 * the tests use (a rebuild in place would break them). Built once, in a temporary copy of the
 * package: a prebuilt binary when one can be downloaded, else compiled against Electron's headers.
 * Returns the binary's path; throws with what to do when neither works.
 */
export function ensureElectronSqlite(root) {
  const target = join(root, ELECTRON_SQLITE);
  if (existsSync(target)) return target;
  const version = JSON.parse(
    readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8'),
  ).version;
  const work = mkdtempSync(join(tmpdir(), 'runlog-sqlite-electron-'));
  try {
    const pkg = join(work, 'better-sqlite3');
    cpSync(join(root, 'node_modules', 'better-sqlite3'), pkg, { recursive: true });
    rmSync(join(pkg, 'build'), { recursive: true, force: true });
    const built =
      runTool(
        root,
        'prebuild-install',
        'bin.js',
        ['--runtime', 'electron', '--target', version],
        pkg,
      ) ||
      runTool(
        root,
        'node-gyp',
        'bin/node-gyp.js',
        [
          'rebuild',
          '--release',
          '--runtime=electron',
          `--target=${version}`,
          '--dist-url=https://electronjs.org/headers',
        ],
        pkg,
      );
    const binary = join(pkg, 'build', 'Release', 'better_sqlite3.node');
    if (!built || !existsSync(binary)) {
      throw new Error(
        `better-sqlite3 for Electron ${version} could not be downloaded or compiled. ` +
          'It needs the network (GitHub for a prebuilt binary, electronjs.org for headers) and ' +
          `a C++ compiler; or put a built binary at ${ELECTRON_SQLITE} (see README, Packaging).`,
      );
    }
    mkdirSync(join(root, 'build', 'native', 'electron'), { recursive: true });
    cpSync(binary, target);
    return target;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

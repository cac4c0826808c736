/**
 * Facts about the built app that no test here can catch by running Electron
 * (its binary cannot be had on the build machines): they are read off the
 * build output and the packaging configuration instead. `npm test` builds
 * before running these.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { built, unmet } from '../needs.js';

const ROOT = join(import.meta.dirname, '..', '..');
const out = (p: string) => join(ROOT, 'out', p);
/** Skipped without the build (never under CI, where `npm test` builds first). */
const BUILT = unmet(built()) === undefined;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : e.name.endsWith('.ts')
        ? [join(dir, e.name)]
        : [],
  );
}

describe('code that plain Node runs never imports electron', () => {
  for (const folder of ['core', 'host', 'cli', 'api']) {
    it(`src-main/${folder} has no import of 'electron'`, () => {
      for (const file of sources(join(ROOT, 'src-main', folder))) {
        const text = readFileSync(file, 'utf8');
        expect(
          /from ['"]electron['"]|require\(['"]electron['"]\)/.test(text),
          relative(ROOT, file),
        ).toBe(false);
      }
    });
  }
});

describe.skipIf(!BUILT)('the build output', () => {
  it('the sandboxed preload is one CommonJS file that requires only electron', () => {
    const preloads = readdirSync(out('preload'));
    expect(preloads).toEqual(['index.cjs']);
    const code = readFileSync(out('preload/index.cjs'), 'utf8');
    expect(code).not.toMatch(/^\s*import\s|^\s*export\s/m);
    const required = [...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(code).toContain('exposeInMainWorld');
  });

  it("the engine process (the app's utilityProcess entry) and the CLI are build inputs of their own", () => {
    for (const file of ['index.js', 'engine.js', 'cli.js']) {
      expect(existsSync(out(`main/${file}`)), file).toBe(true);
    }
    expect(readFileSync(out('main/cli.js'), 'utf8').startsWith('#!/usr/bin/env node')).toBe(true);
    expect(statSync(out('main/cli.js')).mode & 0o111).not.toBe(0);
  });

  it('the built main process keeps every security switch on', () => {
    const code = readdirSync(out('main'), { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(out(join('main', f)), 'utf8'))
      .join('\n');
    for (const setting of [
      /contextIsolation:\s*true/,
      /sandbox:\s*true/,
      /nodeIntegration:\s*false/,
      /webSecurity:\s*true/,
      /webviewTag:\s*false/,
      /allowRunningInsecureContent:\s*false/,
      /setPermissionRequestHandler/,
      /setWindowOpenHandler/,
      /will-navigate/,
      /enableSandbox/,
    ]) {
      expect(code, String(setting)).toMatch(setting);
    }
    expect(code).not.toMatch(
      /nodeIntegration:\s*true|contextIsolation:\s*false|sandbox:\s*false|webSecurity:\s*false/,
    );
  });

  it('the renderer page carries a strict Content Security Policy', () => {
    const page = readFileSync(out('renderer/index.html'), 'utf8');
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(page)?.[1] ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(page).not.toMatch(/https?:\/\/(?!127\.0\.0\.1|localhost)/);
  });
});

describe('packaging configuration', () => {
  const config = parse(readFileSync(join(ROOT, 'build', 'electron-builder.yml'), 'utf8'));

  it('sets the Electron fuses that close Node-style back doors', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('unpacks the native modules from asar and ships the runbooks', () => {
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining([
        '**/node_modules/@lydell/node-pty*/**',
        '**/node_modules/better-sqlite3/**',
      ]),
    );
    expect(JSON.stringify(config.extraResources)).toContain('runbooks');
    expect(Object.keys(config)).toEqual(expect.arrayContaining(['linux', 'mac', 'win']));
  });
});

describe.skipIf(!BUILT)('the built CLI ignores the settings that exist for tests', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'runlog-overrides-'));
    mkdirSync(join(dir, 'unreviewed'));
    writeFileSync(
      join(dir, 'unreviewed', 'planted.md'),
      `---\nid: planted\n---\n# Planted\n\n\`\`\`sh\ntouch '${join(dir, 'ran')}'\n\`\`\`\n`,
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const cli = (args: string[], env: Record<string, string>) =>
    spawnSync(process.execPath, [out('main/cli.js'), ...args, '--data-dir', join(dir, 'data')], {
      encoding: 'utf8',
      env: { ...process.env, ...env },
      timeout: 60_000,
    });

  it('attack: RUNLOG_BUNDLED_RUNBOOKS cannot make an unreviewed runbook count as bundled', () => {
    const env = { RUNLOG_BUNDLED_RUNBOOKS: join(dir, 'unreviewed') };
    const listed = cli(['list', '--json'], env);
    expect(listed.status, listed.stderr).toBe(0);
    const ids = (JSON.parse(listed.stdout) as { runbooks: Array<{ id: string }> }).runbooks.map(
      (r) => r.id,
    );
    expect(ids).toContain('wireless-capture');
    expect(ids).not.toContain('planted');
    const run = cli(['run', 'planted', '--yes'], env);
    expect(run.status).toBe(2);
    expect(existsSync(join(dir, 'ran'))).toBe(false);
  });

  it('attack: RUNLOG_SQLITE_BINDING cannot load a native module into the built CLI', () => {
    const history = cli(['history'], { RUNLOG_SQLITE_BINDING: join(dir, 'planted.node') });
    expect(history.status, history.stderr).toBe(0);
    expect(history.stdout).toContain('0 of 0 run(s)');
  });
});

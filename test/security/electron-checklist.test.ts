/**
 * The items of Electron's security checklist that test/electron does not
 * already hold, read off the built main and preload code, the renderer page
 * and the link policy. Electron itself cannot run on the build machines, so
 * a switch turned off in the source shows up here as a failing test.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isExternalLink } from '../../src-main/electron/security.js';
import { windowOptions } from '../../src-main/electron/window.js';
import { ROOT } from './helpers.js';
import { built, unmet } from '../needs.js';

const out = (p: string) => join(ROOT, 'out', p);
/** Skipped without the build (never under CI, where `npm test` builds first). */
const BUILT = unmet(built()) === undefined;

function mainCode(): string {
  return readdirSync(out('main'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => readFileSync(out(join('main', f)), 'utf8'))
    .join('\n');
}

/** The directives of the page's CSP meta tag, by name. */
function pageCsp(): Map<string, string> {
  const page = readFileSync(out('renderer/index.html'), 'utf8');
  const content = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(page)?.[1] ?? '';
  return new Map(
    content
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => [d.split(/\s+/)[0] ?? '', d.slice(d.indexOf(' ') + 1)] as [string, string]),
  );
}

describe('the window', () => {
  it('attack: any web preference that would reopen Node or the web to the renderer is off', () => {
    expect(windowOptions('/p/preload.cjs').webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
  });
});

describe('links leaving the app', () => {
  it('attack: javascript:, file:, data:, smb: and custom schemes never reach the system browser', () => {
    for (const url of [
      'javascript:alert(1)',
      'file:///etc/passwd',
      'data:text/html,<script>alert(1)</script>',
      'smb://evil/share',
      'ms-msdt:/id PCWDiagnostic',
      'vbscript:msgbox(1)',
      'not a url',
      '',
    ]) {
      expect(isExternalLink(url), url).toBe(false);
    }
    expect(isExternalLink('https://example.org/doc')).toBe(true);
    expect(isExternalLink('http://example.org/')).toBe(true);
  });
});

describe.skipIf(!BUILT)('the built main process and preload', () => {
  it('attack: IPC from a frame other than the app page is refused (sender check in the built code)', () => {
    const code = mainCode();
    expect(code).toMatch(/senderFrame/);
    expect(code).toMatch(/IPC from an unknown frame refused/);
    expect(code).toMatch(/parent\s*!==\s*null/);
  });

  it('attack: remote content — the window loads only the packaged page, never a URL', () => {
    const code = mainCode();
    expect(code).toMatch(/\.loadFile\(/);
    expect(code).not.toMatch(/\.loadURL\(/);
  });

  it('attack: redirects, webviews and permission checks are all closed off', () => {
    const code = mainCode();
    for (const hook of [
      /will-redirect/,
      /will-attach-webview/,
      /setPermissionCheckHandler/,
      /callback\(false\)/,
    ]) {
      expect(code, String(hook)).toMatch(hook);
    }
    expect(code).toMatch(/action:\s*["']deny["']/);
  });

  it('attack: the preload exposes exactly one object and forwards only contract commands, one-way messages and events', () => {
    const code = readFileSync(out('preload/index.cjs'), 'utf8');
    expect(code.match(/exposeInMainWorld\(/g)?.length).toBe(1);
    expect(code).toMatch(/exposeInMainWorld\(\s*["']runlog["']/);
    expect(code).not.toMatch(/ipcRenderer\.sendSync\(|exposeInMainWorld\([^)]*ipcRenderer\s*\)/);
    // One-way messages go on their one channel only, and only under the contract's names.
    const sends = code.match(/ipcRenderer\.send\([^,]*/g) ?? [];
    expect(sends).toEqual(['ipcRenderer.send(NOTIFY_CHANNEL']);
    expect(code).toMatch(/NOTIFY_CHANNEL = "runlog:notify"/);
    expect(code).toMatch(/run:screen/);
    expect(code).toMatch(/Unknown command/);
  });

  it('attack: the page CSP allows no inline or remote script, no plugins, no frames, no forms, no base change', () => {
    const csp = pageCsp();
    expect(csp.get('default-src')).toBe("'none'");
    expect(csp.get('script-src')).toBe("'self'");
    for (const fallback of ['object-src', 'frame-src', 'child-src', 'worker-src', 'media-src']) {
      expect(csp.get(fallback) ?? "'none'", fallback).toBe("'none'");
    }
    expect(csp.get('base-uri')).toBe("'none'");
    expect(csp.get('form-action')).toBe("'none'");
    for (const [name, value] of csp) {
      // A port wildcard on loopback is needed (the browser host picks its port); a host wildcard is not.
      expect(value, name).not.toMatch(/https?:|(^|\s)\*|:\/\/\*|'unsafe-eval'/);
    }
  });
});

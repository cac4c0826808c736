import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { COMMAND_NAMES } from '../../src-main/api/names.js';
import {
  appEvents,
  dialogAnswers,
  handlers,
  MockBrowserWindow,
  MockWebContents,
  opened,
  permission,
} from './electron-mock.js';

vi.mock('electron', async () => (await import('./electron-mock.js')).electronMock);

let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'runlog-electron-'));
  process.env.RUNLOG_DATA_DIR = dataDir;
  await import('../../src-main/electron/main.js');
  await vi.waitFor(() => expect(MockBrowserWindow.instances.length).toBe(1));
  await vi.waitFor(() => expect(handlers.size).toBeGreaterThan(0));
});

afterAll(() => {
  appEvents.emit('will-quit', { preventDefault() {} });
  delete process.env.RUNLOG_DATA_DIR;
  rmSync(dataDir, { recursive: true, force: true });
});

function windowUnderTest() {
  const win = MockBrowserWindow.instances[0];
  if (!win) throw new Error('no window');
  return win;
}

function frameEvent(
  url: string,
  sender: unknown = windowUnderTest().webContents,
  parent: unknown = null,
) {
  return { sender, senderFrame: { url, parent } };
}

describe('Electron main process (against a mocked electron module)', () => {
  it('opens one window with context isolation, the sandbox and no Node integration', () => {
    const prefs = windowUnderTest().options.webPreferences;
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.preload).toMatch(/preload[\\/]index\.cjs$/);
    expect(windowUnderTest().loaded).toMatch(/renderer[\\/]index\.html$/);
  });

  it('registers a handler for every command of the contract', () => {
    for (const command of COMMAND_NAMES) expect(handlers.has(command), command).toBe(true);
  });

  it('answers the app page in the app window', async () => {
    const page = pathToFileURL(windowUnderTest().loaded ?? '').href;
    const reply = (await handlers.get('app:info')?.(frameEvent(page), {})) as any;
    expect(reply.ok).toBe(true);
    expect(reply.response.transport).toBe('ipc');
  });

  it('attack: IPC from another page, a subframe or another window is refused', async () => {
    const page = pathToFileURL(windowUnderTest().loaded ?? '').href;
    for (const event of [
      frameEvent('https://evil.example/'),
      frameEvent(page, windowUnderTest().webContents, { url: page }),
      frameEvent(page, new MockWebContents()),
    ]) {
      const reply = (await handlers.get('library:list')?.(event, {})) as any;
      expect(reply).toEqual({
        ok: false,
        error: { code: 'forbidden', message: expect.any(String) },
      });
    }
  });

  it('attack: a malformed request over IPC is refused with an error, not a crash', async () => {
    const page = pathToFileURL(windowUnderTest().loaded ?? '').href;
    const reply = (await handlers.get('run:start')?.(frameEvent(page), { runbookId: 42 })) as any;
    expect(reply.ok).toBe(false);
    expect(reply.error.code).toBe('bad-request');
  });

  it('denies every permission request and check', () => {
    const answers: boolean[] = [];
    permission.request?.({}, 'media', (granted: boolean) => answers.push(granted));
    permission.request?.({}, 'notifications', (granted: boolean) => answers.push(granted));
    expect(answers).toEqual([false, false]);
    expect(permission.check?.({}, 'clipboard-read')).toBe(false);
  });

  it('attack: navigation is blocked and window.open is denied; http(s) goes to the system browser only after a yes', async () => {
    const contents = new MockWebContents();
    appEvents.emit('web-contents-created', {}, contents);
    let prevented = false;
    contents.emit(
      'will-navigate',
      { preventDefault: () => (prevented = true) },
      'https://evil.example/',
    );
    expect(prevented).toBe(true);
    dialogAnswers.push(0);
    expect(contents.windowOpenHandler?.({ url: 'https://example.org/doc' })).toEqual({
      action: 'deny',
    });
    await vi.waitFor(() => expect(opened).toContain('https://example.org/doc'));
    expect(contents.windowOpenHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'javascript:alert(1)' })).toEqual({
      action: 'deny',
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(opened).toEqual(['https://example.org/doc']);
    let webview = false;
    contents.emit('will-attach-webview', { preventDefault: () => (webview = true) });
    expect(webview).toBe(true);
  });
});

/**
 * A stand-in for the `electron` module, recording what the main process asks
 * of it (the technique Electron Fiddle uses to test its main process).
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

export class MockWebContents extends EventEmitter {
  windowOpenHandler?: (details: { url: string }) => { action: string };
  sent: unknown[][] = [];
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  send(...args: unknown[]) {
    this.sent.push(args);
  }
  isDestroyed() {
    return false;
  }
}

export class MockBrowserWindow extends EventEmitter {
  static instances: MockBrowserWindow[] = [];
  webContents = new MockWebContents();
  loaded?: string;
  constructor(public options: Record<string, any>) {
    super();
    MockBrowserWindow.instances.push(this);
  }
  loadFile(file: string) {
    this.loaded = file;
    return Promise.resolve();
  }
  show() {}
}

export const handlers = new Map<string, (...args: any[]) => unknown>();
export const listeners = new Map<string, (...args: any[]) => unknown>();
export const appEvents = new EventEmitter();
export const permission = {
  request: undefined as undefined | ((...a: any[]) => void),
  check: undefined as undefined | ((...a: any[]) => boolean),
};
export const opened: string[] = [];
export const dialogAnswers: number[] = [];

export const electronMock = {
  app: {
    isPackaged: false,
    enableSandbox: vi.fn(),
    whenReady: () => Promise.resolve(),
    on: (event: string, listener: (...a: any[]) => void) => appEvents.on(event, listener),
    quit: vi.fn(),
    exit: vi.fn(),
  },
  BrowserWindow: MockBrowserWindow,
  ipcMain: {
    handle: (channel: string, fn: (...args: any[]) => unknown) => handlers.set(channel, fn),
    removeHandler: (channel: string) => handlers.delete(channel),
    on: (channel: string, fn: (...args: any[]) => unknown) => listeners.set(channel, fn),
    removeListener: (channel: string) => listeners.delete(channel),
  },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (fn: (...a: any[]) => void) => (permission.request = fn),
      setPermissionCheckHandler: (fn: (...a: any[]) => boolean) => (permission.check = fn),
    },
  },
  shell: { openExternal: async (url: string) => void opened.push(url) },
  dialog: {
    showMessageBox: async () => ({ response: dialogAnswers.shift() ?? 1 }),
    showErrorBox: vi.fn(),
  },
  utilityProcess: { fork: vi.fn() },
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: { invoke: vi.fn(), send: vi.fn(), on: vi.fn(), removeListener: vi.fn() },
};

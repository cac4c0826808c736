/**
 * The Electron main process: a thin adapter. It opens the same service as
 * the browser host and the CLI, runs the engine in a utilityProcess, and
 * gives the window a locked-down renderer that reaches the service only
 * through the preload's bridge.
 */
import { app, BrowserWindow, dialog, ipcMain, session, shell, utilityProcess } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openService, type OpenedService } from '../api/open-service.js';
import { registerIpc } from './ipc.js';
import { hardenApp } from './security.js';
import { windowOptions } from './window.js';
import { utilityEngineStarter } from './utility-engine.js';

const here = dirname(fileURLToPath(import.meta.url));
const pageFile = join(here, '../renderer/index.html');
let mainWindow: BrowserWindow | undefined;
let opened: OpenedService | undefined;

async function start(): Promise<void> {
  hardenApp({ app, session: session.defaultSession, shell, dialog });
  opened = await openService({
    transport: 'ipc',
    watch: true,
    bundledDir: app.isPackaged ? join(process.resourcesPath, 'runbooks') : undefined,
    startEngine: utilityEngineStarter(utilityProcess, join(here, 'engine.js')),
  });
  mainWindow = new BrowserWindow(windowOptions(join(here, '../preload/index.cjs')));
  registerIpc({
    ipcMain,
    service: opened.service,
    contents: () => mainWindow?.webContents,
    pageUrl: pathToFileURL(pageFile).href,
  });
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => (mainWindow = undefined));
  await mainWindow.loadFile(pageFile);
}

app.enableSandbox();
app.whenReady().then(start, (err: unknown) => {
  dialog.showErrorBox('Runlog could not start', String((err as Error)?.message ?? err));
  app.exit(1);
});
app.on('window-all-closed', () => app.quit());
app.on('will-quit', (event) => {
  if (!opened) return;
  event.preventDefault();
  const closing = opened;
  opened = undefined;
  void closing.close().finally(() => app.quit());
});

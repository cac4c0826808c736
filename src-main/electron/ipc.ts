/**
 * The one IPC manager: a handler per contract command and one for the one-way messages, each
 * checking that the message comes from the app's own page in its own window before the service
 * sees it, and the contract's events pushed back to that window.
 */
import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent, WebContents } from 'electron';
import { COMMAND_NAMES, EVENT_CHANNEL, NOTIFY_CHANNEL } from '../api/names.js';
import type { Service } from '../api/service.js';
import { errorShape, type IpcReply } from '../api/contract.js';

export interface IpcOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler' | 'on' | 'removeListener'>;
  service: Pick<Service, 'connect'>;
  /** The window whose page may call the API. */
  contents: () => WebContents | undefined;
  /** The exact URL of the app's page (file:// of out/renderer/index.html). */
  pageUrl: string;
}

/** True when the message comes from the app's own top frame in its own window. */
export function isTrustedSender(
  event: Pick<IpcMainInvokeEvent | IpcMainEvent, 'sender' | 'senderFrame'>,
  options: IpcOptions,
): boolean {
  const contents = options.contents();
  if (!contents || event.sender !== contents) return false;
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  return frame.url.split('#')[0] === options.pageUrl;
}

export function registerIpc(options: IpcOptions): () => void {
  const connection = options.service.connect((event, payload) => {
    const contents = options.contents();
    if (contents && !contents.isDestroyed()) contents.send(EVENT_CHANNEL, event, payload);
  });
  for (const command of COMMAND_NAMES) {
    options.ipcMain.handle(command, async (event, request: unknown): Promise<IpcReply> => {
      if (!isTrustedSender(event, options)) {
        return {
          ok: false,
          error: { code: 'forbidden', message: 'IPC from an unknown frame refused.' },
        };
      }
      try {
        return { ok: true, response: await connection.call(command, request) };
      } catch (err) {
        return { ok: false, error: errorShape(err) };
      }
    });
  }
  const notify = (event: IpcMainEvent, name: unknown, request: unknown) => {
    if (isTrustedSender(event, options)) connection.notify(name, request);
  };
  options.ipcMain.on(NOTIFY_CHANNEL, notify);
  return () => {
    connection.unsubscribe();
    for (const command of COMMAND_NAMES) options.ipcMain.removeHandler(command);
    options.ipcMain.removeListener(NOTIFY_CHANNEL, notify);
  };
}

/**
 * The sandboxed preload: exposes `window.runlog` (typed by the contract's
 * RunlogBridge) and nothing else. It is built as one CommonJS file because a
 * sandboxed renderer loads no ES module preload and can require only
 * `electron` and a few built-ins.
 */
import { contextBridge, ipcRenderer } from 'electron';
import {
  COMMAND_NAMES,
  EVENT_CHANNEL,
  EVENT_NAMES,
  NOTIFICATION_NAMES,
  NOTIFY_CHANNEL,
} from '../api/names.js';
import type { IpcReply, RunlogBridge } from '../api/contract.js';

const bridge: RunlogBridge = {
  call: async (command, request) => {
    if (!(COMMAND_NAMES as readonly string[]).includes(command))
      throw new Error(`Unknown command ${command}`);
    const reply = (await ipcRenderer.invoke(command, request)) as IpcReply;
    if (reply.ok) return reply.response as never;
    // The details (a gate's text and parameter values, the variables a step asks for) are what
    // the page shows the operator before asking; they cross the bridge with the code.
    const { code, message, details } = reply.error;
    throw Object.assign(new Error(message), { code, details });
  },
  notify: (name, request) => {
    if ((NOTIFICATION_NAMES as readonly string[]).includes(name))
      ipcRenderer.send(NOTIFY_CHANNEL, name, request);
  },
  onEvent: (listener) => {
    const handler = (_event: unknown, name: string, payload: unknown) => {
      if ((EVENT_NAMES as readonly string[]).includes(name))
        listener(name as never, payload as never);
    };
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, handler);
    };
  },
};

contextBridge.exposeInMainWorld('runlog', bridge);

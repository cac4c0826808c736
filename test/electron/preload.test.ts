/**
 * The preload's bridge carries a refusal's details to the page: the desktop app's confirmation
 * dialog shows a gated step's parameter values and asks for a step's variables from them, as the
 * browser host's page does.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { IpcReply, RunlogBridge } from '../../src-main/api/contract.js';
import { electronMock } from './electron-mock.js';

vi.mock('electron', async () => (await import('./electron-mock.js')).electronMock);

let bridge: RunlogBridge;

beforeAll(async () => {
  await import('../../src-main/electron/preload.js');
  const exposed = vi.mocked(electronMock.contextBridge.exposeInMainWorld).mock.calls;
  expect(exposed.map(([name]) => name)).toEqual(['runlog']);
  bridge = exposed[0]![1] as RunlogBridge;
});

describe('the preload bridge', () => {
  it("keeps a refusal's code, message and details", async () => {
    const details = { step: 'capture', params: [{ name: 'TOKEN', value: '[redacted]' }] };
    const reply: IpcReply = {
      ok: false,
      error: { code: 'needs-confirmation', message: 'Step "capture" runs as root', details },
    };
    vi.mocked(electronMock.ipcRenderer.invoke).mockResolvedValueOnce(reply);
    const refused = bridge.call('run:step', { runId: 'r', step: 'capture' });
    await expect(refused).rejects.toMatchObject({
      code: 'needs-confirmation',
      message: 'Step "capture" runs as root',
      details,
    });
  });

  it('passes a response through and refuses a command the contract does not name', async () => {
    vi.mocked(electronMock.ipcRenderer.invoke).mockResolvedValueOnce({ ok: true, response: 42 });
    await expect(bridge.call('library:list', {})).resolves.toBe(42);
    await expect(bridge.call('shell:exec' as never, {} as never)).rejects.toThrow(
      /Unknown command/,
    );
  });
});

/** `runlog serve`: the browser host on 127.0.0.1, until interrupted. */
import { spawn } from 'node:child_process';
import { openService } from '../api/open-service.js';
import { rendererDir } from '../api/app-context.js';
import { startHost } from '../host/server.js';
import { UsageError } from './cli-io.js';
import type { CommandSpec, Parsed } from './command-types.js';

export const serveCommand: CommandSpec = {
  usage: 'Usage: runlog serve [--port N] [--host 127.0.0.1|::1] [--open]',
  options: { port: { type: 'string' }, host: { type: 'string' }, open: { type: 'boolean' } },
  run: async (ctx) => {
    const { io, values, globals } = ctx as Parsed;
    const portText = (values.port as string | undefined) ?? '0';
    const port = Number(portText);
    if (!/^\d+$/.test(portText) || port > 65535)
      throw new UsageError('--port must be a number from 0 to 65535');
    const opened = await openService({
      dataDir: globals.dataDir,
      runbookDirs: globals.runbooks,
      transport: 'websocket',
      watch: true,
    });
    let host;
    try {
      host = await startHost({
        service: opened.service,
        rendererDir: rendererDir(),
        port,
        host: values.host as string | undefined,
      });
    } catch (err) {
      await opened.close();
      throw err;
    }
    io.stdout(`Runlog is serving on ${host.url}\n`);
    io.stdout('Open that address in a browser on this machine. Press Ctrl-C to stop.\n');
    if (values.open) {
      const opener =
        process.platform === 'darwin'
          ? 'open'
          : process.platform === 'win32'
            ? 'explorer'
            : 'xdg-open';
      spawn(opener, [host.url], { stdio: 'ignore', detached: true })
        .on('error', () => {})
        .unref();
    }
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await host.close();
    await opened.close();
    return 0;
  },
};

/** `runlog serve`: the browser host on 127.0.0.1, until interrupted. */
import { openService } from '../api/open-service.js';
import { rendererDir } from '../api/app-context.js';
import { openFile, writeRedirectFile, type RedirectFile } from '../host/open-browser.js';
import { startHost, type RunningHost } from '../host/server.js';
import { UsageError, type CliIO } from './cli-io.js';
import type { CommandSpec, Parsed } from './command-types.js';

function readPort(text: string | undefined): number {
  const portText = text ?? '0';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535)
    throw new UsageError('--port must be a number from 0 to 65535');
  return port;
}

/** The last line `serve` prints at start: scripts waiting for the host can wait for it. */
const SERVE_READY_LINE = 'Press Ctrl-C to stop.';

function announce(io: CliIO, host: RunningHost, fixedPort: boolean): void {
  io.stdout(`Runlog is serving on ${host.url}\n`);
  io.stdout(
    'Open that address in a browser on this machine. The part after # is its access token: your ' +
      'browser never sends it to a server, and it changes at every start.\n',
  );
  if (!fixedPort) {
    io.stdout(`To keep this port when you start it again: runlog serve --port ${host.port}\n`);
  }
  io.stdout(`${SERVE_READY_LINE}\n`);
}

/** Opens the page through a redirect file, so the token never appears in a process's arguments. */
function openInBrowser(io: CliIO, dataDir: string, host: RunningHost): RedirectFile {
  const redirect = writeRedirectFile(dataDir, host.url);
  io.stdout('Opening it in your default browser…\n');
  openFile(redirect.path, (reason) => {
    redirect.remove();
    io.stderr(
      `Could not open a browser here (${reason}); open the address above in a browser on this machine.\n`,
    );
  });
  return redirect;
}

/**
 * Resolves at the first Ctrl-C or SIGTERM. The handlers stay, so a second signal (a terminal's
 * Ctrl-C also passed on by `npm start`) cannot cut the shutdown short.
 */
function untilInterrupted(): Promise<void> {
  return new Promise<void>((resolve) => {
    process.on('SIGINT', () => resolve());
    process.on('SIGTERM', () => resolve());
  });
}

export const serveCommand: CommandSpec = {
  usage: 'Usage: runlog serve [--port N] [--host 127.0.0.1|::1] [--open]',
  options: { port: { type: 'string' }, host: { type: 'string' }, open: { type: 'boolean' } },
  run: async (ctx) => {
    const { io, values, globals } = ctx as Parsed;
    const port = readPort(values.port as string | undefined);
    const opened = await openService({
      dataDir: globals.dataDir,
      runbookDirs: globals.runbooks,
      transport: 'websocket',
      watch: true,
    });
    let redirect: RedirectFile | undefined;
    let host: RunningHost;
    try {
      host = await startHost({
        service: opened.service,
        rendererDir: rendererDir(),
        port,
        host: values.host as string | undefined,
        // The page has its token now: the file that carried it has done its job.
        onConnected: () => redirect?.remove(),
      });
    } catch (err) {
      await opened.close();
      throw err;
    }
    announce(io, host, port !== 0);
    if (values.open) redirect = openInBrowser(io, opened.dataDir, host);
    await untilInterrupted();
    redirect?.remove();
    await host.close();
    await opened.close();
    return 0;
  },
};

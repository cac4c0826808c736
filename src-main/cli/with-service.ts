/** Opens the service for one CLI command and always closes it. */
import { openService } from '../api/open-service.js';
import type { Service } from '../api/service.js';
import type { Parsed } from './command-types.js';
import { visible } from './terminal-text.js';

export async function withService(
  ctx: Parsed,
  body: (service: Service, ctx: Parsed) => Promise<number>,
  /** The command runs steps: its engine process starts while the library loads. */
  options: { warmEngine?: boolean } = {},
): Promise<number> {
  const opened = await openService({
    dataDir: ctx.globals.dataDir,
    runbookDirs: ctx.globals.runbooks,
    transport: 'cli',
    warmEngine: options.warmEngine,
  });
  try {
    const info = await opened.service.commands['app:info']({});
    for (const notice of info.notices) ctx.io.stderr(`runlog: ${visible(notice)}\n`);
    return await body(opened.service, ctx);
  } finally {
    await opened.close();
  }
}

/** Opens the service for one CLI command and always closes it. */
import { openService } from '../api/open-service.js';
import type { Service } from '../api/service.js';
import type { Parsed } from './command-types.js';
import { visible } from './terminal-text.js';

export async function withService(
  ctx: Parsed,
  body: (service: Service, ctx: Parsed) => Promise<number>,
): Promise<number> {
  const opened = await openService({
    dataDir: ctx.globals.dataDir,
    runbookDirs: ctx.globals.runbooks,
    transport: 'cli',
  });
  try {
    const info = await opened.service.commands['app:info']({});
    for (const notice of info.notices) ctx.io.stderr(`runlog: ${visible(notice)}\n`);
    return await body(opened.service, ctx);
  } finally {
    await opened.close();
  }
}

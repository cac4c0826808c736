/** `runlog bogons` and `runlog tnsnames`: the built-in tools that runbooks call. */
import { resolveDataDir } from '../core/history/data-dir.js';
import { bogonsCommand } from '../core/tools/bogons/index.js';
import { tnsnamesCommand } from '../core/tools/tnsnames/index.js';
import type { CommandSpec } from './command-types.js';

const TOOLS = { bogons: bogonsCommand, tnsnames: tnsnamesCommand };

/** Wraps a core tool; the tool parses its own options, --data-dir included. */
export function toolCommand(name: keyof typeof TOOLS): CommandSpec {
  const tool = TOOLS[name];
  return {
    usage: `Usage: runlog ${name} --help`,
    passThrough: true,
    run: async ({ argv, io }) => {
      const args = [...argv];
      const at = args.indexOf('--data-dir');
      const flag = at >= 0 ? args.splice(at, 2)[1] : undefined;
      return tool(args, { ...io, dataDir: resolveDataDir({ flag }), cwd: process.cwd() });
    },
  };
}

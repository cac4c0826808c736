/** Runs a built-in tool the way the CLI does, capturing what it prints. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ToolIO } from '../../../src-main/core/tools/tool-io.js';

export interface ToolRun {
  code: number;
  out: string;
  err: string;
}

/** Calls `tool(argv, io)` with io writing into strings. */
export async function runTool(
  tool: (argv: string[], io: ToolIO) => Promise<number>,
  argv: string[],
  dirs: { dataDir: string; cwd: string },
): Promise<ToolRun> {
  let out = '';
  let err = '';
  const io: ToolIO = {
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
    dataDir: dirs.dataDir,
    cwd: dirs.cwd,
  };
  const code = await tool(argv, io);
  return { code, out, err };
}

/** A fresh temporary folder and its removal. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Absolute path of a file under test/fixtures. */
export function fixture(...parts: string[]): string {
  return path.resolve(fileURLToPath(new URL('../../fixtures/', import.meta.url)), ...parts);
}

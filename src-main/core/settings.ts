/**
 * The operator's settings, kept in `<dataDir>/settings.json`: the runbook folders added to the
 * library from the app, and the team ledger's connection string (never with a password: those
 * stay in libpq's own places). A missing or damaged file means defaults (and a damaged one is
 * kept aside, never overwritten blind).
 */
import { existsSync, readFileSync, renameSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { writeFileAtomic } from './tools/atomic-write.js';

export interface Settings {
  runbookFolders: string[];
  /** The team ledger's PostgreSQL connection string (URL or key=value), without a password. */
  ledgerUrl?: string;
  /** Artifacts larger than this are published to the ledger by their hash only. */
  ledgerArtifactMaxBytes?: number;
}

export const SETTINGS_FILE = 'settings.json';

const DEFAULTS: Settings = { runbookFolders: [] };

/** Reads the settings; a damaged file is renamed aside and reported through `notice`. */
export function readSettings(
  dataDir: string,
  notice: (message: string) => void = () => {},
): Settings {
  const file = join(dataDir, SETTINGS_FILE);
  if (!existsSync(file)) return { ...DEFAULTS };
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<Settings>;
    const folders = Array.isArray(parsed.runbookFolders)
      ? parsed.runbookFolders.filter((f): f is string => typeof f === 'string' && isAbsolute(f))
      : [];
    const ledgerUrl = typeof parsed.ledgerUrl === 'string' ? parsed.ledgerUrl : undefined;
    const max = parsed.ledgerArtifactMaxBytes;
    const ledgerArtifactMaxBytes =
      typeof max === 'number' && Number.isSafeInteger(max) && max >= 0 ? max : undefined;
    return { runbookFolders: folders, ledgerUrl, ledgerArtifactMaxBytes };
  } catch (err) {
    const aside = `${file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(file, aside);
    notice(
      `${file} could not be read (${(err as Error).message}); it was kept as ${aside} and the defaults are used.`,
    );
    return { ...DEFAULTS };
  }
}

/** Checks one runbook folder the operator wants to add; returns why not, or undefined. */
export function folderProblem(dir: string): string | undefined {
  if (!isAbsolute(dir)) return `${dir}: give the folder as an absolute path`;
  try {
    if (!statSync(dir).isDirectory()) return `${dir} is not a folder`;
  } catch {
    return `${dir} does not exist`;
  }
  return undefined;
}

/** Changes some settings and keeps the others as they are on disk. */
export async function updateSettings(dataDir: string, patch: Partial<Settings>): Promise<Settings> {
  const next = { ...readSettings(dataDir), ...patch };
  await writeSettings(dataDir, next);
  return next;
}

/** Writes the whole settings file (owner-only: it says where the team's ledger is). */
export async function writeSettings(dataDir: string, settings: Settings): Promise<void> {
  await writeFileAtomic(join(dataDir, SETTINGS_FILE), `${JSON.stringify(settings, null, 2)}\n`, {
    mode: 0o600,
  });
}

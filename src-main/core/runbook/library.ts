/**
 * The runbook library: every `*.md` in the bundled folder and the operator's folders, parsed,
 * kept current while files change, and listed by title. A file that cannot be read or parsed
 * shows up with its problems; it never hides the other runbooks.
 */
import { existsSync, readFileSync, statSync, watch, type FSWatcher } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Problem, Runbook } from './model.js';
import { MAX_RUNBOOK_BYTES, parseRunbook } from './parser.js';

/** Editors save in bursts (write, rename, chmod); wait this long for the burst to end. */
export const WATCH_DEBOUNCE_MS = 150;

/** Where the library looks. */
export interface LibraryOptions {
  /** Runbooks shipped with Runlog (always included, marked `bundled`). */
  bundledDir: string;
  /** The operator's folders (`--runbooks DIR`). */
  extraDirs?: string[];
}

/** A runbook as a list shows it: no step texts. */
export interface LibrarySummary {
  id: string;
  title: string;
  summary?: string;
  file: string;
  platforms: Runbook['platforms'];
  tags: string[];
  stepCount: number;
  problems: Problem[];
  bundled: boolean;
  sha256: string;
}

/** The light form of a runbook for lists (the library view does not need the step texts). */
export function summarize(rb: Runbook): LibrarySummary {
  const summary: LibrarySummary = {
    id: rb.id,
    title: rb.title,
    file: rb.file,
    platforms: rb.platforms,
    tags: rb.tags,
    stepCount: rb.steps.length,
    problems: rb.problems,
    bundled: rb.bundled,
    sha256: rb.sha256,
  };
  if (rb.summary !== undefined) summary.summary = rb.summary;
  return summary;
}

interface Entry {
  runbook: Runbook;
  mtimeMs: number;
  size: number;
}

interface Folder {
  dir: string;
  bundled: boolean;
}

function isSkipped(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules';
}

/** Keeps the parsed runbooks of a set of folders. */
export class Library {
  private folders: Folder[];
  private entries = new Map<string, Entry>();
  /** Files in scan order (folder order, then path), which decides who keeps a duplicate id. */
  private order: string[] = [];
  private view: Runbook[] = [];
  private readonly outside = new Map<string, Runbook>();
  private watchers = new Map<string, FSWatcher>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pending = new Set<string>();
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(options: LibraryOptions) {
    const dirs = [{ dir: options.bundledDir, bundled: true }];
    for (const dir of options.extraDirs ?? []) dirs.push({ dir, bundled: false });
    const seen = new Set<string>();
    this.folders = dirs
      .map((f) => ({ dir: resolve(f.dir), bundled: f.bundled }))
      .filter((f) => !seen.has(f.dir) && seen.add(f.dir));
  }

  /** The folders other than the bundled one, in order. */
  extraFolders(): string[] {
    return this.folders.filter((f) => !f.bundled).map((f) => f.dir);
  }

  /**
   * Replaces the folders other than the bundled one (the operator's setting), rescans and
   * re-watches; returns the files whose runbook appeared, changed or went away.
   */
  async setExtraFolders(dirs: string[]): Promise<string[]> {
    const bundled = this.folders.filter((f) => f.bundled);
    const seen = new Set(bundled.map((f) => f.dir));
    const extra = dirs.map((d) => resolve(d)).filter((d) => !seen.has(d) && seen.add(d));
    this.folders = [...bundled, ...extra.map((dir) => ({ dir, bundled: false }))];
    const changed = await this.rescan(new Set());
    this.syncWatchers();
    return changed;
  }

  /** Scans every folder and parses every runbook in it. */
  async load(): Promise<void> {
    await this.rescan(new Set());
  }

  /** Every runbook, sorted by title. */
  list(): Runbook[] {
    return [...this.view].sort(
      (a, b) =>
        a.title.localeCompare(b.title) || a.id.localeCompare(b.id) || a.file.localeCompare(b.file),
    );
  }

  /** A runbook by id, or by path (resolved against the current directory). */
  get(idOrPath: string): Runbook | undefined {
    const byId = this.view.find((rb) => rb.id === idOrPath);
    if (byId) return byId;
    const file = resolve(idOrPath);
    const inLibrary = this.view.find((rb) => rb.file === file);
    if (inLibrary) return inLibrary;
    if (!/\.md$/i.test(file) || !existsSync(file)) return undefined;
    return this.readOutside(file);
  }

  /** Parses one file again (or drops it when it is gone) and returns what is now known. */
  async reload(file: string): Promise<Runbook | undefined> {
    const path = resolve(file);
    if (this.outside.has(path)) {
      this.outside.delete(path);
      return existsSync(path) ? this.readOutside(path) : undefined;
    }
    await this.rescan(new Set([path]));
    return this.view.find((rb) => rb.file === path);
  }

  /** Watches the folders and calls `onChange` with the files whose runbook changed. */
  watch(onChange: (files: string[]) => void): void {
    this.onChange = onChange;
    this.syncWatchers();
  }

  /** Stops watching; the library keeps what it has. */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }

  private onChange: ((files: string[]) => void) | undefined;

  private readOutside(file: string): Runbook {
    let runbook: Runbook;
    try {
      const size = statSync(file).size;
      runbook =
        size > MAX_RUNBOOK_BYTES
          ? tooLarge(file, false)
          : parseRunbook(readFileSync(file), file, { bundled: false });
    } catch (err) {
      runbook = unreadable(file, false, err);
    }
    this.outside.set(file, runbook);
    return runbook;
  }

  /** Folders to watch: each library folder and its first-level subfolders. */
  private async listFiles(): Promise<{
    files: Array<{ file: string; bundled: boolean }>;
    dirs: string[];
  }> {
    const files: Array<{ file: string; bundled: boolean }> = [];
    const dirs: string[] = [];
    const seen = new Set<string>();
    for (const folder of this.folders) {
      const top = await markdownIn(folder.dir, true);
      if (!top) continue;
      dirs.push(folder.dir, ...top.subdirs);
      const nested = await Promise.all(top.subdirs.map((d) => markdownIn(d, false)));
      const all = [...top.files, ...nested.flatMap((n) => n?.files ?? [])].sort();
      for (const file of all) {
        if (seen.has(file)) continue;
        seen.add(file);
        files.push({ file, bundled: folder.bundled });
      }
    }
    return { files, dirs };
  }

  private async rescan(forced: Set<string>): Promise<string[]> {
    const { files, dirs } = await this.listFiles();
    const changed: string[] = [];
    const next = new Map<string, Entry>();
    for (const { file, bundled } of files) {
      const before = this.entries.get(file);
      const entry = await readEntry(file, bundled, before, forced.has(file));
      if (!entry) continue;
      next.set(file, entry);
      if (!before || before.runbook.sha256 !== entry.runbook.sha256) changed.push(file);
    }
    for (const file of this.entries.keys()) if (!next.has(file)) changed.push(file);
    this.entries = next;
    this.order = [...next.keys()];
    this.refreshView();
    this.watchedDirs = dirs;
    return changed;
  }

  private watchedDirs: string[] = [];

  /** Applies "first file keeps the id": later files with the same id get an error. */
  private refreshView(): void {
    const owners = new Map<string, string>();
    this.view = this.order.map((file) => {
      const runbook = (this.entries.get(file) as Entry).runbook;
      const owner = owners.get(runbook.id);
      if (owner === undefined) {
        owners.set(runbook.id, file);
        return runbook;
      }
      const problem: Problem = {
        file,
        line: 1,
        column: 1,
        message: `duplicate runbook id "${runbook.id}": ${owner} already uses it (set another id in the front matter)`,
        severity: 'error',
      };
      return { ...runbook, problems: [...runbook.problems, problem] };
    });
  }

  private syncWatchers(): void {
    if (this.closed || !this.onChange) return;
    const wanted = new Set([...this.folders.map((f) => f.dir), ...this.watchedDirs]);
    for (const [dir, watcher] of this.watchers) {
      if (!wanted.has(dir)) {
        watcher.close();
        this.watchers.delete(dir);
      }
    }
    for (const dir of wanted) {
      if (this.watchers.has(dir)) continue;
      try {
        const watcher = watch(dir, (_event, name) => this.noticed(dir, name));
        watcher.on('error', () => {
          watcher.close();
          this.watchers.delete(dir);
          this.noticed(dir, null);
        });
        this.watchers.set(dir, watcher);
      } catch {
        // A folder that does not exist (yet) is simply not watched.
      }
    }
  }

  private noticed(dir: string, name: string | Buffer | null): void {
    if (this.closed) return;
    if (name) this.pending.add(join(dir, name.toString()));
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const forced = this.pending;
      this.pending = new Set();
      this.queue = this.queue.then(() => this.afterChange(forced));
    }, WATCH_DEBOUNCE_MS);
  }

  private async afterChange(forced: Set<string>): Promise<void> {
    if (this.closed) return;
    try {
      const changed = await this.rescan(forced);
      this.syncWatchers();
      if (changed.length > 0 && !this.closed) this.onChange?.(changed);
    } catch {
      // A scan that fails half-way keeps the previous state; the next change rescans.
    }
  }
}

async function markdownIn(
  dir: string,
  withSubdirs: boolean,
): Promise<{ files: string[]; subdirs: string[] } | undefined> {
  let names;
  try {
    names = await readdir(dir, { withFileTypes: true });
  } catch {
    return undefined;
  }
  const files: string[] = [];
  const subdirs: string[] = [];
  for (const entry of names) {
    if (isSkipped(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (withSubdirs) subdirs.push(path);
    } else if (/\.md$/i.test(entry.name) && (entry.isFile() || entry.isSymbolicLink())) {
      files.push(path);
    }
  }
  return { files, subdirs: subdirs.sort() };
}

async function readEntry(
  file: string,
  bundled: boolean,
  before: Entry | undefined,
  forced: boolean,
): Promise<Entry | undefined> {
  let info;
  try {
    info = await stat(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return { runbook: unreadable(file, bundled, err), mtimeMs: 0, size: 0 };
  }
  if (!info.isFile()) return undefined;
  if (before && !forced && before.mtimeMs === info.mtimeMs && before.size === info.size)
    return before;
  if (info.size > MAX_RUNBOOK_BYTES)
    return { runbook: tooLarge(file, bundled), mtimeMs: info.mtimeMs, size: info.size };
  try {
    const bytes = await readFile(file);
    return {
      runbook: parseRunbook(bytes, file, { bundled }),
      mtimeMs: info.mtimeMs,
      size: info.size,
    };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return { runbook: unreadable(file, bundled, err), mtimeMs: info.mtimeMs, size: info.size };
  }
}

function withProblem(file: string, bundled: boolean, message: string): Runbook {
  const runbook = parseRunbook('', file, { bundled });
  runbook.sha256 = '';
  runbook.problems.push({ file, line: 1, column: 1, message, severity: 'error' });
  return runbook;
}

function unreadable(file: string, bundled: boolean, err: unknown): Runbook {
  const code = (err as NodeJS.ErrnoException)?.code ?? String(err);
  return withProblem(file, bundled, `the file cannot be read (${code}); check its permissions`);
}

function tooLarge(file: string, bundled: boolean): Runbook {
  return withProblem(
    file,
    bundled,
    `the file is larger than ${MAX_RUNBOOK_BYTES / 1024 / 1024} MB`,
  );
}

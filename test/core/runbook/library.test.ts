import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Library, summarize } from '../../../src-main/core/runbook/library.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/runbooks/library-good', import.meta.url));

let root: string;
let bundled: string;
let extra: string;
const libraries: Library[] = [];

function open(extraDirs: string[] = [extra]): Library {
  const library = new Library({ bundledDir: bundled, extraDirs });
  libraries.push(library);
  return library;
}

/** Waits until `check` passes (the watcher reacts asynchronously). */
async function eventually(check: () => void, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'runlog-library-'));
  bundled = join(root, 'bundled');
  extra = join(root, 'mine');
  cpSync(FIXTURES, bundled, { recursive: true });
  mkdirSync(extra);
});

afterEach(() => {
  for (const library of libraries.splice(0)) library.close();
  rmSync(root, { recursive: true, force: true });
});

describe('Library', () => {
  it('loads top-level and first-level subfolder runbooks, sorted by title', async () => {
    mkdirSync(join(bundled, 'node_modules'));
    writeFileSync(join(bundled, 'node_modules', 'skip.md'), '# Skip\n');
    mkdirSync(join(bundled, '.git'));
    writeFileSync(join(bundled, '.git', 'skip.md'), '# Skip\n');
    mkdirSync(join(bundled, 'network', 'deeper'));
    writeFileSync(join(bundled, 'network', 'deeper', 'skip.md'), '# Skip\n');
    writeFileSync(join(bundled, 'notes.txt'), 'not markdown');
    const library = open();
    await library.load();
    expect(library.list().map((rb) => [rb.title, rb.bundled])).toEqual([
      ['Alpha checks', true],
      ['Broken', true],
      ['Zulu network steps', true],
    ]);
  });

  it('still lists the other runbooks when one has bad YAML, and lists the bad one with its problem', async () => {
    const library = open();
    await library.load();
    const broken = library.get('broken-yaml');
    expect(broken?.problems.some((p) => p.severity === 'error' && p.line === 2)).toBe(true);
    expect(library.get('alpha')?.steps).toHaveLength(1);
  });

  it('lists an unreadable or oversized file with an error and keeps the rest', async () => {
    if (process.getuid?.() === 0) {
      // root reads any file whatever its mode, so use the other refusal: a file past the size limit.
      writeFileSync(join(extra, 'huge.md'), Buffer.alloc(17 * 1024 * 1024, 0x61));
    } else {
      writeFileSync(join(extra, 'secret.md'), '# Secret\n');
      chmodSync(join(extra, 'secret.md'), 0o000);
    }
    const library = open();
    await library.load();
    const bad = library.list().find((rb) => rb.bundled === false);
    expect(bad?.problems[0]).toMatchObject({ severity: 'error', line: 1, column: 1 });
    expect(library.list()).toHaveLength(4);
  });

  it('marks only the bundled folder as bundled', async () => {
    writeFileSync(join(extra, 'mine.md'), '# Mine\n');
    const library = open();
    await library.load();
    expect(library.get('mine')?.bundled).toBe(false);
    expect(library.get('alpha')?.bundled).toBe(true);
  });

  it('gives the second runbook with the same id an error and lists both', async () => {
    writeFileSync(join(extra, 'copy.md'), '---\nid: alpha\ntitle: Alpha copy\n---\n');
    const library = open();
    await library.load();
    const both = library.list().filter((rb) => rb.id === 'alpha');
    expect(both).toHaveLength(2);
    const copy = both.find((rb) => rb.title === 'Alpha copy');
    expect(copy?.problems).toEqual([
      expect.objectContaining({
        severity: 'error',
        message: expect.stringContaining('duplicate runbook id'),
      }),
    ]);
    expect(library.get('alpha')?.title).toBe('Alpha checks');
  });

  it('finds a runbook by id, by path inside the library, and by a path outside it', async () => {
    const outside = join(root, 'loose.md');
    writeFileSync(outside, '# Loose\n\n```sh\necho x\n```\n');
    const library = open();
    await library.load();
    expect(library.get(join(bundled, 'network', 'zulu.md'))?.id).toBe('zulu');
    expect(library.get(outside)?.title).toBe('Loose');
    expect(library.get('nope')).toBeUndefined();
    expect(library.list().some((rb) => rb.file === outside)).toBe(false);
  });

  it('reload picks up an edit and drops a deleted file', async () => {
    const file = join(extra, 'edit.md');
    writeFileSync(file, '# Before\n');
    const library = open();
    await library.load();
    writeFileSync(file, '# After the edit\n');
    expect((await library.reload(file))?.title).toBe('After the edit');
    rmSync(file);
    expect(await library.reload(file)).toBeUndefined();
    expect(library.get('edit')).toBeUndefined();
  });

  it('watch reports added, changed and removed files and re-parses them', async () => {
    const library = open();
    await library.load();
    const reported: string[][] = [];
    library.watch((files) => reported.push(files));
    const file = join(extra, 'watched.md');
    writeFileSync(file, '# Watched one\n');
    await eventually(() => expect(library.get('watched')?.title).toBe('Watched one'));
    writeFileSync(file, '# Watched two\n');
    await eventually(() => expect(library.get('watched')?.title).toBe('Watched two'));
    rmSync(file);
    await eventually(() => expect(library.get('watched')).toBeUndefined());
    expect(reported.flat().every((f) => f === file)).toBe(true);
    expect(reported.length).toBeGreaterThanOrEqual(3);
  });

  it('watch notices a runbook added in a new subfolder', async () => {
    const library = open();
    await library.load();
    library.watch(() => undefined);
    mkdirSync(join(extra, 'team'));
    await new Promise((r) => setTimeout(r, 400));
    writeFileSync(join(extra, 'team', 'later.md'), '# Later\n');
    await eventually(() => expect(library.get('later')?.title).toBe('Later'));
  });

  it('summarize keeps what a list needs and drops the step texts', async () => {
    const library = open();
    await library.load();
    const summary = summarize(library.get('alpha')!);
    expect(summary).toMatchObject({
      id: 'alpha',
      title: 'Alpha checks',
      summary: 'First runbook',
      stepCount: 1,
    });
    expect(JSON.stringify(summary)).not.toContain('echo alpha');
  });

  it('loads nothing (and does not fail) when a folder does not exist', async () => {
    const library = open([join(root, 'missing')]);
    await library.load();
    expect(library.list()).toHaveLength(3);
  });
});

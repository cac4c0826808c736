/**
 * Opens the host's page in the operator's default browser without putting the token in any
 * process's arguments, which `ps` shows to every user of the machine. A small HTML file, readable
 * only by the operator, redirects to the address with the token in its fragment; only the file's
 * path goes to the system's opener. The file is removed once the page has connected, when the host
 * stops, or after a while, whichever comes first.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Long enough for a browser's cold start; short enough that the file does not linger on disk. */
const REDIRECT_LIFETIME_MS = 120_000;

/** The redirect file's mode: the operator's own, like the data folder it sits in. */
const REDIRECT_MODE = 0o600;

/** A redirect file on disk, and the one way to remove it (safe to call more than once). */
export interface RedirectFile {
  path: string;
  remove(): void;
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** The page the file holds: a meta refresh to `url`, and a link for a browser that ignores it. */
export function redirectPage(url: string): string {
  const href = escapeAttribute(url);
  return [
    '<!doctype html>',
    '<meta charset="utf-8">',
    '<meta name="referrer" content="no-referrer">',
    `<meta http-equiv="refresh" content="0;url=${href}">`,
    '<title>Opening Runlog</title>',
    `<p>Opening <a href="${href}" rel="noreferrer">Runlog</a>…</p>`,
    '',
  ].join('\n');
}

/** Writes a fresh redirect file to `url` in `dir`, mode 0600, removed after a while at the latest. */
export function writeRedirectFile(dir: string, url: string): RedirectFile {
  const path = join(dir, `open-${randomBytes(8).toString('hex')}.html`);
  writeFileSync(path, redirectPage(url), { mode: REDIRECT_MODE, flag: 'wx' });
  let removed = false;
  const timer = setTimeout(() => remove(), REDIRECT_LIFETIME_MS).unref();
  function remove(): void {
    if (removed) return;
    removed = true;
    clearTimeout(timer);
    rmSync(path, { force: true });
  }
  return { path, remove };
}

/** The system's "open this with its default application" command for `file`. */
export function openerFor(platform: NodeJS.Platform, file: string): [string, string[]] {
  if (platform === 'darwin') return ['open', [file]];
  if (platform === 'win32') return ['explorer.exe', [file]];
  return ['xdg-open', [file]];
}

/**
 * Hands `file` to the system's opener. `onFailure` hears why when there is no opener or it
 * reports an error (no browser on this machine); the caller then prints the address instead.
 */
export function openFile(file: string, onFailure: (reason: string) => void): void {
  const [command, args] = openerFor(process.platform, file);
  const child = spawn(command, args, { stdio: 'ignore', detached: process.platform !== 'win32' });
  child.once('error', (err: NodeJS.ErrnoException) =>
    onFailure(err.code === 'ENOENT' ? `${command} is not installed` : `${command}: ${err.message}`),
  );
  child.once('exit', (code) => {
    // explorer.exe exits with 1 even when it opened the file; its status says nothing.
    if (code !== 0 && code !== null && process.platform !== 'win32') {
      onFailure(`${command} exited with status ${code}`);
    }
  });
  child.unref();
}

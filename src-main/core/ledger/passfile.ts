/**
 * The password file libpq reads (`~/.pgpass`, or the file PGPASSFILE or `passfile=` names):
 * `hostname:port:database:username:password` lines, `*` matching anything, `\:` and `\\` escaped.
 * As with libpq, a file that group or others may read is ignored (with a warning), and a Unix
 * socket connection matches the host name `localhost`.
 */
import fs from 'node:fs';
import { isSocketHost, type LedgerTarget } from './conninfo.js';

/** Permission bits that make libpq ignore the file. */
const GROUP_OTHER_BITS = 0o077;

/** Splits one line into its fields at unescaped colons, removing the escapes. */
function fields(line: string): string[] {
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\' && i + 1 < line.length) current += line[++i];
    else if (c === ':' && out.length < 4) {
      out.push(current);
      current = '';
    } else current += c;
  }
  out.push(current);
  return out;
}

/** The password for a target from its password file, or undefined (with the reason in `warn`). */
export function passwordFromFile(
  target: Pick<LedgerTarget, 'host' | 'port' | 'database' | 'user' | 'passfile'>,
  warn: (message: string) => void = () => {},
): string | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target.passfile);
  } catch {
    return undefined;
  }
  if (!stat.isFile()) return undefined;
  if (process.platform !== 'win32' && (stat.mode & GROUP_OTHER_BITS) !== 0) {
    warn(
      `${target.passfile} is readable by other users, so it is ignored (as psql does): chmod 600 '${target.passfile}'`,
    );
    return undefined;
  }
  const host = isSocketHost(target.host) ? 'localhost' : target.host;
  const want = [host, String(target.port), target.database, target.user];
  for (const line of fs.readFileSync(target.passfile, 'utf8').split(/\r?\n/)) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const f = fields(line);
    if (f.length < 5) continue;
    if (want.every((w, i) => f[i] === '*' || f[i] === w)) return f[4];
  }
  return undefined;
}

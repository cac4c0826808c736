/**
 * Where a verifier's list of trusted signers comes from: an allowed-signers file, or keys given
 * on the command line. Both become AllowedSigner entries (signers.ts), the shape the key history
 * and the team ledger hand over too.
 *
 * The file, in the spirit of OpenSSH's `allowed_signers`: one signer per line,
 *
 *   NAME [OPTION[,OPTION]…] FINGERPRINT
 *
 * NAME is one word or a "double-quoted" text; OPTIONs are `valid-from=TIME` and
 * `valid-until=TIME` (OpenSSH's `valid-after` / `valid-before` are read the same); FINGERPRINT is
 * `SHA256:` and 43 base64 characters. TIME is ISO 8601 UTC (`2025-03-01T12:00:00Z`), a date
 * (`2025-03-01`: from its first moment for valid-from, to its last for valid-until), or OpenSSH's
 * `YYYYMMDD[HHMM[SS]]Z`. Blank lines and lines starting with `#` are ignored.
 */
import fs from 'node:fs';
import { fingerprintOf, parseFingerprint } from './key-fingerprint.js';
import type { AllowedSigner } from './signers.js';

/** Raised for a signers file or `--key` value that cannot be read; names the file, line and rule. */
export class SignerListError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SignerListError';
  }
}

/** Option names and the AllowedSigner field each sets. */
const OPTIONS: Record<string, 'validFrom' | 'validUntil'> = {
  'valid-from': 'validFrom',
  'valid-after': 'validFrom',
  'valid-until': 'validUntil',
  'valid-before': 'validUntil',
};

/** Reads an allowed-signers file. */
export function readAllowedSigners(file: string): AllowedSigner[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new SignerListError(`${file}: cannot be read (${(err as Error).message})`);
  }
  return parseAllowedSigners(text, file);
}

/** Parses the text of an allowed-signers file; `file` names it in messages. */
export function parseAllowedSigners(text: string, file: string): AllowedSigner[] {
  const signers: AllowedSigner[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const where = `${file}:${i + 1}`;
    signers.push({ ...parseLine(line, where), origin: where });
  });
  if (signers.length === 0) {
    throw new SignerListError(`${file}: lists no signer (expected lines "NAME SHA256:…")`);
  }
  return signers;
}

/** A name as one token of a line: quoted when it holds blanks, quotes or a `#`. */
function signerToken(name: string): string {
  const oneLine = name.replace(/[\r\n]+/g, ' ');
  return /^[^\s"#\\]+$/.test(oneLine) ? oneLine : `"${oneLine.replace(/["\\]/g, '\\$&')}"`;
}

/**
 * Writes signers as an allowed-signers file that `parseAllowedSigners` reads back to the same
 * entries (origins aside); each comment becomes a `#` line at the top.
 */
export function formatAllowedSigners(
  signers: readonly AllowedSigner[],
  comments: readonly string[] = [],
): string {
  const lines = comments.map((c) => `# ${c.replace(/[\r\n]+/g, ' ')}`);
  for (const s of signers) {
    const options = [
      s.validFrom ? `valid-from=${s.validFrom}` : '',
      s.validUntil ? `valid-until=${s.validUntil}` : '',
    ].filter(Boolean);
    lines.push([signerToken(s.name), options.join(','), s.fingerprint].filter(Boolean).join(' '));
  }
  return lines.join('\n') + '\n';
}

function parseLine(line: string, where: string): Omit<AllowedSigner, 'origin'> {
  const tokens = tokenize(line, where);
  if (tokens.length < 2) {
    throw new SignerListError(`${where}: expected "NAME [OPTIONS] SHA256:…", found "${line}"`);
  }
  const name = tokens[0]!;
  const fingerprint = parseFingerprint(tokens.at(-1)!);
  if (!fingerprint || !tokens.at(-1)!.startsWith('SHA256:')) {
    throw new SignerListError(
      `${where}: the last field must be a key fingerprint (SHA256: and 43 base64 characters), found "${tokens.at(-1)}"`,
    );
  }
  const signer: Omit<AllowedSigner, 'origin'> = { fingerprint, name };
  for (const option of tokens.slice(1, -1).flatMap((t) => t.split(','))) {
    const eq = option.indexOf('=');
    const field = OPTIONS[option.slice(0, eq)];
    if (eq < 0 || !field) {
      throw new SignerListError(
        `${where}: unknown option "${option}" (known: valid-from=TIME, valid-until=TIME)`,
      );
    }
    const value = option.slice(eq + 1).replace(/^"(.*)"$/, '$1');
    signer[field] = parseTime(value, field === 'validUntil', where);
  }
  if (signer.validFrom && signer.validUntil && signer.validFrom > signer.validUntil) {
    throw new SignerListError(`${where}: valid-from is after valid-until`);
  }
  return signer;
}

/** Splits on blanks, keeping "double-quoted" runs (with \" and \\ inside) as one token. */
function tokenize(line: string, where: string): string[] {
  const tokens: string[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (const m of line.matchAll(pattern)) {
    if (m[1] !== undefined) tokens.push(m[1].replace(/\\(.)/g, '$1'));
    else if ((m[2]!.match(/"/g) ?? []).length % 2 !== 0) {
      throw new SignerListError(`${where}: unbalanced double quote in "${m[2]}"`);
    } else tokens.push(m[2]!);
  }
  return tokens;
}

/** Reads one TIME as an ISO 8601 UTC instant; a bare date covers its whole day. */
export function parseTime(value: string, endOfDay: boolean, where: string): string {
  const compact = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?Z?$/.exec(value);
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value) || (compact && compact[4] === undefined);
  let iso = value;
  if (compact) {
    const [, y, mo, d, h, mi, s] = compact;
    iso = h === undefined ? `${y}-${mo}-${d}` : `${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}Z`;
    if (h !== undefined && !value.endsWith('Z')) {
      throw new SignerListError(`${where}: the time "${value}" needs a Z: times are UTC`);
    }
  }
  if (dateOnly) iso = `${iso.slice(0, 10)}T${endOfDay ? '23:59:59.999' : '00:00:00.000'}Z`;
  const ok =
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/.test(iso) &&
    !Number.isNaN(Date.parse(iso));
  if (!ok) {
    throw new SignerListError(
      `${where}: "${value}" is not a UTC time (2025-03-01, 2025-03-01T12:00:00Z or 20250301Z)`,
    );
  }
  return new Date(iso).toISOString();
}

/**
 * The signers named with `--key`: fingerprints, or files holding an Ed25519 public key (PEM), as
 * `runlog key export --format pem` writes. An empty or unreadable value is an error, never "no
 * key given": an unset shell variable must not silently turn trust off.
 */
export function signersFromKeyOptions(values: readonly string[]): AllowedSigner[] {
  return values.map((value) => {
    const origin = '--key';
    if (value.trim() === '') {
      throw new SignerListError(
        '--key is empty (an unset shell variable?): give a fingerprint such as SHA256:… (runlog key show prints it)',
      );
    }
    const fingerprint = parseFingerprint(value);
    if (fingerprint) return { fingerprint, name: 'pinned with --key', origin };
    const fromFile = publicKeyFile(value);
    if (fromFile) return { fingerprint: fromFile, name: `pinned with --key ${value}`, origin };
    throw new SignerListError(
      `--key "${value}" is neither a key fingerprint (SHA256: and 43 base64 characters, as runlog key show prints) nor a file holding an Ed25519 public key`,
    );
  });
}

function publicKeyFile(value: string): string | undefined {
  try {
    if (!fs.statSync(value).isFile()) return undefined;
    return fingerprintOf(fs.readFileSync(value, 'utf8'));
  } catch {
    return undefined;
  }
}

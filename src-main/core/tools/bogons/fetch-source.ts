/**
 * Getting a bogon list over HTTP(S) with a hard deadline, and keeping the last good copy of each
 * URL so that a router can still be given a (dated) filter when the workstation is offline.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import tls from 'node:tls';
import { writeFileAtomic } from '../atomic-write.js';

/** Options for {@link fetchText}. */
export interface FetchOptions {
  /** Deadline for the whole exchange (connect, headers and body), in milliseconds. */
  timeoutMs: number;
  /** Extra trusted CA certificates (PEM), added to Node's bundled roots. */
  extraCa?: string;
}

/** Redirects followed before giving up; the bogon URLs redirect once at most in practice. */
const MAX_REDIRECTS = 5;
/** The full IPv6 bogon list is about 2 MB; anything far bigger is not a bogon list. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** A fetch that did not produce a body; the message says why, for a person. */
export class FetchError extends Error {
  override name = 'FetchError';
}

/** Fetches `url` as UTF-8 text; refuses non-2xx answers, HTTPS-to-HTTP redirects and overruns. */
export async function fetchText(url: string, options: FetchOptions): Promise<string> {
  const deadline = Date.now() + options.timeoutMs;
  let current = new URL(url);
  for (let hop = 0; hop <= MAX_REDIRECTS; hop += 1) {
    const answer = await requestOnce(current, options, deadline - Date.now());
    if (answer.kind === 'body') return answer.text;
    const next = new URL(answer.location, current);
    if (current.protocol === 'https:' && next.protocol !== 'https:') {
      throw new FetchError(`${url}: refused redirect from HTTPS to ${next.protocol} (${next})`);
    }
    current = next;
  }
  throw new FetchError(`${url}: more than ${MAX_REDIRECTS} redirects`);
}

type Answer = { kind: 'body'; text: string } | { kind: 'redirect'; location: string };

function requestOnce(url: URL, options: FetchOptions, remainingMs: number): Promise<Answer> {
  const seconds = options.timeoutMs / 1000;
  return new Promise<Answer>((resolve, reject) => {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      reject(new FetchError(`${url}: only http and https URLs are supported`));
      return;
    }
    const client = url.protocol === 'https:' ? https : http;
    const ca = options.extraCa ? [...tls.rootCertificates, options.extraCa] : undefined;
    const request = client.get(url, { agent: false, ca, headers: { 'user-agent': 'runlog' } });
    const timer = setTimeout(
      () => {
        request.destroy(new FetchError(`${url}: no complete answer within ${seconds} s`));
      },
      Math.max(0, remainingMs),
    );
    const fail = (error: Error): void => {
      clearTimeout(timer);
      reject(error instanceof FetchError ? error : new FetchError(`${url}: ${error.message}`));
    };
    request.on('error', fail);
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400 && response.headers.location) {
        clearTimeout(timer);
        response.resume();
        resolve({ kind: 'redirect', location: response.headers.location });
        return;
      }
      if (status < 200 || status >= 300) {
        response.resume();
        fail(new FetchError(`${url}: HTTP ${status} ${response.statusMessage ?? ''}`.trim()));
        return;
      }
      collectBody(response, (error, text) => {
        if (error) fail(error);
        else {
          clearTimeout(timer);
          resolve({ kind: 'body', text: text ?? '' });
        }
      });
    });
  });
}

function collectBody(
  response: http.IncomingMessage,
  done: (error: Error | undefined, text?: string) => void,
): void {
  const chunks: Buffer[] = [];
  let size = 0;
  response.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      response.destroy(new FetchError(`answer larger than ${MAX_BODY_BYTES} bytes`));
      return;
    }
    chunks.push(chunk);
  });
  response.on('error', (error) => done(error));
  response.on('aborted', () => done(new FetchError('connection closed mid-answer')));
  response.on('end', () => {
    if (response.complete) done(undefined, Buffer.concat(chunks).toString('utf8'));
    else done(new FetchError('connection closed mid-answer'));
  });
}

/** A cached copy of a URL's last good body. */
export interface CachedCopy {
  url: string;
  text: string;
  fetchedAt: Date;
}

/** Where a URL's copy lives: readable name plus a hash so that two URLs never share a file. */
function cachePaths(dataDir: string, url: string): { text: string; meta: string } {
  const dir = path.join(dataDir, 'cache', 'bogons');
  const base = (new URL(url).pathname.split('/').pop() ?? '').replace(/\.txt$/i, '');
  const slug = base.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 40) || 'list';
  const hash = createHash('sha256').update(url).digest('hex').slice(0, 12);
  return {
    text: path.join(dir, `${slug}-${hash}.txt`),
    meta: path.join(dir, `${slug}-${hash}.json`),
  };
}

/** Stores the body as the URL's last good copy; the metadata is written last so it never dates a half copy. */
export async function writeCache(
  dataDir: string,
  url: string,
  text: string,
  fetchedAt: Date,
): Promise<void> {
  const paths = cachePaths(dataDir, url);
  await fs.mkdir(path.dirname(paths.text), { recursive: true });
  await writeFileAtomic(paths.text, text);
  const sha256 = createHash('sha256').update(text).digest('hex');
  const meta = { url, fetchedAt: fetchedAt.toISOString(), sha256, bytes: Buffer.byteLength(text) };
  await writeFileAtomic(paths.meta, `${JSON.stringify(meta, null, 2)}\n`);
}

/** The URL's last good copy, or undefined when there is none or it does not match its record. */
export async function readCache(dataDir: string, url: string): Promise<CachedCopy | undefined> {
  const paths = cachePaths(dataDir, url);
  try {
    const meta = JSON.parse(await fs.readFile(paths.meta, 'utf8')) as Record<string, unknown>;
    const text = await fs.readFile(paths.text, 'utf8');
    const sha256 = createHash('sha256').update(text).digest('hex');
    const fetchedAt = new Date(String(meta.fetchedAt));
    if (meta.url !== url || meta.sha256 !== sha256 || Number.isNaN(fetchedAt.getTime())) {
      return undefined;
    }
    return { url, text, fetchedAt };
  } catch {
    return undefined;
  }
}

/** "3 h 5 min" style age for the stale-copy warning. */
export function describeAge(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} days`;
}

/**
 * Removes secret parameter values from a step's output bytes before they are stored, matching
 * them as a terminal would show them: escape sequences between the characters of a secret (a
 * colour change, `printf '%s\e[0m%s'`) do not hide it, and neither does a chunk boundary. The
 * secret's characters become `[redacted]`; the escape sequences inside it are kept after the
 * mark, so the terminal's colours and modes stay as the program left them.
 *
 * Output arrives in arbitrary chunks: the redactor holds back the tail that could still be the
 * start of a secret (or an unfinished escape sequence) until the next chunk or the end shows. The
 * text a terminal finally displays is checked again after it is interpreted
 * (history/plain-text.ts), for secrets drawn with cursor movements.
 */
import {
  findSecrets,
  REDACTED_MARK,
  SHORT_SECRET_LENGTH,
  type Haystack,
  type MatchResult,
  type Needle,
} from './secret-policy.js';

/** Historic name of the whole-token threshold, kept for callers. */
export const MIN_SECRET_LENGTH = SHORT_SECRET_LENGTH;

/**
 * Held-back bytes beyond this are released unredacted-for-now: only a stream that prints the
 * start of a secret and then endless escape sequences gets there, and memory must stay bounded.
 */
const MAX_HELD_BYTES = 64 * 1024;
const ESC = 0x1b;
/** Controls a terminal draws nothing for and does not move the cursor with: NUL, BEL, SO, SI, DEL. */
const SILENT_BYTES = [0x00, 0x07, 0x0e, 0x0f, 0x7f];
/** 1 for ESC and the silent controls: the bytes that start something a terminal does not draw. */
const SKIPPABLE = new Uint8Array(256);
for (const b of [ESC, ...SILENT_BYTES]) SKIPPABLE[b] = 1;

function isWordByte(b: number): boolean {
  return (
    (b >= 0x30 && b <= 0x39) ||
    (b >= 0x41 && b <= 0x5a) ||
    (b >= 0x61 && b <= 0x7a) ||
    b === 0x5f ||
    b >= 0x80
  );
}

/**
 * Length of the escape sequence starting at `at` (a terminal draws nothing for it), 0 when the
 * data ends inside it (the rest is yet to come), -1 when it is not one.
 */
export function escapeLength(data: Uint8Array, at: number): number {
  const b = data[at]!;
  if (b !== ESC && SKIPPABLE[b]) return 1;
  if (b !== ESC) return -1;
  if (at + 1 >= data.length) return 0;
  const kind = data[at + 1]!;
  if (kind === 0x5b) {
    // CSI: parameters and intermediates, then one final byte 0x40-0x7e.
    for (let i = at + 2; i < data.length; i++) {
      const c = data[i]!;
      if (c >= 0x40 && c <= 0x7e) return i - at + 1;
      if (c < 0x20 || c > 0x3f) return -1;
    }
    return 0;
  }
  if (kind === 0x5d || kind === 0x50 || kind === 0x58 || kind === 0x5e || kind === 0x5f) {
    // OSC, DCS, SOS, PM, APC: a string ended by BEL (OSC) or ST (ESC \).
    for (let i = at + 2; i < data.length; i++) {
      if (data[i] === 0x07 && kind === 0x5d) return i - at + 1;
      if (data[i] === ESC) return i + 1 >= data.length ? 0 : data[i + 1] === 0x5c ? i - at + 2 : -1;
    }
    return 0;
  }
  // Other escapes: intermediates 0x20-0x2f, then a final byte 0x30-0x7e.
  for (let i = at + 1; i < data.length; i++) {
    const c = data[i]!;
    if (c >= 0x30 && c <= 0x7e) return i - at + 1;
    if (c < 0x20 || c > 0x2f) return -1;
  }
  return 0;
}

/**
 * The bytes a terminal would draw, and where the skipped sequences sat: `spanAt[i]` is the
 * visible index before which escape bytes were skipped, `skippedBefore[i]` the bytes skipped up
 * to and including that span. Spans are few next to bytes, so this stays fast on a flood of
 * coloured output.
 */
interface Visible {
  bytes: Buffer;
  spanAt: number[];
  skippedBefore: number[];
  /** Where an unfinished escape sequence starts, if the data ends inside one. */
  pendingFrom?: number;
}

function visibleBytes(data: Buffer): Visible {
  const bytes = Buffer.allocUnsafe(data.length);
  const vis: Visible = { bytes, spanAt: [], skippedBefore: [] };
  let n = 0;
  let skipped = 0;
  let at = 0;
  while (at < data.length) {
    const b = data[at]!;
    if (SKIPPABLE[b] === 0) {
      bytes[n++] = b;
      at++;
      continue;
    }
    const len = escapeLength(data, at);
    if (len === 0) {
      vis.pendingFrom = at;
      break;
    }
    if (len < 0) {
      bytes[n++] = b;
      at++;
      continue;
    }
    skipped += len;
    vis.spanAt.push(n);
    vis.skippedBefore.push(skipped);
    at += len;
  }
  vis.bytes = bytes.subarray(0, n);
  return vis;
}

/** Position in the data of visible byte `v`. */
function positionOf(vis: Visible, v: number): number {
  let lo = 0;
  let hi = vis.spanAt.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (vis.spanAt[mid]! <= v) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return v + (found < 0 ? 0 : vis.skippedBefore[found]!);
}

/** Where to stop releasing bytes, in the data and in the visible bytes. */
interface Cut {
  at: number;
  visible: number;
}

/** Secret-value replacement over a stream of output chunks. */
export class SecretRedactor {
  private readonly needles: Needle<Buffer>[];
  private readonly mark = Buffer.from(REDACTED_MARK, 'utf8');
  private held: Buffer = Buffer.alloc(0);
  /** Whether the last visible byte released so far was a word byte (for the token rule). */
  private lastWord = false;

  constructor(secrets: readonly string[]) {
    const unique = [...new Set(secrets.filter((s) => typeof s === 'string' && s !== ''))];
    this.needles = unique
      .map((text) => ({ text, value: Buffer.from(text, 'utf8') }))
      .sort((a, b) => b.value.length - a.value.length)
      .map(({ text, value }) => ({
        value,
        length: value.length,
        short: [...text].length < SHORT_SECRET_LENGTH,
        wordStart: isWordByte(value[0]!),
        wordEnd: isWordByte(value[value.length - 1]!),
      }));
  }

  /** True when there is nothing to redact (the bytes then pass through untouched). */
  get empty(): boolean {
    return this.needles.length === 0;
  }

  /** Takes a chunk; returns the bytes that are safe to store now. */
  push(chunk: Uint8Array): Buffer {
    if (this.empty) return Buffer.from(chunk);
    return this.process(Buffer.concat([this.held, chunk]), false);
  }

  /** Returns whatever was held back, redacted; the stream is over. */
  end(): Buffer {
    if (this.empty) return Buffer.alloc(0);
    const rest = this.held;
    this.held = Buffer.alloc(0);
    return this.process(rest, true);
  }

  private process(data: Buffer, complete: boolean): Buffer {
    const vis = visibleBytes(data);
    const hay: Haystack<Buffer> = {
      length: vis.bytes.length,
      indexOf: (needle, from) => vis.bytes.indexOf(needle, from),
      isWord: (i) => isWordByte(vis.bytes[i]!),
    };
    const found = findSecrets(hay, this.needles, { word: this.lastWord }, complete);
    const cut = complete
      ? { at: data.length, visible: vis.bytes.length }
      : this.holdPoint(data, vis, found);
    const out = this.replace(data, vis, found.matches, cut.at);
    this.held = Buffer.from(data.subarray(cut.at));
    if (cut.visible > 0) this.lastWord = isWordByte(vis.bytes[cut.visible - 1]!);
    return out;
  }

  /**
   * Where to stop releasing: before a visible tail that may begin a secret or a short secret's
   * undecided match, before an unfinished escape sequence, and never inside a match.
   */
  private holdPoint(data: Buffer, vis: Visible, found: MatchResult): Cut {
    const total = vis.bytes.length;
    const undecided = found.undecidedFrom === undefined ? 0 : total - found.undecidedFrom;
    const keep = Math.max(this.prefixTail(vis.bytes), undecided);
    let cut: Cut =
      keep > 0
        ? { at: positionOf(vis, total - keep), visible: total - keep }
        : { at: data.length, visible: total };
    if (vis.pendingFrom !== undefined && vis.pendingFrom < cut.at) {
      cut = { at: vis.pendingFrom, visible: total };
    }
    for (let i = found.matches.length - 1; i >= 0; i--) {
      const [start, end] = found.matches[i]!;
      if (positionOf(vis, start) < cut.at && positionOf(vis, end - 1) >= cut.at) {
        cut = { at: positionOf(vis, start), visible: start };
      }
    }
    return data.length - cut.at > MAX_HELD_BYTES ? { at: data.length, visible: total } : cut;
  }

  /** The data before `cut` with each match replaced; escape sequences inside a match are kept. */
  private replace(
    data: Buffer,
    vis: Visible,
    matches: Array<[number, number]>,
    cut: number,
  ): Buffer {
    if (matches.length === 0) return data.subarray(0, cut);
    const parts: Buffer[] = [];
    let from = 0;
    for (const [start, end] of matches) {
      const first = positionOf(vis, start);
      const last = positionOf(vis, end - 1);
      if (last >= cut) break;
      parts.push(data.subarray(from, first), this.mark);
      // Keep the escape sequences that sat between the secret's characters.
      let p = first;
      for (let i = start; i < end; i++) {
        const at = positionOf(vis, i);
        if (at > p) parts.push(data.subarray(p, at));
        p = at + 1;
      }
      from = last + 1;
    }
    parts.push(data.subarray(from, cut));
    return Buffer.concat(parts);
  }

  /** Length of the longest suffix of the visible bytes that is a proper prefix of a secret. */
  private prefixTail(bytes: Buffer): number {
    let longest = 0;
    for (const { value } of this.needles) {
      const max = Math.min(value.length - 1, bytes.length);
      for (let len = max; len > longest; len--) {
        if (bytes.subarray(bytes.length - len).equals(value.subarray(0, len))) {
          longest = len;
          break;
        }
      }
    }
    return longest;
  }
}

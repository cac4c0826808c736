import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { HistoryStore } from '../../../src-main/core/history/index.js';
import {
  FULL_PARSE_BYTES,
  PlainTextDeriver,
  TEXT_SCROLLBACK_ROWS,
  derivePlainText,
  omittedMarker,
} from '../../../src-main/core/history/plain-text.js';
import { sampleRun, tempDir, utf8 } from './helpers.js';

const text = (...parts: string[]): string => derivePlainText(parts.map(utf8)).text;

describe('plain text of terminal output', () => {
  it('keeps only the last state of a carriage-return progress bar', () => {
    expect(text('Downloading  10%\rDownloading  55%\rDownloading 100%\r\ndone\r\n')).toBe(
      'Downloading 100%\ndone',
    );
  });

  it('drops colour and style codes', () => {
    expect(text('\x1b[1;31mERROR\x1b[0m: \x1b[38;5;208mdisk\x1b[0m full\r\n')).toBe(
      'ERROR: disk full',
    );
  });

  it('joins a UTF-8 character split across two appends', () => {
    const bytes = utf8('café → ok\r\n');
    // Split inside the two-byte é and inside the three-byte arrow.
    const a = bytes.subarray(0, 4);
    const b = bytes.subarray(4, 7);
    const c = bytes.subarray(7);
    expect(derivePlainText([a, b, c]).text).toBe('café → ok');
  });

  it('re-joins a line longer than the terminal is wide', () => {
    const long = 'x'.repeat(450);
    expect(text(`${long}\r\nnext\r\n`)).toBe(`${long}\nnext`);
  });

  it('treats a bare line feed as a new line and trims trailing empty lines', () => {
    expect(text('one\ntwo\n\n\n')).toBe('one\ntwo');
  });

  it('keeps the last lines of a very long output and says how many came before', () => {
    const deriver = new PlainTextDeriver(100);
    for (let i = 0; i < 1000; i++) deriver.feed(utf8(`line ${i}\r\n`));
    const result = deriver.read();
    deriver.dispose();
    const lines = result.text.split('\n');
    expect(result.omittedLines).toBeGreaterThan(800);
    expect(lines[0]).toBe(omittedMarker(result.omittedLines));
    expect(lines[lines.length - 1]).toBe('line 999');
    expect(lines[1]).toBe(`line ${result.omittedLines}`);
  });
});

describe('plain text through the store', () => {
  let cleanup = (): void => {};
  afterEach(() => cleanup());

  it('records what a person saw while raw bytes stay complete', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const store = HistoryStore.open(path.join(t.dir, 'h.sqlite'));
    try {
      store.createRun(sampleRun('r1'));
      const exec = store.stepStarted('r1', {
        name: 'check',
        kind: 'command',
        text: 'x',
        startedAt: 'now',
      });
      const raw = ['\x1b[33m 0%\r', ' 50%\r', '100%\x1b[0m\r\n', 'r\xC3', '\xA9sum\xC3\xA9\r\n'];
      const bytes = raw.map((s) => Uint8Array.from(Buffer.from(s, 'latin1')));
      bytes.forEach((b) => store.appendOutput(exec, b));
      store.stepEnded(exec, { status: 'passed', exitCode: 0, endedAt: 'now', artifacts: [] });
      expect(store.readOutputText(exec)).toBe('100%\nrésumé');
      expect(Buffer.from(store.readOutput(exec).bytes)).toEqual(Buffer.concat(bytes));
      expect(store.listRuns({ text: 'résumé' }).total).toBe(1);
    } finally {
      store.close();
    }
  });

  it('bounds the text of a huge output and marks the omitted lines', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const store = HistoryStore.open(path.join(t.dir, 'h.sqlite'));
    try {
      store.createRun(sampleRun('r1'));
      const exec = store.stepStarted('r1', {
        name: 'check',
        kind: 'command',
        text: 'x',
        startedAt: 'now',
      });
      const lines = 15_000;
      for (let i = 0; i < lines; i += 500) {
        store.appendOutput(
          exec,
          utf8(Array.from({ length: 500 }, (_, j) => `row ${i + j}\r\n`).join('')),
        );
      }
      store.stepEnded(exec, { status: 'passed', exitCode: 0, endedAt: 'now', artifacts: [] });
      const out = store.readOutputText(exec).split('\n');
      expect(out[0]).toMatch(/^\[… \d+ earlier lines only in the raw output\]$/);
      expect(out.length).toBeLessThan(10_100);
      expect(out[out.length - 1]).toBe(`row ${lines - 1}`);
      const raw = Buffer.from(store.readOutput(exec).bytes).toString();
      expect(raw.startsWith('row 0\r\n')).toBe(true);
      expect(raw.split('\r\n').length - 1).toBe(lines);
    } finally {
      store.close();
    }
  });
});

describe('plain text of an output larger than FULL_PARSE_BYTES', () => {
  it('interprets only the tail, counts every earlier line, and keeps the last lines exact', () => {
    const total = 400_000;
    const lines = Array.from({ length: total }, (_, i) => `line ${i} \x1b[32mok\x1b[0m`);
    const raw = Buffer.from(lines.join('\r\n') + '\r\n');
    expect(raw.length).toBeGreaterThan(FULL_PARSE_BYTES);
    const chunks: Buffer[] = [];
    for (let at = 0; at < raw.length; at += 65_536) chunks.push(raw.subarray(at, at + 65_536));
    const { text, omittedLines } = derivePlainText(chunks);
    const kept = text.split('\n');
    expect(kept[0]).toBe(omittedMarker(omittedLines));
    expect(kept.at(-1)).toBe(`line ${total - 1} ok`);
    expect(kept.length - 1 + omittedLines).toBe(total);
    expect(kept.length - 1).toBeLessThanOrEqual(TEXT_SCROLLBACK_ROWS + 24);
  });
});

describe('secret values in the text as shown', () => {
  const SECRET = 'Typed%Passw0rd!';
  const derive = (secrets: string[], ...parts: string[]): string => {
    const deriver = new PlainTextDeriver(undefined, secrets);
    try {
      for (const p of parts) deriver.feed(utf8(p));
      return deriver.read().text;
    } finally {
      deriver.dispose();
    }
  };

  it('attack: a secret drawn with a carriage return over blanks is redacted from the text', () => {
    const raw = `      ${SECRET.slice(6)}\r${SECRET.slice(0, 6)}\r\n`;
    expect(derive([], raw)).toBe(SECRET);
    expect(derive([SECRET], raw)).toBe('[redacted]');
  });

  it('attack: a secret written backwards with cursor moves is redacted from the text', () => {
    const raw = `\x1b[8C${SECRET.slice(8)}\x1b[${SECRET.length}D${SECRET.slice(0, 8)}\r\n`;
    expect(derive([], raw)).toBe(SECRET);
    expect(derive([SECRET], raw)).toBe('[redacted]');
  });

  it('redacts a 3-character secret only as a word', () => {
    expect(derive(['k%7'], 'pin k%7\r\nxk%7 stays\r\n')).toBe('pin [redacted]\nxk%7 stays');
  });
});

import { describe, expect, it } from 'vitest';
import { visible } from '../../src-main/cli/terminal-text.js';

describe('visible', () => {
  it('shows cursor-moving escape sequences instead of obeying them', () => {
    expect(visible('run-1\x1b[1A\x1b[2KVALID')).toBe('run-1\\x1b[1A\\x1b[2KVALID');
  });

  it('escapes carriage returns, DEL and C1 controls', () => {
    expect(visible('a\rb\x7fc\x9bd')).toBe('a\\x0db\\x7fc\\x9bd');
  });

  it('escapes bidirectional overrides and zero-width characters', () => {
    expect(visible('echo \u202eharmless\u200b')).toBe('echo \\u202eharmless\\u200b');
  });

  it('keeps line feeds and tabs in multi-line text, escapes them in one-line text', () => {
    expect(visible('a\n\tb\r', { multiline: true })).toBe('a\n\tb\\x0d');
    expect(visible('a\nb')).toBe('a\\x0ab');
  });

  it('leaves ordinary text, accents and symbols untouched', () => {
    const text = 'Überprüfung → passed ✔ 東京';
    expect(visible(text)).toBe(text);
  });
});

describe('visible on what hides text elsewhere', () => {
  it('escapes Unicode tag characters, variation selectors and the soft hyphen', () => {
    expect(visible('rm\u{e0020}\u{e0041}x')).toBe('rm\\u{e0020}\\u{e0041}x');
    expect(visible('a\ufe0fb\u00adc')).toBe('a\\ufe0fb\\xadc');
  });

  it('escapes a step line that hides its start behind cursor moves, so only its real bytes show', () => {
    const line = '# \x1b[1A\x1b[2K\x1b[1Gecho harmless';
    expect(visible(line)).toBe('# \\x1b[1A\\x1b[2K\\x1b[1Gecho harmless');
  });
});

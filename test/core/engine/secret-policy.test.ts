import { describe, expect, it } from 'vitest';
import {
  redactText,
  shortSecretWarning,
  SHORT_SECRET_LENGTH,
} from '../../../src-main/core/engine/secret-policy.js';

describe('redactText', () => {
  it('replaces long values anywhere, even inside words', () => {
    expect(redactText('xxhunter2yy and hunter2', ['hunter2'])).toBe(
      'xx[redacted]yy and [redacted]',
    );
  });

  it('replaces a short value only where it stands as a word', () => {
    const text = 'PIN 123. exit 123\nport 1234, a123, (123)';
    expect(redactText(text, ['123'])).toBe(
      'PIN [redacted]. exit [redacted]\nport 1234, a123, ([redacted])',
    );
  });

  it('checks the word rule only on the sides where the value is a word character', () => {
    expect(redactText('a!!b x !! y', ['!!'])).toBe('a[redacted]b x [redacted] y');
  });

  it('prefers the longest value at one place and never overlaps', () => {
    expect(redactText('abcdef', ['abcd', 'abcdef', 'cdef'])).toBe('[redacted]');
  });
});

describe('shortSecretWarning', () => {
  it('warns for values shorter than the threshold, in plain words', () => {
    expect(shortSecretWarning('482')).toMatch(/only 3 characters long.*ordinary output/);
    expect(shortSecretWarning('x'.repeat(SHORT_SECRET_LENGTH))).toBeUndefined();
    expect(shortSecretWarning('')).toBeUndefined();
  });
});

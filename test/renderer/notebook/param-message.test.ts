/**
 * The parameter form's messages: the engine's rules, and a failed pattern said in words (the
 * runbook's description) instead of the anchored regular expression.
 */
import { describe, expect, it } from 'vitest';
import { paramMessage } from '../../../src-renderer/notebook/param-message.js';
import type { ParamSpec } from '../../../src-main/core/runbook/model.js';

const subject: ParamSpec = {
  name: 'SUBJECT',
  label: 'Subject',
  type: 'string',
  required: false,
  secret: false,
  pattern: '^/[^/].*$',
  description: 'Distinguished name in OpenSSL slash form, e.g. /CN=mail.example.org.',
};

describe('paramMessage', () => {
  it('says what the runbook expects, in its own words, when the pattern refuses a value', () => {
    const message = paramMessage(subject, 'CN=mail');
    expect(message).toBe(
      'Subject (SUBJECT): "CN=mail" is not in the form this runbook expects. Expected: ' +
        'Distinguished name in OpenSSL slash form, e.g. /CN=mail.example.org.',
    );
    expect(message).not.toMatch(/\^|\(\?:/);
  });

  it('has words even without a description, and never quotes a secret value', () => {
    const spec = { ...subject, description: undefined, secret: true };
    expect(paramMessage(spec, 'hunter2')).toBe(
      'Subject (SUBJECT): The value is not in the form this runbook expects.',
    );
  });

  it('accepts a value the pattern and the type accept', () => {
    expect(paramMessage(subject, '/CN=mail.example.org')).toBeUndefined();
  });

  it('keeps the engine’s message for the type, choices, control characters and a broken pattern', () => {
    const host: ParamSpec = { ...subject, type: 'host', pattern: '[a-z.]+' };
    expect(paramMessage(host, 'not a host!')).toContain('is not a host name');
    const choice: ParamSpec = { ...subject, pattern: '.*', choices: ['a', 'b'] };
    expect(paramMessage(choice, 'c')).toContain('not one of the allowed choices');
    expect(paramMessage(subject, '/CN=a\nb')).toContain('a line break');
    expect(paramMessage({ ...subject, pattern: '(' }, 'x')).toContain(
      'not a valid regular expression',
    );
  });

  it('asks for a required value, and lets an empty one take its default', () => {
    expect(paramMessage({ ...subject, required: true }, '')).toBe('SUBJECT: a value is required');
    expect(paramMessage({ ...subject, default: '/CN=x' }, '')).toBeUndefined();
  });
});

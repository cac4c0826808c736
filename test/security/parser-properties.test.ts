/**
 * Property tests of the parser and parameter validation aimed at what an
 * attacker controls: the prose of a runbook and the values typed into its
 * parameters. (Crash-freedom and well-formed problems on arbitrary input are
 * covered in test/core/runbook/parser-malformed.test.ts and params.test.ts;
 * these add the security properties.)
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseRunbook } from '../../src-main/core/runbook/parser.js';
import { resolveParams, validateParam } from '../../src-main/core/runbook/params.js';
import { PARAM_TYPES, type ParamSpec } from '../../src-main/core/runbook/model.js';

/** HTML and Markdown a hostile author might put in prose. */
const hostileProse = fc.constantFrom(
  '<script>alert(1)</script>',
  '<img src=x onerror="alert(1)">',
  '<svg onload=alert(1)>',
  '[x](javascript:alert(1))',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<style>body{display:none}</style>',
  '<meta http-equiv="refresh" content="0;url=https://evil.example">',
  '<pre><code class="language-sh">rm -rf ~</code></pre>',
  '    indented code rm -rf ~',
  '`rm -rf ~`',
  '> quoted',
  '| a | b |\n| - | - |\n| 1 | 2 |',
  '# Heading',
  'plain words',
);

describe('parser properties', () => {
  it('attack: HTML, indented code and inline code in prose never become runnable steps', () => {
    fc.assert(
      fc.property(fc.array(hostileProse, { maxLength: 30 }), (parts) => {
        const rb = parseRunbook(parts.join('\n\n'), 'prose.md');
        expect(rb.steps.filter((s) => s.kind === 'command')).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('attack: prose around a fence never changes the text that step runs', () => {
    const body = fc.stringMatching(/^[a-z0-9 $"=;|&<>./-]{1,40}$/);
    fc.assert(
      fc.property(
        fc.array(hostileProse, { maxLength: 10 }),
        body,
        fc.array(hostileProse, { maxLength: 10 }),
        (before, cmd, after) => {
          const source = `${before.join('\n\n')}\n\n\`\`\`sh {"name":"only"}\n${cmd}\n\`\`\`\n\n${after.join('\n\n')}\n`;
          const rb = parseRunbook(source, 'fence.md');
          const commands = rb.steps.filter((s) => s.kind === 'command');
          expect(commands.map((s) => [s.name, s.text])).toEqual([['only', cmd]]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the SHA-256 pins the exact bytes: any one-character change gives another hash', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 200 }),
        fc.nat(),
        fc.string({ minLength: 1, maxLength: 1 }),
        (text, at, ch) => {
          const i = at % text.length;
          fc.pre(text[i] !== ch);
          const changed = text.slice(0, i) + ch + text.slice(i + 1);
          fc.pre(changed !== text);
          expect(parseRunbook(changed, 'h.md').sha256).not.toBe(parseRunbook(text, 'h.md').sha256);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('parameter validation properties', () => {
  const spec = (over: Partial<ParamSpec>): ParamSpec =>
    ({
      name: 'P',
      label: 'P',
      type: 'string',
      required: false,
      secret: false,
      ...over,
    }) as ParamSpec;

  it('attack: a secret value never appears in the refusal message, whatever the rule it breaks', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PARAM_TYPES),
        fc.string({ minLength: 6, maxLength: 60 }),
        fc.option(fc.constantFrom('^[0-9]+$', '^x$'), { nil: undefined }),
        (type, value, pattern) => {
          const message = validateParam(spec({ type, secret: true, pattern }), value);
          if (message !== undefined) expect(message).not.toContain(value);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('attack: newlines and control characters are refused for every type, so a value cannot forge lines', () => {
    const control = fc.integer({ min: 0, max: 31 }).map((c) => String.fromCharCode(c));
    fc.assert(
      fc.property(
        fc.constantFrom(...PARAM_TYPES),
        fc.string({ maxLength: 10 }),
        control,
        fc.string({ maxLength: 10 }),
        (type, a, c, b) => {
          fc.pre(c !== '\t');
          expect(validateParam(spec({ type }), `${a}${c}${b}`)).toBeDefined();
        },
      ),
      { numRuns: 500 },
    );
  });

  it('attack: undeclared names (including __proto__ and PATH) are refused, never passed to a step', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('__proto__', 'constructor', 'PATH', 'LD_PRELOAD', 'BASH_ENV', 'x'),
        fc.string({ maxLength: 20 }),
        (name, value) => {
          const values = JSON.parse(JSON.stringify({ [name]: value })) as Record<string, string>;
          const resolved = resolveParams([spec({ name: 'P' })], values);
          expect(Object.keys(resolved.values)).toEqual(['P']);
          expect(resolved.errors.map((e) => e.name)).toContain(name);
        },
      ),
      { numRuns: 200 },
    );
  });
});

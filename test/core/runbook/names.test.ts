import { describe, expect, it } from 'vitest';
import { slugify } from '../../../src-main/core/runbook/names.js';
import { parseRunbook } from '../../../src-main/core/runbook/parser.js';

const BASE = `# Keys

Intro paragraph.

## Generate the key

\`\`\`sh
openssl genrsa
\`\`\`

\`\`\`sh
openssl req
\`\`\`

## Check the key

Some words.

\`\`\`sh
stat key.pem
\`\`\`

- [ ] Is the key generated in a FIPS 140-2 module?
- [ ] Is the key backed up?

## Linux

### Verify

\`\`\`sh
true
\`\`\`

## macOS

### Verify

\`\`\`sh
true
\`\`\`
`;

function names(source: string): string[] {
  return parseRunbook(source, 'n.md').steps.map((s) => s.name);
}

describe('derived step names', () => {
  const base = names(BASE);

  it('derives from the heading and the ordinal among steps of the same kind', () => {
    expect(base).toEqual([
      'generate-the-key',
      'generate-the-key-2',
      'check-the-key',
      'is-the-key-generated-in-a-fips-140-2-module',
      'is-the-key-backed-up',
      'linux-verify',
      'macos-verify',
    ]);
  });

  it('do not change when a paragraph elsewhere is edited', () => {
    const edited = BASE.replace(
      'Intro paragraph.',
      'A much longer intro.\n\nWith two paragraphs.',
    ).replace('Some words.', '');
    expect(names(edited)).toEqual(base);
  });

  it('do not change when a step is added under another heading', () => {
    const edited = BASE.replace('## Check the key', '```sh\nopenssl x509\n```\n\n## Check the key');
    const after = names(edited);
    expect(after.filter((n) => n !== 'generate-the-key-3')).toEqual(base);
    expect(after).toContain('generate-the-key-3');
  });

  it('do not change when a new section with steps is inserted before the others', () => {
    const edited = BASE.replace(
      '## Generate the key',
      '## Prepare\n\n```sh\nmkdir x\n```\n\n- [ ] Ready?\n\n## Generate the key',
    );
    expect(names(edited).filter((n) => n !== 'prepare' && n !== 'ready')).toEqual(base);
  });

  it('do not change when a checklist item is added elsewhere', () => {
    const edited = BASE.replace(
      '- [ ] Is the key backed up?',
      '- [ ] Is the key backed up?\n- [ ] Is it archived?',
    );
    expect(names(edited).filter((n) => n !== 'is-it-archived')).toEqual(base);
  });

  it('never reuse an explicit name for a derived one', () => {
    const source = '## Build\n\n```sh { name=build }\nmake\n```\n\n## Build\n\n```sh\nmake\n```\n';
    const found = names(source);
    expect(new Set(found).size).toBe(found.length);
    expect(found[0]).toBe('build');
  });

  it('de-duplicate identical checklist questions with -2', () => {
    expect(names('- [ ] Done?\n- [ ] Done?\n')).toEqual(['done', 'done-2']);
  });

  it('fall back to the kind when there is no heading or the heading has no ASCII letters', () => {
    expect(names('```sh\na\n```\n\n```cisco\nb\n```\n')).toEqual(['command', 'config']);
    expect(names('## Überprüfung\n\n```sh\na\n```\n')).toEqual(['uberprufung']);
    expect(names('## 検証\n\n```sh\na\n```\n')).toEqual(['command']);
  });
});

describe('slugify', () => {
  it('truncates at a word boundary near 48 characters', () => {
    const slug = slugify(
      'Who can activate the key, and how: service start, operator PIN, or HSM quorum?',
    );
    expect(slug.length).toBeLessThanOrEqual(48);
    expect(slug).toBe('who-can-activate-the-key-and-how-service-start');
  });

  it('produces only lower-case letters, digits and single dashes', () => {
    expect(slugify('  --Hello,  World!! (v2.0) -- ')).toBe('hello-world-v2-0');
  });
});

/**
 * The forgery corpus: a real run exported in every format, then forged every way the evidence
 * must withstand — the page rewritten under a changed, absent or unknown generator, CSS hiding a
 * failed step, elements added, attempts removed, the record re-signed with another key (with
 * or without the real key id), escapes in the data aimed at the verifier's terminal, PDFs drawn
 * over or stripped of their record, bundles with files changed, missing or added. `runlog verify`
 * (the real CLI, the real key pinned) must answer 1 or 2 to every one, never 0, and the untouched
 * exports must pass with --key and --signers and fail without a trusted signer.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument, PDFName, rgb, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateKey, type EvidenceKey } from '../../src-main/core/evidence/keys.js';
import type { EvidenceDocument } from '../../src-main/core/evidence/sign.js';
import { canonicalBytes } from '../../src-main/core/evidence/canonical-json.js';
import { statementOf } from '../../src-main/core/evidence/sign.js';
import { documentOf, forged, page, rebundle, recordOf, resign } from './forgery.js';
import { BUILT, exportWithCli, HOSTILE, runCli, tempDir, trustRunbook } from './helpers.js';

const FORMATS = ['json', 'html', 'pdf', 'bundle'] as const;
type Format = (typeof FORMATS)[number];

let work: string;
let dataDir: string;
let forgeries: string;
let attacker: EvidenceKey;
let realKey: string;
const exported = {} as Record<Format, string>;
let otherRunJson: string;

async function runAndExport(outDir: string, formats: readonly Format[]): Promise<string> {
  const runbook = path.join(HOSTILE, 'evidence-run.md');
  const run = await runCli(['run', runbook, '--data-dir', dataDir, '--yes', '--keep-going']);
  expect(run.code, run.stderr).toBe(1); // check-service fails on purpose
  const runId = run.stdout.trim().split('\n').at(-1)!;
  fs.mkdirSync(outDir, { recursive: true });
  for (const format of formats) {
    const out = path.join(outDir, `evidence.${format === 'bundle' ? 'zip' : format}`);
    await exportWithCli(dataDir, runId, format, out);
    if (outDir === path.join(work, 'exports')) exported[format] = out;
  }
  return path.join(outDir, 'evidence.json');
}

beforeAll(async () => {
  if (!BUILT) return;
  work = tempDir('forgery');
  dataDir = path.join(work, 'data');
  forgeries = path.join(work, 'forged');
  fs.mkdirSync(forgeries, { recursive: true });
  await trustRunbook(dataDir, path.join(HOSTILE, 'evidence-run.md'));
  await runAndExport(path.join(work, 'exports'), FORMATS);
  otherRunJson = await runAndExport(path.join(work, 'other'), ['json']);
  realKey = loadOrCreateKey(dataDir).fingerprint;
  attacker = loadOrCreateKey(path.join(work, 'attacker'));
}, 180_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** `runlog verify FILE --key REAL`, and checks that nothing from the file drew on the terminal. */
async function verify(file: string, ...extra: string[]) {
  const args = extra.length ? extra : ['--key', realKey];
  const r = await runCli(['verify', file, '--data-dir', dataDir, ...args]);
  expect(r.stdout + r.stderr).not.toContain('\x1b');
  return r;
}

const html = (): string => fs.readFileSync(exported.html, 'utf8');
const doc = (): EvidenceDocument => documentOf(exported.json);

/** A failed step's badge shown as passed. */
function showPassed(text: string): string {
  const out = text
    .replace('✘ failed</span>', '✔ passed</span>')
    .replace('exit code 3', 'exit code 0');
  expect(out).not.toBe(text);
  return out;
}

interface Attack {
  attack: string;
  exit: 1 | 2;
  says: RegExp;
  make(): Promise<string> | string;
}

const HTML_ATTACKS: Attack[] = [
  {
    attack: 'generator changed to another name, failed step shown as passed',
    exit: 1,
    says: /no Runlog release made/,
    make: () =>
      forged(forgeries, 'gen-x.html', showPassed(html()).replace('runlog-evidence-html/3', 'x')),
  },
  {
    attack: 'generator meta removed, failed step shown as passed',
    exit: 1,
    says: /names no renderer/,
    make: () =>
      forged(
        forgeries,
        'gen-gone.html',
        showPassed(html()).replace(/<meta name="generator"[^>]*>\n/, ''),
      ),
  },
  {
    attack: 'generator changed to an older released renderer, one that never read this format',
    exit: 1,
    says: /never rendered records of format runlog-evidence\/2/,
    make: () =>
      forged(
        forgeries,
        'gen-2.html',
        html().replace('runlog-evidence-html/3', 'runlog-evidence-html/2'),
      ),
  },
  {
    attack: 'generator named twice',
    exit: 1,
    says: /names 2 renderers/,
    make: () =>
      forged(
        forgeries,
        'gen-twice.html',
        html().replace(
          '<meta name="viewport"',
          '<meta name="generator" content="x">\n<meta name="viewport"',
        ),
      ),
  },
  {
    attack: 'unknown (newer) renderer, page edited',
    exit: 2,
    says: /cannot check the page a reader sees/,
    make: () =>
      forged(
        forgeries,
        'gen-99.html',
        showPassed(html()).replace('runlog-evidence-html/3', 'runlog-evidence-html/99'),
      ),
  },
  {
    attack: 'CSS that hides the failed step',
    exit: 1,
    says: /line \d+, column \d+/,
    make: () =>
      forged(forgeries, 'css.html', html().replace('</style>', '.tone-bad{display:none}</style>')),
  },
  {
    attack: 'an added element',
    exit: 1,
    says: /the page has "<p>Reviewed and approved/,
    make: () =>
      forged(
        forgeries,
        'added.html',
        html().replace(
          '<h2>Steps</h2>',
          '<p>Reviewed and approved by the auditor.</p>\n<h2>Steps</h2>',
        ),
      ),
  },
  {
    attack: 'an added script',
    exit: 1,
    says: /the page is not the one made/,
    make: () =>
      forged(
        forgeries,
        'script.html',
        html().replace('</body>', '<script>alert(1)</script></body>'),
      ),
  },
  {
    attack: 'an attribute changed (the failed step styled as passed)',
    exit: 1,
    says: /the page is not the one made/,
    make: () => forged(forgeries, 'attr.html', html().replace('step tone-bad', 'step tone-ok')),
  },
  {
    attack: 'an attempt removed from the embedded data, old signature kept',
    exit: 1,
    says: /does not match the chain|signature does not verify/,
    make: () => {
      const st = statementOf(doc());
      st.predicate.attempts.splice(1, 1);
      const d = doc();
      const bad = {
        ...d,
        envelope: { ...d.envelope, payload: canonicalBytes(st).toString('base64') },
      };
      return forged(forgeries, 'removed-attempt.html', page(bad));
    },
  },
  {
    attack: 'the failed attempt removed, re-chained and re-signed with a fresh key',
    exit: 1,
    says: /signer not trusted/,
    make: () =>
      forged(
        forgeries,
        'removed-resigned.html',
        page(
          resign(doc(), attacker, (r) => {
            r.attempts.splice(1, 1);
            r.steps[1]!.attempts = [];
          }),
        ),
      ),
  },
  {
    attack: 'swapped key with the real key id',
    exit: 1,
    says: /the key was swapped/,
    make: () => {
      const bad = resign(doc(), attacker, (r) => {
        r.steps[1]!.status = 'passed';
        r.attempts[1]!.status = 'passed';
        r.attempts[1]!.exitCode = 0;
      });
      bad.envelope.signatures[0]!.keyid = realKey;
      bad.keyFingerprint = realKey;
      return forged(forgeries, 'swapped-key.html', page(bad));
    },
  },
  {
    attack: 'escape sequences in the run id and title drawing "VALID" over the verdict',
    exit: 1,
    says: /\\x1b\[1A\\x1b\[2K/,
    make: () => {
      const bad = resign(doc(), attacker, (r) => {
        r.run.id = 'r1\x1b[1A\x1b[2K\x1b[1GVALID — run r1 (pinned)';
        r.runbook.title = 'T\x1b]0;owned\x07\x1b[2J';
      });
      return forged(forgeries, 'escapes.html', page(bad));
    },
  },
  {
    attack: 'a second evidence block',
    exit: 2,
    says: /2 evidence blocks/,
    make: () => {
      const block = /<script type="application\/json" id="runlog-evidence">[\s\S]*?<\/script>/.exec(
        html(),
      )![0];
      return forged(forgeries, 'two-blocks.html', html().replace('</body>', `${block}\n</body>`));
    },
  },
];

const JSON_ATTACKS: Attack[] = [
  {
    attack: 'a status changed in the payload, signature kept',
    exit: 1,
    says: /signature does not verify/,
    make: () => {
      const st = statementOf(doc());
      st.predicate.attempts[1]!.status = 'passed';
      const d = doc();
      return forged(
        forgeries,
        'status.json',
        JSON.stringify({
          ...d,
          envelope: { ...d.envelope, payload: canonicalBytes(st).toString('base64') },
        }),
      );
    },
  },
  {
    attack:
      'operator changed, re-chained and re-signed with a fresh key (verify with the installation keys)',
    exit: 1,
    says: /signer not trusted: key \S+ is not among this installation's keys/,
    make: () =>
      forged(
        forgeries,
        'operator.json',
        JSON.stringify(resign(doc(), attacker, (r) => (r.operator = 'mallory'))),
      ),
  },
  {
    attack: 'a second signature by another key beside the real one',
    exit: 1,
    says: /2 signatures/,
    make: () => {
      const d = doc();
      const other = resign(d, attacker, () => {});
      d.envelope.signatures.push(other.envelope.signatures[0]!);
      return forged(forgeries, 'two-sigs.json', JSON.stringify(d));
    },
  },
];

/** Loads the exported PDF with pdf-lib, lets `edit` change it, saves it as a forgery. */
async function editPdf(
  name: string,
  edit: (pdf: PDFDocument) => Promise<void> | void,
): Promise<string> {
  const pdf = await PDFDocument.load(fs.readFileSync(exported.pdf), { updateMetadata: false });
  await edit(pdf);
  return forged(forgeries, name, await pdf.save());
}

function dropAttachments(pdf: PDFDocument): void {
  pdf.catalog.delete(PDFName.of('Names'));
  pdf.catalog.delete(PDFName.of('AF'));
}

const PDF_ATTACKS: Attack[] = [
  {
    attack: 'PDF: the failed badge covered by a white box (text untouched)',
    exit: 1,
    says: /pages were edited, drawn over or replaced/,
    make: () =>
      editPdf('covered.pdf', (pdf) => {
        pdf
          .getPage(0)
          .drawRectangle({ x: 300, y: 300, width: 200, height: 40, color: rgb(1, 1, 1) });
      }),
  },
  {
    attack: 'PDF: "passed" written over the page',
    exit: 1,
    says: /the PDF's text is not the text of the signed record/,
    make: () =>
      editPdf('overwritten.pdf', async (pdf) => {
        const font = await pdf.embedFont(StandardFonts.Helvetica);
        pdf.getPage(0).drawText('ALL STEPS PASSED', { x: 40, y: 40, size: 14, font });
      }),
  },
  {
    attack: 'PDF: the signed record swapped for another run of the same key',
    exit: 1,
    says: /names another record/,
    make: () =>
      editPdf('swapped-record.pdf', async (pdf) => {
        const realPages = await attachmentOf(exported.pdf, 'runlog-pdf-pages.json');
        dropAttachments(pdf);
        await pdf.attach(fs.readFileSync(otherRunJson), 'runlog-evidence.json', {
          mimeType: 'application/json',
        });
        await pdf.attach(realPages, 'runlog-pdf-pages.json', { mimeType: 'application/json' });
      }),
  },
  {
    attack: 'PDF: its pages statement removed',
    exit: 1,
    says: /lacks its runlog-pdf-pages\.json attachment/,
    make: () =>
      editPdf('no-pages.pdf', async (pdf) => {
        dropAttachments(pdf);
        await pdf.attach(fs.readFileSync(exported.json), 'runlog-evidence.json', {
          mimeType: 'application/json',
        });
      }),
  },
  {
    attack: 'PDF: an attachment added',
    exit: 1,
    says: /attachment Runlog did not put there: approval\.txt/,
    make: () =>
      editPdf('extra-attachment.pdf', async (pdf) => {
        await pdf.attach(Buffer.from('approved'), 'approval.txt', { mimeType: 'text/plain' });
      }),
  },
  {
    attack: 'PDF: no embedded record at all (as printed before)',
    exit: 2,
    says: /embeds no signed record/,
    make: () => editPdf('bare.pdf', dropAttachments),
  },
];

async function attachmentOf(file: string, name: string): Promise<Uint8Array> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const d = await pdfjs.getDocument({ data: new Uint8Array(fs.readFileSync(file)), verbosity: 0 })
    .promise;
  const found = (await d.getAttachments()) as Record<
    string,
    { filename: string; content: Uint8Array }
  >;
  await d.destroy();
  return Object.values(found).find((a) => a.filename === name)!.content;
}

const BUNDLE_ATTACKS: Attack[] = [
  {
    attack: 'bundle: an artifact changed',
    exit: 1,
    says: /artifact report\.txt: the bundle's artifacts\/report\.txt has/,
    make: () =>
      rebundle(exported.bundle, path.join(forgeries, 'changed.zip'), (name, data) =>
        name === 'artifacts/report.txt' ? Buffer.from('report line, edited\n') : data,
      ),
  },
  {
    attack: 'bundle: an artifact removed',
    exit: 1,
    says: /the bundle has no artifacts\/report\.txt/,
    make: () =>
      rebundle(exported.bundle, path.join(forgeries, 'missing.zip'), (name, data) =>
        name === 'artifacts/report.txt' ? undefined : data,
      ),
  },
  {
    attack: 'bundle: a file added',
    exit: 1,
    says: /a file the signed record does not list: artifacts\/approval\.txt/,
    make: () =>
      rebundle(exported.bundle, path.join(forgeries, 'added.zip'), (_n, data) => data, [
        { name: 'artifacts/approval.txt', data: Buffer.from('approved') },
      ]),
  },
  {
    attack: 'bundle: its page replaced by a forged one',
    exit: 1,
    says: /the page is not the one made from the signed record/,
    make: () =>
      rebundle(exported.bundle, path.join(forgeries, 'page.zip'), (name, data) =>
        name === 'evidence.html' ? Buffer.from(showPassed(data.toString('utf8'))) : data,
      ),
  },
  {
    attack: 'bundle: the record re-signed with a fresh key',
    exit: 1,
    says: /signer not trusted/,
    make: () =>
      rebundle(exported.bundle, path.join(forgeries, 'resigned.zip'), (name, data) => {
        const bad = resign(doc(), attacker, (r) => (r.run.status = 'passed'));
        if (name === 'evidence.json') return Buffer.from(JSON.stringify(bad, null, 2));
        if (name === 'evidence.html') return Buffer.from(page(bad));
        return data;
      }),
  },
  {
    attack: 'bundle: a ZIP comment appended (its layout changed)',
    exit: 2,
    says: /not an evidence bundle/,
    make: () => {
      const bytes = fs.readFileSync(exported.bundle);
      bytes.writeUInt16LE(7, bytes.length - 2);
      return forged(forgeries, 'comment.zip', Buffer.concat([bytes, Buffer.from('comment')]));
    },
  },
  {
    attack: 'bundle: a second entry of the same name hidden in the central directory',
    exit: 1,
    says: /the bundle was altered/,
    make: () => {
      const file = path.join(forgeries, 'dup.zip');
      rebundle(exported.bundle, file, (_n, data) => data, [
        { name: 'artifacts/report.txt', data: Buffer.from('other') },
      ]);
      return file;
    },
  },
];

describe.skipIf(!BUILT)('untouched exports', () => {
  for (const format of FORMATS) {
    it(`${format}: exit 0 with --key, with --signers and with the installation's own keys; exit 1 with no trusted signer`, async () => {
      const file = exported[format];
      expect((await verify(file)).code).toBe(0);
      const signers = forged(
        forgeries,
        'team.signers',
        `# team\n"ops ws" valid-from=2020-01-01 ${realKey}\n`,
      );
      const withSigners = await verify(file, '--signers', signers);
      expect(withSigners.code, withSigners.stdout).toBe(0);
      expect(withSigners.stdout).toMatch(/signer: trusted — \S+, ops ws \(.*team\.signers:2\)/);
      expect((await verify(file, '--data-dir', dataDir)).code).toBe(0);
      const stranger = await runCli(['verify', file, '--data-dir', path.join(work, 'auditor')]);
      expect(stranger.code).toBe(1);
      expect(stranger.stdout).toMatch(/signer not trusted/);
      expect(stranger.stdout).toContain(`--key ${realKey}`);
      const expired = forged(forgeries, 'old.signers', `old valid-until=2001-01-01 ${realKey}\n`);
      expect((await verify(file, '--signers', expired)).code).toBe(1);
    });
  }
});

describe.skipIf(!BUILT)('the forgery corpus', () => {
  for (const a of [...HTML_ATTACKS, ...JSON_ATTACKS, ...PDF_ATTACKS, ...BUNDLE_ATTACKS]) {
    it(`attack: ${a.attack} → exit ${a.exit}`, async () => {
      const file = await a.make();
      const byInstallation = a.attack.includes('installation keys');
      const r = byInstallation ? await verify(file, '--data-dir', dataDir) : await verify(file);
      expect(r.code, r.stdout + r.stderr).toBe(a.exit);
      expect(r.stdout + r.stderr).toMatch(a.says);
    });
  }
});

describe.skipIf(!BUILT)('bad trust arguments', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['an empty --key (an unset shell variable)', ['--key', ''], /--key is empty/],
    ['a malformed fingerprint', ['--key', 'SHA256:abc'], /neither a key fingerprint/],
    ['a path that holds no key', ['--key', '/etc/hostname'], /neither a key fingerprint/],
    [
      'an allowed-signers file with a bad line',
      ['--signers', 'BAD'],
      /team-bad\.signers:2: unknown option "until=tomorrow"/,
    ],
    [
      'an allowed-signers file that does not exist',
      ['--signers', '/nonexistent/signers'],
      /cannot be read/,
    ],
  ];
  for (const [what, args, says] of cases) {
    it(`attack: ${what} → exit 2 with a plain message`, async () => {
      const real =
        args[1] === 'BAD'
          ? [
              '--signers',
              forged(
                forgeries,
                'team-bad.signers',
                `ok ${realKey}\nbad until=tomorrow ${realKey}\n`,
              ),
            ]
          : args;
      const r = await verify(exported.json, ...real);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(says);
      expect(r.stderr).not.toMatch(/ASN|at .*\.js:\d+/);
    });
  }
});

describe.skipIf(!BUILT)('old evidence stays checkable', () => {
  // Released pages of renderer 1 (format /1): one from the page-renderer release, one exported by
  // the Runlog before every attempt was kept. Each verifies with its key; an edit to it does not.
  const RELEASED: Array<[string, (page: string) => string]> = [
    ['evidence/released-html-1.html', showPassed],
    ['evidence-v1/legacy-v1.html', (page) => page.replace('exit code 0', 'exit code 1')],
  ];
  for (const [name, edit] of RELEASED) {
    it(`${name}, made by the released renderer 1, verifies with its key, and an edit to it does not`, async () => {
      const released = path.join(import.meta.dirname, '..', 'fixtures', ...name.split('/'));
      const key = documentOf(released).keyFingerprint;
      const ok = await runCli(['verify', released, '--key', key]);
      expect(ok.code, ok.stdout).toBe(0);
      expect(ok.stdout).toContain('renderer runlog-evidence-html/1');
      const page = fs.readFileSync(released, 'utf8');
      const changed = edit(page);
      expect(changed).not.toBe(page);
      const edited = forged(forgeries, `edited-${path.basename(name)}`, changed);
      expect((await runCli(['verify', edited, '--key', key])).code).toBe(1);
    });
  }

  it('the record format and renderer are the ones export writes today', () => {
    expect(recordOf(doc()).format).toBe('runlog-evidence/2');
    expect(html()).toContain('<meta name="generator" content="runlog-evidence-html/3">');
  });
});

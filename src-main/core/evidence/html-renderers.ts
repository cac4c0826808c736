/**
 * The released renderers of the evidence page. A page names its renderer in
 * `<meta name="generator">`; `runlog verify` renders the page again with that renderer from the
 * signed record and compares the whole document, so a renderer, once released, never changes
 * and is never removed: evidence exported years ago must still be checkable.
 *
 * A new record format (or a new look) gets a new renderer: add an entry at the end with the
 * record formats it reads. Export uses the newest renderer that reads the record's format.
 */
import { EVIDENCE_CSS, EVIDENCE_CSS_2, EVIDENCE_CSS_3 } from './html-style.js';
import { renderPage } from './html.js';
import type { EvidenceDocument } from './sign.js';
import { statementOf } from './sign.js';

/** Every generator name starts with this; the number after it counts the releases. */
export const GENERATOR_PREFIX = 'runlog-evidence-html/';

/** One released renderer. */
export interface HtmlRenderer {
  /** `runlog-evidence-html/N`. */
  generator: string;
  /** The run-record formats (`record.format`) it can render. */
  recordFormats: readonly string[];
  render(doc: EvidenceDocument): string;
}

/** Every released renderer, oldest first. Append only. */
export const HTML_RENDERERS: readonly HtmlRenderer[] = [
  {
    generator: `${GENERATOR_PREFIX}1`,
    recordFormats: ['runlog-evidence/1'],
    render: (doc) =>
      renderPage(doc, {
        generator: `${GENERATOR_PREFIX}1`,
        css: EVIDENCE_CSS,
        signerInSummary: false,
      }),
  },
  {
    // The signing key in the summary; steps may break across printed pages (no half-blank
    // first page); labels printed as written, so a PDF's text is the page's text.
    generator: `${GENERATOR_PREFIX}2`,
    recordFormats: ['runlog-evidence/1'],
    render: (doc) =>
      renderPage(doc, {
        generator: `${GENERATOR_PREFIX}2`,
        css: EVIDENCE_CSS_2,
        signerInSummary: true,
      }),
  },
  {
    // Records of format /2: every attempt under its step, the step's rules, why the run has its
    // status and every runbook version; renderer 2's signer row and page breaks.
    generator: `${GENERATOR_PREFIX}3`,
    recordFormats: ['runlog-evidence/2'],
    render: (doc) =>
      renderPage(doc, {
        generator: `${GENERATOR_PREFIX}3`,
        css: EVIDENCE_CSS_3,
        signerInSummary: true,
      }),
  },
];

/** The renderer a page names, if this version of Runlog has it. */
export function rendererNamed(generator: string): HtmlRenderer | undefined {
  return HTML_RENDERERS.find((r) => r.generator === generator);
}

/** The release number of a generator name, or undefined when it is not one Runlog writes. */
export function generatorNumber(generator: string): number | undefined {
  const m = /^runlog-evidence-html\/([1-9][0-9]{0,5})$/.exec(generator);
  return m ? Number(m[1]) : undefined;
}

/** The highest release number this version of Runlog knows. */
export function newestGeneratorNumber(): number {
  return Math.max(...HTML_RENDERERS.map((r) => generatorNumber(r.generator) ?? 0));
}

/** The renderer export uses for a record format: the newest one that reads it. */
export function exportRenderer(recordFormat: string): HtmlRenderer {
  const fitting = HTML_RENDERERS.filter((r) => r.recordFormats.includes(recordFormat));
  const newest = fitting.at(-1);
  if (!newest) throw new Error(`no evidence page renderer reads records of format ${recordFormat}`);
  return newest;
}

/** Renders the evidence page of a signed document with the current renderer for its format. */
export function renderHtml(doc: EvidenceDocument): string {
  return exportRenderer(statementOf(doc).predicate.format).render(doc);
}

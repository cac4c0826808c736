/**
 * The check of what a reader sees. An HTML evidence page names the renderer that made it; the
 * verifier renders the page again from the signed record with that renderer and compares the
 * whole document, byte for byte (line ends aside). Any difference — a word, an attribute, a
 * style, a script, an element added or removed, the generator itself — means the page no longer
 * shows the signed record, and the first difference is named.
 */
import {
  generatorNumber,
  newestGeneratorNumber,
  rendererNamed,
  type HtmlRenderer,
} from './html-renderers.js';
import type { EvidenceDocument } from './sign.js';

/** What the page check found. */
export interface PageCheck {
  /** The renderer the page names. */
  renderer?: string;
  /** True when the page is exactly the one made from the signed record. */
  matches: boolean;
  /** Why the page does not show the signed record (NOT VALID). */
  problems: string[];
  /** Why the page could not be checked at all (a renderer newer than this verifier). */
  uncheckable: string[];
}

/** Every `<meta name="generator">`, however written (case, quotes, attribute order aside). */
const GENERATOR_META = /<meta\b[^>]*\bname\s*=\s*["']?generator\b[^>]*>/gi;
const CONTENT_ATTR = /\bcontent\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i;
/** Characters of context shown on each side of a difference. */
const SNIPPET = 48;

/** Checks an HTML page against the signed document it embeds. */
export function checkPage(html: string, doc: EvidenceDocument, recordFormat: string): PageCheck {
  const result: PageCheck = { matches: false, problems: [], uncheckable: [] };
  const metas = [...html.matchAll(GENERATOR_META)].map((m) => {
    const c = CONTENT_ATTR.exec(m[0]);
    return c ? (c[1] ?? c[2] ?? c[3] ?? '') : '';
  });
  if (metas.length === 0) {
    result.problems.push(
      'the page names no renderer (no <meta name="generator">): every Runlog page names one, so it was removed and what the page shows cannot be trusted',
    );
    return result;
  }
  if (metas.length > 1) {
    result.problems.push(`the page names ${metas.length} renderers; a Runlog page names one`);
    return result;
  }
  const generator = metas[0]!;
  result.renderer = generator;
  const found = resolveRenderer(generator, recordFormat);
  result.problems.push(...found.problems);
  result.uncheckable.push(...found.uncheckable);
  if (!found.renderer) return result;
  const renderer = found.renderer;
  compareWithRendering(html, doc, renderer, result);
  return result;
}

/** The renderer a page or PDF names, or why it cannot be used for a record of this format. */
export function resolveRenderer(
  generator: string,
  recordFormat: string,
): { renderer?: HtmlRenderer; problems: string[]; uncheckable: string[] } {
  const renderer = rendererNamed(generator);
  if (renderer && renderer.recordFormats.includes(recordFormat)) {
    return { renderer, problems: [], uncheckable: [] };
  }
  if (renderer) {
    const why = `the page names renderer ${generator}, which never rendered records of format ${recordFormat}: the generator was changed`;
    return { problems: [why], uncheckable: [] };
  }
  const number = generatorNumber(generator);
  const newest = newestGeneratorNumber();
  if (number !== undefined && number > newest) {
    const why =
      `cannot check the page a reader sees: it was made by renderer ${generator}, newer than this ` +
      `Runlog knows (up to runlog-evidence-html/${newest}); check it with a newer Runlog, or verify the JSON export`;
    return { problems: [], uncheckable: [why] };
  }
  const why = `the page names renderer "${generator}", which no Runlog release made: the generator was changed, so what the page shows cannot be trusted`;
  return { problems: [why], uncheckable: [] };
}

function compareWithRendering(
  html: string,
  doc: EvidenceDocument,
  renderer: HtmlRenderer,
  result: PageCheck,
): void {
  let expected: string;
  try {
    expected = renderer.render(doc);
  } catch (err) {
    result.problems.push(`the page cannot be made again from its data (${(err as Error).message})`);
    return;
  }
  const want = expected.replace(/\r\n/g, '\n');
  const have = html.replace(/\r\n/g, '\n');
  if (want === have) {
    result.matches = true;
    return;
  }
  result.problems.push(
    `the page is not the one made from the signed record: ${firstDifference(want, have)}; ` +
      'what a reader sees was changed after export — trust the signed record, not the page',
  );
}

/** Where two texts first differ, as "line L, column C: the page has … where the record gives …". */
export function firstDifference(expected: string, actual: string): string {
  let at = 0;
  while (at < expected.length && at < actual.length && expected[at] === actual[at]) at++;
  // Inside a tag, show the difference from the tag's start: "<p>…" reads better than "p>…".
  const open = expected.lastIndexOf('<', at - 1);
  if (open >= 0 && open > expected.lastIndexOf('>', at - 1) && at - open <= SNIPPET) at = open;
  const before = expected.slice(0, at);
  const line = before.split('\n').length;
  const column = at - before.lastIndexOf('\n');
  const show = (s: string): string =>
    at >= s.length ? 'the end of the page' : JSON.stringify(s.slice(at, at + SNIPPET));
  return `line ${line}, column ${column}: the page has ${show(actual)} where the signed record gives ${show(expected)}`;
}

/**
 * The text a reader sees on an evidence page, for comparing a printed PDF with the record. The
 * page's text is taken from the HTML a renderer makes (tags dropped, the head, style and data
 * block left out, entities decoded); both sides are then compared without whitespace, since a
 * printout wraps lines and a PDF's text layer spaces words its own way.
 */

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};
/** Characters of context on each side of a difference. */
const SNIPPET = 40;

/** The visible text of an evidence page made by a renderer. */
export function pageText(html: string): string {
  const start = html.indexOf('<body>');
  const end = html.lastIndexOf('</body>');
  const body = html.slice(start < 0 ? 0 : start, end < 0 ? html.length : end);
  return body
    .replace(/<script\b[\s\S]*?<\/script>/gi, ' ')
    .replace(/<style\b[\s\S]*?<\/style>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e] ?? e);
}

/** The text in the form both sides are compared in: compatibility-normalized, no whitespace. */
export function comparable(text: string): string {
  return text.normalize('NFKC').replace(/[\s\u00a0\u200b]+/gu, '');
}

/** How a PDF's text compares with the record's. */
export interface TextComparison {
  /** Where the texts first part, with context from each; undefined when they agree. */
  difference?: string;
  /**
   * Non-ASCII characters of the record found nowhere in the PDF's text: printed where no font had
   * them, so left out of the comparison (never letters or digits of ASCII, so an emptied or
   * replaced text layer still fails).
   */
  unprintable: string[];
}

/** Compares the record's page text with a PDF's text, spaces ignored. */
export function compareText(expected: string, actual: string): TextComparison {
  const have = comparable(actual);
  const present = new Set(have);
  const unprintable = [...new Set(comparable(expected))].filter(
    (ch) => ch.codePointAt(0)! > 0x7e && !present.has(ch),
  );
  const drop = new Set(unprintable);
  const want = [...comparable(expected)].filter((ch) => !drop.has(ch)).join('');
  if (want === have) return { unprintable };
  let at = 0;
  while (at < want.length && at < have.length && want[at] === have[at]) at++;
  const context = want.slice(Math.max(0, at - SNIPPET), at);
  const show = (s: string): string =>
    at >= s.length ? 'nothing more' : JSON.stringify(s.slice(at, at + SNIPPET));
  return {
    difference: `after ${JSON.stringify(context)} the PDF has ${show(have)} where the signed record gives ${show(want)} (spaces ignored)`,
    unprintable,
  };
}

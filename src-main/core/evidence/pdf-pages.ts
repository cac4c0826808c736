/**
 * A digest of everything a PDF viewer draws: the document catalog (page tree, pages, their content
 * streams, fonts, images, annotations, actions, scripts) with the embedded files left out. Export
 * signs this digest along with the record's, so a verifier notices a PDF whose pages were drawn
 * over, covered or re-laid after export — edits that leave the text (and so a text comparison)
 * untouched.
 *
 * The digest walks the object graph, not the file's bytes: objects are hashed by what they hold,
 * never by their object numbers or position, so attaching the evidence (which rewrites the file)
 * does not change it. Keys that point back up the tree (`/Parent`) are left out; any other cycle
 * is hashed as a marker, the same way each time since the walk is in sorted-key order.
 */
import { createHash } from 'node:crypto';
import {
  PDFArray,
  PDFBool,
  PDFDict,
  PDFHexString,
  PDFName,
  PDFNull,
  PDFNumber,
  PDFRef,
  PDFStream,
  PDFString,
  type PDFContext,
  type PDFDocument,
  type PDFObject,
} from 'pdf-lib';

/** Catalog entries about files attached to the document, not about what it shows. */
const CATALOG_SKIP = new Set(['/AF', '/Metadata']);
/** Inside the catalog's /Names: the attachments themselves. */
const NAMES_SKIP = new Set(['/EmbeddedFiles']);
/** Back-references to a parent node: following them would walk the whole tree from every page. */
const ALWAYS_SKIP = new Set(['/Parent']);

/** SHA-256 (hex) of everything the document draws, its attachments left out. */
export function pagesDigest(pdf: PDFDocument): string {
  const walker = new Walker(pdf.context);
  return walker.dict(pdf.catalog, CATALOG_SKIP, true);
}

class Walker {
  private readonly memo = new Map<string, string>();
  private readonly active = new Set<string>();

  constructor(private readonly context: PDFContext) {}

  object(obj: PDFObject | undefined): string {
    if (obj === undefined) return h('undefined');
    if (obj instanceof PDFRef) return this.ref(obj);
    if (obj instanceof PDFStream) return this.stream(obj);
    if (obj instanceof PDFDict) return this.dict(obj, ALWAYS_SKIP, false);
    if (obj instanceof PDFArray)
      return h(
        `a[${obj
          .asArray()
          .map((o) => this.object(o))
          .join(',')}]`,
      );
    if (obj instanceof PDFName) return h(`n${obj.asString()}`);
    if (obj instanceof PDFNumber) return h(`i${obj.asNumber()}`);
    if (obj instanceof PDFString || obj instanceof PDFHexString) {
      return h(`s${Buffer.from(obj.asBytes()).toString('hex')}`);
    }
    if (obj instanceof PDFBool) return h(`b${obj.asBoolean()}`);
    if (obj === PDFNull) return h('null');
    return h(`?${obj.constructor.name}`);
  }

  private ref(ref: PDFRef): string {
    const tag = ref.tag;
    const known = this.memo.get(tag);
    if (known) return known;
    if (this.active.has(tag)) return h('cycle');
    this.active.add(tag);
    const digest = this.object(this.context.lookup(ref));
    this.active.delete(tag);
    this.memo.set(tag, digest);
    return digest;
  }

  dict(dict: PDFDict, skip: Set<string>, catalog: boolean): string {
    const parts = dict
      .entries()
      .map(([k, v]) => [k.asString(), v] as const)
      .filter(([k]) => !skip.has(k) && !ALWAYS_SKIP.has(k))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => (catalog && k === '/Names' ? this.names(v, k) : `${k}:${this.object(v)}`))
      .filter((part) => part !== '');
    return h(`d{${parts.join(',')}}`);
  }

  /** The catalog's name dictionary without its attachments; absent when nothing else is in it. */
  private names(value: PDFObject, key: string): string {
    const dict = value instanceof PDFRef ? this.context.lookup(value) : value;
    if (!(dict instanceof PDFDict)) return `${key}:${this.object(value)}`;
    const rest = dict.entries().filter(([k]) => !NAMES_SKIP.has(k.asString()));
    return rest.length === 0 ? '' : `${key}:${this.dict(dict, NAMES_SKIP, false)}`;
  }

  private stream(stream: PDFStream): string {
    const contents = createHash('sha256').update(stream.getContents()).digest('hex');
    return h(`x${this.dict(stream.dict, ALWAYS_SKIP, false)}:${contents}`);
  }
}

function h(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Tools of a forger, for the forgery corpus: read the signed document out of an export, change
 * the record, chain and sign it again with a key of one's own, render a page with a released
 * renderer, and rewrite PDFs and bundles.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chainGenesis, chainLink, chainedRecords } from '../../src-main/core/evidence/chain.js';
import { exportRenderer, rendererNamed } from '../../src-main/core/evidence/html-renderers.js';
import type { EvidenceKey } from '../../src-main/core/evidence/keys.js';
import type { EvidenceRecord } from '../../src-main/core/evidence/record.js';
import {
  signRecord,
  statementOf,
  type EvidenceDocument,
} from '../../src-main/core/evidence/sign.js';
import {
  readZip,
  writeZip,
  eachChunk,
  type ZipInput,
} from '../../src-main/core/evidence/zip-store.js';

/** The signed document inside a JSON export or an HTML page. */
export function documentOf(file: string): EvidenceDocument {
  const text = fs.readFileSync(file, 'utf8');
  if (!text.trimStart().startsWith('<')) return JSON.parse(text) as EvidenceDocument;
  const block = /<script type="application\/json" id="runlog-evidence">([\s\S]*?)<\/script>/.exec(
    text,
  );
  if (!block) throw new Error(`${file}: no evidence block`);
  return JSON.parse(block[1]!) as EvidenceDocument;
}

/** The run record of a document, as a copy to edit. */
export function recordOf(doc: EvidenceDocument): EvidenceRecord {
  return structuredClone(statementOf(doc).predicate);
}

/** Recomputes every chain link (over the attempts) and the head, as a careful forger would. */
export function rechain(record: EvidenceRecord): EvidenceRecord {
  let previous = chainGenesis(record.format);
  for (const item of chainedRecords(record)) {
    const { chain: _old, ...rest } = item;
    previous = chainLink(previous, rest);
    item.chain = previous;
  }
  record.chain.head = previous;
  return record;
}

/** Edits the record, re-chains it and signs it with the forger's key. */
export function resign(
  doc: EvidenceDocument,
  key: EvidenceKey,
  edit: (r: EvidenceRecord) => void,
): EvidenceDocument {
  const record = recordOf(doc);
  edit(record);
  return signRecord(rechain(record), key);
}

/** A page made by a released renderer from a document: by default the one export uses. */
export function page(doc: EvidenceDocument, generator?: string): string {
  const renderer = generator
    ? rendererNamed(generator)
    : exportRenderer(statementOf(doc).predicate.format);
  if (!renderer) throw new Error(`no renderer ${generator}`);
  return renderer.render(doc);
}

/** Writes a forged file into `dir` and returns its path. */
export function forged(dir: string, name: string, content: string | Uint8Array): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

/** Rewrites a bundle: each entry's bytes through `edit` (undefined drops it), plus `extra` ones. */
export function rebundle(
  source: string,
  out: string,
  edit: (name: string, data: Buffer) => Buffer | undefined,
  extra: ZipInput[] = [],
): string {
  const inputs: ZipInput[] = [];
  for (const entry of readZip(source)) {
    const parts: Buffer[] = [];
    eachChunk(source, entry.dataOffset, entry.size, (c) => parts.push(Buffer.from(c)));
    const data = edit(entry.name, Buffer.concat(parts));
    if (data) inputs.push({ name: entry.name, data });
  }
  writeZip(out, [...inputs, ...extra], new Date());
  return out;
}

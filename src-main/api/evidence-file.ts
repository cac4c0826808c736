/** An exported evidence file as it crosses a door: name, media type and content. */
import type { EvidenceFormat } from '../core/evidence/export.js';

const MEDIA_TYPES: Record<EvidenceFormat, string> = {
  html: 'text/html',
  json: 'application/json',
  pdf: 'application/pdf',
  bundle: 'application/zip',
};

/** File name extensions, where the format's name is not one. */
const EXTENSIONS: Partial<Record<EvidenceFormat, string>> = { bundle: 'zip' };

/** What `evidence:export` and `team:export` answer. */
export interface EvidenceFile {
  fileName: string;
  mediaType: string;
  content: string;
  encoding: 'utf8' | 'base64';
}

/** Wraps exported bytes for the wire: text as it is, binary as base64. */
export function evidenceFile(
  runbookId: string,
  runId: string,
  format: EvidenceFormat,
  content: string | Uint8Array,
): EvidenceFile {
  const binary = typeof content !== 'string';
  return {
    fileName: `runlog-${runbookId}-${runId}.${EXTENSIONS[format] ?? format}`,
    mediaType: MEDIA_TYPES[format],
    content: binary ? Buffer.from(content).toString('base64') : content,
    encoding: binary ? 'base64' : 'utf8',
  };
}

/**
 * Saves an exported evidence file through the browser's own download (a Blob and an
 * `<a download>`), which works the same in the desktop window and in a browser tab.
 */
import type { Responses } from '../../src-main/api/contract.js';

/** Time the object URL stays valid: long enough for the download to start. */
const REVOKE_AFTER_MS = 60_000;
/** Characters no file system of the three platforms accepts in a name. */
const UNSAFE_NAME_CHARS = /[\\/:*?"<>|]/;

function bytesOf(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Offers an `evidence:export` result to the operator as a file download. */
export function downloadExport(file: Responses['evidence:export']): void {
  const body = file.encoding === 'base64' ? bytesOf(file.content) : file.content;
  const url = URL.createObjectURL(new Blob([body], { type: file.mediaType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = [...file.fileName]
    .map((ch) => (UNSAFE_NAME_CHARS.test(ch) || ch < ' ' ? '_' : ch))
    .join('');
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}

/**
 * Canonical JSON (RFC 8785, "JCS"): one exact byte sequence per JSON value, so that a
 * hash or a signature over a record does not depend on key order or spacing.
 *
 * - object keys sorted by UTF-16 code units (what `Array.prototype.sort` does on strings);
 * - numbers in ECMAScript form (`Number.prototype.toString`, -0 written as 0);
 * - strings escaped exactly as `JSON.stringify` escapes them;
 * - no whitespace.
 *
 * Like `JSON.stringify`, object properties whose value is `undefined` are left out (so
 * optional TypeScript fields can be passed as they are). Lone UTF-16 surrogates are written
 * as `\udxxx` escapes, as `JSON.stringify` does, rather than refused.
 */

/** Raised for a value that has no canonical JSON form; the message names where it sits. */
export class CanonicalJsonError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CanonicalJsonError';
  }
}

/** Serializes a JSON value canonically; throws CanonicalJsonError for NaN, Infinity and non-JSON values. */
export function canonicalize(value: unknown): string {
  const parts: string[] = [];
  write(value, '$', parts);
  return parts.join('');
}

/** The canonical form as UTF-8 bytes: what hashes and signatures are computed over. */
export function canonicalBytes(value: unknown): Buffer {
  return Buffer.from(canonicalize(value), 'utf8');
}

function write(value: unknown, where: string, out: string[]): void {
  if (value === null) {
    out.push('null');
    return;
  }
  switch (typeof value) {
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'number':
      out.push(numberText(value, where));
      return;
    case 'string':
      out.push(JSON.stringify(value));
      return;
    case 'object':
      if (Array.isArray(value)) writeArray(value, where, out);
      else writeObject(value as Record<string, unknown>, where, out);
      return;
    default:
      throw new CanonicalJsonError(`${where}: a ${typeof value} has no JSON form`);
  }
}

function numberText(value: number, where: string): string {
  if (!Number.isFinite(value)) {
    throw new CanonicalJsonError(`${where}: ${value} is not a finite number; JSON cannot hold it`);
  }
  // ECMAScript's Number-to-String is the serialization RFC 8785 prescribes; it writes -0 as "0".
  return Object.is(value, -0) ? '0' : String(value);
}

function writeArray(items: unknown[], where: string, out: string[]): void {
  out.push('[');
  items.forEach((item, i) => {
    if (i > 0) out.push(',');
    if (item === undefined) {
      throw new CanonicalJsonError(`${where}[${i}]: undefined has no JSON form inside an array`);
    }
    write(item, `${where}[${i}]`, out);
  });
  out.push(']');
}

function writeObject(obj: Record<string, unknown>, where: string, out: string[]): void {
  const proto = Object.getPrototypeOf(obj);
  if (proto !== Object.prototype && proto !== null) {
    throw new CanonicalJsonError(`${where}: only plain objects have a JSON form`);
  }
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  out.push('{');
  keys.forEach((key, i) => {
    if (i > 0) out.push(',');
    out.push(JSON.stringify(key), ':');
    write(obj[key], `${where}.${key}`, out);
  });
  out.push('}');
}

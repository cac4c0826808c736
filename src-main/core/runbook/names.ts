/**
 * Step names that stay the same when unrelated parts of the runbook change. A derived name
 * depends only on the nearest heading above the step and the step's position among the steps
 * of the same kind under that heading (checklists: on their own question), so editing prose
 * or adding a step under another heading renames nothing. History, the CLI and evidence refer
 * to steps by these names.
 */
import type { StepKind } from './model.js';
import type { HeadingInfo } from './outline.js';

/** Long enough to tell questions apart, short enough to type on a command line. */
export const MAX_SLUG_LENGTH = 48;

/** Lower-case ASCII slug of a text, cut at a word boundary near `max` characters. */
export function slugify(text: string, max = MAX_SLUG_LENGTH): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= max) return slug;
  const cut = slug.slice(0, max + 1);
  const boundary = cut.lastIndexOf('-');
  return (boundary > 0 ? cut.slice(0, boundary) : slug.slice(0, max)).replace(/-+$/, '');
}

/**
 * A key per heading: its slug, or, when several headings share that slug, the parent heading's
 * slug in front of it (`linux-verify`, `macos-verify`), numbered only if that still repeats.
 */
export function headingKeys(headings: HeadingInfo[]): string[] {
  const slugs = headings.map((h) => slugify(h.text));
  const counts = new Map<string, number>();
  for (const slug of slugs) counts.set(slug, (counts.get(slug) ?? 0) + 1);
  const ancestors: number[] = [];
  const keys = headings.map((heading, index) => {
    while (ancestors.length && headings[ancestors[ancestors.length - 1]!]!.depth >= heading.depth) {
      ancestors.pop();
    }
    const parent = ancestors[ancestors.length - 1];
    ancestors.push(index);
    const slug = slugs[index] as string;
    if (slug === '' || counts.get(slug) === 1) return slug;
    const parentSlug = parent === undefined ? '' : (slugs[parent] as string);
    return parentSlug ? `${parentSlug}-${slug}` : slug;
  });
  const seen = new Map<string, number>();
  return keys.map((key) => {
    if (key === '') return key;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return n === 1 ? key : `${key}-part-${n}`;
  });
}

/** What naming needs to know about one step. */
export interface NameRequest {
  explicit?: string;
  kind: StepKind;
  /** Index of the nearest heading above, or -1. */
  heading: number;
  /** Checklist question. */
  question?: string;
}

function baseName(request: NameRequest, keys: string[]): string {
  if (request.kind === 'checklist') return slugify(request.question ?? '') || 'checklist';
  const key = request.heading >= 0 ? (keys[request.heading] ?? '') : '';
  if (!key) return request.kind;
  return request.kind === 'command' ? key : `${key}-${request.kind}`;
}

/**
 * Names for every step, in order: explicit names as written (a name written again is numbered
 * like Runme numbers it: `x-2`, `x-3`; the parser warns), derived names numbered per heading and
 * kind, then made unique against all others.
 */
export function assignNames(requests: NameRequest[], headings: HeadingInfo[]): string[] {
  const keys = headingKeys(headings);
  const used = new Set(requests.flatMap((r) => (r.explicit ? [r.explicit] : [])));
  const ordinals = new Map<string, number>();
  const nextSuffix = new Map<string, number>();
  const explicitSeen = new Map<string, number>();
  return requests.map((request) => {
    let candidate: string;
    if (request.explicit) {
      const n = (explicitSeen.get(request.explicit) ?? 0) + 1;
      explicitSeen.set(request.explicit, n);
      if (n === 1) return request.explicit;
      candidate = `${request.explicit}-${n}`;
    } else {
      candidate = derivedCandidate(request, keys, ordinals);
    }
    let name = candidate;
    for (let n = nextSuffix.get(candidate) ?? 2; used.has(name); n++) {
      name = `${candidate}-${n}`;
      nextSuffix.set(candidate, n + 1);
    }
    used.add(name);
    return name;
  });
}

/** A derived name before it is made unique: the heading's key, numbered per heading and kind. */
function derivedCandidate(
  request: NameRequest,
  keys: string[],
  ordinals: Map<string, number>,
): string {
  const base = baseName(request, keys);
  if (request.kind === 'checklist') return base;
  const n = (ordinals.get(base) ?? 0) + 1;
  ordinals.set(base, n);
  return n === 1 ? base : `${base}-${n}`;
}

/**
 * Questions asked of a parsed tnsnames.ora by both the command that adds `(ENABLE=BROKEN)` and
 * the one that verifies it, so that the two can never disagree about what counts.
 */
import type { TnsEntry, TnsGroup } from './tns-parser.js';

/** An `--alias` that names no entry of the file. */
export class UnknownAliasError extends Error {
  override name = 'UnknownAliasError';
}

/** The entries named by `aliases` (any letter case), or all; throws for an unknown alias. */
export function selectEntries(entries: TnsEntry[], aliases: string[] | undefined): TnsEntry[] {
  if (!aliases || aliases.length === 0) return entries;
  const wanted = aliases.map((a) => a.toUpperCase());
  const known = new Set(entries.flatMap((e) => e.aliases.map((a) => a.toUpperCase())));
  const unknown = aliases.filter((a) => !known.has(a.toUpperCase()));
  if (unknown.length > 0) {
    throw new UnknownAliasError(`no entry is named ${unknown.join(', ')}`);
  }
  return entries.filter((e) => e.aliases.some((a) => wanted.includes(a.toUpperCase())));
}

/** Every DESCRIPTION group, at any depth (under DESCRIPTION_LIST, for instance). */
export function descriptionsOf(groups: TnsGroup[]): TnsGroup[] {
  const found: TnsGroup[] = [];
  for (const group of groups) {
    if (group.keyword.toUpperCase() === 'DESCRIPTION') found.push(group);
    found.push(...descriptionsOf(group.children));
  }
  return found;
}

/** True for an `(ENABLE = BROKEN)` group, in any case or spacing. */
export function isEnableBroken(group: TnsGroup): boolean {
  return (
    group.keyword.toUpperCase() === 'ENABLE' &&
    group.children.length === 0 &&
    group.values.length === 1 &&
    unquote(group.values[0].text).toUpperCase() === 'BROKEN'
  );
}

/** The `(ENABLE=BROKEN)` groups directly inside a DESCRIPTION, the only place Oracle reads it. */
export function enableBrokenChildren(description: TnsGroup): TnsGroup[] {
  return description.children.filter(isEnableBroken);
}

/** Every ENABLE group at any depth below `groups`, with the keyword of the group holding it. */
export function enableGroupsBelow(
  groups: TnsGroup[],
  parent = '',
): Array<{ group: TnsGroup; parent: string }> {
  const found: Array<{ group: TnsGroup; parent: string }> = [];
  for (const group of groups) {
    if (group.keyword.toUpperCase() === 'ENABLE') found.push({ group, parent });
    found.push(...enableGroupsBelow(group.children, group.keyword));
  }
  return found;
}

/** A value without its surrounding quotes. */
export function unquote(value: string): string {
  return /^(["']).*\1$/.test(value) ? value.slice(1, -1) : value;
}

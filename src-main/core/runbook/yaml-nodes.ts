/**
 * Small readers over YAML nodes, shared by the front matter's keys and its parameters. TOML front
 * matter is read into the same nodes, so one set of rules serves both formats.
 */
import { isScalar, isSeq, type Node as YamlNode } from 'yaml';

/** Where a node is in the file: [line, column], 1-based (`fallback` when the node has no place). */
export type At = (
  node: YamlNode | null | undefined,
  fallback?: YamlNode | null,
) => [number, number];

/** A scalar's value as text, or undefined for a map, a list or null. */
export function text(node: YamlNode | null | undefined): string | undefined {
  if (!isScalar(node) || node.value === null || typeof node.value === 'object') return undefined;
  return String(node.value);
}

/** A list of scalars (or one comma-separated string) with each item's node. */
export function listOf(
  node: YamlNode | null | undefined,
): Array<{ value: string; node: YamlNode }> | undefined {
  if (isSeq(node)) {
    const items = node.items as YamlNode[];
    if (!items.every((item) => text(item) !== undefined)) return undefined;
    return items.map((item) => ({ value: text(item) as string, node: item }));
  }
  const single = text(node);
  if (single === undefined || !node) return undefined;
  return single.split(',').map((value) => ({ value: value.trim(), node }));
}

/**
 * The document split for display: prose between the steps, as the author's own Markdown, and a
 * marker for each step. The UI renders prose chunks as Markdown and steps as cells.
 */
import type { Segment } from './model.js';

/** Where a step sits in the file: lines [line, endLine). */
export interface StepRange {
  name: string;
  line: number;
  endLine: number;
}

/**
 * Removes up to the first line's indentation from every line, so prose cut out of a list item
 * (after a code block in it, say) is not mistaken for an indented code block.
 */
function dedent(lines: string[]): string[] {
  const first = lines.find((l) => l.trim() !== '');
  const indent = first ? (/^[ \t]*/.exec(first)?.[0].length ?? 0) : 0;
  if (indent === 0) return lines;
  return lines.map((l) => l.replace(new RegExp(`^[ \\t]{0,${indent}}`), ''));
}

function proseBetween(lines: string[], from: number, to: number): Segment | undefined {
  const chunk = lines.slice(from - 1, Math.max(from - 1, to - 1));
  while (chunk.length && chunk[0]!.trim() === '') chunk.shift();
  while (chunk.length && chunk[chunk.length - 1]!.trim() === '') chunk.pop();
  if (chunk.length === 0) return undefined;
  return { kind: 'prose', markdown: dedent(chunk).join('\n') + '\n' };
}

/** Splits `lines` (the whole file) from `firstLine` on into prose and step segments. */
export function buildSegments(lines: string[], firstLine: number, steps: StepRange[]): Segment[] {
  const segments: Segment[] = [];
  let cursor = firstLine;
  const ordered = [...steps].sort((a, b) => a.line - b.line);
  for (const step of ordered) {
    const prose = proseBetween(lines, cursor, step.line);
    if (prose) segments.push(prose);
    segments.push({ kind: 'step', name: step.name });
    cursor = Math.max(cursor, step.endLine);
  }
  const tail = proseBetween(lines, cursor, lines.length + 1);
  if (tail) segments.push(tail);
  return segments;
}

/**
 * Optional sections and checklist items, marked in plain words so the runbook still reads well
 * on GitHub: a heading that starts with "Optional:" (after a section number such as "5.") or
 * holds "(optional)" makes every step of its section optional, nested sections included; a
 * checklist item whose question does the same is optional by itself.
 */
import type { HeadingInfo } from './outline.js';

/** "Optional:" at the start (a leading "5." or "5)" allowed) or "(optional)" anywhere. */
const OPTIONAL_MARK = /^(?:[0-9A-Za-z]{1,3}[.)]\s+)?optional\s*:|\(optional\)/i;

/** True when a heading or a checklist question marks itself optional. */
export function marksOptional(text: string): boolean {
  return OPTIONAL_MARK.test(text.trim());
}

/**
 * For each heading, whether its section is optional: marked itself, or inside a section that
 * is (a heading's section runs to the next heading of the same or a higher level).
 */
export function optionalSections(headings: HeadingInfo[]): boolean[] {
  const result: boolean[] = [];
  const open: number[] = [];
  headings.forEach((heading, index) => {
    while (open.length && headings[open[open.length - 1]!]!.depth >= heading.depth) open.pop();
    const parent = open[open.length - 1];
    result.push(marksOptional(heading.text) || (parent !== undefined && result[parent] === true));
    open.push(index);
  });
  return result;
}

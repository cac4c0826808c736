/**
 * Reading a Team Cymru bogon list: comment lines, the optional `# last updated` header, and one
 * CIDR prefix per line. Every line that is not a valid prefix is collected (never silently
 * dropped), because an ACL missing a prefix is a hole in the filter nobody will notice.
 */
import { parseCidr, type Cidr } from './cidr.js';

/** A line that is not a usable prefix; `line` is 1-based. */
export interface BadLine {
  line: number;
  text: string;
  reason: string;
}

/** What a bogon list contains. */
export interface BogonList {
  /** Prefixes in file order. */
  entries: Cidr[];
  /** The `# last updated <epoch> (<date>)` header, if the list has one. */
  lastUpdated?: { epoch: number; text: string };
  /** Lines that are neither comments, blank, nor valid prefixes. */
  problems: BadLine[];
}

/** Team Cymru's header: `# last updated 1647435002 (Wed Mar 16 12:50:02 2022 GMT)`. */
const LAST_UPDATED = /^#\s*last updated\s+([0-9]+)(?:\s+\((.*)\))?\s*$/i;

/** Parses the text of a bogon list; never throws, problems are returned with their lines. */
export function parseBogonList(text: string): BogonList {
  const list: BogonList = { entries: [], problems: [] };
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const raw = lines[index].replace(/\r$/, '');
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      const header = LAST_UPDATED.exec(line);
      if (header && !list.lastUpdated) {
        list.lastUpdated = { epoch: Number(header[1]), text: line.replace(/^#\s*/, '') };
      }
      continue;
    }
    const parsed = parseCidr(line);
    if (parsed.ok) list.entries.push(parsed.cidr);
    else list.problems.push({ line: index + 1, text: raw, reason: parsed.reason });
  }
  return list;
}

/** `file:line: reason` lines for a person to read, one per bad line. */
export function describeBadLines(source: string, problems: BadLine[]): string {
  return problems.map((p) => `${source}:${p.line}: ${p.reason}\n`).join('');
}

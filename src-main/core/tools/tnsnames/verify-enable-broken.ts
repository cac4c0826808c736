/**
 * Verifying that tnsnames.ora really asks for keepalives: every DESCRIPTION must hold exactly
 * one `(ENABLE=BROKEN)` of its own. Counting the words in the file is not enough: two in one
 * DESCRIPTION hide a missing one in another, and one inside an ADDRESS is ignored by Oracle.
 * The file is read with the same parser that adds the setting, so both agree on the structure.
 */
import { parseTnsnames, type TnsGroup } from './tns-parser.js';
import {
  descriptionsOf,
  enableBrokenChildren,
  enableGroupsBelow,
  isEnableBroken,
  selectEntries,
  unquote,
} from './tns-queries.js';

/** One thing found wrong (`error`) or worth knowing (`note`). */
export interface VerifyFinding {
  level: 'error' | 'note';
  line: number;
  column: number;
  message: string;
}

/** What {@link verifyEnableBroken} found. */
export interface VerifyResult {
  /** DESCRIPTIONs in scope. */
  descriptions: number;
  /** Those with exactly one `(ENABLE=BROKEN)` of their own. */
  enabled: number;
  findings: VerifyFinding[];
}

/**
 * Checks every DESCRIPTION in scope (all entries, or those named by `aliases`). Throws
 * TnsSyntaxError for a malformed file and UnknownAliasError for an alias the file lacks.
 */
export function verifyEnableBroken(text: string, aliases?: string[]): VerifyResult {
  const file = parseTnsnames(text);
  const result: VerifyResult = { descriptions: 0, enabled: 0, findings: [] };
  const add = (level: VerifyFinding['level'], group: TnsGroup, message: string): void => {
    result.findings.push({ level, line: group.open.line, column: group.open.column, message });
  };
  for (const entry of selectEntries(file.entries, aliases)) {
    const alias = entry.aliases[0];
    if (entry.bare) {
      const what = entry.aliases.some((a) => a.toUpperCase() === 'IFILE')
        ? `IFILE ${unquote(entry.bare.text)} is not checked here; verify that file as well`
        : `${alias} holds no DESCRIPTION; nothing to check there`;
      result.findings.push({ level: 'note', line: entry.line, column: 1, message: what });
      continue;
    }
    const descriptions = descriptionsOf(entry.groups);
    if (descriptions.length === 0) {
      result.findings.push({
        level: 'note',
        line: entry.line,
        column: 1,
        message: `${alias} holds no DESCRIPTION (an address alias, for instance); nothing to check`,
      });
    }
    for (const description of descriptions) {
      result.descriptions += 1;
      const own = enableBrokenChildren(description);
      if (own.length === 1) result.enabled += 1;
      else if (own.length === 0) {
        add('error', description, `the DESCRIPTION of ${alias} has no (ENABLE=BROKEN) of its own`);
      } else {
        const lines = own.map((g) => g.open.line).join(', ');
        add(
          'error',
          description,
          `the DESCRIPTION of ${alias} has (ENABLE=BROKEN) ${own.length} times ` +
            `(lines ${lines}); keep one`,
        );
      }
    }
    for (const { group, parent } of enableGroupsBelow(entry.groups)) {
      if (parent.toUpperCase() !== 'DESCRIPTION') {
        add(
          'note',
          group,
          `(ENABLE=…) inside ${parent || 'the entry'} of ${alias} is ignored there`,
        );
      } else if (!isEnableBroken(group)) {
        add(
          'note',
          group,
          `${alias}: ENABLE=${group.values.map((v) => v.text).join(' ')} is not BROKEN`,
        );
      }
    }
  }
  result.findings.sort((a, b) => a.line - b.line || a.column - b.column);
  return result;
}

/**
 * After the drafts: every step gets its name, the problems that concern it alone, the name Runme
 * gives it (an alias, when it differs), and the document-wide settings it inherits. Everything
 * here is about one step at a time; the runbook as a whole stays runnable.
 */
import type { Draft } from './step-drafts.js';
import type { Outline, Block } from './outline.js';
import type { Step } from './model.js';
import { assignNames, type NameRequest } from './names.js';
import type { ProblemList } from './problems.js';
import { runmeNames } from './runme-names.js';

/** Names every draft and reports what naming found (repeated names and ids). */
export function nameDrafts(drafts: Draft[], outline: Outline, problems: ProblemList): void {
  const requests: NameRequest[] = drafts.map((d, i) => ({
    explicit: d.explicit,
    kind: d.step.kind,
    heading: (outline.blocks[i] as Block).heading,
    question: d.step.kind === 'checklist' ? d.step.text : undefined,
  }));
  const names = assignNames(requests, outline.headings);
  const explicitSeen = new Set<string>();
  drafts.forEach((draft, i) => {
    const name = names[i] as string;
    draft.step.name = name;
    if (draft.explicit && explicitSeen.has(draft.explicit)) {
      problems.warn(
        draft.step.line,
        draft.nameColumn,
        `duplicate step name "${draft.explicit}": this step is called "${name}" (as Runme numbers it)`,
      );
    }
    if (draft.explicit) explicitSeen.add(draft.explicit);
    for (const e of draft.errors)
      problems.error(e.line, e.column, `step "${name}": ${e.message}`, name);
  });
  addRunmeAliases(drafts);
  checkIds(
    drafts.map((d) => d.step),
    problems,
  );
}

/** Runme's name for each fenced block, as an alias where it differs and names no other step. */
function addRunmeAliases(drafts: Draft[]): void {
  const fences = drafts.filter((d) => d.fence);
  const runme = runmeNames(fences.map((d) => ({ name: d.writtenName, text: d.step.text })));
  const taken = new Set(drafts.map((d) => d.step.name));
  const given = new Set<string>();
  fences.forEach((draft, i) => {
    const step = draft.step;
    const aliases = (step.aliases ?? []).filter((a) => a !== step.name && !taken.has(a));
    const alias = runme[i] as string;
    if (alias && alias !== step.name && !taken.has(alias)) aliases.unshift(alias);
    const unique = [...new Set(aliases)].filter((a) => !given.has(a));
    unique.forEach((a) => given.add(a));
    if (unique.length > 0) step.aliases = unique;
    else delete step.aliases;
  });
}

/** A cell id names one cell: a repeated one is dropped from the later cells, with a warning. */
function checkIds(steps: Step[], problems: ProblemList): void {
  const seen = new Map<string, string>();
  for (const step of steps) {
    if (step.id === undefined) continue;
    const owner = seen.get(step.id);
    if (owner === undefined) {
      seen.set(step.id, step.name);
      continue;
    }
    problems.warn(
      step.line,
      1,
      `step "${step.name}": id "${step.id}" is already the id of step "${owner}"; it is ignored here`,
    );
    delete step.id;
  }
}

/** Settings of the whole document that every step takes unless it says otherwise. */
export function inheritDocumentSettings(
  steps: Step[],
  doc: { categories?: string[]; terminalRows?: number },
): void {
  for (const step of steps) {
    if (doc.categories?.length)
      step.categories = [...new Set([...doc.categories, ...(step.categories ?? [])])];
    if (
      doc.terminalRows !== undefined &&
      step.terminalRows === undefined &&
      step.kind === 'command'
    )
      step.terminalRows = doc.terminalRows;
  }
}

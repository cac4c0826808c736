/**
 * Markdown runbook → Runbook model (SPEC §1). Never throws: whatever is wrong with a file
 * becomes a Problem with its line and column, so one bad file never hides the others.
 */
import { NAME_PATTERN } from './attribute-values.js';
import { decodeSource } from './decode.js';
import { readFrontMatter, type FrontMatter } from './front-matter.js';
import { LANGUAGES } from './languages.js';
import type { Platform, Runbook, Step } from './model.js';
import { slugify } from './names.js';
import { outlineOf, type Block, type Outline } from './outline.js';
import { optionalSections } from './optional.js';
import { ProblemList } from './problems.js';
import { buildSegments } from './segments.js';
import { CONFIG_LANGUAGES, fenceDraft, taskDraft, type Draft } from './step-drafts.js';
import { inheritDocumentSettings, nameDrafts } from './step-names.js';

/** Larger than any real runbook; past this the file is refused rather than lexed. */
export const MAX_RUNBOOK_BYTES = 16 * 1024 * 1024;

/** Fence languages run as commands: Runme's table and Runlog's (languages.ts). */
export const COMMAND_LANGUAGES: ReadonlySet<string> = new Set(
  Object.keys(LANGUAGES).filter((l) => l !== ''),
);

export { CONFIG_LANGUAGES };

/** Shell used for POSIX blocks when the front matter does not say. */
const DEFAULT_SHELL = 'bash';

/** Options of {@link parseRunbook}. */
export interface ParseOptions {
  /** The file ships with Runlog (trusted, read-only). */
  bundled?: boolean;
}

/** Parses one runbook file. `file` is reported in problems and kept as the runbook's path. */
export function parseRunbook(
  source: string | Uint8Array,
  file: string,
  options: ParseOptions = {},
): Runbook {
  const problems = new ProblemList(file);
  const runbook = emptyRunbook(file, options.bundled === true, problems);
  try {
    parseInto(runbook, source, problems);
  } catch (err) {
    problems.error(1, 1, `the parser failed on this file: ${(err as Error)?.message ?? err}`);
  }
  // In file order, whatever order the checks found them in.
  runbook.problems = problems.items
    .map((p, i) => ({ p, i }))
    .sort((a, b) => a.p.line - b.p.line || a.p.column - b.p.column || a.i - b.i)
    .map(({ p }) => p);
  return runbook;
}

function emptyRunbook(file: string, bundled: boolean, problems: ProblemList): Runbook {
  const id = idFromFileName(file, problems);
  return {
    id,
    title: id,
    platforms: [],
    tags: [],
    shell: DEFAULT_SHELL,
    params: [],
    steps: [],
    segments: [],
    file,
    sha256: '',
    problems: [],
    bundled,
  };
}

function idFromFileName(file: string, problems: ProblemList): string {
  const base = (file.split(/[\\/]/).pop() ?? '').replace(/\.md$/i, '');
  if (NAME_PATTERN.test(base)) return base;
  const id = slugify(base) || 'runbook';
  problems.warn(
    1,
    1,
    `the file name is not a slug; its id is "${id}" (set id in the front matter)`,
  );
  return id;
}

function parseInto(runbook: Runbook, source: string | Uint8Array, problems: ProblemList): void {
  const decoded = decodeSource(source);
  runbook.sha256 = decoded.sha256;
  if (decoded.bad) {
    const { line, column, what } = decoded.bad;
    problems.error(line, column, `not a UTF-8 text file: ${what}`);
    return;
  }
  if (decoded.byteLength > MAX_RUNBOOK_BYTES) {
    problems.error(1, 1, `the file is larger than ${MAX_RUNBOOK_BYTES / 1024 / 1024} MB`);
    return;
  }
  const lines = decoded.text.split('\n');
  const fm = readFrontMatter(lines, problems);
  const blanked = lines.map((l, i) => (i + 1 < fm.bodyLine ? '' : l)).join('\n');
  const outline = outlineOf(blanked);
  applyFrontMatter(runbook, fm, outline);
  runbook.steps = buildSteps(outline, runbook, lines, problems);
  checkRules(runbook.steps, problems);
  runbook.segments = buildSegments(
    lines,
    fm.bodyLine,
    runbook.steps.map((step, i) => ({
      name: step.name,
      line: step.line,
      endLine: endOf(outline.blocks[i]),
    })),
  );
}

/** Outcome attributes that cannot mean anything where they are written. */
function checkRules(steps: Step[], problems: ProblemList): void {
  const options = new Map<string, Set<string>>();
  for (const step of steps) {
    const rules = step.rules ?? {};
    const warn = (what: string) => problems.warn(step.line, 1, `step "${step.name}": ${what}`);
    if (rules.deviceRequired && step.kind !== 'config')
      warn('device=required applies to config steps only; it is ignored here');
    if (step.kind !== 'command' && (rules.openEnded || rules.expectFailure))
      warn('openEnded and expect apply to command steps only; they are ignored here');
    const alternative = rules.alternative;
    if (!alternative) continue;
    const set = options.get(alternative.group) ?? new Set<string>();
    set.add(alternative.option || step.name);
    options.set(alternative.group, set);
  }
  for (const [group, set] of options) {
    if (set.size > 1) continue;
    const first = steps.find((s) => s.rules?.alternative?.group === group)!;
    problems.warn(
      first.line,
      1,
      `alternative group "${group}" has a single option; give the other option's steps alternative=${group} too`,
    );
  }
}

function endOf(block: Block | undefined): number {
  return block ? block.endLine : 0;
}

function applyFrontMatter(runbook: Runbook, fm: FrontMatter, outline: Outline): void {
  if (fm.id) runbook.id = fm.id;
  const h1 = outline.headings.find((h) => h.depth === 1);
  runbook.title = fm.title ?? h1?.text ?? runbook.id;
  if (fm.summary !== undefined) runbook.summary = fm.summary;
  if (fm.source !== undefined) runbook.source = fm.source;
  runbook.platforms = fm.platforms ?? [];
  runbook.tags = fm.tags;
  runbook.shell = fm.shell ?? DEFAULT_SHELL;
  runbook.params = fm.params;
  if (fm.cwd !== undefined) runbook.cwd = fm.cwd;
  if (fm.skipPrompts !== undefined) runbook.skipPrompts = fm.skipPrompts;
  if (fm.terminalRows !== undefined) runbook.terminalRows = fm.terminalRows;
  if (fm.categories?.length) runbook.categories = [...new Set(fm.categories)];
  if (fm.runme) runbook.runme = fm.runme;
}

function buildSteps(
  outline: Outline,
  runbook: Runbook,
  lines: string[],
  problems: ProblemList,
): Step[] {
  const platforms: Platform[] = runbook.platforms;
  const drafts = outline.blocks.map((block) =>
    block.type === 'task'
      ? taskDraft(block, outline, platforms)
      : fenceDraft(block, outline, platforms, lines, problems),
  );
  markOptionalSections(drafts, outline);
  nameDrafts(drafts, outline, problems);
  const steps = drafts.map((d) => d.step);
  inheritDocumentSettings(steps, runbook);
  return steps;
}

/** Steps under an optional heading are optional, whatever their own attributes say. */
function markOptionalSections(drafts: Draft[], outline: Outline): void {
  const optional = optionalSections(outline.headings);
  drafts.forEach((draft, i) => {
    const heading = (outline.blocks[i] as Block).heading;
    if (heading >= 0 && optional[heading])
      draft.step.rules = { ...draft.step.rules, optional: true };
  });
}

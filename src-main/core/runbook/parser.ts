/**
 * Markdown runbook → Runbook model (SPEC §1). Never throws: whatever is wrong with a file
 * becomes a Problem with its line and column, so one bad file never hides the others.
 */
import {
  NAME_PATTERN,
  parseInfoString,
  typeAttributes,
  type StepAttributes,
} from './attributes.js';
import { decodeSource } from './decode.js';
import { readFrontMatter, type FrontMatter } from './front-matter.js';
import type { Platform, Runbook, Step, StepKind } from './model.js';
import { assignNames, slugify, type NameRequest } from './names.js';
import { outlineOf, type Block, type FenceBlock, type Outline } from './outline.js';
import { marksOptional, optionalSections } from './optional.js';
import { ProblemList } from './problems.js';
import { buildSegments } from './segments.js';

/** Larger than any real runbook; past this the file is refused rather than lexed. */
export const MAX_RUNBOOK_BYTES = 16 * 1024 * 1024;

/** Fence languages run as commands (SPEC §1). */
export const COMMAND_LANGUAGES: ReadonlySet<string> = new Set([
  'sh', 'bash', 'zsh', 'shell', 'powershell', 'pwsh', 'ps1', 'cmd', 'bat', 'perl', 'python',
]); // prettier-ignore

/** Fence languages holding device configuration (SPEC §1). */
export const CONFIG_LANGUAGES: ReadonlySet<string> = new Set([
  'cisco', 'ios', 'asa', 'junos', 'config',
]); // prettier-ignore

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
  runbook.problems = problems.items;
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
  runbook.steps = buildSteps(outline, runbook.platforms, lines, problems);
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
}

interface Draft {
  step: Step;
  explicit?: string;
  nameColumn: number;
}

function buildSteps(
  outline: Outline,
  platforms: Platform[],
  lines: string[],
  problems: ProblemList,
): Step[] {
  const drafts = outline.blocks.map((block) =>
    block.type === 'task'
      ? taskDraft(block, outline, platforms)
      : fenceDraft(block, outline, platforms, lines, problems),
  );
  markOptionalSections(drafts, outline);
  const requests: NameRequest[] = drafts.map((d, i) => ({
    explicit: d.explicit,
    kind: d.step.kind,
    heading: (outline.blocks[i] as Block).heading,
    question: d.step.kind === 'checklist' ? d.step.text : undefined,
  }));
  const names = assignNames(requests, outline.headings);
  const explicitSeen = new Set<string>();
  drafts.forEach((draft, i) => {
    draft.step.name = names[i] as string;
    if (!draft.explicit) return;
    if (explicitSeen.has(draft.explicit)) {
      problems.error(draft.step.line, draft.nameColumn, `duplicate step name "${draft.explicit}"`);
    }
    explicitSeen.add(draft.explicit);
  });
  return drafts.map((d) => d.step);
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

function baseStep(
  kind: StepKind,
  line: number,
  heading: string | undefined,
  platforms: Platform[],
): Step {
  const step: Step = {
    name: '',
    kind,
    language: '',
    text: '',
    line,
    platforms: [...platforms],
    sudo: false,
    artifacts: [],
    expect: [0],
    interactive: true,
    excludeFromRunAll: false,
    attributes: {},
    rules: {},
  };
  if (heading !== undefined) step.heading = heading;
  return step;
}

function taskDraft(
  block: Extract<Block, { type: 'task' }>,
  outline: Outline,
  platforms: Platform[],
): Draft {
  const heading = outline.headings[block.heading]?.text;
  const step = baseStep('checklist', block.line, heading, platforms);
  step.text = block.question;
  step.checked = block.checked;
  if (marksOptional(block.question)) step.rules = { optional: true };
  return { step, nameColumn: 1 };
}

function kindOfLanguage(language: string): StepKind {
  const lower = language.toLowerCase();
  if (COMMAND_LANGUAGES.has(lower)) return 'command';
  if (CONFIG_LANGUAGES.has(lower)) return 'config';
  return 'display';
}

function fenceDraft(
  block: FenceBlock,
  outline: Outline,
  platforms: Platform[],
  lines: string[],
  problems: ProblemList,
): Draft {
  const original = lines[block.line - 1] ?? '';
  const shift = original.endsWith(block.openingLine)
    ? original.length - block.openingLine.length
    : 0;
  const column = (infoIndex: number): number => shift + block.infoOffset + infoIndex + 1;
  if (!block.closed) {
    problems.error(block.line, shift + 1, 'this code block is never closed: add the closing fence');
  }
  const info = parseInfoString(block.info);
  if (info.error) problems.error(block.line, column(info.error.offset), info.error.message);
  if (info.ignored) {
    problems.warn(
      block.line,
      column(info.ignored.offset),
      `text after the language is ignored: "${info.ignored.text}"`,
    );
  }
  const typed = typeAttributes(info.attributes, (attribute, severity, message) => {
    const report = severity === 'error' ? problems.error : problems.warn;
    report.call(problems, block.line, column(attribute.offset), message);
  });
  const byLanguage = kindOfLanguage(info.language);
  const kind = typed.kind ?? byLanguage;
  if (kind === 'command' && byLanguage !== 'command') {
    problems.warn(
      block.line,
      column(0),
      `kind=command on "${info.language || 'no language'}": Runlog runs only ${[...COMMAND_LANGUAGES].join(', ')}`,
    );
  }
  const heading = outline.headings[block.heading]?.text;
  const step = baseStep(kind, block.line, heading, typed.platforms ?? platforms);
  step.language = info.language;
  step.text = block.text;
  step.attributes = Object.fromEntries(info.attributes.map((a) => [a.key, a.value]));
  applyTyped(step, typed);
  const nameAttribute = info.attributes.find((a) => a.key === 'name');
  return {
    step,
    explicit: typed.name,
    nameColumn: nameAttribute ? column(nameAttribute.offset) : shift + 1,
  };
}

function applyTyped(step: Step, typed: StepAttributes): void {
  if (typed.sudo !== undefined) step.sudo = typed.sudo;
  if (typed.interactive !== undefined) step.interactive = typed.interactive;
  if (typed.excludeFromRunAll !== undefined) step.excludeFromRunAll = typed.excludeFromRunAll;
  if (typed.timeout !== undefined) step.timeout = typed.timeout;
  if (typed.cwd !== undefined) step.cwd = typed.cwd;
  if (typed.artifacts !== undefined) step.artifacts = typed.artifacts;
  if (typed.expect !== undefined) step.expect = typed.expect;
  if (typed.confirm !== undefined) step.confirm = typed.confirm;
  if (typed.rules !== undefined) step.rules = { ...step.rules, ...typed.rules };
}

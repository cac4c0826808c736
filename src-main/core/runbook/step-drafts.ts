/**
 * One step drafted from one block of the outline, before names are given: its kind, its typed
 * attributes, what Runme reads in its text (prompts, exported variables), and the problems that
 * concern it alone (they are attached to the step once it has a name).
 */
import { typeAttributes, type StepAttributes } from './attributes.js';
import { parseInfoString } from './info-string.js';
import { isRunnableLanguage, languageSpec } from './languages.js';
import type { Platform, Step, StepKind } from './model.js';
import type { Block, FenceBlock, Outline } from './outline.js';
import { marksOptional } from './optional.js';
import type { ProblemList } from './problems.js';
import { exportPrompts, stripPrompts } from './shell-text.js';

/** Fence languages holding device configuration (SPEC §1). */
export const CONFIG_LANGUAGES: ReadonlySet<string> = new Set([
  'cisco', 'ios', 'asa', 'junos', 'config',
]); // prettier-ignore

/** A problem that keeps only this step from running, placed before the step has its name. */
export interface StepError {
  line: number;
  column: number;
  message: string;
}

/** A step before naming, with what naming and the checks after it need. */
export interface Draft {
  step: Step;
  explicit?: string;
  /** The `name` attribute as written (Runme names the cell by it). */
  writtenName?: string;
  nameColumn: number;
  errors: StepError[];
  /** A fenced block (Runme names every one of them), as opposed to a checklist item. */
  fence: boolean;
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

/** A checklist item: its question is its text. */
export function taskDraft(
  block: Extract<Block, { type: 'task' }>,
  outline: Outline,
  platforms: Platform[],
): Draft {
  const heading = outline.headings[block.heading]?.text;
  const step = baseStep('checklist', block.line, heading, platforms);
  step.text = block.question;
  step.checked = block.checked;
  if (marksOptional(block.question)) step.rules = { optional: true };
  return { step, nameColumn: 1, errors: [], fence: false };
}

function kindOfLanguage(language: string): StepKind {
  if (isRunnableLanguage(language)) return 'command';
  if (CONFIG_LANGUAGES.has(language.toLowerCase())) return 'config';
  return 'display';
}

/** A fenced block: language, attributes (both of Runme's forms) and what its text asks for. */
export function fenceDraft(
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
  const errors: StepError[] = [];
  const report = (severity: 'error' | 'warning', col: number, message: string): void => {
    if (severity === 'error') errors.push({ line: block.line, column: col, message });
    else problems.warn(block.line, col, message);
  };
  if (!block.closed)
    report('error', shift + 1, 'this code block is never closed: add the closing fence');
  const info = parseInfoString(block.info);
  for (const n of info.notes) report(n.severity, column(n.offset), n.message);
  const typed = typeAttributes(info.attributes, (attribute, severity, message) =>
    report(severity, column(attribute.offset), message),
  );
  const heading = outline.headings[block.heading]?.text;
  const kind = chooseKind(info.language, typed, (m) => report('warning', column(0), m));
  const step = baseStep(kind, block.line, heading, typed.platforms ?? platforms);
  step.language = info.language;
  step.text = block.text;
  step.attributes = Object.fromEntries(info.attributes.map((a) => [a.key, a.value]));
  applyTyped(step, typed);
  if (step.kind === 'command') readShellText(step);
  if (typed.background && step.kind !== 'command')
    report('warning', column(0), 'background applies to command steps only; it is ignored');
  const nameAttribute = info.attributes.find((a) => a.key === 'name');
  return {
    step,
    explicit: typed.name,
    writtenName: nameAttribute?.value.trim() || undefined,
    nameColumn: nameAttribute ? column(nameAttribute.offset) : shift + 1,
    errors,
    fence: true,
  };
}

function chooseKind(language: string, typed: StepAttributes, warn: (m: string) => void): StepKind {
  if (typed.ignored) return 'display';
  const byLanguage = kindOfLanguage(language);
  const kind = typed.kind ?? byLanguage;
  if (kind === 'command' && byLanguage !== 'command' && !typed.interpreter) {
    warn(
      `kind=command on "${language}": Runlog runs it with the runbook's shell; give it an interpreter if it is another language`,
    );
  }
  return kind;
}

/** Leading `$ ` prompts and the exported variables of a shell step, as Runme reads them. */
function readShellText(step: Step): void {
  if (languageSpec(step.language)?.family !== 'shell') return;
  const script = stripPrompts(step.text);
  if (script !== undefined) step.script = script;
  const prompts = exportPrompts(script ?? step.text, step.line + 1);
  if (prompts.length > 0) step.prompts = prompts;
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
  if (typed.id !== undefined) step.id = typed.id;
  if (typed.interpreter !== undefined) step.interpreter = typed.interpreter;
  if (typed.background && step.kind === 'command') {
    // Stopped when the run finishes: that stop is its normal end.
    step.background = true;
    step.rules = { ...step.rules, openEnded: true, background: true };
  }
  if (typed.ignored) step.ignored = true;
  if (typed.promptEnv !== undefined) step.promptEnv = typed.promptEnv;
  if (typed.categories?.length) step.categories = [...new Set(typed.categories)];
  if (typed.terminalRows !== undefined) step.terminalRows = typed.terminalRows;
  if (typed.writtenName !== undefined) step.aliases = [typed.writtenName];
}

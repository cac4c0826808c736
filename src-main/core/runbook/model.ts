/**
 * The Runbook model: what the parser produces and every other part reads.
 * Plain data only (it crosses the API contract as JSON).
 */

/** Operating systems a runbook or step may be gated to (Node's `process.platform` names). */
export const PLATFORMS = ['darwin', 'linux', 'win32'] as const;
export type Platform = (typeof PLATFORMS)[number];

export const PARAM_TYPES = [
  'string',
  'integer',
  'port',
  'ipv4',
  'ipv6',
  'host',
  'path',
  'interface',
] as const;
export type ParamType = (typeof PARAM_TYPES)[number];

/** One declared runbook parameter (front matter `params`). */
export interface ParamSpec {
  name: string;
  label: string;
  description?: string;
  type: ParamType;
  default?: string;
  required: boolean;
  /** Regular expression that the whole value must match. */
  pattern?: string;
  choices?: string[];
  /** Never stored or exported in clear. */
  secret: boolean;
}

export type StepKind = 'command' | 'config' | 'checklist' | 'display';

/**
 * How a step counts toward its run's result, from its attributes, its section heading and (for
 * a checklist item) its question. Absent fields mean the defaults: required, no alternative, a
 * stop is not a normal end, a zero exit code is success, the device name may be left out.
 */
export interface StepRules {
  /** The run is complete without it (`optional=true`, an optional section, "(optional)"). */
  optional?: true;
  /** One of several ways to do the same thing: the group is complete when one option is. */
  alternative?: { group: string; option: string };
  /** Stopping it by hand is its normal end (a capture): "stopped by the operator" counts as done. */
  openEnded?: true;
  /** It is meant to fail (`expect=fail`, or exit codes without 0): success is flagged. */
  expectFailure?: true;
  /** Attesting it done needs the device name (`device=required`). */
  deviceRequired?: true;
  /**
   * It runs in the background (Runme's `background`): the walk goes on while it runs, and
   * finishing the run stops it, which is its normal end (it is open-ended too).
   */
  background?: true;
}

/** One step found in the document, in document order. */
export interface Step {
  /** Unique within the runbook; stable id used by history, CLI and evidence. */
  name: string;
  kind: StepKind;
  /** Fence language as written (`sh`, `powershell`, `cisco`…); '' for checklist items. */
  language: string;
  /** Exact text of the block (command / config) or the checklist question. */
  text: string;
  /** 1-based line of the fence opening or the task-list item. */
  line: number;
  /** Text of the nearest heading above the step, if any. */
  heading?: string;
  /** Effective platforms (the step's, else the runbook's); empty means every platform. */
  platforms: Platform[];
  sudo: boolean;
  /** Extra confirmation text shown before running. */
  confirm?: string;
  /** Seconds before the step is stopped. */
  timeout?: number;
  /** Working directory relative to the run folder. */
  cwd?: string;
  /** Globs (relative to the run folder) of files the step produces. */
  artifacts: string[];
  /** Accepted exit codes; empty with `rules.expectFailure` means any non-zero code (`expect=fail`). */
  expect: number[];
  interactive: boolean;
  excludeFromRunAll: boolean;
  /** The attributes exactly as written, for display. */
  attributes: Record<string, string>;
  /** Checklist items: whether the source file already had the box ticked. */
  checked?: boolean;
  /** How the step counts toward the run's result; the parser always sets it. */
  rules?: StepRules;
  /**
   * Other names the step answers to (`runlog run --step`, the UI): the name Runme gives the cell
   * when it differs from Runlog's, or the cell's own name as written when that is not a slug.
   */
  aliases?: string[];
  /** Runme's cell `id` (a ULID, say): kept with the step in the record and the evidence. */
  id?: string;
  /** The text given to the program when it differs from `text`: leading `$ ` prompts removed. */
  script?: string;
  /** Program (and arguments) that runs the step, from the `interpreter` attribute. */
  interpreter?: string;
  /** Starts, and the walk goes on; stopped and recorded when the run finishes. */
  background?: true;
  /** When to ask for the variables it exports (Runme's `promptEnv`); absent: auto. */
  promptEnv?: PromptEnvMode;
  /** Variables the step exports that the operator may be asked for, in order. */
  prompts?: EnvPrompt[];
  /** Runme categories (`category`, `tag`): `runlog run --category` runs the steps of one. */
  categories?: string[];
  /** Rows of its terminal (Runme's `terminalRows`; else the runbook's, else the viewer's). */
  terminalRows?: number;
  /** Never run, only shown (`ignore=true`). */
  ignored?: true;
}

/** Runme's `promptEnv`: ask for exported variables when unset (auto), always, or never. */
export type PromptEnvMode = 'auto' | 'always' | 'never';

/**
 * A variable a shell step exports that the operator may set before it runs (Runme's promptEnv):
 * `export NAME`, `export NAME=`, `export NAME="placeholder"`, `export NAME=value`. A value written
 * with `$`, a backquote or a parenthesis is computed by the step and never asked for.
 */
export interface EnvPrompt {
  name: string;
  /** The value as written (quotes removed): offered as the default, or '' when there is none. */
  value: string;
  /** 1-based line of the `export` in the file. */
  line: number;
}

/** A finding about a runbook file: problems are data, never exceptions. */
export interface Problem {
  file: string;
  line: number;
  column: number;
  message: string;
  severity: 'error' | 'warning';
  /**
   * The step the problem is about. An error with a step keeps only that step from running; an
   * error without one keeps the whole runbook from running.
   */
  step?: string;
}

/** The document split for display: prose between steps, in order. */
export type Segment = { kind: 'prose'; markdown: string } | { kind: 'step'; name: string };

export interface Runbook {
  id: string;
  title: string;
  summary?: string;
  source?: string;
  platforms: Platform[];
  tags: string[];
  /** Shell for POSIX `sh`/`shell` blocks. */
  shell: string;
  /** Working directory of every step (front matter `cwd`), relative to the file's folder. */
  cwd?: string;
  /** Never ask for exported variables (front matter `skipPrompts`). */
  skipPrompts?: boolean;
  /** Terminal rows of every step that does not say (front matter `terminalRows`). */
  terminalRows?: number;
  /** Categories of every step (front matter `category` / `tag`). */
  categories?: string[];
  /** Runme's document identity (front matter `runme: { id, version }`), kept for display. */
  runme?: { id?: string; version?: string };
  params: ParamSpec[];
  steps: Step[];
  segments: Segment[];
  /** Absolute path of the file. */
  file: string;
  /** SHA-256 (hex) of the file's bytes. */
  sha256: string;
  problems: Problem[];
  /** True for the runbooks shipped with Runlog. */
  bundled: boolean;
}

/** True when the runbook has an error about the whole file, and so cannot be run. */
export function hasErrors(runbook: Pick<Runbook, 'problems'>): boolean {
  return runbook.problems.some((p) => p.severity === 'error' && p.step === undefined);
}

/** The errors that keep one step from running (the runbook's other steps still run). */
export function stepErrors(runbook: Pick<Runbook, 'problems'>, step: string): Problem[] {
  return runbook.problems.filter((p) => p.severity === 'error' && p.step === step);
}

/** True when a step may run on this platform. */
export function appliesTo(step: Pick<Step, 'platforms'>, platform: string): boolean {
  return step.platforms.length === 0 || (step.platforms as string[]).includes(platform);
}

/**
 * The step a reference means: its name, else an alias (the name Runme gives the cell), else its
 * Runme cell id. Names are unique and aliases never repeat a name, so the answer is one step.
 */
export function findStep<S extends Pick<Step, 'name' | 'aliases' | 'id'>>(
  steps: readonly S[],
  ref: string,
): S | undefined {
  return (
    steps.find((s) => s.name === ref) ??
    steps.find((s) => s.aliases?.includes(ref)) ??
    steps.find((s) => s.id === ref)
  );
}

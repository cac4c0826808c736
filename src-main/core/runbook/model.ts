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
}

/** A finding about a runbook file: problems are data, never exceptions. */
export interface Problem {
  file: string;
  line: number;
  column: number;
  message: string;
  severity: 'error' | 'warning';
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

/** True when the runbook has an error-severity problem and so cannot be run. */
export function hasErrors(runbook: Pick<Runbook, 'problems'>): boolean {
  return runbook.problems.some((p) => p.severity === 'error');
}

/** True when a step may run on this platform. */
export function appliesTo(step: Pick<Step, 'platforms'>, platform: string): boolean {
  return step.platforms.length === 0 || (step.platforms as string[]).includes(platform);
}

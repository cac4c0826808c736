/**
 * What the parameter form says about a value, in words. The rules are the engine's own
 * (`validateParam`, `resolveParams`); only the wording of a failed pattern changes: a regular
 * expression means little to most operators, so the form says what the runbook's author wrote
 * about the parameter (its description) instead of quoting the anchored pattern.
 */
import type { ParamSpec } from '../../src-main/core/runbook/model.js';
import {
  compilePattern,
  resolveParams,
  validateParam,
} from '../../src-main/core/runbook/params.js';

/** Longest value quoted back, so a pasted file does not flood the form. */
const QUOTED_VALUE_LIMIT = 60;

function quoted(spec: ParamSpec, value: string): string {
  if (spec.secret) return 'The value';
  const shown =
    value.length > QUOTED_VALUE_LIMIT ? `${value.slice(0, QUOTED_VALUE_LIMIT)}…` : value;
  return JSON.stringify(shown);
}

/** The words for a value that breaks only the runbook's pattern. */
export function patternMessage(spec: ParamSpec, value: string): string {
  const name = spec.label ? `${spec.label} (${spec.name})` : spec.name;
  const what = `${name}: ${quoted(spec, value)} is not in the form this runbook expects`;
  const description = spec.description?.trim();
  return description ? `${what}. Expected: ${description}` : `${what}.`;
}

/** The message for one field, or undefined when its value is acceptable. */
export function paramMessage(spec: ParamSpec, value: string): string | undefined {
  if (value === '') {
    const { errors } = resolveParams([spec], { [spec.name]: value });
    return errors[0]?.message;
  }
  const message = validateParam(spec, value);
  if (!message || spec.pattern === undefined) return message;
  // The same value without the pattern: accepted means the pattern alone refused it.
  const withoutPattern = validateParam({ ...spec, pattern: undefined }, value);
  if (withoutPattern !== undefined) return withoutPattern;
  try {
    compilePattern(spec.pattern);
  } catch {
    return message; // the runbook's pattern is broken: the engine's message says so
  }
  return patternMessage(spec, value);
}

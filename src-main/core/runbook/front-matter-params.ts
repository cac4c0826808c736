/**
 * The `params` key of the front matter: each parameter's type, default, rules and whether it is
 * secret, checked where it is written. A parameter reaches the steps only as an environment
 * variable, so a bad declaration is an error about the whole runbook.
 */
import { isMap, isScalar, isSeq, type Node as YamlNode, type Pair } from 'yaml';
import { PARAM_TYPES, type ParamSpec, type ParamType } from './model.js';
import { compilePattern, matchesType, reservedNameProblem, validateParam } from './params.js';
import type { ProblemList } from './problems.js';
import { listOf, text, type At } from './yaml-nodes.js';

/** A name a shell can export: letters, digits and `_`, not starting with a digit. */
export const PARAM_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PARAM_FIELDS = new Set([
  'type', 'label', 'description', 'default', 'required', 'pattern', 'choices', 'secret',
]); // prettier-ignore

/** Reads the `params` map. */
export function readParams(
  node: YamlNode | null,
  problems: ProblemList,
  at: At,
  where: [number, number],
): ParamSpec[] {
  if (node === null || (isScalar(node) && node.value === null)) return [];
  if (!isMap(node)) {
    problems.error(...where, 'params must be a map: NAME: { type: …, default: … }');
    return [];
  }
  const specs: ParamSpec[] = [];
  for (const item of node.items as Array<Pair<YamlNode, YamlNode>>) {
    const spec = readParam(item, problems, at);
    if (spec) specs.push(spec);
  }
  return specs;
}

function readParam(
  pair: Pair<YamlNode, YamlNode>,
  problems: ProblemList,
  at: At,
): ParamSpec | undefined {
  const name = text(pair.key) ?? '';
  const keyAt = at(pair.key);
  if (!PARAM_NAME.test(name)) {
    problems.error(...keyAt, `parameter "${name}" must be a variable name (letters, digits, _)`);
    return undefined;
  }
  const reserved = reservedNameProblem(name);
  if (reserved !== undefined) {
    problems.error(...keyAt, reserved);
    return undefined;
  }
  const spec: ParamSpec = { name, label: name, type: 'string', required: false, secret: false };
  const value = pair.value;
  if (value === null || (isScalar(value) && value.value === null)) return spec;
  if (isScalar(value)) {
    spec.default = text(value);
    checkDefault(spec, value, problems, at);
    return spec;
  }
  if (!isMap(value)) {
    problems.error(
      ...at(value, pair.key),
      `parameter ${name} must be a map of fields or a default value`,
    );
    return undefined;
  }
  let defaultNode: YamlNode | undefined;
  for (const field of value.items as Array<Pair<YamlNode, YamlNode>>) {
    const fieldName = text(field.key) ?? '';
    const fieldAt = at(field.value, field.key);
    const bad = (message: string): void =>
      problems.error(...fieldAt, `parameter ${name}: ${message}`);
    if (!PARAM_FIELDS.has(fieldName)) {
      problems.warn(...at(field.key), `parameter ${name}: unknown field "${fieldName}" is ignored`);
      continue;
    }
    if (fieldName === 'default') defaultNode = field.value ?? undefined;
    readParamField(spec, fieldName, field.value, bad);
  }
  checkDefault(spec, defaultNode, problems, at);
  const badChoice = spec.choices?.find((choice) => !matchesType(spec.type, choice));
  if (badChoice !== undefined) {
    problems.warn(
      ...keyAt,
      `parameter ${name}: the choice "${badChoice}" is not a valid ${spec.type}`,
    );
  }
  return spec;
}

function readParamField(
  spec: ParamSpec,
  field: string,
  node: YamlNode | null,
  bad: (m: string) => void,
): void {
  const written = text(node);
  switch (field) {
    case 'type':
      if ((PARAM_TYPES as readonly string[]).includes(written ?? ''))
        spec.type = written as ParamType;
      else bad(`unknown type "${written ?? ''}"; use ${PARAM_TYPES.join(', ')}`);
      return;
    case 'label':
    case 'description':
    case 'default':
      if (written === undefined) bad(`${field} must be a single value`);
      else spec[field] = written;
      return;
    case 'required':
    case 'secret':
      if (isScalar(node) && typeof node.value === 'boolean') spec[field] = node.value;
      else bad(`${field} must be true or false`);
      return;
    case 'pattern':
      if (written === undefined) bad('pattern must be a regular expression');
      else {
        try {
          compilePattern(written);
          spec.pattern = written;
        } catch (err) {
          bad(`pattern is not a valid regular expression (${(err as Error).message})`);
        }
      }
      return;
    case 'choices': {
      const items = isSeq(node) ? listOf(node) : undefined;
      if (!items) bad('choices must be a list of values');
      else spec.choices = items.map((item) => item.value);
      return;
    }
  }
}

function checkDefault(
  spec: ParamSpec,
  node: YamlNode | null | undefined,
  problems: ProblemList,
  at: At,
): void {
  if (spec.default === undefined || spec.default === '') return;
  const message = validateParam({ ...spec, required: false }, spec.default);
  if (message) problems.warn(...at(node), `default does not pass its own rules: ${message}`);
}

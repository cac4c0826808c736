/**
 * The typed meaning of each step attribute: Runlog's own and Runme's, in one table. A value that
 * would make the step run wrongly (a gate, a platform, a timeout, exit codes, artifacts, the
 * device its attestation needs) is an error on that step only; anything else Runlog cannot use is a warning, and Runme's booleans
 * fall back to Runme's defaults as Runme does.
 */
import {
  NAME_PATTERN,
  parseAlternative,
  parseArtifacts,
  parseBoolean,
  parseExpect,
  parsePlatforms,
  parsePromptEnv,
  parseRunmeBoolean,
  parseTerminalRows,
  parseWordList,
} from './attribute-values.js';
import type { RawAttribute } from './info-string.js';
import type { Platform, PromptEnvMode, StepKind, StepRules } from './model.js';
import { slugify } from './names.js';

export { NAME_PATTERN } from './attribute-values.js';

const STEP_KINDS_BY_ATTRIBUTE: ReadonlySet<string> = new Set(['command', 'config', 'display']);

/** Typed attribute values, ready to go into a Step. */
export interface StepAttributes {
  name?: string;
  /** The name as written, when it had to be turned into a slug (the step answers to both). */
  writtenName?: string;
  id?: string;
  kind?: StepKind;
  platforms?: Platform[];
  sudo?: boolean;
  interactive?: boolean;
  excludeFromRunAll?: boolean;
  timeout?: number;
  cwd?: string;
  artifacts?: string[];
  expect?: number[];
  confirm?: string;
  interpreter?: string;
  background?: boolean;
  ignored?: boolean;
  promptEnv?: PromptEnvMode;
  categories?: string[];
  terminalRows?: number;
  /** `optional`, `alternative`, `openEnded`, `expect=fail`, `device`: how the step counts. */
  rules?: StepRules;
}

/** Reports a problem with one attribute (the caller knows the line and column). */
export type AttributeReporter = (
  attribute: RawAttribute,
  severity: 'error' | 'warning',
  message: string,
) => void;

/** How a reader says what is wrong: an error keeps the step from running, a warning does not. */
interface Say {
  error(message: string): void;
  warn(message: string): void;
}

/** Reads one attribute's value into `out`. */
type AttributeReader = (value: string, out: StepAttributes, say: Say) => void;

/** Runlog's own boolean: a wrong value is an error (a gate must never be guessed). */
function flag(set: (out: StepAttributes, on: boolean) => void): AttributeReader {
  return (value, out, say) => {
    const on = parseBoolean(value);
    if (on === undefined) say.error(`"${value}" is not true or false`);
    else set(out, on);
  };
}

/** A boolean that only changes how the run is counted: a wrong value is a warning, default kept. */
function softFlag(set: (out: StepAttributes, on: boolean) => void): AttributeReader {
  return (value, out, say) => {
    const on = parseBoolean(value);
    if (on === undefined) say.warn(`"${value}" is not true or false; it is ignored`);
    else set(out, on);
  };
}

/** Runme's boolean: a value Runme cannot read means Runme's default, with a warning. */
function runmeFlag(
  fallback: boolean,
  set?: (out: StepAttributes, on: boolean) => void,
): AttributeReader {
  return (value, out, say) => {
    let on = parseRunmeBoolean(value);
    if (on === undefined) {
      say.warn(`"${value}" is not true or false; Runme's default (${fallback}) is used`);
      on = fallback;
    }
    set?.(out, on);
  };
}

function rule<K extends keyof StepRules>(key: K, value: StepRules[K] | undefined) {
  return (out: StepAttributes): void => {
    const rules = { ...out.rules };
    if (value === undefined) delete rules[key];
    else rules[key] = value;
    out.rules = rules;
  };
}

function readName(value: string, out: StepAttributes, say: Say): void {
  if (NAME_PATTERN.test(value)) {
    out.name = value;
    return;
  }
  const slug = slugify(value);
  if (!slug) {
    say.warn(
      `"${value}" is not a name Runlog can use (letters, digits, ".", "_", "-"); the step gets a derived name`,
    );
    return;
  }
  out.name = slug;
  out.writtenName = value;
  say.warn(`"${value}" is not a slug; the step is called "${slug}" and answers to "${value}" too`);
}

/** Any single line without control characters, or a warning. */
function text(set: (out: StepAttributes, value: string) => void): AttributeReader {
  return (value, out, say) => {
    // eslint-disable-next-line no-control-regex -- control characters are what is refused
    if (value.trim() === '' || /[\u0000-\u001f\u007f]/.test(value))
      say.warn('needs one line of text without control characters; it is ignored');
    else set(out, value);
  };
}

/** Attributes Runme uses for its own display, which Runlog has no use for: no warning. */
const DISPLAY_ONLY: AttributeReader = () => {};

/**
 * Every attribute Runlog understands, by name, with how its value is read. Anything else is
 * reported as a warning and kept for display. A new attribute is one more row here.
 */
export const ATTRIBUTE_READERS: Readonly<Record<string, AttributeReader>> = {
  name: readName,
  id: text((out, v) => (out.id = v.trim())),
  kind: (value, out, say) => {
    if (STEP_KINDS_BY_ATTRIBUTE.has(value)) out.kind = value as StepKind;
    else say.error(`"${value}" is not one of command, config, display`);
  },
  platform: (value, out, say) => void (out.platforms = parsePlatforms(value, say.error)),
  sudo: flag((out, on) => (out.sudo = on)),
  confirm: (value, out) => void (out.confirm = value),
  timeout: (value, out, say) => {
    if (/^[0-9]+(\.[0-9]+)?$/.test(value) && Number(value) > 0) out.timeout = Number(value);
    else say.error(`"${value}" is not a positive number of seconds`);
  },
  artifacts: (value, out, say) => void (out.artifacts = parseArtifacts(value, say.error)),
  expect: (value, out, say) => {
    const expected = parseExpect(value, say.error);
    if (!expected) return;
    out.expect = expected.codes;
    rule('expectFailure', expected.expectFailure ? true : undefined)(out);
  },
  cwd: text((out, v) => (out.cwd = v)),
  interpreter: text((out, v) => (out.interpreter = v.trim())),
  interactive: runmeFlag(true, (out, on) => (out.interactive = on)),
  background: runmeFlag(false, (out, on) => (out.background = on)),
  excludeFromRunAll: runmeFlag(false, (out, on) => (out.excludeFromRunAll = on)),
  ignore: runmeFlag(false, (out, on) => (out.ignored = on)),
  closeTerminalOnSuccess: runmeFlag(true),
  openTerminalOnError: runmeFlag(true),
  mimeType: DISPLAY_ONLY,
  promptEnv: (value, out, say) => {
    const mode = parsePromptEnv(value);
    if (mode) out.promptEnv = mode;
    else say.warn(`"${value}" is not auto, yes or no; Runme's default (auto) is used`);
  },
  category: (value, out) =>
    void (out.categories = [...(out.categories ?? []), ...parseWordList(value)]),
  tag: (value, out) => void (out.categories = [...(out.categories ?? []), ...parseWordList(value)]),
  terminalRows: (value, out, say) => {
    const rows = parseTerminalRows(value);
    if (rows) out.terminalRows = rows;
    else say.warn(`"${value}" is not a number of rows (1–1000); it is ignored`);
  },
  optional: softFlag((out, on) => rule('optional', on ? true : undefined)(out)),
  openEnded: softFlag((out, on) => rule('openEnded', on ? true : undefined)(out)),
  alternative: (value, out, say) => {
    const alternative = parseAlternative(value);
    if (alternative) rule('alternative', alternative)(out);
    else
      say.warn(
        `"${value}" is not GROUP or GROUP:OPTION (each a name: letters, digits, ".", "_", "-"); it is ignored`,
      );
  },
  device: (value, out, say) => {
    if (value === 'required') rule('deviceRequired', true)(out);
    else if (value === 'optional') rule('deviceRequired', undefined)(out);
    // A misspelt `required` would let the step be attested without its device: never guessed.
    else say.error(`"${value}" is not required or optional`);
  },
};

/** Attributes Runlog understands; anything else is reported as a warning and kept for display. */
export const KNOWN_ATTRIBUTES: ReadonlySet<string> = new Set(Object.keys(ATTRIBUTE_READERS));

/** Boolean attributes: written bare (`{ name=x background }`) they mean true. */
const BOOLEAN_ATTRIBUTES: ReadonlySet<string> = new Set([
  'sudo', 'interactive', 'background', 'excludeFromRunAll', 'ignore', 'closeTerminalOnSuccess',
  'openTerminalOnError', 'optional', 'openEnded',
]); // prettier-ignore

/** Gives each known attribute its type; unknown ones and bad values go to `report`. */
export function typeAttributes(
  attributes: RawAttribute[],
  report: AttributeReporter,
): StepAttributes {
  const out: StepAttributes = {};
  const seen = new Set<string>();
  for (const attribute of attributes) {
    const { key, value } = attribute;
    const say: Say = {
      error: (message) => report(attribute, 'error', `attribute ${key}: ${message}`),
      warn: (message) => report(attribute, 'warning', `attribute ${key}: ${message}`),
    };
    if (seen.has(key)) say.warn('given twice; the last one counts');
    seen.add(key);
    const read = Object.hasOwn(ATTRIBUTE_READERS, key) ? ATTRIBUTE_READERS[key] : undefined;
    if (!read) {
      report(attribute, 'warning', `unknown attribute "${key}" is ignored`);
      continue;
    }
    if (attribute.bare && !BOOLEAN_ATTRIBUTES.has(key)) {
      say.warn('needs a value (key=value); it is ignored');
      continue;
    }
    if (attribute.bare)
      say.warn("written without a value, it is taken as true (Runme's parser skips it)");
    read(value.trim(), out, say);
  }
  return out;
}

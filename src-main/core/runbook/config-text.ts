/**
 * Parameters in device configuration. A config step is text the operator pastes on a router or a
 * firewall, so it may name the runbook's parameters: `$ACL_NAME` or `${ACL_NAME}` becomes the
 * run's value, in the text shown, copied and recorded as evidence. Only declared parameters are
 * replaced (any other `$WORD` stays as written, which keeps `$1$…` password hashes intact), and
 * secret ones never are: their value must not reach a screen or the evidence. An empty value
 * leaves the name as written, so the gap shows.
 *
 * A value is data, never more configuration: one holding a line break, a control or format
 * character, or failing its type or pattern, is refused rather than substituted, so no value can
 * add a line (a command) to what the operator pastes. Command steps are never touched: their
 * parameters reach them only as environment variables.
 *
 * This file runs in the browser too, so it imports nothing from Node.
 */
import type { ParamSpec } from './model.js';
import { validateParam } from './params.js';

/** `${NAME}` or `$NAME` (the longest run of name characters). */
const REFERENCE = /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g;

/**
 * Characters that end or reshape a line on a device console or in an editor: C0 and C1 controls,
 * Unicode format characters (bidirectional marks, zero-width joiners), line and paragraph
 * separators.
 */
const LINE_BREAKING = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/** The substituted text, or why it could not be made. */
export interface ConfigText {
  text: string;
  /** One message per refused parameter, naming it; the text is unusable when not empty. */
  problems: string[];
  /** The names of the refused parameters, in the order the text first names them. */
  refused: string[];
}

/** The config text with the run's values of the declared, non-secret parameters put in. */
export function substituteParams(
  text: string,
  params: readonly ParamSpec[],
  values: Readonly<Record<string, string>>,
): ConfigText {
  const specs = new Map(params.map((p) => [p.name, p]));
  const problems = new Set<string>();
  const refusedNames = new Set<string>();
  const out = text.replace(REFERENCE, (whole, braced?: string, bare?: string) => {
    const name = (braced ?? bare) as string;
    const spec = specs.get(name);
    const value = Object.hasOwn(values, name) ? values[name] : undefined;
    if (!spec || spec.secret || value === undefined || value === '') return whole;
    const refused = LINE_BREAKING.test(value)
      ? `${name}: the value holds a line break or a control character, which config text never takes`
      : validateParam(spec, value);
    if (refused !== undefined) {
      problems.add(refused);
      refusedNames.add(name);
      return whole;
    }
    return value;
  });
  return { text: out, problems: [...problems], refused: [...refusedNames] };
}

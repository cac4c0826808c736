/**
 * Parameters in config text: the operator copies what is shown, so a value must never be able to
 * add a line (a command) to it. These are the attacks on that promise.
 */
import { describe, expect, it } from 'vitest';
import { substituteParams } from '../../../src-main/core/runbook/config-text.js';
import type { ParamSpec } from '../../../src-main/core/runbook/model.js';

const spec = (name: string, extra: Partial<ParamSpec> = {}): ParamSpec => ({
  name,
  label: name,
  type: 'string',
  required: false,
  secret: false,
  ...extra,
});
const PARAMS = [
  spec('ACL_NAME', { pattern: '[A-Za-z][A-Za-z0-9_.-]{0,59}' }),
  spec('IFACE', { pattern: '[A-Za-z][A-Za-z0-9/.:-]*' }),
  spec('NOTE'),
  spec('ENABLE_SECRET', { secret: true }),
];
const TEXT =
  'no ip access-list extended $ACL_NAME\ninterface ${IFACE}\n ip access-group $ACL_NAME in\n';

describe('substituteParams', () => {
  it('puts in the values of declared parameters, in both spellings', () => {
    const out = substituteParams(TEXT, PARAMS, { ACL_NAME: 'EDGE-IN', IFACE: 'Gi0/1' });
    expect(out).toEqual({
      text: 'no ip access-list extended EDGE-IN\ninterface Gi0/1\n ip access-group EDGE-IN in\n',
      problems: [],
      refused: [],
    });
  });

  it('leaves undeclared names, longer names, empty values and secrets as written', () => {
    const text =
      'enable secret 5 $1$abcd$xyz\nname $ACL_NAME_V6 ${ACL_NAME}-v6\npw $ENABLE_SECRET\nx $NOTE\n';
    const out = substituteParams(text, PARAMS, {
      ACL_NAME: 'B',
      ENABLE_SECRET: 'hunter2',
      NOTE: '',
    });
    expect(out.text).toBe(
      'enable secret 5 $1$abcd$xyz\nname $ACL_NAME_V6 B-v6\npw $ENABLE_SECRET\nx $NOTE\n',
    );
    expect(out.text).not.toContain('hunter2');
  });

  it('attack: a value with a line break cannot add a command', () => {
    for (const value of ['BOGONS\nreload', 'BOGONS\r\nreload', 'BOGONS\rreload']) {
      const out = substituteParams(TEXT, [spec('ACL_NAME')], { ACL_NAME: value });
      expect(out.problems, JSON.stringify(value)).toEqual([
        expect.stringContaining('ACL_NAME: the value holds a line break or a control character'),
      ]);
      expect(out.text).not.toContain('reload');
    }
  });

  it('attack: Unicode line and paragraph separators, controls and format characters are refused', () => {
    for (const value of [
      'A\u2028reload',
      'A\u2029reload',
      'A\u0085reload',
      'A\u202ereload',
      'A\u200breload',
      'A\u001b[2Jx',
      'A\u0000',
    ]) {
      const out = substituteParams('x $NOTE', PARAMS, { NOTE: value });
      expect(out.problems, JSON.stringify(value)).toHaveLength(1);
      expect(out.text).toBe('x $NOTE');
    }
  });

  it('attack: a value failing its type or pattern is refused, naming the parameter and the rule', () => {
    const bad = substituteParams(TEXT, PARAMS, {
      ACL_NAME: 'EDGE in permit ip any any',
      IFACE: 'Gi0/1;reload',
    });
    expect(bad.problems).toEqual([
      expect.stringMatching(/^ACL_NAME: .* does not match the pattern/),
      expect.stringMatching(/^IFACE: .* does not match the pattern/),
    ]);
    expect(bad.refused).toEqual(['ACL_NAME', 'IFACE']);
    expect(bad.text).toBe(TEXT);
  });
});

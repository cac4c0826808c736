import { describe, expect, it } from 'vitest';
import { parseRunbook } from '../../../src-main/core/runbook/parser.js';
import { marksOptional } from '../../../src-main/core/runbook/optional.js';

const fence = (info: string, body = 'true') => '```' + info + '\n' + body + '\n```\n';

describe('outcome attributes', () => {
  it('reads optional, alternative, openEnded, expect and device in both Runme forms', () => {
    const rb = parseRunbook(
      [
        '# T',
        fence('sh { name=a optional=true alternative=grp openEnded=true }'),
        fence('sh {"name":"b","alternative":"grp:two","expect":"fail"}'),
        fence('sh { name=c expect=1,2 }'),
        fence('sh { name=d expect=0,1 }'),
        fence('cisco { name=e device=required }', 'interface Gi0/0'),
      ].join('\n'),
      'o.md',
    );
    expect(rb.problems).toEqual([]);
    const by = Object.fromEntries(rb.steps.map((s) => [s.name, s]));
    expect(by.a!.rules).toEqual({
      optional: true,
      alternative: { group: 'grp', option: '' },
      openEnded: true,
    });
    expect(by.b!.rules).toEqual({
      alternative: { group: 'grp', option: 'two' },
      expectFailure: true,
    });
    expect(by.b!.expect).toEqual([]);
    expect(by.c!).toMatchObject({ expect: [1, 2], rules: { expectFailure: true } });
    expect(by.d!).toMatchObject({ expect: [0, 1], rules: {} });
    expect(by.e!.rules).toEqual({ deviceRequired: true });
  });

  it('reports bad values with the line and column, and keeps the defaults', () => {
    const rb = parseRunbook(
      [
        '# T',
        fence('sh { name=a expect=maybe optional=yes alternative=a:b:c device=always }'),
      ].join('\n'),
      'bad.md',
    );
    const messages = rb.problems.map((p) => `${p.line}:${p.column} ${p.message}`);
    expect(messages).toEqual([
      expect.stringMatching(/^2:\d+ step "a": attribute expect: "maybe" is not an exit code/),
      expect.stringMatching(/^2:\d+ attribute optional: "yes" is not true or false/),
      expect.stringMatching(/^2:\d+ attribute alternative: "a:b:c" is not GROUP or GROUP:OPTION/),
      expect.stringMatching(
        /^2:\d+ step "a": attribute device: "always" is not required or optional/,
      ),
    ]);
    // What would make the step run or be answered wrongly (its exit codes, the device its
    // attestation needs) keeps that step from running; a counting rule falls back to required.
    expect(rb.problems.map((p) => [p.severity, p.step])).toEqual([
      ['error', 'a'],
      ['warning', undefined],
      ['warning', undefined],
      ['error', 'a'],
    ]);
    expect(rb.steps[0]).toMatchObject({ expect: [0], rules: {} });
  });

  it('warns when an outcome attribute cannot apply, and when a group has one option', () => {
    const rb = parseRunbook(
      [
        '# T',
        fence('cisco { name=x openEnded=true }', 'x'),
        fence('sh { name=y device=required alternative=solo }'),
      ].join('\n'),
      'w.md',
    );
    const warnings = rb.problems.filter((p) => p.severity === 'warning').map((p) => p.message);
    expect(warnings).toEqual([
      expect.stringContaining('openEnded and expect apply to command steps only'),
      expect.stringContaining('device=required applies to config steps only'),
      expect.stringContaining('alternative group "solo" has a single option'),
    ]);
  });

  it('makes every step under an optional heading optional, nested sections included', () => {
    const rb = parseRunbook(
      [
        '# Runbook',
        '## 1. Required',
        fence('sh { name=req }'),
        '## 5. Optional: Cisco ASA',
        fence('sh { name=asa }'),
        '### Details',
        '- [ ] Did the ASA take it?',
        '## 6. IPv6 on IOS (optional)',
        fence('sh { name=v6 }'),
        '## 7. Fallback (optional): raise the timeout',
        fence('asa { name=fb }', 'timeout conn 8:00:00'),
        '## 8. Back to required',
        fence('sh { name=after }'),
      ].join('\n'),
      'sections.md',
    );
    const optional = Object.fromEntries(rb.steps.map((s) => [s.name, s.rules?.optional === true]));
    expect(optional).toEqual({
      req: false,
      asa: true,
      'did-the-asa-take-it': true,
      v6: true,
      fb: true,
      after: false,
    });
  });

  it('makes a checklist item optional when its question says so', () => {
    const rb = parseRunbook(
      '# T\n\n- [ ] Is there a second console? (optional)\n- [ ] Is the backup taken?\n',
      'q.md',
    );
    expect(rb.steps.map((s) => s.rules)).toEqual([{ optional: true }, {}]);
  });

  it('tells the optional marks from ordinary words', () => {
    for (const yes of ['Optional: ASA', '5. Optional: ASA', 'IPv6 (optional)', 'A) optional : x'])
      expect(marksOptional(yes), yes).toBe(true);
    for (const no of [
      'Optional settings explained',
      'Make the option optional later',
      'Optionally',
    ])
      expect(marksOptional(no), no).toBe(false);
  });
});

/**
 * The runbook of a run whose file has changed or gone since: its steps as they ran, from the
 * record, so a past run is always shown with the text that ran.
 */
import type { Runbook, Step } from '../../src-main/core/runbook/model.js';
import type { RunDetail } from '../../src-main/core/run-model.js';

/** The steps of a run as it ran, for a run whose runbook has since changed or gone. */
export function runbookFromRun(run: RunDetail): Runbook {
  const steps: Step[] = run.steps.map((s) => ({
    rules: s.rules,
    name: s.stepName,
    kind: s.kind,
    language: '',
    text: s.text,
    line: 0,
    platforms: [],
    sudo: false,
    artifacts: [],
    expect: [0],
    interactive: false,
    excludeFromRunAll: false,
    attributes: {},
  }));
  return {
    id: run.runbookId,
    title: run.runbookTitle,
    platforms: [],
    tags: [],
    shell: 'bash',
    params: [],
    steps,
    segments: [
      {
        kind: 'prose',
        markdown:
          '*The runbook file has changed since this run: the steps are shown as they ran.*\n',
      },
      ...steps.map((s) => ({ kind: 'step' as const, name: s.name })),
    ],
    file: run.runbookPath,
    sha256: run.runbookSha256,
    problems: [],
    bundled: false,
  };
}

import { existsSync, mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeEngine, param, runbook, step, tempDir } from './helpers.js';
import type { Engine } from '../../../src-main/core/engine/engine.js';
import { program, skipNote, unmet } from '../../needs.js';

/** zsh is optional on a developer's machine; .ci/run installs it. */
const ZSH_MISSING = unmet(program('zsh'));

const engines: Engine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.shutdown();
});

function setup() {
  const made = makeEngine();
  engines.push(made.engine);
  return made;
}

describe('command steps in a pty', () => {
  it('carries exported variables and the final directory from one shell step to the next', async () => {
    const { engine, recorder } = setup();
    const rb = runbook(tempDir(), [
      step(
        'one',
        'mkdir -p sub\nexport FOO=bar\nexport MULTI="line1\nline2 \'q\' \\"dq\\""\ncd sub',
      ),
      step('two', 'printf "[%s]" "$FOO"; printf "<%s>" "$MULTI"; printf "{%s}" "${PWD##*/}"'),
    ]);
    const { runId } = engine.startRun({ runbook: rb, params: {} });
    expect((await engine.runStep({ runId, step: 'one' })).status).toBe('passed');
    const two = await engine.runStep({ runId, step: 'two' });
    expect(two.status).toBe('passed');
    const out = recorder.output(recorder.latest(runId, 'two')!.id).toString('utf8');
    expect(out).toContain('[bar]');
    expect(out).toContain('<line1\r\nline2 \'q\' "dq">');
    expect(out).toContain('{sub}');
  });

  it('passes a parameter value as data only: a shell-injection value is echoed and runs nothing', async () => {
    const { engine, recorder } = setup();
    const marker = `/tmp/pwned-${randomBytes(6).toString('hex')}`;
    const rb = runbook(tempDir(), [step('echo', 'printf "%s\\n" "$TARGET"\necho $TARGET')], {
      params: [param('TARGET')],
    });
    const value = `x; touch ${marker}`;
    const { runId } = engine.startRun({ runbook: rb, params: { TARGET: value } });
    const outcome = await engine.runStep({ runId, step: 'echo' });
    expect(outcome.status).toBe('passed');
    const out = recorder.output(recorder.latest(runId, 'echo')!.id).toString('utf8');
    expect(out.split('\r\n')).toContain(value);
    expect(existsSync(marker)).toBe(false);
  });

  it('runs perl and python steps with the parameters in their environment', async () => {
    const { engine, recorder } = setup();
    const rb = runbook(
      tempDir(),
      [
        step('perl', 'print "perl says $ENV{WHO}\\n";', { language: 'perl' }),
        step('python', 'import os\nprint("python says " + os.environ["WHO"])', {
          language: 'python',
        }),
      ],
      { params: [param('WHO')] },
    );
    const { runId } = engine.startRun({ runbook: rb, params: { WHO: 'hello' } });
    expect((await engine.runStep({ runId, step: 'perl' })).status).toBe('passed');
    expect((await engine.runStep({ runId, step: 'python' })).status).toBe('passed');
    expect(recorder.output(recorder.latest(runId, 'perl')!.id).toString()).toContain(
      'perl says hello',
    );
    expect(recorder.output(recorder.latest(runId, 'python')!.id).toString()).toContain(
      'python says hello',
    );
  });

  it('maps the exit code through expect: a listed code passes, another fails', async () => {
    const { engine } = setup();
    const rb = runbook(tempDir(), [
      step('three', 'exit 3', { expect: [0, 3] }),
      step('four', 'exit 4', { expect: [0, 3] }),
    ]);
    const { runId } = engine.startRun({ runbook: rb, params: {} });
    const three = await engine.runStep({ runId, step: 'three' });
    expect(three).toMatchObject({ status: 'passed', exitCode: 3 });
    const four = await engine.runStep({ runId, step: 'four' });
    expect(four).toMatchObject({ status: 'failed', exitCode: 4 });
    expect(Date.parse(four.endedAt!)).toBeGreaterThanOrEqual(Date.parse(four.startedAt!));
  });

  it('runs in the step cwd (relative to the runbook file, or absolute) and refuses a missing one', async () => {
    const { engine, recorder } = setup();
    const dir = tempDir();
    mkdirSync(join(dir, 'work', 'area'), { recursive: true });
    const rb = runbook(dir, [
      step('inside', 'pwd', { cwd: 'work/area' }),
      step('absolute', 'pwd', { cwd: join(dir, 'work') }),
      step('missing', 'pwd', { cwd: 'no/such/folder' }),
    ]);
    const { runId } = engine.startRun({ runbook: rb, params: {} });
    const out = (name: string) => recorder.output(recorder.latest(runId, name)!.id).toString();
    await engine.runStep({ runId, step: 'inside' });
    expect(out('inside')).toContain(join(dir, 'work', 'area'));
    await engine.runStep({ runId, step: 'absolute' });
    expect(out('absolute')).toMatch(new RegExp(`${join(dir, 'work')}\\r?\\n`));
    // A missing folder is that step's failure, recorded with the reason as its output.
    expect(await engine.runStep({ runId, step: 'missing' })).toMatchObject({ status: 'failed' });
    expect(out('missing')).toContain(
      `its working directory ${join(dir, 'no/such/folder')} (step cwd "no/such/folder"`,
    );
  });

  it('gives each step RUNLOG_RUN_ID, RUNLOG_RUN_DIR and RUNLOG_STEP', async () => {
    const { engine, recorder } = setup();
    mkdirSync(tempDir(), { recursive: true });
    const rb = runbook(tempDir(), [
      step('ids', 'echo "$RUNLOG_RUN_ID|$RUNLOG_RUN_DIR|$RUNLOG_STEP"'),
    ]);
    const { runId, folder } = engine.startRun({ runbook: rb, params: {} });
    await engine.runStep({ runId, step: 'ids' });
    expect(recorder.output(recorder.latest(runId, 'ids')!.id).toString()).toContain(
      `${runId}|${folder}|ids`,
    );
  });

  it('passes typed input to a prompt and records none of it', async () => {
    const { engine, recorder } = setup();
    const secret = `typed-${randomBytes(8).toString('hex')}`;
    const rb = runbook(tempDir(), [
      step('prompt', 'read -s -p \'Password: \' PW; echo; echo "got ${#PW}"'),
    ]);
    const { runId } = engine.startRun({ runbook: rb, params: {} });
    let shown = '';
    const events: string[] = [];
    engine.on('step:output', (e) => (shown += e.data));
    engine.on('step:state', (e) => events.push(JSON.stringify(e)));
    const running = engine.runStep({ runId, step: 'prompt' });
    const deadline = Date.now() + 15_000;
    while (!shown.includes('Password:') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    expect(engine.input(runId, `${secret}\r`)).toBe(true);
    expect((await running).status).toBe('passed');
    expect(shown).toContain(`got ${secret.length}`);
    expect(recorder.everything()).not.toContain(secret);
    expect(events.join('\n')).not.toContain(secret);
    expect(shown).not.toContain(secret);
  });

  it('refuses input for a step marked not interactive', async () => {
    const { engine } = setup();
    const rb = runbook(tempDir(), [step('quiet', 'sleep 0.5', { interactive: false })]);
    const { runId } = engine.startRun({ runbook: rb, params: {} });
    const running = engine.runStep({ runId, step: 'quiet' });
    expect(engine.input(runId, 'x\r')).toBe(false);
    await running;
  });

  async function carriesWith(shell: string): Promise<void> {
    const { engine, recorder } = setup();
    const rb = runbook(
      tempDir(),
      [
        step('a', 'mkdir -p d && cd d && export CARRY="v 1"'),
        step('b', 'echo "[$CARRY]" "$(basename "$PWD")"'),
      ],
      { shell },
    );
    const { runId } = engine.startRun({ runbook: rb, params: {} });
    await engine.runStep({ runId, step: 'a' });
    await engine.runStep({ runId, step: 'b' });
    expect(recorder.output(recorder.latest(runId, 'b')!.id).toString()).toContain('[v 1] d');
  }

  it.each(['dash', 'sh'])('carries variables and directory with the runbook shell %s', carriesWith);

  it.skipIf(ZSH_MISSING !== undefined)(
    `carries variables and directory with the runbook shell zsh${skipNote(ZSH_MISSING)}`,
    () => carriesWith('zsh'),
  );
});

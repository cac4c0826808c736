/**
 * A step's output as viewers get it over the contract (Service, a forked engine, a real history
 * file): a viewer that acknowledges slowly does not slow the program and still ends showing the
 * true final screen; a viewer that appears part-way gets the screen, then the tail, nothing twice;
 * the history's pages never cut a character in two.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Events } from '../../src-main/api/contract.js';
import { openService, type OpenedService } from '../../src-main/api/open-service.js';
import type { Connection } from '../../src-main/api/service.js';
import { DEFAULT_SIZE } from '../../src-main/core/engine/pty-session.js';
import {
  coreOf,
  newHeadlessTerminal,
  type HeadlessTerminal,
} from '../../src-main/core/headless-terminal.js';
import { afterTest, temp, until } from './helpers.js';

/** Lines of about 80 bytes, each stamped with the time the program wrote it. */
const LINES = 250_000;
const STAMPED = `perl -MTime::HiRes=time -e '$|=1; for my $i (1..${LINES}) { printf "%.6f %07d %s\\n", time, $i, "x" x 60 } print "all ${LINES} lines written\\n"'`;

const RUNBOOK = `# Live output

\`\`\`sh { name=stamped }
${STAMPED}
\`\`\`

\`\`\`sh { name=slow }
for i in $(seq 1 30); do echo "slow line $i"; sleep 0.05; done; printf 'prompt> '
\`\`\`

\`\`\`sh { name=euros }
printf '€%.0s' $(seq 1 1000); printf 'é%.0s' $(seq 1 1000)
\`\`\`
`;

async function opened(): Promise<OpenedService> {
  const books = temp('runlog-books-');
  writeFileSync(join(books, 'live-output.md'), RUNBOOK);
  const o = await openService({
    dataDir: temp('runlog-data-'),
    runbookDirs: [books],
    transport: 'cli',
  });
  afterTest(() => o.close());
  const { runbook } = await o.service.commands['library:get']({ id: 'live-output' });
  await o.service.commands['library:trust']({ id: 'live-output', sha256: runbook.sha256 });
  return o;
}

function terminal(): HeadlessTerminal {
  const t = newHeadlessTerminal({ ...DEFAULT_SIZE, scrollback: 1000 });
  afterTest(() => t.dispose());
  return t;
}

function visibleRows(t: HeadlessTerminal): string[] {
  const b = t.buffer.active;
  return Array.from({ length: t.rows }, (_, i) =>
    (b.getLine(b.baseY + i)?.translateToString(true) ?? '').trimEnd(),
  );
}

/**
 * A viewer like a browser tab: writes what it is sent into its terminal `delay` ms later and
 * acknowledges it then; a screen replaces what it shows.
 */
function viewer(o: OpenedService, runId: string, delay: number) {
  const term = terminal();
  const state = { position: 0, screens: 0, outputs: [] as number[], queued: 0 };
  const later = (work: () => void) => {
    state.queued++;
    setTimeout(() => {
      work();
      state.queued--;
    }, delay);
  };
  const conn: Connection = o.service.connect((event, payload) => {
    if (event === 'step:output') {
      const p = payload as Events['step:output'];
      if (p.runId !== runId) return;
      state.outputs.push(p.at);
      later(() => {
        coreOf(term).writeSync(p.data);
        state.position = p.at + p.data.length;
        conn.notify('run:ack', { runId, chars: p.data.length });
      });
    } else if (event === 'step:screen') {
      const p = payload as Events['step:screen'];
      if (p.runId !== runId) return;
      state.screens++;
      later(() => {
        coreOf(term).writeSync(`\x1bc${p.data}`);
        state.position = p.at;
      });
    }
  });
  afterTest(() => conn.unsubscribe());
  return { term, state, conn };
}

/** The true screen after the whole recorded output of an execution. */
function trueScreen(o: OpenedService, executionId: number): { rows: string[]; bytes: number } {
  const { bytes } = o.store.readOutput(executionId);
  const t = terminal();
  coreOf(t).writeSync(bytes);
  return { rows: visibleRows(t), bytes: bytes.length };
}

/** Seconds between the first and the last time stamp the program wrote. */
function programSeconds(o: OpenedService, executionId: number): number {
  const text = Buffer.from(o.store.readOutput(executionId).bytes).toString('latin1');
  const stamps = text.match(/^\d+\.\d+(?= \d{7} )/gm) ?? [];
  expect(stamps).toHaveLength(LINES);
  return Number(stamps.at(-1)) - Number(stamps[0]);
}

async function runStep(o: OpenedService, runId: string, step: string) {
  const outcome = await o.service.commands['run:step']({ runId, step });
  expect(outcome.status).toBe('passed');
  const { run } = await o.service.commands['history:get']({ runId });
  return run.steps.find((s) => s.stepName === step)!.id;
}

describe('viewers of a running step', () => {
  it('a viewer that acknowledges slowly does not slow the program, and ends showing the true final screen', async () => {
    const o = await opened();
    const alone = await o.service.commands['run:start']({ runbookId: 'live-output', params: {} });
    const aloneSeconds = programSeconds(o, await runStep(o, alone.runId, 'stamped'));

    const { runId } = await o.service.commands['run:start']({
      runbookId: 'live-output',
      params: {},
    });
    // Each batch is written and acknowledged a tenth of a second later: a few MB/s at most.
    const slow = viewer(o, runId, 100);
    const executionId = await runStep(o, runId, 'stamped');
    const watchedSeconds = programSeconds(o, executionId);
    console.log(
      `program alone ${aloneSeconds.toFixed(2)} s, with a slow viewer ${watchedSeconds.toFixed(2)} s`,
    );
    // Paced by this viewer, 20 MB would take 20 s and more; unpaced it takes about as long as alone.
    expect(watchedSeconds).toBeLessThan(2 * aloneSeconds + 1);
    const truth = trueScreen(o, executionId);
    await until(() => slow.state.position === truth.bytes && slow.state.queued === 0);
    expect(slow.state.screens).toBeGreaterThan(0);
    expect(visibleRows(slow.term)).toEqual(truth.rows);
    expect(truth.rows.join('\n')).toContain(`all ${LINES} lines written`);
  }, 180_000);

  it('a viewer that appears part-way gets the screen, then the tail: nothing repeated, nothing missing', async () => {
    const o = await opened();
    const { runId } = await o.service.commands['run:start']({
      runbookId: 'live-output',
      params: {},
    });
    const running = runStep(o, runId, 'slow');
    let begun = false;
    const sub = o.service.subscribe((event, payload) => {
      if (
        event === 'step:output' &&
        (payload as Events['step:output']).data.includes('slow line 10')
      )
        begun = true;
    });
    afterTest(() => sub.unsubscribe());
    await until(() => begun);
    const late = viewer(o, runId, 0);
    late.conn.notify('run:screen', { runId });
    const executionId = await running;
    const truth = trueScreen(o, executionId);
    await until(() => late.state.position === truth.bytes && late.state.queued === 0);
    expect(late.state.screens).toBe(1);
    expect(visibleRows(late.term)).toEqual(truth.rows);
    const text = visibleRows(late.term).join('\n');
    for (let i = 1; i <= 30; i++)
      expect(text.split(`slow line ${i}\n`).length - 1).toBeLessThanOrEqual(1);
    expect(text).not.toMatch(/history/);
  }, 60_000);
});

describe('history:output', () => {
  it('pages end after a whole character, so a character across a page boundary is never U+FFFD', async () => {
    const o = await opened();
    const { runId } = await o.service.commands['run:start']({
      runbookId: 'live-output',
      params: {},
    });
    const executionId = await runStep(o, runId, 'euros');
    const whole = '€'.repeat(1000) + 'é'.repeat(1000);
    for (const length of [1000, 1001, 4096, 1]) {
      let text = '';
      let offset = 0;
      for (let page = 0; page < 10_000; page++) {
        const got = await o.service.commands['history:output']({ executionId, offset, length });
        text += got.text;
        offset += got.length;
        if (got.length === 0 || offset >= got.total) break;
      }
      expect(text, `pages of ${length} bytes`).toBe(whole);
    }
  }, 60_000);
});

/**
 * What `runlog run` shows while steps run: each step's live output exactly as its terminal wrote
 * it (on stdout, or stderr with --json), and a line of the CLI's own when a step starts and ends.
 * Output is acknowledged once written; a terminal too slow for a flood is not sent all of it (the
 * step never waits for it): it is shown a note and the step's screen instead, and the rest is in
 * the history.
 */
import { screenNote } from '../core/engine/screen-note.js';
import type { Subscriber } from '../api/output-fanout.js';
import type { Service } from '../api/service.js';
import type { Events } from '../api/contract.js';
import { painter } from './style.js';
import { visible } from './terminal-text.js';

/** Where the walk writes. */
export interface WalkStreams {
  /** The step's output. */
  output: NodeJS.WriteStream;
  /** The CLI's own lines and questions. */
  messages: NodeJS.WriteStream;
}

/** "passed (exit 0, attempt 2)", "passed (failed as expected, exit 1)": a step's end in words. */
export function describeState(p: Events['step:state']): string {
  const how: string[] = [];
  if (p.flag) how.push(p.flag.replace(/-/g, ' '));
  if (p.signal) how.push(p.signal);
  else if (p.exitCode !== undefined) how.push(`exit ${p.exitCode}`);
  if (p.attempt !== undefined && p.attempt > 1) how.push(`attempt ${p.attempt}`);
  return `${p.status}${how.length ? ` (${how.join(', ')})` : ''}`;
}

const TONE: Record<string, 'green' | 'red' | 'yellow' | 'cyan'> = {
  passed: 'green',
  done: 'green',
  failed: 'red',
  'not-done': 'red',
  'timed-out': 'red',
  stopped: 'yellow',
  skipped: 'yellow',
  running: 'cyan',
};

/** Streams one run's output and step lines until unsubscribed. */
export function streamRun(service: Service, runId: string, streams: WalkStreams): Subscriber {
  const paint = painter(streams.messages);
  /** The output so far ended a line: the CLI's own line then starts on a line of its own. */
  let atLineStart = true;
  const subscriber: Subscriber = service.subscribe((event, payload) => {
    if (event === 'step:output') {
      const p = payload as Events['step:output'];
      if (p.runId !== runId || p.data === '') return;
      atLineStart = p.data.endsWith('\n');
      streams.output.write(p.data, () => subscriber.ack(runId, p.data.length));
    } else if (event === 'step:screen') {
      const p = payload as Events['step:screen'];
      if (p.runId !== runId) return;
      const note = screenNote(p);
      const lead = atLineStart ? '' : '\r\n';
      if (note) streams.messages.write(`${lead}${paint('dim', note)}\r\n`);
      streams.output.write(p.data);
      atLineStart = p.data.endsWith('\n');
    } else if (event === 'step:state') {
      const p = payload as Events['step:state'];
      if (p.runId !== runId) return;
      const tone = TONE[p.status] ?? 'yellow';
      const lead = atLineStart ? '' : '\r\n';
      atLineStart = true;
      streams.messages.write(
        `${lead}${paint('bold', `── ${visible(p.step)}:`)} ${paint([tone, 'bold'], describeState(p))}\n`,
      );
    } else if (event === 'run:notice') {
      const p = payload as Events['run:notice'];
      if (p.runId === runId) streams.messages.write(`runlog: ${visible(p.message)}\n`);
    }
  });
  return subscriber;
}

/**
 * The keyboard of `runlog run` on a terminal. One owner of stdin for the whole walk, in raw mode
 * from start to end: keys go to the running step (through the engine, never recorded) or to a
 * question of the CLI's own, never to both. The terminal never echoes by itself, so what appears
 * is what the step's terminal shows (a password typed at sudo's prompt does not) or what the
 * CLI's question echoes. Keys typed while neither waits for them are dropped, so nothing typed
 * early lands in a step by surprise.
 *
 * Ctrl-C: at a question it cancels the question; otherwise it is the operator's interrupt, and
 * the caller counts them (a second one soon after the first leaves the run open and quits).
 */

/** The stream pair the terminal input needs (process.stdin and the stream prompts go to). */
export interface TerminalStreams {
  stdin: NodeJS.ReadStream;
  prompts: { write(text: string): unknown };
}

/** What the keys are for when no question waits. */
export interface KeyHandlers {
  /** Keys for the running step; false when nothing took them. */
  toStep(data: string): void;
  /** Ctrl-C while no question waits. */
  interrupt(): void;
}

const CTRL_C = '\u0003';
const ENTER = /[\r\n]/;
const ERASE = new Set(['\u007f', '\b']);
const CTRL_U = '\u0015';
/** An escape sequence (arrow keys, function keys): ignored inside a question. */
// eslint-disable-next-line no-control-regex -- matching control sequences is the point
const ESCAPE_SEQUENCE = /^\u001b(\[[0-9;?]*[ -/]*[@-~]|O.|.)?/;

interface Question {
  hidden: boolean;
  typed: string;
  done(answer: string | undefined): void;
}

/** The terminal's keys, routed to the step or to the CLI's questions. */
export class TerminalInput {
  private question: Question | undefined;
  private readonly onData = (chunk: Buffer | string) => this.receive(chunk.toString());
  private started = false;

  constructor(
    private readonly streams: TerminalStreams,
    private readonly handlers: KeyHandlers,
  ) {}

  /** True when stdin is a terminal (questions can be asked). */
  get interactive(): boolean {
    return this.streams.stdin.isTTY === true;
  }

  /** Takes the keyboard: raw mode, reading. */
  start(): void {
    if (this.started || !this.interactive) return;
    this.started = true;
    this.streams.stdin.setRawMode(true);
    this.streams.stdin.setEncoding('utf8');
    this.streams.stdin.on('data', this.onData);
    this.streams.stdin.resume();
  }

  /** Gives the keyboard back as it was. */
  stop(): void {
    if (!this.started) return;
    this.started = false;
    this.streams.stdin.off('data', this.onData);
    this.streams.stdin.setRawMode(false);
    this.streams.stdin.pause();
    this.question?.done(undefined);
  }

  /**
   * Asks a question and resolves with the line typed (undefined when Ctrl-C cancelled it). A
   * hidden question (a secret value) echoes nothing.
   */
  ask(text: string, options: { hidden?: boolean } = {}): Promise<string | undefined> {
    if (!this.started) return Promise.resolve(undefined);
    this.streams.prompts.write(text);
    return new Promise((resolve) => {
      this.question = {
        hidden: options.hidden === true,
        typed: '',
        done: (answer) => {
          this.question = undefined;
          this.streams.prompts.write('\r\n');
          resolve(answer);
        },
      };
    });
  }

  private receive(data: string): void {
    if (!this.question) {
      this.toStep(data);
      return;
    }
    let rest = data;
    while (rest.length > 0 && this.question) {
      const escape = ESCAPE_SEQUENCE.exec(rest);
      if (rest[0] === '\u001b' && escape) {
        rest = rest.slice(escape[0].length);
        continue;
      }
      const ch = rest[0] as string;
      rest = rest.slice(1);
      this.key(this.question, ch);
    }
    // What follows the answer in the same chunk was typed for no one: dropped.
  }

  private toStep(data: string): void {
    let from = 0;
    for (let at = data.indexOf(CTRL_C); at !== -1; at = data.indexOf(CTRL_C, from)) {
      if (at > from) this.handlers.toStep(data.slice(from, at));
      this.handlers.interrupt();
      from = at + 1;
    }
    if (from < data.length) this.handlers.toStep(data.slice(from));
  }

  private key(q: Question, ch: string): void {
    if (ch === CTRL_C) return q.done(undefined);
    if (ENTER.test(ch)) return q.done(q.typed);
    if (ERASE.has(ch)) {
      if (q.typed.length === 0) return;
      q.typed = [...q.typed].slice(0, -1).join('');
      if (!q.hidden) this.streams.prompts.write('\b \b');
      return;
    }
    if (ch === CTRL_U) {
      if (!q.hidden) this.streams.prompts.write('\b \b'.repeat([...q.typed].length));
      q.typed = '';
      return;
    }
    // Other control characters have no place in an answer.
    if (/\p{Cc}/u.test(ch)) return;
    q.typed += ch;
    if (!q.hidden) this.streams.prompts.write(ch);
  }
}

/**
 * `runlog show RUNBOOK`: the parsed runbook as Runlog will run it: parameters, then each step
 * with its kind, language, line, the other names it answers to (the name Runme gives the cell),
 * its Runme settings (background, categories, cwd, interpreter, exported variables asked for),
 * its text, and the errors that keep it from running.
 */
import type { Responses } from '../api/contract.js';
import { findHiddenChars, findLongLines } from '../core/runbook/hidden-text.js';
import { stepErrors, type Problem, type Runbook, type Step } from '../core/runbook/model.js';
import { table } from './cli-io.js';
import type { CommandSpec, Parsed } from './command-types.js';
import { visible, visibleJson } from './terminal-text.js';
import { withService } from './with-service.js';

/** What `library:get` answers: the runbook and how far it is trusted. */
type LibraryGetResult = Responses['library:get'];

/** A problem line on stderr; the file name and message come from the runbook, so escaped. */
export function problemLine(
  p: Pick<Problem, 'file' | 'line' | 'column' | 'severity' | 'message'>,
): string {
  return `${visible(p.file)}:${p.line}:${p.column}: ${p.severity}: ${visible(p.message)}\n`;
}

/** Runbook-wide settings worth a line: shell, cwd, prompts, rows, categories, Runme's id. */
function settingsLine(rb: Runbook): string {
  const bits = [
    `shell: ${visible(rb.shell)}`,
    rb.cwd !== undefined ? `cwd: ${visible(rb.cwd)} (from the file's folder)` : '',
    rb.skipPrompts ? 'skipPrompts' : '',
    rb.terminalRows ? `terminal rows: ${rb.terminalRows}` : '',
    rb.categories?.length ? `categories: ${rb.categories.map((c) => visible(c)).join(',')}` : '',
    rb.runme?.id ? `runme id: ${visible(rb.runme.id)}` : '',
  ];
  return bits.filter(Boolean).join('   ');
}

/** The step's one-line head: name, kind/language, line, aliases and settings. */
function headLine(s: Step): string {
  const bits = [
    `${visible(s.name)}  [${s.kind}${s.language ? `/${visible(s.language)}` : ''}] line ${s.line}`,
    s.aliases?.length ? `also: ${s.aliases.map((a) => visible(a)).join(', ')}` : '',
    s.id ? `id: ${visible(s.id)}` : '',
    s.platforms.length ? `platforms ${visible(s.platforms.join(','))}` : '',
    s.sudo ? 'sudo' : '',
    s.confirm ? 'confirm' : '',
    s.background ? 'background' : '',
    s.ignored ? 'ignored' : '',
    s.excludeFromRunAll ? 'not in run all' : '',
    s.categories?.length ? `categories ${s.categories.map((c) => visible(c)).join(',')}` : '',
    s.cwd !== undefined ? `cwd ${visible(s.cwd)}` : '',
    s.interpreter ? `interpreter ${visible(s.interpreter)}` : '',
    s.terminalRows ? `rows ${s.terminalRows}` : '',
  ];
  return `  ${bits.filter(Boolean).join('  ')}`;
}

/** Lines under the text: prompts removed, variables asked for, errors. */
function notes(rb: Runbook, s: Step): string[] {
  const out: string[] = [];
  if (s.script !== undefined) out.push('runs without the leading "$ " prompts');
  if (s.prompts?.length) {
    const never = s.promptEnv === 'never' || rb.skipPrompts;
    const vars = s.prompts.map((p) => `${visible(p.name)}${p.value ? `=${visible(p.value)}` : ''}`);
    out.push(
      `${never ? 'exports (never asked)' : s.promptEnv === 'always' ? 'asks always for' : 'asks for (when unset)'}: ${vars.join(', ')}`,
    );
  }
  for (const p of stepErrors(rb, s.name)) out.push(`cannot run: ${visible(p.message)}`);
  return out.map((n) => `      » ${n}\n`);
}

/**
 * A step's text indented under its heading, with its hidden characters escaped and a marker on
 * each line that hides some, or that runs on past what a screen shows.
 */
function stepTextLines(text: string): string {
  const hidden = new Set(findHiddenChars(text).map((h) => h.line));
  const long = new Set(findLongLines(text).map((l) => l.line));
  return visible(text, { multiline: true })
    .split('\n')
    .map((line, i) => {
      const marks = [
        hidden.has(i + 1) ? 'hidden characters' : '',
        long.has(i + 1) ? 'long line' : '',
      ].filter(Boolean);
      return `    ${marks.length ? '! ' : '  '}${line}${marks.length ? `   ◀ ${marks.join(', ')}` : ''}`;
    })
    .join('\n');
}

/** The trust line: this installation's, and the team ledger's when it vouches for the file. */
function trustLine({ runbook, trusted, teamTrust }: LibraryGetResult): string {
  const team = teamTrust
    ? ` (trusted by ${visible(teamTrust.by)} on ${visible(teamTrust.at)}, team ledger)`
    : '';
  const platforms = visible(runbook.platforms.join(', ')) || 'any';
  return `platforms: ${platforms}   trusted: ${trusted ? 'yes' : 'no'}${team}`;
}

function printRunbook(io: Parsed['io'], got: LibraryGetResult): void {
  const { runbook } = got;
  io.stdout(
    `${visible(runbook.title)}  (${visible(runbook.id)})\n${visible(runbook.file)}\nsha256 ${runbook.sha256}\n`,
  );
  if (runbook.summary) io.stdout(`${visible(runbook.summary)}\n`);
  io.stdout(`${trustLine(got)}\n${settingsLine(runbook)}\n\n`);
  if (runbook.params.length) {
    io.stdout('Parameters:\n');
    const rows = runbook.params.map((p) => [
      `  ${visible(p.name)}`,
      visible(p.type),
      p.required ? 'required' : 'optional',
      p.secret
        ? 'secret'
        : p.default !== undefined
          ? `default ${visible(JSON.stringify(p.default))}`
          : '',
    ]);
    io.stdout(`${table(rows)}\n\n`);
  }
  io.stdout('Steps:\n');
  for (const s of runbook.steps) {
    io.stdout(`${headLine(s)}\n`);
    io.stdout(`${stepTextLines(s.text)}\n`);
    for (const line of notes(runbook, s)) io.stdout(line);
  }
}

export const showCommand: CommandSpec = {
  usage: 'Usage: runlog show RUNBOOK [--json]   (RUNBOOK is an id or a path)',
  run: (ctx) =>
    withService(ctx as Parsed, async (service, { io, globals, positionals }) => {
      if (positionals.length !== 1) {
        io.stderr(`${showCommand.usage}\n`);
        return 2;
      }
      const got = await service.commands['library:get']({ id: positionals[0] ?? '' });
      if (globals.json) {
        const { runbook, trusted, teamTrust } = got;
        io.stdout(`${visibleJson({ runbook, trusted, teamTrust })}\n`);
        return 0;
      }
      printRunbook(io, got);
      for (const p of got.runbook.problems) io.stderr(problemLine(p));
      return 0;
    }),
};

/**
 * `runlog show RUNBOOK`: the parsed runbook as Runlog will run it: parameters, then each step
 * with its kind, language, line, the other names it answers to (the name Runme gives the cell),
 * its Runme settings (background, categories, cwd, interpreter, exported variables asked for),
 * its text, and the errors that keep it from running.
 */
import { stepErrors, type Runbook, type Step } from '../core/runbook/model.js';
import { table } from './cli-io.js';
import type { CommandSpec, Parsed } from './command-types.js';
import { visible } from './terminal-text.js';
import { withService } from './with-service.js';

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
    s.platforms.length ? `platforms ${s.platforms.join(',')}` : '',
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

function printRunbook(io: Parsed['io'], runbook: Runbook, trusted: boolean): void {
  io.stdout(
    `${visible(runbook.title)}  (${visible(runbook.id)})\n${visible(runbook.file)}\nsha256 ${runbook.sha256}\n`,
  );
  if (runbook.summary) io.stdout(`${visible(runbook.summary)}\n`);
  io.stdout(
    `platforms: ${runbook.platforms.join(', ') || 'any'}   trusted: ${trusted ? 'yes' : 'no'}\n${settingsLine(runbook)}\n\n`,
  );
  if (runbook.params.length) {
    io.stdout('Parameters:\n');
    const rows = runbook.params.map((p) => [
      `  ${p.name}`,
      p.type,
      p.required ? 'required' : 'optional',
      p.secret ? 'secret' : p.default !== undefined ? `default ${JSON.stringify(p.default)}` : '',
    ]);
    io.stdout(`${table(rows)}\n\n`);
  }
  io.stdout('Steps:\n');
  for (const s of runbook.steps) {
    io.stdout(`${headLine(s)}\n`);
    io.stdout(`${visible(s.text, { multiline: true }).replace(/^/gm, '      ')}\n`);
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
      const { runbook, trusted } = await service.commands['library:get']({
        id: positionals[0] ?? '',
      });
      if (globals.json) io.stdout(`${JSON.stringify({ runbook, trusted }, null, 2)}\n`);
      else printRunbook(io, runbook, trusted);
      if (!globals.json)
        for (const p of runbook.problems)
          io.stderr(
            `${visible(p.file)}:${p.line}:${p.column}: ${p.severity}: ${visible(p.message)}\n`,
          );
      return 0;
    }),
};

/**
 * The table of `runlog` subcommands. Each is a thin call into the service or a core tool; its
 * module is imported only when it runs, so a command loads only what it uses.
 */
import type { CommandEntry } from './command-types.js';

export const COMMANDS: Record<string, CommandEntry> = {
  list: {
    summary: 'the library: id, title, platforms, step count, problems',
    load: async () => (await import('./library-commands.js')).listCommand,
  },
  show: {
    summary: 'one runbook parsed: params and steps (name, kind, language, platforms, line, text)',
    load: async () => (await import('./library-commands.js')).showCommand,
  },
  trust: {
    summary: 'show a runbook file’s SHA-256 and trust that exact content',
    load: async () => (await import('./trust-command.js')).trustCommand,
  },
  run: {
    summary: 'walk a runbook in this terminal (steps in a pty, questions, answers), record the run',
    load: async () => (await import('./run-command.js')).runCommand,
  },
  resume: {
    summary: 'continue an open or interrupted run from where it stopped',
    load: async () => (await import('./open-run-commands.js')).resumeCommand,
  },
  attest: {
    summary: 'answer one step of an open run (done, not done, skip with a reason)',
    load: async () => (await import('./open-run-commands.js')).attestCommand,
  },
  finish: {
    summary: 'finish an open run with the status its steps give',
    load: async () => (await import('./open-run-commands.js')).finishCommand,
  },
  history: {
    summary: 'past runs',
    load: async () => (await import('./history-command.js')).historyCommand,
  },
  export: {
    summary: 'a run as signed evidence (html, json, pdf, or a bundle with its artifact files)',
    load: async () => (await import('./evidence-commands.js')).exportCommand,
  },
  verify: {
    summary: 'check evidence: signature, trusted signer, hash chain, page, artifacts (exit 0/1/2)',
    load: async () => (await import('./evidence-commands.js')).verifyCommand,
  },
  ledger: {
    summary:
      'the team ledger on PostgreSQL: init URL, status, publish, verify, export, signer, trust',
    load: async () => (await import('./ledger-command.js')).ledgerCommand,
  },
  key: {
    summary: "this installation's evidence signing key: show, export (for auditors), rotate",
    load: async () => (await import('./key-commands.js')).keyCommand,
  },
  serve: {
    summary: 'the app in your browser, on 127.0.0.1 only; prints the URL with its token',
    load: async () => (await import('./serve-command.js')).serveCommand,
  },
  bogons: {
    summary: 'Team Cymru bogon list → Cisco IOS / ASA ACL, and its check (runlog bogons --help)',
    load: async () => (await import('./tool-commands.js')).toolCommand('bogons'),
  },
  tnsnames: {
    summary: 'add (ENABLE=BROKEN) to tnsnames.ora entries, or verify them (runlog tnsnames --help)',
    load: async () => (await import('./tool-commands.js')).toolCommand('tnsnames'),
  },
};

/**
 * Writes docs/PERFORMANCE.md from the benchmark results: the machine and date, then one table per
 * benchmark. The hand-written findings below the marker are kept from the previous file, so
 * re-running the bench refreshes the figures without losing the analysis.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { ratio, type Row, type Section, type Stat } from './stats.js';

/** Everything after this line in docs/PERFORMANCE.md is written by hand and kept. */
export const FINDINGS_MARKER = '<!-- findings: written by hand, kept by npm run bench -->';

/** The machine the figures were taken on, as the header lists it. */
export function machine(): string[] {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const cpu = /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  let chromium = 'not found';
  try {
    chromium = execFileSync('/usr/bin/chromium', ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    // Chromium missing: the UI benchmark says so itself.
  }
  return [
    `- Date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    `- CPU: ${cpu}, ${os.cpus().length} cores`,
    `- Memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- OS: ${os.type()} ${os.release()}`,
    `- Node: ${process.version}`,
    `- Chromium: ${chromium}`,
  ];
}

function fmt(stat: Stat, unit: Row['unit']): string {
  const digits = stat.median < 10 ? 2 : stat.median < 100 ? 1 : 0;
  const n = (v: number) => v.toFixed(digits);
  return `${n(stat.median)} ${unit}`;
}

function spread(stat: Stat, unit: Row['unit']): string {
  const digits = stat.median < 10 ? 2 : stat.median < 100 ? 1 : 0;
  return `${stat.min.toFixed(digits)}–${stat.max.toFixed(digits)} ${unit} (n=${stat.runs})`;
}

function table(section: Section): string[] {
  const lines = [
    `## ${section.title}`,
    '',
    section.description,
    '',
    '| Measure | Target | Median | Spread | Baseline (median) | Ratio | Result |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const row of section.rows) {
    const base = row.baseline ? `${row.baseline.label}: ${fmt(row.baseline.value, row.unit)}` : '—';
    const r = row.baseline ? `${ratio(row.value, row.baseline.value).toFixed(2)}×` : '—';
    const result = row.pass === undefined ? 'info' : row.pass ? 'pass' : '**miss**';
    lines.push(
      `| ${row.measure} | ${row.target} | ${fmt(row.value, row.unit)} | ${spread(row.value, row.unit)} | ${base} | ${r} | ${result} |`,
    );
  }
  if (section.notes.length) lines.push('', ...section.notes.map((n) => `- ${n}`));
  return [...lines, ''];
}

/** Title of the block that lists the benchmarks that failed to run. */
const FAILURES_TITLE = 'Benchmarks that could not run';

/**
 * The sections of an earlier report that this run did not measure (with `--only`), as written;
 * each says the date of the run that measured it.
 */
function keptSections(previous: string, measured: Section[]): string[] {
  const end = previous.indexOf(FINDINGS_MARKER);
  const body = end >= 0 ? previous.slice(0, end) : previous;
  const date = /^- Date: (.*)$/m.exec(body)?.[1] ?? 'an earlier run';
  const titles = new Set([...measured.map((s) => s.title), FAILURES_TITLE]);
  return body
    .split(/^(?=## )/m)
    .slice(1)
    .filter((block) => !titles.has(/^## (.*)$/m.exec(block)?.[1] ?? ''))
    .map((block) => {
      const text = block.trimEnd();
      return text.includes('\n_Measured ')
        ? `${text}\n`
        : `${text}\n\n_Measured ${date}, not re-run._\n`;
    });
}

/**
 * Renders and writes the report; keeps the hand-written findings of an existing file, and with
 * `keepOthers` (a run with `--only`) the sections of the earlier report that were not re-run.
 */
export function writeReport(
  file: string,
  sections: Section[],
  failures: string[],
  options: { keepOthers?: boolean } = {},
): void {
  const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const kept = options.keepOthers ? keptSections(previous, sections) : [];
  const at = previous.indexOf(FINDINGS_MARKER);
  const findings =
    at >= 0
      ? previous.slice(at)
      : `${FINDINGS_MARKER}\n\n## What was found and fixed\n\n(to be written)\n`;
  const lines = [
    '# Performance',
    '',
    'Figures from `npm run bench` (`tsx test/bench/run.ts`). Each figure is the median of several runs with its spread (min–max), next to a baseline measured in the same run on the same machine; the ratio is median over baseline median.',
    '',
    ...machine(),
    '',
    ...sections.flatMap(table),
    ...kept,
  ];
  if (failures.length) lines.push(`## ${FAILURES_TITLE}`, '', ...failures.map((f) => `- ${f}`), '');
  writeFileSync(file, `${lines.join('\n')}\n${findings}`);
}

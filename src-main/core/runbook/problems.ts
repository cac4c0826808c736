/**
 * Collects the findings about one runbook file. Parsing never throws: everything wrong with a
 * file becomes a Problem with a 1-based line and column.
 */
import type { Problem } from './model.js';

/** Accumulates problems for one file, clamping positions so they are always ≥ 1. */
export class ProblemList {
  readonly items: Problem[] = [];

  constructor(private readonly file: string) {}

  /**
   * An error: the runbook cannot be run until it is fixed, or, with `step`, that step alone
   * cannot (the others still run).
   */
  error(line: number, column: number, message: string, step?: string): void {
    this.add('error', line, column, message, step);
  }

  /** A warning: the runbook runs, but something is probably not what the author meant. */
  warn(line: number, column: number, message: string): void {
    this.add('warning', line, column, message);
  }

  private add(
    severity: Problem['severity'],
    line: number,
    column: number,
    message: string,
    step?: string,
  ): void {
    this.items.push({
      file: this.file,
      line: Number.isFinite(line) ? Math.max(1, Math.floor(line)) : 1,
      column: Number.isFinite(column) ? Math.max(1, Math.floor(column)) : 1,
      message,
      severity,
      ...(step === undefined ? {} : { step }),
    });
  }
}

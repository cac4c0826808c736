/**
 * A small unified diff (Myers' algorithm over lines, 3 lines of context) so that a tool can show
 * exactly what it is about to change before it touches a file, without another dependency.
 */

/** Lines of context around each change, as `diff -u` and `git diff` show by default. */
const CONTEXT = 3;

type Op = { kind: ' ' | '-' | '+'; line: string };

/**
 * The unified diff from `before` to `after`, with `--- a/PATH` / `+++ b/PATH` headers; an empty
 * string when they are equal. Line endings are kept as they are (a CRLF file diffs as CRLF).
 */
export function unifiedDiff(before: string, after: string, filePath: string): string {
  if (before === after) return '';
  const ops = diffLines(splitLines(before), splitLines(after));
  const name = filePath.replace(/\\/g, '/').replace(/^\/+/, '');
  let out = `--- a/${name}\n+++ b/${name}\n`;
  for (const hunk of hunksOf(ops)) out += hunk;
  return out;
}

/** Lines with their terminators, so that a missing final newline is a visible difference. */
function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** Myers' O(ND) shortest edit script: fast when the two texts differ in few lines. */
function diffLines(a: string[], b: string[]): Op[] {
  const max = a.length + b.length;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d += 1) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]);
      let x = down ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < a.length && y < b.length && a[x] === b[y]) {
        x += 1;
        y += 1;
      }
      v[offset + k] = x;
      if (x >= a.length && y >= b.length) return backtrack(trace, a, b, offset);
    }
  }
  throw new Error('unreachable: the edit script is at most a.length + b.length long');
}

function backtrack(trace: Int32Array[], a: string[], b: string[], offset: number): Op[] {
  const ops: Op[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 1; d >= 0; d -= 1) {
    const v = trace[d];
    const k = x - y;
    const down = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]);
    const prevK = down ? k + 1 : k - 1;
    const prevX = v[offset + prevK];
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push({ kind: ' ', line: a[x - 1] });
      x -= 1;
      y -= 1;
    }
    if (d > 0) {
      if (x === prevX) ops.push({ kind: '+', line: b[y - 1] });
      else ops.push({ kind: '-', line: a[x - 1] });
    }
    x = prevX;
    y = prevY;
  }
  return ops.reverse();
}

/** Groups the edit script into hunks; changes closer than twice the context share a hunk. */
function hunksOf(ops: Op[]): string[] {
  const changed = ops.map((op, i) => (op.kind === ' ' ? -1 : i)).filter((i) => i >= 0);
  const hunks: string[] = [];
  let index = 0;
  while (index < changed.length) {
    let last = index;
    while (last + 1 < changed.length && changed[last + 1] - changed[last] <= 2 * CONTEXT + 1) {
      last += 1;
    }
    const from = Math.max(0, changed[index] - CONTEXT);
    const to = Math.min(ops.length, changed[last] + CONTEXT + 1);
    hunks.push(renderHunk(ops, from, to));
    index = last + 1;
  }
  return hunks;
}

function renderHunk(ops: Op[], from: number, to: number): string {
  let oldStart = 1;
  let newStart = 1;
  for (let i = 0; i < from; i += 1) {
    if (ops[i].kind !== '+') oldStart += 1;
    if (ops[i].kind !== '-') newStart += 1;
  }
  let oldCount = 0;
  let newCount = 0;
  let body = '';
  for (let i = from; i < to; i += 1) {
    const op = ops[i];
    if (op.kind !== '+') oldCount += 1;
    if (op.kind !== '-') newCount += 1;
    body += op.line.endsWith('\n')
      ? `${op.kind}${op.line}`
      : `${op.kind}${op.line}\n\\ No newline at end of file\n`;
  }
  return `@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@\n${body}`;
}

/** `start,count` as diff prints it: an empty range names the line before it, a count of 1 is implied. */
function range(start: number, count: number): string {
  if (count === 0) return `${start - 1},0`;
  return count === 1 ? `${start}` : `${start},${count}`;
}

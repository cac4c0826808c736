/**
 * Walks marked's block tokens and finds what matters for steps: headings, fenced code blocks and
 * task-list items, each with its 1-based line. Lines come from counting the newlines in the
 * tokens' `raw` text (nested tokens keep one line per source line), never from searching the
 * text again, so a block is placed where marked found it.
 */
import { Lexer, type Token, type Tokens } from 'marked';

/** A heading of any level. */
export interface HeadingInfo {
  line: number;
  depth: number;
  text: string;
}

/** A fenced code block. */
export interface FenceBlock {
  type: 'fence';
  line: number;
  /** First line after the block (exclusive end). */
  endLine: number;
  /** The opening fence line as marked saw it (list or quote indentation removed). */
  openingLine: string;
  /** The info string after the fence characters. */
  info: string;
  /** Offset of the info string in `openingLine`. */
  infoOffset: number;
  text: string;
  /** False when the fence runs to the end of the file. */
  closed: boolean;
  /** Index into `headings` of the nearest heading above, or -1. */
  heading: number;
}

/** A GitHub task-list item, `- [ ] question`. */
export interface TaskItem {
  type: 'task';
  line: number;
  endLine: number;
  question: string;
  checked: boolean;
  heading: number;
}

export type Block = FenceBlock | TaskItem;

/** Everything the parser needs from the Markdown structure. */
export interface Outline {
  headings: HeadingInfo[];
  blocks: Block[];
}

const FENCE_OPENING = /^( {0,3})(`{3,}|~{3,})(.*)$/;

function newlines(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count += 1;
  return count;
}

/** Lines a raw block occupies, ignoring the blank lines marked attaches at its end. */
function spanOf(raw: string): number {
  return newlines(raw.replace(/\n+$/, '')) + 1;
}

/**
 * Lexes `text` (LF line endings) and returns its headings and step-like blocks in order.
 * Only marked's block pass runs: steps, lists and headings are block structure, and skipping
 * the inline pass makes a large file parse several times faster.
 */
export function outlineOf(text: string): Outline {
  const tokens = new Lexer({ gfm: true }).blockTokens(text, []);
  const outline: Outline = { headings: [], blocks: [] };
  walk(tokens, 1, outline);
  return outline;
}

function walk(tokens: Token[], firstLine: number, outline: Outline): void {
  let line = firstLine;
  for (const token of tokens) {
    visit(token, line, outline);
    line += newlines(token.raw ?? '');
  }
}

function visit(token: Token, line: number, outline: Outline): void {
  switch (token.type) {
    case 'heading': {
      const heading = token as Tokens.Heading;
      outline.headings.push({ line, depth: heading.depth, text: plainText(heading.text) });
      return;
    }
    case 'code': {
      const code = token as Tokens.Code;
      if (code.codeBlockStyle !== 'indented') outline.blocks.push(fenceBlock(code, line, outline));
      return;
    }
    case 'list': {
      let itemLine = line;
      for (const item of (token as Tokens.List).items) {
        visitItem(item, itemLine, outline);
        itemLine += newlines(item.raw);
      }
      return;
    }
    case 'blockquote':
      walk((token as Tokens.Blockquote).tokens, line, outline);
      return;
    default:
      return;
  }
}

/** Heading text without inline markup: `**Set up** the [key](x)` → `Set up the key`. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/(\*\*|\*|`|~~)(?=\S)([^]*?\S)\1/g, '$2')
    .replace(/(?<![A-Za-z0-9])(__|_)(?=\S)([^]*?\S)\1(?![A-Za-z0-9])/g, '$2')
    .replace(/\\([!-/:-@[-`{-~])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

function visitItem(item: Tokens.ListItem, line: number, outline: Outline): void {
  if (item.task) {
    const first = item.tokens.find((t) => t.type !== 'checkbox' && t.type !== 'space');
    const raw = first && (first.type === 'paragraph' || first.type === 'text') ? first.raw : '';
    const question = raw
      .replace(/^\s*\[[ xX]\]\s*/, '')
      .replace(/\s+/g, ' ')
      .trim();
    outline.blocks.push({
      type: 'task',
      line,
      endLine: line + (raw ? spanOf(raw) : 1),
      question,
      checked: item.checked === true,
      heading: outline.headings.length - 1,
    });
  }
  walk(item.tokens, line, outline);
}

function fenceBlock(code: Tokens.Code, line: number, outline: Outline): FenceBlock {
  const lines = code.raw.replace(/\n+$/, '').split('\n');
  const openingLine = lines[0] ?? '';
  const opening = FENCE_OPENING.exec(openingLine);
  const marker = opening?.[2] ?? '```';
  const info = (opening?.[3] ?? '').trim();
  const infoOffset = opening ? openingLine.indexOf(info, opening[1]!.length + marker.length) : 0;
  const last = lines.length > 1 ? (lines[lines.length - 1] as string).trim() : '';
  const closed =
    last.length >= marker.length &&
    last[0] === marker[0] &&
    new RegExp(`^\\${marker[0]}+$`).test(last);
  return {
    type: 'fence',
    line,
    endLine: line + lines.length,
    openingLine,
    info,
    infoOffset: Math.max(0, infoOffset),
    text: code.text,
    closed,
    heading: outline.headings.length - 1,
  };
}

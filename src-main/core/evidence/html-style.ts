/**
 * The stylesheet of the HTML evidence (renderer 1, frozen: evidence already handed out is
 * rendered with it again by the verifier): inline, light, monochrome-friendly (every status has a
 * mark and a word, not only a colour) and laid out for print on A4.
 */
export const EVIDENCE_CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 960px; padding: 24px 32px; color: #1b1f24; background: #fff;
  font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 2px solid #1b1f24; }
h3 { font-size: 15px; margin: 0; }
.sub { color: #4a5560; margin: 0 0 16px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 10px; }
th, td { text-align: left; vertical-align: top; padding: 4px 8px; border: 1px solid #c9d1d9; }
th { background: #f3f5f7; font-weight: 600; width: 26%; }
table.list th { width: auto; }
code, pre, .mono { font-family: ui-monospace, 'SF Mono', Menlo, Consolas, 'Liberation Mono', monospace;
  font-size: 12px; }
pre { margin: 4px 0 8px; padding: 8px 10px; border: 1px solid #c9d1d9; background: #f6f8fa;
  white-space: pre-wrap; overflow-wrap: anywhere; word-break: break-word; }
pre.output { background: #fff; border-style: dashed; }
.label { font-size: 11px; text-transform: uppercase; letter-spacing: .04em; color: #4a5560;
  margin-top: 8px; }
.step { border: 1px solid #c9d1d9; border-left-width: 6px; padding: 10px 14px; margin: 12px 0;
  break-inside: avoid-page; page-break-inside: avoid; }
.step-head { display: flex; gap: 10px; align-items: baseline; flex-wrap: wrap;
  break-after: avoid; page-break-after: avoid; }
.step-head .index { color: #4a5560; }
.kind { font-size: 12px; color: #4a5560; }
.meta { font-size: 12px; color: #30363d; margin: 4px 0; }
.meta span { margin-right: 14px; }
.badge { display: inline-block; padding: 0 8px; border: 1.5px solid currentColor; border-radius: 3px;
  font-size: 12px; font-weight: 700; white-space: nowrap; }
.badge.st-ok { color: #116329; }
.badge.st-bad { color: #a40e26; }
.badge.st-skip { color: #57606a; }
.badge.st-open { color: #7d4e00; }
.step.tone-ok { border-left-color: #116329; }
.step.tone-bad { border-left-color: #a40e26; border-left-style: double; }
.step.tone-skip { border-left-color: #8c959f; border-left-style: dotted; }
.step.tone-open { border-left-color: #bf8700; border-left-style: dashed; }
.result { font-size: 16px; }
.note { white-space: pre-wrap; }
.hash { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 11px;
  overflow-wrap: anywhere; text-transform: none; letter-spacing: 0; }
footer { margin-top: 32px; font-size: 11px; color: #4a5560; }
@media print {
  @page { size: A4; margin: 16mm 14mm; }
  body { padding: 0; max-width: none; font-size: 11pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  pre { font-size: 8.5pt; }
  .step { border-left-width: 4px; }
  a { color: inherit; text-decoration: none; }
}
`;

/**
 * Renderer 2's stylesheet: renderer 1's, then overrides. A step may now break across printed
 * pages (a long step no longer leaves the page before it half blank; its head stays with its
 * first lines), and labels are printed as written so that the text of a printed PDF is the text
 * of the page.
 */
export const EVIDENCE_CSS_2 = `${EVIDENCE_CSS}
.label { text-transform: none; letter-spacing: 0; font-weight: 600; }
.step { break-inside: auto; page-break-inside: auto; }
.step-head, .step > .meta:first-of-type { break-inside: avoid; page-break-inside: avoid; }
tr, .hash { break-inside: avoid; page-break-inside: avoid; }
`;

/**
 * Renderer 3's stylesheet (records of format /2): renderer 2's, then the attempts under their
 * step, each set off by a dashed rule, its result line kept with what follows it in print.
 */
export const EVIDENCE_CSS_3 = `${EVIDENCE_CSS_2}
.attempt { border-top: 1px dashed #c9d1d9; margin-top: 8px; padding-top: 4px; }
.attempt > .label:first-child { break-after: avoid; page-break-after: avoid; }
`;

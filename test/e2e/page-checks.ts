/**
 * Checks the layout and accessibility specs run on a whole page, through every open shadow root:
 * axe-core's rules, and controls or table cells that a narrow window would cut off.
 */
import type { Page } from '@playwright/test';
import axe from 'axe-core';

/** Impacts that fail a test: what blocks or seriously hinders someone using assistive technology. */
export const BLOCKING_IMPACTS = ['critical', 'serious'];

export interface Finding {
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core over the page (WCAG 2.1 A/AA and best practices) and returns every violation.
 * axe is evaluated through the DevTools protocol, which the page's CSP does not govern.
 */
export async function axeFindings(page: Page): Promise<Finding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  return page.evaluate(async () => {
    const run = (window as unknown as { axe: typeof axe }).axe.run;
    const result = await run(document, {
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
      },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      rule: v.id,
      impact: v.impact ?? '',
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => JSON.stringify(n.target)),
    }));
  });
}

/** What lies outside the window's width: a control, a table cell, or a pane that scrolls sideways. */
export async function cutOff(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const found: string[] = [];
    const controls =
      'button, a[href], input, select, textarea, summary, [role="menuitem"], [tabindex="0"], th, td';
    const name = (el: Element) =>
      `${el.localName}${el.id ? '#' + el.id : ''} "${(el.textContent ?? '').trim().slice(0, 40)}"`;
    const insideScroller = (el: Element) => !!el.closest('pre, .xterm, [data-scroll-region]');
    const visit = (root: Document | ShadowRoot) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.shadowRoot) visit(el.shadowRoot);
        const style = getComputedStyle(el);
        if (
          el.matches('main, rl-notebook, rl-history, rl-team-history, rl-team-run, rl-settings') &&
          el.scrollWidth > el.clientWidth + 1
        )
          found.push(`${name(el)} scrolls sideways (${el.scrollWidth} > ${el.clientWidth})`);
        if (!el.matches(controls) || insideScroller(el) || style.visibility === 'hidden') continue;
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) continue;
        if (box.left < -1 || box.right > width + 1)
          found.push(
            `${name(el)} spans ${Math.round(box.left)}–${Math.round(box.right)} of ${width}`,
          );
      }
    };
    visit(document);
    if (document.documentElement.scrollWidth > width + 1) found.push('the page scrolls sideways');
    return found;
  });
}

/** Waits two frames, so a change of colour scheme or a layout change is painted. */
export async function twoFrames(page: Page): Promise<void> {
  await page.evaluate(
    () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
  );
}

/**
 * Checks the page as it is now in both colour schemes with axe-core; returns what blocks (a
 * critical or serious violation, or a view without its level-one heading), named by view and scheme.
 */
export async function audit(page: Page, view: string): Promise<string[]> {
  const problems: string[] = [];
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await twoFrames(page);
    const findings = await axeFindings(page);
    const blocking = findings.filter(
      (f: Finding) => BLOCKING_IMPACTS.includes(f.impact) || f.rule === 'page-has-heading-one',
    );
    for (const f of blocking)
      problems.push(
        `${view} (${scheme}): ${f.rule} [${f.impact}] ${f.help} — ${f.targets.join(' ')}`,
      );
  }
  return problems;
}

/**
 * Runbook prose to safe HTML. A runbook may come from anywhere, so its Markdown is rendered by
 * marked and then sanitized by a DOMPurify instance of our own: no scripts, styles, forms or SVG;
 * links only to http, https or mailto and always into a new window; images only inline `data:`.
 */
import createDOMPurify from 'dompurify';
import { Marked } from 'marked';

/** Link schemes that may survive; anything else (javascript:, file:, app-relative…) is dropped. */
const SAFE_LINK = /^(?:https?:|mailto:)/i;
/** Images must be inline: a remote image would tell a third party when the runbook is read. */
const SAFE_IMAGE = /^data:image\/(?:png|gif|jpeg|webp);/i;

const purify = createDOMPurify(window);
purify.addHook('afterSanitizeAttributes', (node) => {
  const el = node as Element;
  if (el.tagName === 'A') {
    const href = el.getAttribute('href') ?? '';
    if (SAFE_LINK.test(href.trim())) {
      el.setAttribute('target', '_blank');
      el.setAttribute('rel', 'noopener noreferrer');
    } else {
      el.removeAttribute('href');
      el.removeAttribute('target');
    }
  } else if (el.tagName === 'IMG') {
    const src = el.getAttribute('src') ?? '';
    if (!SAFE_IMAGE.test(src.trim())) el.removeAttribute('src');
    el.removeAttribute('srcset');
  }
});

const SANITIZE_OPTIONS = {
  USE_PROFILES: { html: true },
  FORBID_TAGS: [
    'style',
    'form',
    'input',
    'svg',
    'math',
    'iframe',
    'object',
    'embed',
    'button',
    'textarea',
    'select',
  ],
  FORBID_ATTR: ['style', 'srcset', 'formaction', 'action'],
  ALLOW_DATA_ATTR: false,
};

const marked = new Marked({ gfm: true, async: false });

/** Sanitizes HTML that is about to be put in the DOM with `unsafeHTML`. */
export function sanitizeHtml(html: string): string {
  return purify.sanitize(html, SANITIZE_OPTIONS) as string;
}

/** Renders runbook Markdown to sanitized HTML. */
export function renderMarkdown(markdown: string): string {
  return sanitizeHtml(marked.parse(markdown, { async: false }));
}

/** Sanitizes highlighter output: only spans with classes may pass. */
export function sanitizeHighlight(html: string): string {
  return purify.sanitize(html, { ALLOWED_TAGS: ['span'], ALLOWED_ATTR: ['class'] }) as string;
}

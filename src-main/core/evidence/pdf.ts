/**
 * PDF evidence: the HTML page printed by a real Chromium through playwright-core, so the PDF is
 * exactly the page a person would print. (The desktop app prints with its own engine.)
 */
import fs from 'node:fs';

/** Debian's Chromium; other systems pass their own path. */
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';
/** Flags for a headless, offline, one-shot print: no sandbox (root in containers), no updates. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];
/** Generous bound for starting Chromium and printing on a busy machine. */
const PRINT_TIMEOUT_MS = 120_000;
/** Page margins; the page's own @page rule is honoured first (preferCSSPageSize). */
const MARGIN = { top: '16mm', bottom: '16mm', left: '14mm', right: '14mm' };

/** Raised when no Chromium can be started; says what to install. */
export class PdfError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PdfError';
  }
}

/** Prints an evidence page to an A4 PDF file with Chromium, with scripts and network off. */
export async function renderPdf(
  html: string,
  outFile: string,
  options: { executablePath?: string } = {},
): Promise<void> {
  const executablePath = options.executablePath ?? DEFAULT_CHROMIUM;
  if (!fs.existsSync(executablePath)) {
    throw new PdfError(
      `${executablePath}: Chromium is not installed, so no PDF can be printed. On Debian or ` +
        'Ubuntu run: apt-get install -y chromium (or export HTML and print it from a browser).',
    );
  }
  // Loaded on first use: playwright-core takes about half a second to import, and only PDF needs it.
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath,
    args: CHROMIUM_ARGS,
    timeout: PRINT_TIMEOUT_MS,
  });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    await context.route('**/*', (route) => route.abort());
    const page = await context.newPage();
    await page.setContent(html, { waitUntil: 'load', timeout: PRINT_TIMEOUT_MS });
    await page.emulateMedia({ media: 'print' });
    await page.pdf({
      path: outFile,
      format: 'A4',
      printBackground: true,
      preferCSSPageSize: true,
      margin: MARGIN,
    });
  } finally {
    await browser.close();
  }
}

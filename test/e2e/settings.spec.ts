import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from './fixtures.js';

test('a runbook folder added in Settings joins the library untrusted, and leaves it when removed', async ({
  page,
  host,
}) => {
  const folder = mkdtempSync(join(tmpdir(), 'runlog-e2e-folder-'));
  writeFileSync(
    join(folder, 'team-notes.md'),
    '# Team notes\n\n```sh { name=hello }\necho hello\n```\n',
  );
  try {
    await page.goto(host.url);
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Runbook folders' })).toBeVisible();

    await page.getByLabel('Folder to add (absolute path)').fill('not/absolute');
    await page.getByRole('button', { name: 'Add folder' }).click();
    await expect(page.getByRole('alert')).toContainText('absolute path');

    await page.getByLabel('Folder to add (absolute path)').fill(folder);
    await page.getByRole('button', { name: 'Add folder' }).click();
    await expect(page.getByRole('list', { name: 'Added folders' })).toContainText(folder);
    const item = page.locator('[data-file="team-notes.md"]');
    await expect(item).toBeVisible();
    await expect(item).toContainText(/untrusted/i);

    await page.reload();
    await expect(page.getByRole('list', { name: 'Added folders' })).toContainText(folder);

    await page.getByRole('button', { name: `Remove ${folder}` }).click();
    await expect(page.locator('[data-file="team-notes.md"]')).toHaveCount(0);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

/**
 * The lint rules that keep the house's shape, tried on a small planted tree: each breach of the
 * layering, an import cycle and a module imported twice is reported by the project's own
 * eslint.config.js, and what the rules allow stays quiet.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ESLint } from 'eslint';

const ROOT = join(import.meta.dirname, '..', '..');

/** The planted tree: file → source. */
const FILES: Record<string, string> = {
  'src-main/core/model.ts': 'export const model = 1;\n',
  'src-main/core/cycle-a.ts': "import { b } from './cycle-b.js';\nexport const a = () => b;\n",
  'src-main/core/cycle-b.ts': "import { a } from './cycle-a.js';\nexport const b = () => a;\n",
  'src-main/core/uses-api.ts': "import { api } from '../api/api.js';\nexport const x = api;\n",
  'src-main/core/uses-electron.ts': "import { app } from 'electron';\nexport const x = app;\n",
  'src-main/core/twice.ts':
    "import { model } from './model.js';\nimport { model as again } from './model.js';\nexport const x = [model, again];\n",
  'src-main/api/api.ts': "import { model } from '../core/model.js';\nexport const api = model;\n",
  'src-main/api/uses-host.ts': "import { host } from '../host/host.js';\nexport const x = host;\n",
  'src-main/host/host.ts': "import { api } from '../api/api.js';\nexport const host = api;\n",
  'src-main/host/uses-cli.ts': "import { cli } from '../cli/cli.js';\nexport const x = cli;\n",
  'src-main/cli/cli.ts': "import { host } from '../host/host.js';\nexport const cli = host;\n",
  'src-main/electron/door.ts':
    "import { app } from 'electron';\nimport { api } from '../api/api.js';\nexport const x = [app, api];\n",
  'src-main/electron/uses-cli.ts': "import { cli } from '../cli/cli.js';\nexport const x = cli;\n",
  'src-main/core/runbook/model.ts': 'export const appliesTo = () => true;\n',
  'src-renderer/ok.ts':
    "import type { api } from '../src-main/api/api.js';\nimport { appliesTo } from '../src-main/core/runbook/model.js';\nexport const x: typeof api | boolean = appliesTo();\n",
  'src-renderer/value-from-api.ts':
    "import { api } from '../src-main/api/api.js';\nexport const x = api;\n",
};

let dir: string;
const found: Record<string, string[]> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'runlog-lint-'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  copyFileSync(join(ROOT, 'eslint.config.js'), join(dir, 'eslint.config.js'));
  copyFileSync(join(ROOT, 'tsconfig.json'), join(dir, 'tsconfig.json'));
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
  for (const [file, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  const eslint = new ESLint({ cwd: dir });
  for (const result of await eslint.lintFiles(Object.keys(FILES))) {
    const file = result.filePath.slice(dir.length + 1);
    found[file] = result.messages.map((m) => m.ruleId ?? m.message);
  }
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LAYER = 'import-x/no-restricted-paths';
const ELECTRON = '@typescript-eslint/no-restricted-imports';

describe('eslint.config.js', () => {
  it('reports an import cycle', () => {
    expect(found['src-main/core/cycle-a.ts']).toContain('import-x/no-cycle');
  });

  it('reports a module imported twice', () => {
    expect(found['src-main/core/twice.ts']).toEqual(
      expect.arrayContaining(['import-x/no-duplicates', 'no-duplicate-imports']),
    );
  });

  it('reports core importing api, and api importing a door', () => {
    expect(found['src-main/core/uses-api.ts']).toContain(LAYER);
    expect(found['src-main/api/uses-host.ts']).toContain(LAYER);
  });

  it('reports a door importing another door, but lets the CLI start the host', () => {
    expect(found['src-main/host/uses-cli.ts']).toContain(LAYER);
    expect(found['src-main/electron/uses-cli.ts']).toContain(LAYER);
    expect(found['src-main/cli/cli.ts']).toEqual([]);
  });

  it('reports electron imported outside src-main/electron, and allows it there', () => {
    expect(found['src-main/core/uses-electron.ts']).toContain(ELECTRON);
    expect(found['src-main/electron/door.ts']).toEqual([]);
  });

  it('lets the renderer take types and pure model code only', () => {
    expect(found['src-renderer/ok.ts']).toEqual([]);
    expect(found['src-renderer/value-from-api.ts']).toContain(ELECTRON);
  });

  it('leaves the allowed directions quiet', () => {
    expect(found['src-main/api/api.ts']).toEqual([]);
    expect(found['src-main/host/host.ts']).toEqual([]);
  });
});

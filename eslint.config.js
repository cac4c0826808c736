// Lint: typescript-eslint's recommended rules, lit and wc for the renderer, and the house's
// shape as rules: no import cycles, no module imported twice, and the layering
//   core ← api ← doors (electron, host, cli); the renderer takes only types and pure model code.
// `npm run lint` runs it with --max-warnings 0, so a warning fails as surely as an error.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import globals from 'globals';

const CORE = './src-main/core';
const API = './src-main/api';
const ELECTRON = './src-main/electron';
const HOST = './src-main/host';
const CLI = './src-main/cli';

/** Who may import whom inside src-main: each zone names the folders its files must not import. */
const LAYER_ZONES = [
  {
    target: CORE,
    from: [API, ELECTRON, HOST, CLI],
    message: 'core is the bottom layer: it imports nothing from api or the doors.',
  },
  {
    target: API,
    from: [ELECTRON, HOST, CLI],
    message: 'api is built on core alone; the doors build on it, never the other way.',
  },
  {
    target: ELECTRON,
    from: [HOST, CLI],
    message: 'a door imports api and core, not another door.',
  },
  {
    target: HOST,
    from: [ELECTRON, CLI],
    message: 'a door imports api and core, not another door.',
  },
  {
    // The one crossing between doors: `runlog serve` is how the browser host is started.
    target: CLI,
    from: [ELECTRON],
    message: 'the CLI runs on plain Node: it imports api and core (and starts the host).',
  },
  {
    target: './src-main',
    from: './src-renderer',
    message: 'the main side never imports the renderer.',
  },
];

/**
 * What the renderer may import from src-main as values: pure modules with no Node, Electron or
 * database behind them (the runbook model, its outline, parameter rules and hidden-character
 * finder, the short-secret warning, the note over a terminal's screen, the run model, the host's
 * handshake names). Everything else only with `import type`.
 */
const RENDERER_PURE_MODULES = [
  'core/engine/screen-note',
  'core/engine/secret-policy',
  'core/runbook/config-text',
  'core/runbook/hidden-text',
  'core/runbook/model',
  'core/runbook/outline',
  'core/runbook/params',
  'core/run-model',
  'host/handshake',
];

const rendererImportRule = {
  patterns: [
    {
      regex: `src-main/(?!(?:${RENDERER_PURE_MODULES.join('|')})\\.js$)`,
      allowTypeImports: true,
      message:
        'the renderer takes only types (`import type`) and pure model modules from src-main ' +
        '(see RENDERER_PURE_MODULES in eslint.config.js).',
    },
  ],
  paths: [
    {
      name: 'electron',
      message: 'the renderer is sandboxed: it reaches Electron only through the preload bridge.',
    },
  ],
};

const noElectronRule = {
  paths: [
    {
      name: 'electron',
      message: 'only src-main/electron may import Electron: everything else runs on plain Node.',
    },
  ],
};

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'docs/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    languageOptions: { globals: { ...globals.node } },
    settings: {
      // import-x follows imports into TypeScript files only when told they are modules it can parse.
      'import-x/extensions': ['.ts', '.js', '.mjs', '.cjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [
        createTypeScriptImportResolver({ project: `${import.meta.dirname}/tsconfig.json` }),
      ],
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-empty-pattern': 'off',
      'import-x/no-cycle': 'error',
      // Two rules for one idea: import-x compares resolved files ('./a.js' and './a' are one
      // module); the core rule also catches a value import beside one with inline `type`
      // specifiers. A separate `import type` beside a side-effect import stays allowed: that is how
      // a Lit element is both registered and typed.
      'import-x/no-duplicates': 'error',
      'no-duplicate-imports': ['error', { allowSeparateTypeImports: true }],
    },
  },
  {
    files: ['src-main/**/*.ts'],
    // Zones are relative to this file, not to wherever eslint was started from.
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        { zones: LAYER_ZONES, basePath: import.meta.dirname },
      ],
    },
  },
  {
    files: [
      'src-main/core/**/*.ts',
      'src-main/api/**/*.ts',
      'src-main/host/**/*.ts',
      'src-main/cli/**/*.ts',
    ],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', noElectronRule] },
  },
  {
    files: ['src-renderer/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { lit, wc },
    rules: {
      ...lit.configs.recommended.rules,
      ...wc.configs.recommended.rules,
      '@typescript-eslint/no-restricted-imports': ['error', rendererImportRule],
    },
  },
);

/**
 * Builds the three Electron parts into out/: main (with the engine process —
 * forked by the CLI and the host, a utilityProcess in the app — and the
 * runlog CLI as inputs of their own), the preload (one CommonJS file: a sandboxed renderer loads
 * no ES module preload), and the Lit renderer.
 */
import { chmodSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

const root = import.meta.dirname;
const at = (path: string) => resolve(root, path);

/** Makes out/main/cli.js directly executable, as the package's bin. */
function executableCli(): Plugin {
  return {
    name: 'runlog-executable-cli',
    writeBundle(options) {
      const cli = resolve(options.dir ?? at('out/main'), 'cli.js');
      if (existsSync(cli)) chmodSync(cli, 0o755);
    },
  };
}

export default defineConfig({
  main: {
    plugins: [executableCli()],
    // Built code ignores the settings that exist for tests only (see src-main/core/build-mode.ts).
    define: { __RUNLOG_PRODUCTION__: 'true' },
    build: {
      outDir: at('out/main'),
      rollupOptions: {
        input: {
          index: at('src-main/electron/main.ts'),
          // The engine's own process: forked by the CLI and the browser host, and the
          // Electron app's utilityProcess entry.
          engine: at('src-main/core/engine/child-main.ts'),
          // The engine's thread that writes step output to the history.
          'output-worker': at('src-main/core/history/output-worker.ts'),
          cli: at('src-main/cli/cli-main.ts'),
        },
        output: {
          // Shared chunks sit beside the entries so every module finds out/main at the same depth.
          chunkFileNames: '[name]-[hash].js',
          banner: (chunk) => (chunk.name === 'cli' ? '#!/usr/bin/env node' : ''),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: at('out/preload'),
      rollupOptions: {
        input: { index: at('src-main/electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: at('src-renderer'),
    build: {
      outDir: at('out/renderer'),
      rollupOptions: { input: at('src-renderer/index.html') },
    },
  },
});

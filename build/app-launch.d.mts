// Types of app-launch.mjs for the TypeScript tests that import it.

/** Where the Electron-ABI better-sqlite3 binary of a checkout lives, relative to its root. */
export declare const ELECTRON_SQLITE: string;

/** The Electron binary of the checkout at `root`, or undefined when it is not installed. */
export declare function electronBinary(root: string): string | undefined;

/** What `npm start` will do, and why in one line when it is the browser. */
export type StartPlan = { mode: 'electron'; binary: string } | { mode: 'browser'; why: string };

export declare function startPlan(root: string, argv: string[]): StartPlan;

/** Builds better-sqlite3 for Electron's ABI once; returns its path or throws with what to do. */
export declare function ensureElectronSqlite(root: string): string;

/** The runbook module's public API: parse, validate parameters, and keep the library. */
export * from './model.js';
export { parseRunbook, MAX_RUNBOOK_BYTES, COMMAND_LANGUAGES, CONFIG_LANGUAGES } from './parser.js';
export type { ParseOptions } from './parser.js';
export {
  validateParam,
  resolveParams,
  matchesType,
  compilePattern,
  isIpv4,
  isIpv6,
  isHostName,
  MAX_PARAM_VALUE_LENGTH,
} from './params.js';
export type { ResolvedParams } from './params.js';
export { Library, summarize } from './library.js';
export type { LibraryOptions, LibrarySummary } from './library.js';
export { slugify } from './names.js';
export { LANGUAGES, languageSpec, isRunnableLanguage } from './languages.js';

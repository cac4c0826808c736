/** `runlog tnsnames`: the command and the pure pieces it is built from. */
export { tnsnamesCommand } from './tnsnames-command.js';
export { enableBroken, type EnableBrokenResult, type EnableBrokenChange } from './enable-broken.js';
export {
  verifyEnableBroken,
  type VerifyResult,
  type VerifyFinding,
} from './verify-enable-broken.js';
export { parseTnsnames, TnsSyntaxError, type TnsFile, type TnsEntry } from './tns-parser.js';
export { unifiedDiff } from '../unified-diff.js';
export type { ToolIO } from '../tool-io.js';

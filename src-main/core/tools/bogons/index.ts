/** `runlog bogons`: the command and the pure pieces it is built from. */
export { bogonsCommand } from './bogons-command.js';
export { checkCommand } from './check-command.js';
export { BOGON_LISTS, BOGON_BASE_URL, TEAM_CYMRU_LISTS } from './list-source.js';
export { parseBogonList, describeBadLines, type BogonList, type BadLine } from './bogon-list.js';
export {
  renderAcl,
  aclNameProblem,
  ACL_FORMATS,
  type AclFormat,
  type AclOptions,
} from './acl-format.js';
export { checkAcl, type CheckReport } from './acl-check.js';
export { parseAcl, type ParsedAcl } from './acl-model.js';
export { parseCidr, formatCidr, formatAddress, netmaskOf, hostmaskOf, type Cidr } from './cidr.js';
export { fetchText, readCache, writeCache, FetchError } from './fetch-source.js';
export type { ToolIO } from '../tool-io.js';

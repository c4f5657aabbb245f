/** Every CLI command, grouped by area. Add an area's list here. */
import type { Command } from '../command';
import { documentCommands } from './documents';
import { docExportCommands } from './doc-export';
import { envelopeCommands } from './envelope';
import { identityCommands } from './identity';
import { keyCommands } from './keys';
import { ledgerCommands } from './ledger';
import { orgCommands } from './org';
import { pkiCommands } from './pki';
import { planCommands } from './plan';
import { proofCommands } from './proof';
import { sealCommands } from './seal';
import { settingsCommands } from './settings';
import { signCommands } from './sign';
import { uiCommands } from './ui';
import { verifyCommands } from './verify';
import { workspaceCommands } from './workspace';
import { ledgerWitnessCommands, witnessCommands } from './witness';
import { personCommands } from './person';
import { accessCommands } from './access';
import { sealApprovalCommands } from './seal-approval';
import { tsaCommands } from './tsa';
import { certificateCommands } from './certificates';
import { ltvCommands } from './ltv';

export const commands: readonly Command[] = [
  ...workspaceCommands,
  ...documentCommands,
  ...ledgerCommands,
  ...keyCommands,
  ...signCommands,
  ...orgCommands,
  ...identityCommands,
  ...pkiCommands,
  ...sealCommands,
  ...planCommands,
  ...verifyCommands,
  ...proofCommands,
  ...settingsCommands,
  ...docExportCommands,
  ...witnessCommands,
  ...ledgerWitnessCommands,
  ...personCommands,
  ...accessCommands,
  ...sealApprovalCommands,
  ...uiCommands,
  ...tsaCommands,
  ...envelopeCommands,
  ...certificateCommands,
  ...ltvCommands,
];

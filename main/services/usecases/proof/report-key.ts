/**
 * The node's report seal: a P-256 key and self-signed certificate that seal
 * every report.pdf this workspace exports, so a report cannot be altered
 * unnoticed. Like the ledger node key it is sealed under the workspace master
 * key and passphrase (secrets/unattended-key.ts) and opened when an export
 * runs; its power is narrow — it seals reports, which only restate facts every
 * verifier re-derives from the ledger proofs. Its certificate is pinned in
 * each package's trust policy.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AffixError } from '../../../../shared/errors/affix-error';
import { writeFileAtomic } from '../../core/fs/atomic-write';
import type { Signer } from '../../domain/keys/signer';
import { softwareSigner } from '../../domain/keys/software-key';
import { resealPendingKey } from '../../core/secrets/sealed-key-file';
import { openUnattended, sealUnattended, UNATTENDED_PROTECTIONS, type UnattendedSealing } from '../../core/secrets/unattended-key';

const FORMAT = 'affix-report-seal/v1';
const CONTEXT = 'report-seal';
const WHAT = 'The report seal key';
const FileSchema = z.object({
  format: z.literal(FORMAT),
  certificate: z.string(),
  /** Absent in files written before keys were sealed: those held the raw scalar, as passphrase-only does. */
  protection: z.enum(UNATTENDED_PROTECTIONS).default('passphrase-only'),
  secret: z.string(),
  createdAt: z.string(),
});
type SealFile = z.infer<typeof FileSchema>;

export const reportKeyPath = (home: string): string => join(home, 'proof', 'report-seal.json');

export interface ReportSeal {
  certificateDer: Uint8Array;
  open(): Signer;
}

function readSealFile(path: string): SealFile {
  try {
    return FileSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch (error) {
    throw new AffixError('INTERNAL', `The report seal file ${path} is unreadable: ${(error as Error).message}`);
  }
}

const writeSealFile = (path: string, file: SealFile): void => writeFileAtomic(path, `${JSON.stringify(file, null, 2)}\n`);

/** Re-seals a report seal written before the workspace had a passphrase; true when it did. */
export function sealPendingReportSeal(home: string, sealing: UnattendedSealing): boolean {
  const path = reportKeyPath(home);
  const file = existsSync(path) ? readSealFile(path) : null;
  return resealPendingKey(file, { context: CONTEXT, what: WHAT }, sealing, (resealed) => writeSealFile(path, resealed));
}

/** Loads the report seal, creating it on first use. */
export async function reportSeal(home: string, sealing: UnattendedSealing, origin: string): Promise<ReportSeal> {
  const path = reportKeyPath(home);
  if (!existsSync(path)) {
    const { generateSoftwareKey } = await import('../../domain/keys/software-key-generator');
    const { secretKey, certificateDer } = await generateSoftwareKey(`Affix ledger node ${origin} report seal`, 10);
    mkdirSync(join(home, 'proof'), { recursive: true, mode: 0o700 });
    writeSealFile(path, {
      format: FORMAT,
      certificate: Buffer.from(certificateDer).toString('base64'),
      ...sealUnattended(secretKey, CONTEXT, sealing),
      createdAt: new Date().toISOString(),
    });
    secretKey.fill(0);
  }
  const file = readSealFile(path);
  const certificateDer = new Uint8Array(Buffer.from(file.certificate, 'base64'));
  const keyId = createHash('sha256').update(certificateDer).digest('hex').slice(0, 16);
  return {
    certificateDer,
    open: () => softwareSigner(openUnattended(file, CONTEXT, sealing, WHAT), certificateDer, keyId),
  };
}

/** The report seal's unsealed P-256 scalar (callers zero it when done). */
export function openReportSealSecret(home: string, sealing: UnattendedSealing): Uint8Array {
  return openUnattended(readSealFile(reportKeyPath(home)), CONTEXT, sealing, WHAT);
}

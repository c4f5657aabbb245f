/**
 * The node's report seal: a P-256 key and self-signed certificate that seal
 * every report.pdf this workspace exports, so a report cannot be altered
 * unnoticed. Like the ledger node key it has no passphrase layer (exports run
 * unattended) and is wrapped by the workspace's SecretProtector; its power is
 * narrow — it seals reports, which only restate facts every verifier
 * re-derives from the ledger proofs. Its certificate is pinned in each
 * package's trust policy.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AffixError } from '../../../../shared/errors/affix-error';
import { writeFileAtomic } from '../../core/fs/atomic-write';
import type { Signer } from '../../domain/keys/signer';
import { softwareSigner } from '../../domain/keys/software-key';
import type { SecretProtector } from '../../core/secrets/protector';

const FORMAT = 'affix-report-seal/v1';
const FileSchema = z.object({ format: z.literal(FORMAT), certificate: z.string(), secret: z.string(), createdAt: z.string() });

export const reportKeyPath = (home: string): string => join(home, 'proof', 'report-seal.json');

export interface ReportSeal {
  certificateDer: Uint8Array;
  open(): Signer;
}

/** Loads the report seal, creating it on first use. */
export async function reportSeal(home: string, protector: SecretProtector, origin: string): Promise<ReportSeal> {
  const path = reportKeyPath(home);
  if (!existsSync(path)) {
    const { generateSoftwareKey } = await import('../../domain/keys/software-key-generator');
    const { secretKey, certificateDer } = await generateSoftwareKey(`Affix ledger node ${origin} report seal`, 10);
    mkdirSync(join(home, 'proof'), { recursive: true, mode: 0o700 });
    const record = {
      format: FORMAT,
      certificate: Buffer.from(certificateDer).toString('base64'),
      secret: Buffer.from(protector.wrap(secretKey)).toString('base64'),
      createdAt: new Date().toISOString(),
    };
    secretKey.fill(0);
    writeFileAtomic(path, `${JSON.stringify(record, null, 2)}\n`);
  }
  let file: z.infer<typeof FileSchema>;
  try {
    file = FileSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch (error) {
    throw new AffixError('INTERNAL', `The report seal file ${path} is unreadable: ${(error as Error).message}`);
  }
  const certificateDer = new Uint8Array(Buffer.from(file.certificate, 'base64'));
  const keyId = createHash('sha256').update(certificateDer).digest('hex').slice(0, 16);
  return {
    certificateDer,
    open: () => {
      const secret = protector.unwrap(new Uint8Array(Buffer.from(file.secret, 'base64')));
      return softwareSigner(secret, certificateDer, keyId);
    },
  };
}

/**
 * Seals a PDF: resolves the seal key for the person (refusals are anchored
 * and thrown before anything is written), signs with the engine, writes the
 * output atomically. The seal.used entry names the input document's digest.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { badInput } from '../../../shared/errors/affix-error';
import type { Services } from '../container';
import { writeChunksAtomic } from '../fs/atomic-write';
import { signPdf } from '../signing/sign-pdf';
import { sealSigningKey } from './seal-signing-key';

export async function sealPdf(
  services: Services,
  input: { sealId: string; personId: string; inputPath: string; outputPath: string; reason?: string; passphrase: string },
): Promise<{ outputPath: string; sha256: string; field: string; certSerial: string }> {
  if (resolve(input.outputPath) === resolve(input.inputPath)) throw badInput('The sealed PDF must be written to a new file, not over its input.');
  let bytes: Buffer;
  try {
    bytes = readFileSync(input.inputPath);
  } catch {
    throw badInput(`Cannot read ${input.inputPath}.`);
  }
  const documentSha256 = createHash('sha256').update(bytes).digest('hex');
  const key = sealSigningKey(services, input.sealId, input.personId, input.passphrase, { documentSha256 });
  const signed = await signPdf(bytes, { reason: input.reason }, key);
  writeChunksAtomic(input.outputPath, [signed.original, signed.appended]);
  return { outputPath: input.outputPath, sha256: signed.sha256, field: signed.field, certSerial: key.keyId };
}

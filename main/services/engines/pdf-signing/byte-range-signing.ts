/**
 * The placeholder loop of a PDF signature (ISO 32000-1 §12.8.1): serialise
 * the planned update with a /Contents placeholder sized from the real
 * certificate chain, hash the two byte ranges around it, have the key sign
 * the CMS (or the TSA stamp the digest) and patch it in. If the CMS ever
 * outgrows the placeholder, the update is serialised again with a bigger one.
 */
import { createHash, type Hash } from 'node:crypto';
import { AffixError } from '../../../../shared/errors/affix-error';
import { latin1Bytes, PdfRaw } from '../../../../shared/pdf/objects';
import { createDetachedCms, digestAlgorithmFor, estimateCmsBytes } from './cms';
import type { IncrementalUpdate } from './incremental-update';
import type { SignedPdf, SignOptions, SubFilter } from './sign-options';
import type { SigningKey } from '../../domain/keys/signing-key';

/** Room kept for an RFC 3161 timestamp token added later (PAdES B-T), on top of the CMS itself. */
export const TIMESTAMP_ROOM = 6144;
const BYTE_RANGE_WIDTH = 64;
const MAX_ATTEMPTS = 3;

/** What the loop needs of a planned signature: its update, and how to write the placeholders at a given size. */
export interface SignaturePlan {
  update: IncrementalUpdate;
  fieldName: string;
  subFilter: SubFilter;
  signingTime: Date;
  setPlaceholders(reservedBytes: number): void;
}

/** The two placeholders of a signature dictionary: /ByteRange blanks and a zero-filled /Contents of `reservedBytes`. */
export function placeholders(reservedBytes: number): { ByteRange: PdfRaw; Contents: PdfRaw } {
  return {
    ByteRange: new PdfRaw(latin1Bytes(' '.repeat(BYTE_RANGE_WIDTH)), 'byterange'),
    Contents: new PdfRaw(latin1Bytes(`<${'0'.repeat(reservedBytes * 2)}>`), 'contents'),
  };
}

/** The hash states of the original bytes: SHA-256 (reported) and the key's digest (signed), one state if they agree. */
export class OriginalDigests {
  readonly sha256: Hash = createHash('sha256');
  readonly document: Hash;

  constructor(key: SigningKey) {
    const alg = digestAlgorithmFor(key.algorithm);
    this.document = alg === 'sha256' ? this.sha256 : createHash(alg);
  }

  update(bytes: Uint8Array): this {
    this.sha256.update(bytes);
    if (this.document !== this.sha256) this.document.update(bytes);
    return this;
  }
}

export type CompletedSignature = Omit<SignedPdf, 'original' | 'revision'>;

/** Serialises the update after `base` original bytes, hashes the byte ranges, makes the CMS and patches it in. */
export async function completeSignature(
  plan: SignaturePlan,
  base: number,
  digests: OriginalDigests,
  options: SignOptions,
  key: SigningKey,
): Promise<CompletedSignature> {
  const subFilter = plan.subFilter;
  const inputSha256 = digests.sha256.copy().digest('hex');
  let reserved = options.reservedBytes ?? estimateCmsBytes(key) + TIMESTAMP_ROOM;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    plan.setPlaceholders(reserved);
    const { bytes: appended, marks } = plan.update.serialize();
    const contents = marks.get('contents');
    const range = marks.get('byterange');
    if (!contents || !range) throw new AffixError('INTERNAL', 'signature placeholders were not written');
    const total = base + appended.length;
    const afterContents = contents.start + contents.length;
    const byteRange: [number, number, number, number] = [0, base + contents.start, base + afterContents, total - (base + afterContents)];
    appended.set(latin1Bytes(`[${byteRange.join(' ')}]`.padEnd(BYTE_RANGE_WIDTH, ' ')), range.start);

    const docHash: Hash = digests.document.copy();
    docHash.update(appended.subarray(0, contents.start));
    docHash.update(appended.subarray(afterContents));
    const cms = options.documentTimestamp
      ? await options.documentTimestamp(docHash.digest())
      : await createDetachedCms({
          signer: key,
          documentDigest: docHash.digest(),
          profile: subFilter === 'ETSI.CAdES.detached' ? 'cades' : 'pkcs7',
          signingTime: plan.signingTime,
          timestamp: options.timestamp,
        });
    if (cms.length > reserved) {
      reserved = cms.length + TIMESTAMP_ROOM;
      continue;
    }
    appended.set(latin1Bytes(Buffer.from(cms).toString('hex')), contents.start + 1);
    return {
      appended,
      field: plan.fieldName,
      sha256: digests.sha256.copy().update(appended).digest('hex'),
      inputSha256,
      bytes: total,
      byteRange,
      subFilter,
      certification: options.certify,
      reservedBytes: reserved,
      cmsBytes: cms.length,
      attempts: attempt,
    };
  }
  throw new AffixError('INTERNAL', `the signature did not fit its placeholder after ${MAX_ATTEMPTS} attempts`);
}

/**
 * Signing inside a workspace: resolves the key, builds the appearance and
 * placement, runs the engine, records the signed bytes as a new version of
 * the document and anchors `signature.added` (output digest, input digest)
 * on the ledger. The engine (sign-pdf.ts) stays workspace-free.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { SignatureOptions, SignatureResult } from '../../../shared/contract/signing';
import { SignatureOptionsSchema } from '../../../shared/contract/signing';
import { AffixError, badInput } from '../../../shared/errors/affix-error';
import type { Anchor } from '../../../shared/ledger/entry-types';
import { PdfReader } from '../../../shared/pdf/reader';
import type { DocumentsService } from '../documents/documents-service';
import { writeChunksAtomic } from '../fs/atomic-write';
import type { KeySource, KeysService } from '../keys/keys-service';
import type { Signer } from '../keys/signer';
import { buildAppearance, defaultSize } from './appearances';
import { signPdf, type SignatureAppearance, type SignedPdf } from './sign-pdf';
import type { SigningKey } from './signing-key';
import { centredOn, locateText } from './text-locator';

export class SigningService {
  constructor(
    private readonly documents: DocumentsService,
    private readonly keys: KeysService,
    private readonly anchor?: Anchor,
  ) {}

  /** Signs the newest version of a workspace document. */
  async signDocument(documentId: string, options: SignatureOptions, source: KeySource): Promise<SignatureResult> {
    const doc = this.documents.get(documentId);
    const input = this.documents.bytesOf(doc.currentSha256);
    return this.withSigner(source, doc.currentSha256, async (signer) => {
      const signed = await signBytes(input, options, signer, `Document ${doc.name}`);
      return this.record(doc.id, signed, signer);
    });
  }

  /**
   * Signs a file into another file (the CLI). The input is never modified;
   * the signed bytes are recorded (and the input imported if new) before the
   * output is written, so a failed write loses no record.
   */
  async signFile(inputPath: string, outputPath: string, options: SignatureOptions, source: KeySource): Promise<SignatureResult> {
    if (resolve(inputPath) === resolve(outputPath)) throw badInput('The output must be a different file from the input (Affix never modifies its input).');
    const input = readInputFile(inputPath);
    return this.withSigner(source, createHash('sha256').update(input).digest('hex'), async (signer) => {
      const signed = await signBytes(input, options, signer, inputPath);
      const known = this.documents.findBySha256(signed.inputSha256);
      const documentId = known?.id ?? this.documents.importBytes(input, inputPath.split(/[\\/]/).pop() ?? inputPath).id;
      const result = this.record(documentId, signed, signer);
      try {
        writeChunksAtomic(outputPath, [signed.original, signed.appended]);
      } catch (error) {
        throw badInput(`Cannot write ${outputPath}: ${(error as NodeJS.ErrnoException).code ?? String(error)} (the signed version is kept in the workspace as document ${documentId}).`, error);
      }
      return result;
    });
  }

  /** `documentSha256` is the input's digest: a seal names it in its seal.used entry. */
  private async withSigner<T>(source: KeySource, documentSha256: string, fn: (signer: Signer) => Promise<T>): Promise<T> {
    const signer = this.keys.open(source, { documentSha256 });
    try {
      return await fn(signer);
    } finally {
      signer.close();
    }
  }

  private record(documentId: string, signed: SignedPdf, signer: Signer): SignatureResult {
    this.documents.addVersion(documentId, Buffer.concat([signed.original, signed.appended]), 'signed');
    const receipt = this.anchor?.append({
      type: 'signature.added',
      subjects: [signed.sha256, signed.inputSha256],
      actorKeyId: signer.keyId,
      refs: { documentId, field: signed.field, revision: String(signed.revision), subFilter: signed.subFilter },
    });
    return {
      documentId,
      field: signed.field,
      revision: signed.revision,
      sha256: signed.sha256,
      inputSha256: signed.inputSha256,
      bytes: signed.bytes,
      subFilter: signed.subFilter,
      certification: signed.certification ?? null,
      keyId: signer.keyId,
      ledgerIndex: receipt?.index ?? null,
    };
  }
}

/** Reads a file to sign; an unreadable one is bad input naming the path and the cause. */
export function readInputFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw badInput(`Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`, error);
  }
}

/** Validates the options, resolves appearance and placement, and runs the engine. */
export async function signBytes(input: Uint8Array, raw: SignatureOptions, signer: SigningKey, what: string): Promise<SignedPdf> {
  const parsed = SignatureOptionsSchema.safeParse(raw);
  if (!parsed.success) throw badInput(`Invalid signing options: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const options = parsed.data;
  const signingTime = new Date();
  const draw = buildAppearance(options.appearance, {
    signerName: commonName(signer.certificates[0]),
    time: signingTime,
    reason: options.reason,
    location: options.location,
  });
  let appearance: SignatureAppearance;
  const placement = options.placement;
  if (!draw) {
    if (placement && 'atText' in placement) throw badInput('--at-text places a visible signature; choose an appearance other than "none".');
    appearance = { kind: 'invisible', pageIndex: placement ? placement.page - 1 : undefined };
  } else if (!placement) {
    appearance = { kind: 'visible', draw };
  } else if ('page' in placement) {
    appearance = { kind: 'visible', draw, placement: { pageIndex: placement.page - 1, rect: placement.rect } };
  } else {
    const hit = await locateText(input, placement.atText, what);
    const [w, h] = placement.size ?? defaultSize(options.appearance);
    const page = pageBox(input, hit.pageIndex, what);
    appearance = { kind: 'visible', draw, placement: { pageIndex: hit.pageIndex, rect: centredOn(hit.box, w, h, page) } };
  }
  try {
    return await signPdf(input, {
      subFilter: options.subFilter === 'pkcs7' ? 'adbe.pkcs7.detached' : 'ETSI.CAdES.detached',
      field: options.field,
      certify: options.certify,
      lock: options.lock,
      reason: options.reason,
      location: options.location,
      signingTime,
      appearance,
    }, signer);
  } catch (error) {
    if (error instanceof AffixError && error.code === 'BAD_INPUT' && error.message.startsWith('The input ')) {
      throw badInput(error.message.replace(/^The input/, what), error);
    }
    throw error;
  }
}

function pageBox(pdf: Uint8Array, pageIndex: number, what: string): [number, number, number, number] {
  const page = PdfReader.open(pdf, what).pages()[pageIndex];
  if (!page) throw badInput(`${what}: page ${pageIndex + 1} not found.`);
  return page.cropBox;
}

function commonName(der: Uint8Array): string {
  const subject = new X509Certificate(der).subject;
  return /(?:^|\n)CN=([^\n]+)/.exec(subject)?.[1] ?? subject.split('\n')[0];
}

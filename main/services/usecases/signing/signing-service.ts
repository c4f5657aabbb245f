/**
 * Signing inside a workspace: resolves the key, builds the appearance and
 * placement, runs the engine, records the signed bytes as a new version of
 * the document and anchors `signature.added` (output digest, input digest)
 * on the ledger. The engine (sign-pdf.ts) stays workspace-free.
 */
import { X509Certificate } from 'node:crypto';
import { resolve } from 'node:path';
import type { SignatureOptions, SignatureResult } from '../../../../shared/contract/signing';
import { SignatureOptionsSchema } from '../../../../shared/contract/signing';
import { AffixError, badInput } from '../../../../shared/errors/affix-error';
import type { Anchor } from '../../../../shared/ledger/entry-types';
import { PdfReader } from '../../../../shared/pdf/reader';
import type { DocumentsService } from '../../domain/documents/documents-service';
import type { KeySource, KeysService } from '../../domain/keys/keys-service';
import type { Signer } from '../../domain/keys/signer';
import { readWholeFile } from '../../core/fs/input-file';
import type { DrawAppearance } from '../../engines/pdf-signing/appearance-bridge';
import type { AppearanceContext } from '../../engines/appearance';
import {
  signPdf,
  signPdfFile,
  signStoredPdf,
  type PassProgress,
  type SignatureAppearance,
  type SignedFile,
  type SignedPdf,
  type SignOptions,
} from '../../engines/pdf-signing/sign-pdf';
import type { SigningKey } from '../../domain/keys/signing-key';
import { centredOn, locateText } from '../../engines/pdf-pages/text-locator';

/** What a caller adds to one signing of a workspace document (the signing order does). */
export interface SigningHook {
  /** Extra non-personal refs on the signature.added entry, e.g. { planStep: '2' }. */
  refs?: Record<string, string>;
  /**
   * Runs inside the transaction that records the signed version and its
   * signature.added entry, after both: throwing keeps none of them, so the
   * caller's own rows and the version are recorded together or not at all.
   */
  commit?: (result: SignatureResult) => void;
  /** The pass over the document, in bytes hashed; throwing (a cancelled job) stops the signing before anything is recorded. */
  progress?: PassProgress;
}

export class SigningService {
  constructor(
    private readonly documents: DocumentsService,
    /** Only opening a key is needed here (the benchmark passes a key it has opened already). */
    private readonly keys: Pick<KeysService, 'open'>,
    private readonly anchor?: Anchor,
    /** The TSA URL configured in Settings, used for workspace documents signed without one of their own. */
    private readonly defaultTsaUrl?: () => string | undefined,
  ) {}

  /** Signs the newest version of a workspace document. */
  async signDocument(documentId: string, options: SignatureOptions, source: KeySource, hook?: SigningHook): Promise<SignatureResult> {
    const doc = this.documents.get(documentId);
    const what = `Document ${doc.name}`;
    return this.withSigner(
      source,
      () => doc.currentSha256,
      async (signer) => {
        const engine = await engineOptions({ ...options, tsaUrl: options.tsaUrl ?? this.defaultTsaUrl?.() }, signer, what, () =>
          this.documents.bytesOf(doc.currentSha256),
        );
        // One pass reads and hashes the stored version in place; the new version is recorded as the update appended to it.
        const input = this.documents.openVersion(doc.currentSha256, what);
        try {
          const signed = await signStoredPdf(input, doc.currentSha256, engine, signer, hook?.progress);
          return this.record(doc.id, signed, signer, hook);
        } finally {
          input.close();
        }
      },
    );
  }

  /**
   * Signs a file into another file (the CLI) in one streamed pass, never
   * holding the input in memory (unless a text must be found in it). The
   * input is never modified; the signature is recorded (and the input
   * imported if new) before the output appears, so a failed write loses no
   * record.
   */
  async signFile(inputPath: string, outputPath: string, options: SignatureOptions, source: KeySource): Promise<SignatureResult> {
    if (resolve(inputPath) === resolve(outputPath)) throw badInput('The output must be a different file from the input (Affix never modifies its input).');
    let inputSha256: string | undefined;
    return this.withSigner(
      source,
      () => inputSha256,
      async (signer) => {
        const engine = await engineOptions(options, signer, inputPath, () => readWholeFile(inputPath));
        let recorded: SignatureResult | undefined;
        try {
          await signPdfFile(inputPath, outputPath, engine, signer, {
            inputHashed: (sha256) => (inputSha256 = sha256),
            beforeCommit: (signed, appended) => {
              recorded = this.record(this.documentOf(inputPath, signed.inputSha256), { ...signed, appended }, signer);
            },
          });
        } catch (error) {
          if (!recorded) throw error;
          throw badInput(
            `${error instanceof Error ? error.message : String(error)} (the signed version is kept in the workspace as document ${recorded.documentId}).`,
            error,
          );
        }
        if (!recorded) throw new AffixError('INTERNAL', 'the signature was written but not recorded');
        return recorded;
      },
    );
  }

  /** The workspace document whose version has this digest, importing the file as a new document if none has. */
  private documentOf(inputPath: string, inputSha256: string): string {
    const known = this.documents.findBySha256(inputSha256);
    if (known) return known.id;
    const imported = this.documents.importFile(inputPath);
    if (imported.sha256 !== inputSha256) {
      throw badInput(`${inputPath} changed while it was being signed; nothing was written.`);
    }
    return imported.id;
  }

  /** `documentSha256` gives the input's digest when the key signs: a seal names it in its seal.used entry. */
  private async withSigner<T>(source: KeySource, documentSha256: () => string | undefined, fn: (signer: Signer) => Promise<T>): Promise<T> {
    // A key's use record (seal.used) waits for the signature's own record: see record().
    const uses: (() => void)[] = [];
    const signer = this.keys.open(source, { documentSha256, deferRecord: (r) => uses.push(r) });
    this.pendingUses.set(signer, uses);
    try {
      return await fn(signer);
    } finally {
      this.pendingUses.delete(signer);
      signer.close();
    }
  }

  /** Use records of open signers, appended with the signature they produced. */
  private readonly pendingUses = new Map<Signer, (() => void)[]>();

  /** The version, its signature.added entry and the hook's rows are one transaction: a failure keeps none. */
  private record(documentId: string, signed: RecordedSignature, signer: Signer, hook?: SigningHook): SignatureResult {
    return this.documents.atomically(() => {
      for (const use of this.pendingUses.get(signer)?.splice(0) ?? []) use();
      const result = this.recordVersion(documentId, signed, signer, hook?.refs);
      hook?.commit?.(result);
      return result;
    });
  }

  private recordVersion(documentId: string, signed: RecordedSignature, signer: Signer, refs?: Record<string, string>): SignatureResult {
    const appended = { base: signed.inputSha256, baseLength: signed.bytes - signed.appended.length, appended: signed.appended, sha256: signed.sha256 };
    this.documents.addVersion(documentId, { kind: 'appended', ...appended }, 'signed');
    const receipt = this.anchor?.append({
      type: 'signature.added',
      subjects: [signed.sha256, signed.inputSha256],
      actorKeyId: signer.keyId,
      refs: { ...refs, documentId, field: signed.field, revision: String(signed.revision), subFilter: signed.subFilter },
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

/** A signature as the workspace records it: the version is the signed input plus the appended update. */
type RecordedSignature = SignedFile & { appended: Uint8Array };

/** Validates the options, resolves appearance and placement, and runs the engine. */
export async function signBytes(input: Uint8Array, raw: SignatureOptions, signer: SigningKey, what: string, progress?: PassProgress): Promise<SignedPdf> {
  const options = await engineOptions(raw, signer, what, () => input);
  try {
    return await signPdf(input, options, signer, progress);
  } catch (error) {
    if (error instanceof AffixError && error.code === 'BAD_INPUT' && error.message.startsWith('The input ')) {
      throw badInput(error.message.replace(/^The input/, what), error);
    }
    throw error;
  }
}

/** The appearance's drawing; its code (pdf-lib, fonts) is imported only for a visible signature. */
async function drawing(spec: SignatureOptions['appearance'], ctx: AppearanceContext): Promise<DrawAppearance | undefined> {
  if (!spec || spec.kind === 'none') return undefined;
  return (await import('../../engines/appearance')).buildAppearance(spec, ctx);
}

/** Validates the options and resolves appearance and placement for the engine; `bytes` is read only to find a text. */
async function engineOptions(raw: SignatureOptions, signer: SigningKey, what: string, bytes: () => Uint8Array): Promise<SignOptions> {
  const parsed = SignatureOptionsSchema.safeParse(raw);
  if (!parsed.success) throw badInput(`Invalid signing options: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const options = parsed.data;
  const signingTime = new Date();
  const draw = await drawing(options.appearance, {
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
    const input = bytes();
    const hit = await locateText(input, placement.atText, what);
    const [w, h] = placement.size ?? (await import('../../engines/appearance')).defaultSize(options.appearance);
    const page = pageBox(input, hit.pageIndex, what);
    appearance = { kind: 'visible', draw, placement: { pageIndex: hit.pageIndex, rect: centredOn(hit.box, w, h, page) } };
  }
  return {
    subFilter: options.subFilter === 'pkcs7' ? 'adbe.pkcs7.detached' : 'ETSI.CAdES.detached',
    field: options.field,
    certify: options.certify,
    lock: options.lock,
    emptyFields: options.emptyFields?.map((f) => ({
      name: f.name,
      placement: f.rect ? { pageIndex: (f.page ?? 1) - 1, rect: f.rect } : undefined,
      pageIndex: (f.page ?? 1) - 1,
      lock: f.lock,
    })),
    reason: options.reason,
    location: options.location,
    signingTime,
    appearance,
    timestamp: options.tsaUrl ? signatureTimestamp(options.tsaUrl) : undefined,
  };
}

/** PAdES B-T: the configured TSA timestamps the SHA-256 of the signature value. */
function signatureTimestamp(url: string): NonNullable<SignOptions['timestamp']> {
  // Imported on use: the TSA client (pkijs) is not needed by signing without a timestamp.
  return async (imprint) => (await import('../tsa/tsa-client')).requestTimestamp(url, 'SHA-256', imprint);
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

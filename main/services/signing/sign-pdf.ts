/**
 * The signing engine: `signPdf(input, options, key)` appends one signature
 * revision to a PDF and returns the original bytes plus the appended ones.
 * It needs no workspace; the signing service adds the bookkeeping around it.
 *
 * Steps: read the cross-reference chain and the few objects that matter
 * (catalog, form, target page) — never the whole file; plan the field, widget
 * and signature dictionary as an incremental update; serialise it with a
 * /Contents placeholder sized from the real certificate chain; hash the two
 * byte ranges around the placeholder; have the key sign the CMS; patch the
 * CMS in. If the CMS ever outgrows the placeholder, the update is serialised
 * again with a bigger one. `signPdfFile` does the same from file to file in
 * one streamed pass, never holding the input in memory.
 */
import { createHash, type Hash } from 'node:crypto';
import { resolve } from 'node:path';
import { AffixError, badInput, isAffixError } from '../../../shared/errors/affix-error';
import { PdfDict, PdfRaw, PdfRef, PdfString, cloneDirect, dict, latin1Bytes, name, type PdfObject } from '../../../shared/pdf/objects';
import { PdfReader, type PageInfo } from '../../../shared/pdf/reader';
import type { ByteSource } from '../../../shared/pdf/source';
import { AtomicFile } from '../fs/atomic-write';
import { openInputFile, readWholeFile, type InputFile } from '../fs/input-file';
import type { AppearanceSize, DrawAppearance } from './appearance-bridge';
import { createDetachedCms, digestAlgorithmFor, estimateCmsBytes } from './cms';
import { changed, CopyPass, type PassProgress } from './copy-pass';
import { certificationLevel, isSignatureField, readFormFields, type CertificationLevel, type FormField } from './form-fields';
import { IncrementalUpdate } from './incremental-update';
import { FileSource } from './file-source';
import { countRevisions, RevisionCounter } from './revisions';
import type { SigningKey } from './signing-key';
import { fileError, fsProblem } from '../fs/fs-errors';

export type SubFilter = 'ETSI.CAdES.detached' | 'adbe.pkcs7.detached';

/** x, y of the lower-left corner, width and height, in PDF points (default user space). */
export type Rect = [x: number, y: number, width: number, height: number];

export interface Placement {
  /** 0-based page index. */
  pageIndex: number;
  rect: Rect;
}

export type SignatureAppearance =
  /** A zero-size widget, on the first page unless a page is given. */
  | { kind: 'invisible'; pageIndex?: number }
  /** A widget drawn by `draw`; `placement` is required for a new field and refused for an existing one (it has its own). */
  | { kind: 'visible'; draw: DrawAppearance; placement?: Placement };

/** FieldMDP (§12.8.2.4): which form fields this signature locks. */
export type FieldLock = { action: 'All' } | { action: 'Include' | 'Exclude'; fields: string[] };

/**
 * An empty signature field created in the same revision as this signature,
 * for a later signer to fill: with `placement` a visible box, else a
 * zero-size widget on page `pageIndex` (default the first). Its `lock`
 * becomes the field's /Lock, honoured when it is signed.
 */
export interface EmptyField {
  name: string;
  placement?: Placement;
  pageIndex?: number;
  lock?: FieldLock;
}

export interface SignOptions {
  /**
   * Attack corpora only (test/support/attacks): skip the refusals that keep
   * this signer from breaking an earlier certification, so the verifier can be
   * shown the sneaky-signature attack made with a real signature. No CLI option,
   * contract field or service sets it.
   */
  unsafeCraftAttack?: true;
  /** Default ETSI.CAdES.detached (PAdES B-B). */
  subFilter?: SubFilter;
  /** Sign this field: an existing empty signature field, or a new field with this name. Default: a new "SignatureN". */
  field?: string;
  /** Make this a certification signature with DocMDP permission level P. */
  certify?: CertificationLevel;
  /** Lock form fields once signed (new fields; an existing field's own /Lock is always honoured). */
  lock?: FieldLock;
  /**
   * Empty signature fields for later signers, created in this signature's
   * revision: a certification signature covers them, so the later signers
   * fill existing fields instead of adding new visible ones, which DocMDP
   * forbids (the sneaky-signature attack).
   */
  emptyFields?: EmptyField[];
  reason?: string;
  location?: string;
  contactInfo?: string;
  /** Claimed signing time, written to /M (and the CMS signing-time in pkcs7 mode). Default: now. */
  signingTime?: Date;
  appearance?: SignatureAppearance;
  /** Bytes reserved for the CMS; default is an estimate from the chain plus timestamp room. */
  reservedBytes?: number;
  /** PAdES B-T: an RFC 3161 token over the signature value (see CmsRequest.timestamp). */
  timestamp?: (signatureValueSha256: Uint8Array) => Promise<Uint8Array>;
  /**
   * A document timestamp instead of a signature (PAdES B-LTA; ISO 32000-2
   * §12.8.5): /Type /DocTimeStamp, /SubFilter /ETSI.RFC3161, and /Contents
   * the RFC 3161 token over the byte ranges' digest (SHA-256 with a P-256 key
   * stand-in). An empty token leaves the placeholder for a reply applied later.
   */
  documentTimestamp?: (byteRangeDigest: Uint8Array) => Promise<Uint8Array>;
  /** Further edits to the same revision before it is written (e.g. a DSS). */
  extendRevision?: (reader: PdfReader, update: IncrementalUpdate) => void;
}

export interface SignedPdf {
  /** The input bytes, unchanged: the output is `original` followed by `appended`. */
  original: Uint8Array;
  appended: Uint8Array;
  field: string;
  /** Number of %%EOF-terminated revisions in the output. */
  revision: number;
  /** SHA-256 (hex) of the whole output. */
  sha256: string;
  /** SHA-256 (hex) of the input. */
  inputSha256: string;
  bytes: number;
  byteRange: [number, number, number, number];
  subFilter: SubFilter;
  certification?: CertificationLevel;
  /** Bytes reserved for the CMS, the CMS's actual size, and how many serialisations it took. */
  reservedBytes: number;
  cmsBytes: number;
  attempts: number;
}

/** Room kept for an RFC 3161 timestamp token added later (PAdES B-T), on top of the CMS itself. */
export const TIMESTAMP_ROOM = 6144;
const BYTE_RANGE_WIDTH = 64;
const MAX_ATTEMPTS = 3;
/** Bytes hashed between two progress reports of an in-memory pass: small enough for a smooth bar, large enough to cost nothing. */
const PROGRESS_CHUNK = 4 * 1024 * 1024;
const EPSILON = 1e-6;

/**
 * Progress of the pass over the original, in bytes hashed. Awaited between
 * chunks: the caller's event loop runs meanwhile (a window polling for
 * progress), and throwing stops the signing with nothing written.
 */
export type { PassProgress };

export async function signPdf(input: Uint8Array | string, options: SignOptions, key: SigningKey, progress?: PassProgress): Promise<SignedPdf> {
  const what = typeof input === 'string' ? input : 'The input';
  const original = typeof input === 'string' ? readWholeFile(input) : input;
  const subFilter = options.subFilter ?? 'ETSI.CAdES.detached';
  const signingTime = options.signingTime ?? new Date();
  const plan = await asBadInput(what, () => planSignature(original, what, options, signingTime, subFilter));
  // One pass over the (possibly huge) original; its hash states are copied for each use.
  const digests = new OriginalDigests(key);
  if (!progress) digests.update(original);
  else {
    for (let pos = 0; pos < original.length; pos += PROGRESS_CHUNK) {
      const end = Math.min(original.length, pos + PROGRESS_CHUNK);
      digests.update(original.subarray(pos, end));
      await progress(end, original.length);
    }
  }
  const signature = await completeSignature(plan, original.length, digests, options, key);
  return { original, ...signature, revision: countRevisions(original) + 1 };
}

/** What signing a file into another file reports: a SignedPdf without the bytes, which are in the output file. */
export type SignedFile = Omit<SignedPdf, 'original' | 'appended'>;

/** Where a caller joins a file signing (the workspace records it). */
export interface FileSigningHooks {
  /** The input's SHA-256, once the pass has read it and before the key signs (a seal's use names the document). */
  inputHashed?: (sha256: string) => void;
  /**
   * The finished signature and the bytes it appended, before the output
   * appears: a caller records it here so that a failed write loses no
   * record. Throwing leaves no output.
   */
  beforeCommit?: (signed: SignedFile, appended: Uint8Array) => void | Promise<void>;
  /** After each chunk of the pass; throwing stops the signing and leaves no output. */
  progress?: PassProgress;
}

/**
 * Signs the PDF at `inputPath` into `outputPath` (never the input itself),
 * written atomically and durably, in one pass over the input: each chunk is
 * hashed and copied to the output as it is read, and only the tail and the
 * objects the update needs are parsed. Memory stays small whatever the size.
 */
export async function signPdfFile(inputPath: string, outputPath: string, options: SignOptions, key: SigningKey, hooks: FileSigningHooks = {}): Promise<SignedFile> {
  if (resolve(inputPath) === resolve(outputPath)) throw badInput('The output must be a different file from the input (Affix never modifies its input).');
  const input = openInputFile(inputPath);
  try {
    const { appended: _inOutput, ...signed } = await signInput(input, outputPath, options, key, hooks);
    return signed;
  } finally {
    input.close();
  }
}

/**
 * Signs a PDF stored in place (a workspace version: input-file.ts) in one
 * pass that reads and hashes it, writing nothing: the caller stores the
 * returned update appended to the version it already holds. The bytes must
 * still have the digest the version was recorded with.
 */
export async function signStoredPdf(
  input: InputFile,
  expectedSha256: string,
  options: SignOptions,
  key: SigningKey,
  progress?: PassProgress,
): Promise<StreamedSignature> {
  return signInput(input, null, options, key, {
    progress,
    // Checked before the key signs: a stored copy changed behind Affix's back is never signed as the version it was.
    inputHashed: (sha256) => {
      if (sha256 !== expectedSha256) {
        throw badInput(`${input.what}: its stored copy no longer has the SHA-256 recorded for it (${expectedSha256.slice(0, 12)}…, now ${sha256.slice(0, 12)}…); the workspace's files were changed outside Affix. Nothing was signed.`);
      }
    },
  });
}

/** A signing streamed from an input: what it reports, and the update it appended (also in the output file, if there is one). */
type StreamedSignature = SignedFile & { appended: Uint8Array };

/** The one streamed signing: into `outputPath` (written atomically and durably), or with no output at all. */
async function signInput(input: InputFile, outputPath: string | null, options: SignOptions, key: SigningKey, hooks: FileSigningHooks): Promise<StreamedSignature> {
  const source = new FileSource(input);
  try {
    return await signSource(input, source, outputPath, options, key, hooks);
  } finally {
    source.release();
  }
}

async function signSource(input: InputFile, source: FileSource, outputPath: string | null, options: SignOptions, key: SigningKey, hooks: FileSigningHooks): Promise<StreamedSignature> {
  const what = input.what;
  const subFilter = options.subFilter ?? 'ETSI.CAdES.detached';
  const signingTime = options.signingTime ?? new Date();
  // The pass's first reads run while the structure is parsed.
  const pass = CopyPass.begin(input);
  try {
    const plan = await asBadInput(what, () => planSignature(source, what, options, signingTime, subFilter));
    const output = outputPath === null ? null : writing(outputPath, () => AtomicFile.create(outputPath));
    try {
      const { digests, revisions } = await copyAndHash(pass, source, output, key, what, hooks.progress);
      hooks.inputHashed?.(digests.sha256.copy().digest('hex'));
      const { appended, ...completed } = await completeSignature(plan, source.length, digests, options, key);
      if (output) await writing(output.path, () => output.writeAt(appended, source.length));
      const signature = { ...completed, revision: revisions + 1 };
      await hooks.beforeCommit?.(signature, appended);
      await pass.flushed();
      if (output) writing(output.path, () => output.commit());
      return { ...signature, appended };
    } catch (error) {
      // The output is closed by discard(): nothing may be writing or syncing it then.
      await pass.stop();
      output?.discard();
      throw error;
    }
  } finally {
    // No read may be in flight once the input is closed (a failed parse leaves the first ones).
    await pass.stop();
  }
}

/**
 * The one pass over the input (copy-pass.ts): hash each chunk, count its
 * %%EOF markers, and check it against the bytes the reader parsed there, so
 * that the signed structure and the hashed, copied bytes are one and the
 * same.
 */
async function copyAndHash(pass: CopyPass, source: FileSource, output: AtomicFile | null, key: SigningKey, what: string, progress?: PassProgress): Promise<{ digests: OriginalDigests; revisions: number }> {
  const digests = new OriginalDigests(key);
  const revisions = new RevisionCounter();
  const target = output && {
    writeAt: (bytes: Uint8Array, position: number) => writing(output.path, () => output.writeAt(bytes, position)),
    datasync: () => writing(output.path, () => output.datasync()),
  };
  await pass.copyTo(
    target,
    (bytes, pos) => {
      source.forEachLoaded(pos, pos + bytes.length, (at, parsed) => {
        if (!bytes.subarray(at - pos, at - pos + parsed.length).equals(parsed)) throw changed(what);
      });
      digests.update(bytes);
      revisions.update(bytes);
    },
    progress,
  );
  return { digests, revisions: revisions.count };
}

/** The hash states of the original bytes: SHA-256 (reported) and the key's digest (signed), one state if they agree. */
class OriginalDigests {
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

type CompletedSignature = Omit<SignedPdf, 'original' | 'revision'>;

/** Serialises the update after `base` original bytes, hashes the byte ranges, makes the CMS and patches it in. */
async function completeSignature(plan: SignaturePlan, base: number, digests: OriginalDigests, options: SignOptions, key: SigningKey): Promise<CompletedSignature> {
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

/** Runs a step of writing the output, turning a file-system failure into a message naming the output. */
function writing<T>(path: string, step: () => T): T {
  const fail = (error: unknown): never => {
    throw isAffixError(error) ? error : fileError(`Cannot write ${path}: ${fsProblem(error)}.`, path, error);
  };
  try {
    const result = step();
    return (result instanceof Promise ? result.catch(fail) : result) as T;
  } catch (error) {
    return fail(error);
  }
}

/** Anything unexpected while reading the input means the input is damaged, not that Affix is. */
async function asBadInput<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    // The reader's own refusals say what is wrong, not which input: name it.
    if (isAffixError(error)) throw error.code === 'BAD_INPUT' && !error.message.includes(what) ? badInput(`${what}: ${error.message}`, error) : error;
    throw badInput(`${what} cannot be read as a PDF: ${(error as Error).message ?? String(error)}`, error);
  }
}

interface SignaturePlan {
  update: IncrementalUpdate;
  fieldName: string;
  subFilter: SubFilter;
  signingTime: Date;
  setPlaceholders(reservedBytes: number): void;
}

async function planSignature(
  original: Uint8Array | ByteSource,
  what: string,
  options: SignOptions,
  signingTime: Date,
  subFilter: SubFilter,
): Promise<SignaturePlan> {
  const reader = PdfReader.open(original, what);
  if (reader.isEncrypted) {
    throw badInput(`${what} is encrypted (its trailer has /Encrypt). Affix does not sign encrypted PDFs; remove the encryption first (e.g. qpdf --decrypt).`);
  }
  const pages = reader.pages();
  const fields = readFormFields(reader);
  const signatures = fields.filter((f) => isSignatureField(f) && f.hasValue);
  const level = certificationLevel(reader);
  if (level === 1 && !options.documentTimestamp) {
    throw new AffixError('REFUSED', `${what} is certified with "no changes allowed" (DocMDP P=1); any further signature would invalidate that certification. Nothing was signed: sign the version before it was certified, or certify with level 2 (signing allowed) instead.`);
  }
  if (options.certify !== undefined) {
    if (![1, 2, 3].includes(options.certify)) throw badInput(`Certification level must be 1, 2 or 3, not ${String(options.certify)}.`);
    if (signatures.length > 0 || level !== undefined) {
      throw new AffixError('REFUSED', `A certification signature must be the document's first signature; ${what} already has ${signatures.length || 1}.`);
    }
  }

  const existing = options.field === undefined ? undefined : fields.find((f) => f.fullName === options.field);
  refuseWhatEarlierSignaturesForbid(what, level, signatures.length, fields, existing, options);

  const update = new IncrementalUpdate(reader);
  const sigRef = update.allocate();
  let fieldName: string;
  let lockRefs: PdfDict[];
  if (existing) {
    fieldName = existing.fullName;
    lockRefs = await useExistingField(reader, update, existing, sigRef, options);
  } else {
    fieldName = options.field ?? freeFieldName(fields);
    checkNewFieldName(fieldName, fields);
    lockRefs = await addNewField(reader, update, pages, fieldName, sigRef, options);
  }
  addEmptyFields(reader, update, pages, fields, fieldName, options.emptyFields ?? []);
  markFormSigned(reader, update);
  options.extendRevision?.(reader, update);

  const references: PdfObject[] = [];
  if (options.certify !== undefined) {
    references.push(
      dict({
        Type: name('SigRef'),
        TransformMethod: name('DocMDP'),
        TransformParams: dict({ Type: name('TransformParams'), P: options.certify, V: name('1.2') }),
      }),
    );
    const catalog = update.editDict(reader.rootRef, 'the document catalog');
    const perms = catalog.get('Perms');
    const permsDict = perms instanceof PdfRef ? update.editDict(perms, '/Perms') : perms instanceof PdfDict ? perms : new PdfDict();
    permsDict.set('DocMDP', sigRef);
    if (!(perms instanceof PdfRef)) catalog.set('Perms', permsDict);
  }
  references.push(...lockRefs);

  const textOrUndefined = (s: string | undefined): PdfString | undefined => (s ? PdfString.text(s) : undefined);
  const setPlaceholders = (reservedBytes: number): void => {
    if (options.documentTimestamp) {
      update.set(
        sigRef,
        dict({
          Type: name('DocTimeStamp'),
          Filter: name('Adobe.PPKLite'),
          SubFilter: name('ETSI.RFC3161'),
          ByteRange: new PdfRaw(latin1Bytes(' '.repeat(BYTE_RANGE_WIDTH)), 'byterange'),
          Contents: new PdfRaw(latin1Bytes(`<${'0'.repeat(reservedBytes * 2)}>`), 'contents'),
        }),
      );
      return;
    }
    update.set(
      sigRef,
      dict({
        Type: name('Sig'),
        Filter: name('Adobe.PPKLite'),
        SubFilter: name(subFilter),
        M: new PdfString(latin1Bytes(pdfDate(signingTime))),
        Reason: textOrUndefined(options.reason),
        Location: textOrUndefined(options.location),
        ContactInfo: textOrUndefined(options.contactInfo),
        Reference: references.length > 0 ? references : undefined,
        Prop_Build: dict({ App: dict({ Name: name('Affix') }) }),
        ByteRange: new PdfRaw(latin1Bytes(' '.repeat(BYTE_RANGE_WIDTH)), 'byterange'),
        Contents: new PdfRaw(latin1Bytes(`<${'0'.repeat(reservedBytes * 2)}>`), 'contents'),
      }),
    );
  };
  return { update, fieldName, subFilter, signingTime, setPlaceholders };
}

/**
 * What a signature added after others may not do (ISO 32000-1 §12.8.2.2; the
 * verifier's mdp-policy.ts judges the same). P=1 allows no signature at all
 * (checked before). On a certified document, at any level, a new visible
 * signature field can cover the certified content — the "sneaky signature"
 * attack (Mainka et al. 2021) — so every verifier would fail the
 * certification. And once anything is signed, an empty visible field added
 * later is the same attack against every earlier signature. Refused before
 * anything is signed, saying what to do instead.
 */
function refuseWhatEarlierSignaturesForbid(
  what: string,
  level: CertificationLevel | undefined,
  signed: number,
  fields: FormField[],
  existing: FormField | undefined,
  options: SignOptions,
): void {
  if (options.unsafeCraftAttack) return;
  if (level !== undefined && !existing && options.appearance?.kind === 'visible') {
    const empty = fields.filter((f) => isSignatureField(f) && !f.hasValue && f.ref).map((f) => f.fullName);
    const offer = empty.length > 0 ? `sign one of its empty signature fields (--field ${empty.map((n) => JSON.stringify(n)).join(', ')}), or sign invisibly (--appearance none)` : 'sign it invisibly (--appearance none)';
    throw new AffixError(
      'REFUSED',
      `${what} is certified (DocMDP P=${level}): a new visible signature field added after certification could cover the certified content (the "sneaky signature" attack), so verifiers would fail the certification. Instead, ${offer}; a signing order that certifies creates its later steps' fields with the certification. Nothing was signed.`,
    );
  }
  if ((signed > 0 || level !== undefined) && (options.emptyFields ?? []).some((f) => f.placement)) {
    throw new AffixError(
      'REFUSED',
      `${what} is already signed: an empty visible signature field added now could cover signed content (the "sneaky signature" attack). Empty fields for later signers can only be created by the first signature. Nothing was signed.`,
    );
  }
}

/** Creates `emptyFields` (unsigned, each its own widget) in this revision; the names must be new and distinct. */
function addEmptyFields(reader: PdfReader, update: IncrementalUpdate, pages: PageInfo[], fields: FormField[], signing: string, empty: EmptyField[]): void {
  const names = new Set<string>([signing]);
  for (const field of empty) {
    checkNewFieldName(field.name, fields);
    if (names.has(field.name)) throw badInput(`Field "${field.name}" is named twice in one signing.`);
    names.add(field.name);
    const page = pageAt(pages, field.placement?.pageIndex ?? field.pageIndex ?? 0);
    const rect = field.placement ? checkRect(field.placement.rect, page) : [0, 0, 0, 0];
    const lock = field.lock ? checkLock(field.lock) : undefined;
    const widgetRef = update.add(
      dict({
        Type: name('Annot'),
        Subtype: name('Widget'),
        FT: name('Sig'),
        T: PdfString.text(field.name),
        F: 132,
        Rect: rect,
        P: page.ref,
        Lock: lock ? lockDict(lock) : undefined,
      }),
    );
    addToPageAnnots(reader, update, page, widgetRef);
    addToFormFields(reader, update, widgetRef);
  }
}

function freeFieldName(fields: FormField[]): string {
  const taken = new Set(fields.map((f) => f.fullName));
  for (let i = 1; ; i++) if (!taken.has(`Signature${i}`)) return `Signature${i}`;
}

function checkNewFieldName(fieldName: string, fields: FormField[]): void {
  if (fieldName.length === 0 || fieldName.length > 255) throw badInput('A signature field name must be 1 to 255 characters long.');
  if (fieldName.includes('.')) throw badInput(`A new signature field name cannot contain ".": "${fieldName}" (dots separate the names of nested fields).`);
  if (fields.some((f) => f.fullName === fieldName)) throw badInput(`Field "${fieldName}" already exists.`);
}

async function useExistingField(
  reader: PdfReader,
  update: IncrementalUpdate,
  field: FormField,
  sigRef: PdfRef,
  options: SignOptions,
): Promise<PdfDict[]> {
  if (!isSignatureField(field)) throw badInput(`Field "${field.fullName}" is a ${field.type ?? 'non-terminal'} field, not a signature field.`);
  if (field.hasValue) throw new AffixError('REFUSED', `Field "${field.fullName}" is already signed; choose another field.`);
  if (!field.ref) throw badInput(`Field "${field.fullName}" is a direct object; Affix can only sign fields that are indirect objects.`);
  const appearance = options.appearance;
  if (appearance?.kind === 'visible' && appearance.placement) {
    throw badInput(`Field "${field.fullName}" already has its place on the page; a page and rectangle can only be given for a new field.`);
  }
  if (appearance?.kind === 'invisible' && appearance.pageIndex !== undefined) {
    throw badInput(`Field "${field.fullName}" already has its place on the page; a page can only be given for a new field.`);
  }
  if (options.lock) throw badInput(`Field "${field.fullName}" exists; its lock is the one in the document (a lock can only be given for a new field).`);
  const fieldDict = update.editDict(field.ref, `field "${field.fullName}"`);
  fieldDict.set('V', sigRef);
  if (appearance?.kind === 'visible') {
    const widget = field.widgets[0];
    if (!widget) throw badInput(`Field "${field.fullName}" has no widget to draw the signature in.`);
    const rect = rectOf(reader, widget.dict);
    if (!rect || rect[2] < 1 || rect[3] < 1) throw badInput(`Field "${field.fullName}" is invisible (its widget has no area); use --appearance none for it.`);
    if (!widget.ref) throw badInput(`Field "${field.fullName}" has a direct widget object; Affix cannot add an appearance to it.`);
    const apRef = await drawAppearance(update, appearance.draw, { width: rect[2], height: rect[3] });
    update.editDict(widget.ref, `the widget of field "${field.fullName}"`).set('AP', dict({ N: apRef }));
  }
  const lock = reader.resolve(field.dict.get('Lock'));
  return lock instanceof PdfDict ? [fieldMdpReference(lockFromDict(reader, lock), reader.rootRef)] : [];
}

async function addNewField(
  reader: PdfReader,
  update: IncrementalUpdate,
  pages: PageInfo[],
  fieldName: string,
  sigRef: PdfRef,
  options: SignOptions,
): Promise<PdfDict[]> {
  const appearance = options.appearance ?? { kind: 'invisible' };
  let page: PageInfo;
  let rect: [number, number, number, number] = [0, 0, 0, 0];
  let ap: PdfRef | undefined;
  if (appearance.kind === 'visible') {
    if (!appearance.placement) throw badInput('A visible signature on a new field needs a page and a rectangle (or a text to place it over).');
    page = pageAt(pages, appearance.placement.pageIndex);
    rect = checkRect(appearance.placement.rect, page);
    ap = await drawAppearance(update, appearance.draw, { width: rect[2] - rect[0], height: rect[3] - rect[1] });
  } else {
    page = pageAt(pages, appearance.pageIndex ?? 0);
  }
  const lock = options.lock ? checkLock(options.lock) : undefined;
  const widgetRef = update.add(
    dict({
      Type: name('Annot'),
      Subtype: name('Widget'),
      FT: name('Sig'),
      T: PdfString.text(fieldName),
      V: sigRef,
      // Print + Locked: printed with the page, and the widget cannot be moved or resized.
      F: 132,
      Rect: rect,
      P: page.ref,
      AP: ap ? dict({ N: ap }) : undefined,
      Lock: lock ? lockDict(lock) : undefined,
    }),
  );
  addToPageAnnots(reader, update, page, widgetRef);
  addToFormFields(reader, update, widgetRef);
  return lock ? [fieldMdpReference(lock, reader.rootRef)] : [];
}

/** pdf-lib is loaded only for visible signatures: it costs ~40 MB of memory that invisible signing does not need. */
async function drawAppearance(update: IncrementalUpdate, draw: DrawAppearance, size: AppearanceSize): Promise<PdfRef> {
  const { embedAppearance } = await import('./appearance-bridge');
  return embedAppearance(update, draw, size);
}

function pageAt(pages: PageInfo[], index: number): PageInfo {
  if (!Number.isInteger(index) || index < 0 || index >= pages.length) {
    throw badInput(`Page ${index + 1} is out of range: the document has ${pages.length} page${pages.length === 1 ? '' : 's'}.`);
  }
  return pages[index];
}

/** Checks the rectangle lies on the page's visible area; returns it as [llx, lly, urx, ury]. */
function checkRect(r: Rect, page: PageInfo): [number, number, number, number] {
  const [x, y, w, h] = r;
  if (![x, y, w, h].every(Number.isFinite) || w <= 0 || h <= 0) {
    throw badInput(`Rectangle ${r.join(',')} is not valid: it needs finite x,y and a positive width and height.`);
  }
  const [bx0, by0, bx1, by1] = page.cropBox;
  if (x < bx0 - EPSILON || y < by0 - EPSILON || x + w > bx1 + EPSILON || y + h > by1 + EPSILON) {
    throw badInput(
      `Rectangle ${r.join(',')} is out of range: it does not fit on page ${page.index + 1}, whose visible area is ` +
        `x ${bx0}..${bx1}, y ${by0}..${by1} (points).`,
    );
  }
  return [x, y, x + w, y + h];
}

function rectOf(reader: PdfReader, widget: PdfDict): Rect | undefined {
  const r = reader.resolve(widget.get('Rect'));
  if (!Array.isArray(r) || r.length !== 4) return undefined;
  const n = r.map((v) => reader.resolve(v));
  if (!n.every((v): v is number => typeof v === 'number')) return undefined;
  return [Math.min(n[0], n[2]), Math.min(n[1], n[3]), Math.abs(n[2] - n[0]), Math.abs(n[3] - n[1])];
}

function addToPageAnnots(reader: PdfReader, update: IncrementalUpdate, page: PageInfo, widgetRef: PdfRef): void {
  const annots = page.dict.get('Annots');
  if (annots instanceof PdfRef) {
    const target = reader.resolve(annots);
    if (Array.isArray(target)) {
      update.editArray(annots, `the /Annots of page ${page.index + 1}`).push(widgetRef);
      return;
    }
  }
  const pageDict = update.editDict(page.ref, `page ${page.index + 1}`);
  const current = pageDict.get('Annots');
  if (Array.isArray(current)) current.push(widgetRef);
  else pageDict.set('Annots', [widgetRef]);
}

/** The form dictionary as edited so far (or as in the file), undefined if there is none. */
function currentForm(reader: PdfReader, update: IncrementalUpdate): { dict: PdfDict; ref?: PdfRef } | undefined {
  const catalog = update.current(reader.rootRef);
  const acro = catalog instanceof PdfDict ? catalog.get('AcroForm') : undefined;
  if (acro instanceof PdfRef) {
    const v = update.current(acro);
    return v instanceof PdfDict ? { dict: v, ref: acro } : undefined;
  }
  return acro instanceof PdfDict ? { dict: acro } : undefined;
}

/** The form dictionary to edit, creating /AcroForm if the document has none. */
function editableForm(reader: PdfReader, update: IncrementalUpdate): PdfDict {
  const form = currentForm(reader, update);
  if (form?.ref) return update.editDict(form.ref, 'the form (/AcroForm)');
  const catalog = update.editDict(reader.rootRef, 'the document catalog');
  const direct = catalog.get('AcroForm');
  if (direct instanceof PdfDict) return direct;
  const created = new PdfDict([['Fields', []]]);
  catalog.set('AcroForm', update.add(created));
  return created;
}

function addToFormFields(reader: PdfReader, update: IncrementalUpdate, fieldRef: PdfRef): void {
  const fields = currentForm(reader, update)?.dict.get('Fields');
  if (fields instanceof PdfRef && Array.isArray(update.current(fields))) {
    update.editArray(fields, 'the form field list').push(fieldRef);
    return;
  }
  const form = editableForm(reader, update);
  const list = form.get('Fields');
  if (Array.isArray(list)) list.push(fieldRef);
  else form.set('Fields', [fieldRef]);
}

/** SigFlags 3: the document has signatures, and must only be changed by incremental updates (§12.7.2). */
function markFormSigned(reader: PdfReader, update: IncrementalUpdate): void {
  const flags = reader.resolve(currentForm(reader, update)?.dict.get('SigFlags'));
  const current = typeof flags === 'number' ? flags : 0;
  if ((current & 3) !== 3) editableForm(reader, update).set('SigFlags', current | 3);
}

function checkLock(lock: FieldLock): FieldLock {
  if (lock.action === 'All') return lock;
  if (lock.fields.length === 0 || lock.fields.some((f) => typeof f !== 'string' || f.length === 0)) {
    throw badInput(`A lock with action ${lock.action} needs a non-empty list of field names.`);
  }
  return lock;
}

function lockFromDict(reader: PdfReader, d: PdfDict): FieldLock {
  const action = d.name('Action');
  if (action === 'Include' || action === 'Exclude') {
    const list = reader.resolve(d.get('Fields'));
    const fields = (Array.isArray(list) ? list : []).map((f) => reader.resolve(f)).filter((f): f is PdfString => f instanceof PdfString);
    return { action, fields: fields.map((f) => f.asText()) };
  }
  return { action: 'All' };
}

function lockDict(lock: FieldLock): PdfDict {
  return dict({
    Type: name('SigFieldLock'),
    Action: name(lock.action),
    Fields: lock.action === 'All' ? undefined : lock.fields.map((f) => PdfString.text(f)),
  });
}

function fieldMdpReference(lock: FieldLock, root: PdfRef): PdfDict {
  const params = lockDict(lock);
  params.set('Type', name('TransformParams'));
  params.set('V', name('1.2'));
  return dict({ Type: name('SigRef'), TransformMethod: name('FieldMDP'), TransformParams: params, Data: cloneDirect(root) });
}

/** PDF date string (§7.9.4) in UTC: D:YYYYMMDDHHmmSS+00'00' */
export function pdfDate(d: Date): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `D:${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}+00'00'`;
}

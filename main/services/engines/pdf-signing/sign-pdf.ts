/**
 * The signing engine's public API: `signPdf(input, options, key)` appends one
 * signature revision to a PDF and returns the original bytes plus the
 * appended ones. It needs no workspace; the signing service adds the
 * bookkeeping around it.
 *
 * Steps: plan the field, widget and signature dictionary as an incremental
 * update (signature-plan.ts, reading only the few objects that matter); pass
 * once over the original, hashing it; then fill the placeholders
 * (byte-range-signing.ts). `signPdfFile` does the same from file to file in
 * one streamed pass, never holding the input in memory.
 */
import { resolve } from 'node:path';
import { badInput, isAffixError } from '../../../../shared/errors/affix-error';
import { AtomicFile } from '../../core/fs/atomic-write';
import { fileError, fsProblem } from '../../core/fs/fs-errors';
import { openInputFile, readWholeFile, type InputFile } from '../../core/fs/input-file';
import { completeSignature, OriginalDigests } from './byte-range-signing';
import { changed, CopyPass, type PassProgress } from './copy-pass';
import { FileSource } from './file-source';
import { countRevisions, RevisionCounter } from './revisions';
import type { SignedPdf, SignOptions } from './sign-options';
import { planSignature } from './signature-plan';
import type { SigningKey } from '../../domain/keys/signing-key';

export type { EmptyField, FieldLock, Placement, Rect, SignatureAppearance, SignedPdf, SignOptions, SubFilter } from './sign-options';

/** Bytes hashed between two progress reports of an in-memory pass: small enough for a smooth bar, large enough to cost nothing. */
const PROGRESS_CHUNK = 4 * 1024 * 1024;

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
export async function signPdfFile(
  inputPath: string,
  outputPath: string,
  options: SignOptions,
  key: SigningKey,
  hooks: FileSigningHooks = {},
): Promise<SignedFile> {
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
        throw badInput(
          `${input.what}: its stored copy no longer has the SHA-256 recorded for it (${expectedSha256.slice(0, 12)}…, now ${sha256.slice(0, 12)}…); the workspace's files were changed outside Affix. Nothing was signed.`,
        );
      }
    },
  });
}

/** A signing streamed from an input: what it reports, and the update it appended (also in the output file, if there is one). */
type StreamedSignature = SignedFile & { appended: Uint8Array };

/** The one streamed signing: into `outputPath` (written atomically and durably), or with no output at all. */
async function signInput(
  input: InputFile,
  outputPath: string | null,
  options: SignOptions,
  key: SigningKey,
  hooks: FileSigningHooks,
): Promise<StreamedSignature> {
  const source = new FileSource(input);
  try {
    return await signSource(input, source, outputPath, options, key, hooks);
  } finally {
    source.release();
  }
}

async function signSource(
  input: InputFile,
  source: FileSource,
  outputPath: string | null,
  options: SignOptions,
  key: SigningKey,
  hooks: FileSigningHooks,
): Promise<StreamedSignature> {
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
async function copyAndHash(
  pass: CopyPass,
  source: FileSource,
  output: AtomicFile | null,
  key: SigningKey,
  what: string,
  progress?: PassProgress,
): Promise<{ digests: OriginalDigests; revisions: number }> {
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

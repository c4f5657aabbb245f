/**
 * The one PDF signature verifier: `verifyPdf(bytes, { trustAnchors })`.
 * Runs unchanged in Node, the renderer and the standalone verifier (no Node
 * APIs). The PDF is bytes in memory or a file read piece by piece (a
 * RandomAccessFile): then objects are read as needed and every whole-file
 * pass goes a chunk at a time, so memory does not grow with the file. Each signature is checked for structure (byte ranges, /Contents),
 * integrity, cryptographic validity, trust at signing time, and every change
 * made after it; the report's status follows ETSI EN 319 102-1.
 */
import { badInput } from '../errors/affix-error';
import { readFormFields, signedSignatureFields, type FormField } from '../pdf/form-fields';
import { PdfDict, PdfRef, PdfString } from '../pdf/objects';
import { PdfReader } from '../pdf/reader';
import type { RandomAccessFile } from '../pdf/source';
import { parseCertificates, type Cert } from './certificate';
import { checkChain } from './chain';
import { checkCmsSignature } from './check-cms-signature';
import { toHex } from './digest';
import { PdfInput } from './pdf-input';
import { LaterChangeAnalyzer } from './later-changes';
import { declaredPermissions, judge, type DocMdpLevel, type FieldLocks } from './mdp-policy';
import { changesUnderNoChanges, summariseReasons } from './verdict-rules';
import { parsePdfDate } from '../pdf/pdf-date';
import { worstStatus, type Modification, type SignatureReport, type Status, type TimeInfo, type VerificationReport } from './report';
import { checkByteRange, cmsFromContents, readSignatureDictionary, type SignatureDictionary } from './signature-dictionary';
import { duplicateObjects, isRevisionEnd, revisionEnds, RevisionReaders } from './revisions';
import { checkSignatureTimestamp, timeStampingEku } from './timestamp';
import { readDss } from './dss';
import { checkPathRevocation, readCrls, type KnownRevocation, type RevocationData } from './revocation-check';

export interface VerifyOptions {
  /** DER or PEM certificates trusted as anchors. None: signatures can be intact and valid but never trusted. */
  trustAnchors?: Uint8Array[];
  /** "Now": the time signatures without proof of existence are judged at (tests set it). */
  now?: Date;
  /** CRLs (DER or PEM) besides those in the document's DSS: `--crl` files, a proof package's. */
  crls?: Uint8Array[];
  /** Revocations the verifying party made itself (its workspace PKI), by certificate digest. */
  knownRevocations?: KnownRevocation[];
  /** Subject DERs of the CAs whose revocations `knownRevocations` lists completely. */
  revocationAuthorities?: Uint8Array[];
  /** Bytes read at a time by whole-file passes (default 1 MiB); tests make it tiny to put markers on chunk boundaries. */
  chunkBytes?: number;
}

/** Far beyond any real document; bounds the work a crafted file can demand. */
const MAX_SIGNATURES = 500;

interface Context {
  input: PdfInput;
  reader: PdfReader;
  ends: number[];
  anchors: Cert[];
  now: Date;
  later: LaterChangeAnalyzer;
  /** Objects defined twice, by revision segment (shared by every signature covering it). */
  duplicates: Map<string, number[]>;
  /** Every signature's declared permissions with where its revision ends. */
  declared: { end: number; docMdp?: DocMdpLevel; locks: FieldLocks }[];
  revocation: RevocationData;
  /** Certificates from the DSS, for building chains. */
  dssCerts: Cert[];
  /** Trusted document timestamps verified so far (the latest first): each proves every byte before `end` existed at genTime. */
  proofs: { end: number; genTime: Date }[];
}

export async function verifyPdf(pdf: Uint8Array | RandomAccessFile, options: VerifyOptions = {}): Promise<VerificationReport> {
  const input = PdfInput.of(pdf, options.chunkBytes);
  const anchors = (options.trustAnchors ?? []).flatMap((a, i) => {
    try {
      return parseCertificates(a);
    } catch (error) {
      throw badInput(`Trust anchor ${i + 1} is not a certificate: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  const reader = PdfReader.open(input.source);
  const ends = revisionEnds(input);
  const readers = new RevisionReaders(input);
  const now = options.now ?? new Date();
  const dss = readDss(reader);
  const crls = readCrls([...dss.crls, ...(options.crls ?? [])], 'the DSS or the caller');
  const revocation: RevocationData = {
    crls: crls.crls,
    known: options.knownRevocations ?? [],
    authorities: options.revocationAuthorities ?? [],
    problems: [...dss.problems, ...crls.problems],
  };
  const dssCerts = dss.certs.flatMap((c) => {
    try {
      return parseCertificates(c);
    } catch {
      return [];
    }
  });
  const ctx: Context = {
    input,
    reader,
    ends,
    anchors,
    now,
    later: new LaterChangeAnalyzer(input, ends, readers),
    duplicates: new Map(),
    declared: [],
    revocation,
    dssCerts,
    proofs: [],
  };
  const fields = signatureFieldsToVerify(reader);
  if (fields.length > MAX_SIGNATURES) throw badInput(`The PDF has ${fields.length} signed fields; Affix verifies at most ${MAX_SIGNATURES}.`);
  const dicts = fields.map((f) => ({ field: f, sig: f.value instanceof PdfRef ? readSignatureDictionarySafely(reader, f.value.num) : undefined }));
  for (const d of dicts) {
    if (d.sig?.ok) ctx.declared.push({ end: d.sig.sig.byteRange[2] + d.sig.sig.byteRange[3], ...declaredPermissions(reader, d.sig.sig.dict) });
  }
  const signatures: SignatureReport[] = [];
  // Latest first: a document timestamp proves when everything before it existed, so earlier signatures are judged at that time.
  const endOf = (d: (typeof dicts)[number]) => (d.sig?.ok ? d.sig.sig.byteRange[2] + d.sig.sig.byteRange[3] : -1);
  for (const d of [...dicts].sort((x, y) => endOf(y) - endOf(x))) signatures.push(await verifyOneSafely(ctx, d.field, d.sig));
  const known = [...dicts, ...usageRightsSignatures(reader)].flatMap((d) => (d.sig?.ok ? [d.sig.sig] : []));
  for (const at of orphanSignatureDictionaries(input, known)) {
    signatures.push(unreadableSignature('', `a signature dictionary (/ByteRange at byte ${at}) is not the value of any signature field`));
  }
  signatures.sort((x, y) => x.revision - y.revision);
  return {
    sha256: toHex(await input.digest('SHA-256', [[0, input.length]])),
    bytes: input.length,
    revisions: ends.length,
    signatures,
    document: worstStatus(signatures.map((s) => s.status)),
    trustAnchors: anchors.length,
    verifiedAt: now.toISOString(),
  };
}

type SigResult = ReturnType<typeof readSignatureDictionary> | undefined;

/** A signature whose objects cannot be parsed is a format failure of that signature, not of the whole run. */
async function verifyOneSafely(ctx: Context, field: FormField, sig: SigResult): Promise<SignatureReport> {
  try {
    return await verifyOne(ctx, field, sig);
  } catch (error) {
    return unreadableSignature(field.fullName, `the signature's objects cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function verifyOne(ctx: Context, field: FormField, sigResult: SigResult): Promise<SignatureReport> {
  const dict = sigResult?.ok ? sigResult.sig.dict : undefined;
  const subFilter = dict?.name('SubFilter') ?? '';
  const base = {
    field: field.fullName,
    revision: 0,
    kind: dict?.name('Type') === 'DocTimeStamp' ? ('document-timestamp' as const) : ('approval' as const),
    subFilter,
    coverage: 'anomalous' as const,
    modifications: [] as Modification[],
    notes: [] as string[],
  };
  const formatFailure = (reason: string): SignatureReport => ({
    ...base,
    status: { indication: 'TOTAL-FAILED', subIndication: 'FORMAT_FAILURE', reason },
    intact: false,
    valid: false,
    trusted: false,
  });
  if (!sigResult) return formatFailure('the signature value is not an indirect signature dictionary');
  if (!sigResult.ok) return formatFailure(sigResult.reason);
  const sig = sigResult.sig;
  const report = { ...base, byteRange: sig.byteRange };
  const rangeProblem = checkByteRange(sig, ctx.input.length, (o) => isRevisionEnd(ctx.input, ctx.ends, o));
  if (rangeProblem) return { ...formatFailure(rangeProblem), byteRange: sig.byteRange };
  const [, b, c, d] = sig.byteRange;
  const end = c + d;
  report.revision = ctx.ends.filter((e) => e <= end + 2).length;
  const certLevel = certificationLevelOf(ctx, sig);
  const kind = base.kind === 'document-timestamp' ? base.kind : certLevel ? ('certification' as const) : ('approval' as const);
  const dups = signedRevisionDuplicates(ctx, end);
  if (dups.length)
    return { ...formatFailure(`object ${dups.join(', ')} defined twice in the signed revision (a shadow-attack preparation)`), byteRange: sig.byteRange };
  const cmsBytes = cmsFromContents(sig.contents);
  if (typeof cmsBytes === 'string') return { ...formatFailure(cmsBytes), byteRange: sig.byteRange };
  const checked = await checkCmsSignature(
    cmsBytes,
    ctx.input.content([
      [0, b],
      [c, end],
    ]),
    subFilter,
  );
  if (checked.stage === 'format') return { ...formatFailure(checked.reason), byteRange: sig.byteRange };
  const timestamp = checked.cms.timestampToken ? await checkSignatureTimestamp(checked.cms.timestampToken, checked.cms.signature, ctx.anchors) : undefined;
  const time = timeInfo(sig, checked.cms, timestamp?.ok ? timestamp.genTime : undefined, provenByLater(ctx, end), ctx.now);
  const later = ctx.later.after(end);
  const perms = permissionsFor(ctx, end, certLevel);
  const judged = later.changes.map((ch) => judge(ch, perms));
  const modifications = [...judged, ...changesUnderNoChanges(perms.docMdp, later.revisions ?? [], judged)];
  const locks = declaredPermissions(ctx.reader, sig.dict).locks;
  const full = {
    ...report,
    kind,
    docMdp: certLevel,
    fieldLocks: locks.kind === 'all' ? ('all' as const) : locks.kind === 'none' ? undefined : locks.fields,
    coverage: later.coverage,
    modifications,
    time,
    algorithm: checked.algorithm,
    signer: checked.signer && signerInfo(checked.signer),
  };
  // The chain is judged even when the bytes or the signature value fail: "trusted" says who issued the
  // certificate, a fact the reader needs beside "not intact" (the verdict stays the failure's).
  const chain = checked.signer
    ? await checkChain(checked.signer, [...checked.cms.certificates, ...ctx.dssCerts], ctx.anchors, new Date(time.checkedAt))
    : undefined;
  const tsaProblem = chain?.trusted && kind === 'document-timestamp' ? timeStampingEku(chain.path[0]) : undefined;
  const revoked = chain?.trusted ? await checkPathRevocation(chain.path, ctx.revocation, new Date(time.checkedAt), time.checkedAtSource !== 'now') : undefined;
  const trusted = chain?.trusted === true && !tsaProblem;
  const illegal = modifications.filter((m) => !m.allowed);
  const status: Status | undefined = checked.problem?.failed
    ? { indication: 'TOTAL-FAILED', subIndication: checked.problem.sub, reason: checked.problem.reason }
    : illegal.length
      ? {
          indication: 'TOTAL-FAILED',
          subIndication: 'SIG_CONSTRAINTS_FAILURE',
          reason: `modified after signing: ${summariseReasons(illegal.map((m) => m.detail))}`,
        }
      : timestamp && !timestamp.ok && timestamp.failed
        ? { indication: 'TOTAL-FAILED', subIndication: 'HASH_FAILURE', reason: `the signature timestamp is not sound: ${timestamp.reason}` }
        : chain && !chain.trusted && chain.failed
          ? { indication: 'TOTAL-FAILED', subIndication: chain.subIndication, reason: chain.reason }
          : revoked?.revoked
            ? { indication: 'TOTAL-FAILED', subIndication: 'REVOKED', reason: revoked.reason }
            : checked.problem
              ? { indication: 'INDETERMINATE', subIndication: checked.problem.sub, reason: checked.problem.reason }
              : chain && !chain.trusted
                ? { indication: 'INDETERMINATE', subIndication: chain.subIndication, reason: chain.reason }
                : tsaProblem
                  ? {
                      indication: 'INDETERMINATE',
                      subIndication: 'CHAIN_CONSTRAINTS_FAILURE',
                      reason: `the document timestamp's authority "${chain?.trusted ? chain.path[0].subject : ''}" is not a time-stamping authority: ${tsaProblem}`,
                    }
                  : undefined;
  if (timestamp && !timestamp.ok && !timestamp.failed) full.notes.push(`signature timestamp is no proof of time: ${timestamp.reason}`);
  if (timestamp?.ok) full.notes.push(`a timestamp by "${timestamp.tsa}" proves the signature existed at ${timestamp.genTime.toISOString()}`);
  full.notes.push(...timeNotes(time));
  if (revoked) full.notes.push(...revoked.notes);
  full.notes.push(...ctx.revocation.problems);
  if (!status && checked.intact && checked.valid && trusted && kind === 'document-timestamp' && checked.cms.tstImprint)
    ctx.proofs.push({ end, genTime: checked.cms.tstImprint.genTime });
  if (!status && checked.intact && checked.valid && trusted) {
    return { ...full, status: { indication: 'TOTAL-PASSED' }, intact: true, valid: true, trusted: true };
  }
  return {
    ...full,
    status: status ?? { indication: 'INDETERMINATE', subIndication: 'NO_CERTIFICATE_CHAIN_FOUND', reason: 'the signature could not be fully checked' },
    intact: checked.intact,
    valid: checked.valid,
    trusted,
  };
}

const BYTE_RANGE = Uint8Array.from('/ByteRange', (c) => c.charCodeAt(0));

/**
 * /ByteRange keys outside every signature dictionary a field leads to: a
 * signature whose field was altered or detached must not silently vanish
 * from the report.
 */
function orphanSignatureDictionaries(input: PdfInput, known: SignatureDictionary[]): number[] {
  const out: number[] = [];
  input.findAll(BYTE_RANGE, 0, input.length, (i) => {
    if (!known.some((k) => i >= k.start && i < k.end)) out.push(i);
  });
  return out;
}

/** Usage-rights signatures (/Perms /UR, /UR3) enable viewer features; they sign nothing a reader relies on, and are not reported. */
function usageRightsSignatures(reader: PdfReader): { sig: SigResult }[] {
  const perms = reader.resolve(reader.catalog().get('Perms'));
  if (!(perms instanceof PdfDict)) return [];
  return ['UR', 'UR3'].flatMap((k) => {
    const ref = perms.get(k);
    return ref instanceof PdfRef ? [{ sig: readSignatureDictionarySafely(reader, ref.num) }] : [];
  });
}

/** A signature that cannot be examined at all: a format failure with nothing else known. */
function unreadableSignature(field: string, reason: string): SignatureReport {
  return {
    field,
    revision: 0,
    kind: 'approval',
    subFilter: '',
    coverage: 'anomalous',
    modifications: [],
    notes: [],
    status: { indication: 'TOTAL-FAILED', subIndication: 'FORMAT_FAILURE', reason },
    intact: false,
    valid: false,
    trusted: false,
  };
}

function readSignatureDictionarySafely(reader: PdfReader, num: number): SigResult {
  try {
    return readSignatureDictionary(reader, num);
  } catch (error) {
    return { ok: false, reason: `the signature dictionary (object ${num}) cannot be parsed: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/** Objects defined twice within any one revision the signature covers — the raw material of shadow attacks. */
function signedRevisionDuplicates(ctx: Context, end: number): number[] {
  const dups = new Set<number>();
  let from = 0;
  for (const e of ctx.ends.filter((x) => x <= end + 2)) {
    const to = Math.min(e, end);
    const key = `${from}-${to}`;
    let found = ctx.duplicates.get(key);
    if (!found) ctx.duplicates.set(key, (found = duplicateObjects(ctx.input, from, to)));
    for (const n of found) dups.add(n);
    from = e;
  }
  return [...dups];
}

/** DocMDP P if this signature is the document's certification signature. */
function certificationLevelOf(ctx: Context, sig: SignatureDictionary): DocMdpLevel | undefined {
  const declared = declaredPermissions(ctx.reader, sig.dict).docMdp;
  if (declared) return declared;
  const perms = ctx.reader.resolve(ctx.reader.catalog().get('Perms'));
  const docMdp = perms instanceof PdfDict ? perms.get('DocMDP') : undefined;
  return docMdp instanceof PdfRef && docMdp.num === sig.num ? 2 : undefined;
}

function permissionsFor(ctx: Context, end: number, ownLevel: DocMdpLevel | undefined): { docMdp?: DocMdpLevel; locks: FieldLocks[] } {
  const before = ctx.declared.filter((x) => x.end <= end);
  const docMdp = ownLevel ?? before.find((x) => x.docMdp)?.docMdp;
  return { docMdp, locks: before.map((x) => x.locks) };
}

/** The earliest time a trusted later document timestamp proves the bytes up to `end` existed. */
function provenByLater(ctx: Context, end: number): Date | undefined {
  const times = ctx.proofs.filter((p) => p.end > end).map((p) => p.genTime.getTime());
  return times.length ? new Date(Math.min(...times)) : undefined;
}

/**
 * The time certificates are checked at: the earliest proof of existence — a
 * checked signature timestamp, or a trusted later document timestamp — else
 * now. A time the signer claims (/M, signing-time) is reported as a claim and
 * never used: it cannot rescue an expired certificate (ETSI EN 319 102-1
 * §5.5: without proof of existence, OUT_OF_BOUNDS_NO_POE). A document
 * timestamp's own genTime is likewise its authority's claim until a later one
 * proves it.
 */
function timeInfo(
  sig: SignatureDictionary,
  cms: { signingTime?: Date; tstImprint?: { genTime: Date } },
  verifiedTimestamp: Date | undefined,
  provenLater: Date | undefined,
  now: Date,
): TimeInfo {
  const m = sig.dict.get('M');
  const claimed = m instanceof PdfString ? parsePdfDate(m.asText()) : undefined;
  const timestamp = verifiedTimestamp ?? cms.tstImprint?.genTime;
  const [checkedAt, checkedAtSource] =
    verifiedTimestamp && (!provenLater || verifiedTimestamp <= provenLater)
      ? [verifiedTimestamp, 'timestamp' as const]
      : provenLater
        ? [provenLater, 'document-timestamp' as const]
        : [now, 'now' as const];
  return {
    claimed: claimed?.toISOString(),
    signingTimeAttribute: cms.signingTime?.toISOString(),
    timestamp: timestamp?.toISOString(),
    checkedAt: checkedAt.toISOString(),
    checkedAtSource,
  };
}

function signerInfo(c: Cert): NonNullable<SignatureReport['signer']> {
  return { subject: c.subject, issuer: c.issuer, serial: c.serialHex, notBefore: c.notBefore.toISOString(), notAfter: c.notAfter.toISOString() };
}

function timeNotes(t: TimeInfo): string[] {
  const claim = t.claimed ?? t.signingTimeAttribute;
  if (t.checkedAtSource === 'document-timestamp')
    return [`a later document timestamp proves this revision existed at ${t.checkedAt}; certificates are checked then`];
  if (t.checkedAtSource === 'now' && claim)
    return [`the signing time ${claim} is the signer's claim, proven by no timestamp: certificates are checked now (${t.checkedAt})`];
  return [];
}

/** The signature fields the verifier checks: every signed terminal signature field of the form (the signer's readFormTree view). */
export function signatureFieldsToVerify(reader: PdfReader): FormField[] {
  return signedSignatureFields(readFormFields(reader));
}

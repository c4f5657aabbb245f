/**
 * Long-term validation (ETSI EN 319 142-1): PAdES B-LT adds a Document
 * Security Store — every certificate the signatures and their timestamps
 * need, and CRLs — and B-LTA a document timestamp over all of it, in the
 * same incremental update. Renewal adds the next DSS and document timestamp
 * before the last timestamp's authority certificate expires, so each
 * timestamp is proven by the one after it.
 *
 * Air-gapped: `prepareDocumentTimestamp` writes the revision with an empty
 * /Contents and returns the RFC 3161 query; `applyDocumentTimestamp` checks
 * the reply answers that revision and patches the token in.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { badInput } from '../../../../shared/errors/affix-error';
import { readFormFields, signedSignatureFields } from '../../../../shared/pdf/form-fields';
import { PdfDict, PdfRef, PdfStream, dict, type PdfObject } from '../../../../shared/pdf/objects';
import { PdfReader } from '../../../../shared/pdf/reader';
import { parseCertificates, type Cert } from '../../../../shared/verify/certificate';
import { parseCms } from '../../../../shared/verify/cms';
import { readDss } from '../../../../shared/verify/dss';
import { cmsFromContents, readSignatureDictionary } from '../../../../shared/verify/signature-dictionary';
import { writeFileAtomic } from '../../core/fs/atomic-write';
import type { IncrementalUpdate } from '../../engines/pdf-signing/incremental-update';
import { signPdfFile } from '../../engines/pdf-signing/sign-pdf';
import type { SigningKey } from '../../domain/keys/signing-key';
import { requestTimestamp, timestampQuery, tokenFromReply } from './tsa-client';

/** Room for the token: a TSA chain of a few certificates and a signature. */
const TOKEN_ROOM = 16 * 1024;

export interface LtvMaterial {
  /** Extra certificates (DER): the workspace's CA chains, the TSA's chain. */
  certs: Uint8Array[];
  /** CRLs (DER). */
  crls: Uint8Array[];
}

export interface LtvResult {
  outputPath: string;
  field: string;
  sha256: string;
  dss: { certs: number; crls: number };
  documentTimestamps: number;
}

/** No key signs a document timestamp: this stands in to choose SHA-256 and is never asked to sign. */
const DIGEST_ONLY: SigningKey = {
  algorithm: 'ecdsa-p256-sha256',
  certificates: [],
  keyId: 'document-timestamp',
  sign: () => Promise.reject(new Error('a document timestamp is not signed by a key')),
};

/** Every certificate the document's signatures and timestamps carry (to put in the DSS). */
export function documentCertificates(bytes: Uint8Array): { certs: Cert[]; docTimestamps: Cert[] } {
  const reader = PdfReader.open(bytes);
  const certs: Cert[] = [];
  const docTimestamps: Cert[] = [];
  for (const f of signedSignatureFields(readFormFields(reader))) {
    if (!(f.value instanceof PdfRef)) continue;
    try {
      const sig = readSignatureDictionary(reader, f.value.num);
      if (!sig.ok) continue;
      const der = cmsFromContents(sig.sig.contents);
      if (typeof der === 'string') continue;
      const cms = parseCms(der);
      certs.push(...cms.certificates);
      if (cms.timestampToken) certs.push(...parseCms(cms.timestampToken).certificates);
      if (sig.sig.dict.name('Type') === 'DocTimeStamp' && cms.signerCert) docTimestamps.push(cms.signerCert);
    } catch {
      // An unreadable signature contributes nothing; the verifier reports it.
    }
  }
  return { certs, docTimestamps };
}

/** Adds (or extends) the DSS in `update`: existing entries kept, new ones appended once each. */
function addDss(reader: PdfReader, update: IncrementalUpdate, certs: Uint8Array[], crls: Uint8Array[]): { certs: number; crls: number } {
  const existing = readDss(reader);
  const catalog = update.editDict(reader.rootRef, 'the document catalog');
  const old = reader.resolve(catalog.get('DSS'));
  const oldDss = old instanceof PdfDict ? old : new PdfDict();
  const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
  const arrays: Record<'Certs' | 'CRLs', { have: Uint8Array[]; add: Uint8Array[] }> = {
    Certs: { have: existing.certs, add: certs },
    CRLs: { have: existing.crls, add: crls },
  };
  const out = new PdfDict(oldDss.map);
  const counts = { certs: existing.certs.length, crls: existing.crls.length };
  for (const key of ['Certs', 'CRLs'] as const) {
    const seen = new Set(arrays[key].have.map(sha));
    const list = reader.resolve(oldDss.get(key));
    const refs: PdfObject[] = Array.isArray(list) ? [...list] : [];
    for (const item of arrays[key].add) {
      const h = sha(item);
      if (seen.has(h)) continue;
      seen.add(h);
      refs.push(update.add(new PdfStream(dict({ Length: item.length }), item)));
      if (key === 'Certs') counts.certs++;
      else counts.crls++;
    }
    if (refs.length) out.set(key, refs);
  }
  catalog.set('DSS', update.add(out));
  return counts;
}

/**
 * B-LT then B-LTA in one update: the DSS, then a document timestamp from
 * `tsaUrl` over the whole revision.
 */
export async function addLtv(inputPath: string, outputPath: string, material: LtvMaterial, tsaUrl: string): Promise<LtvResult> {
  return writeLtvRevision(inputPath, outputPath, material, (digest) => requestTimestamp(tsaUrl, 'SHA-256', digest));
}

async function writeLtvRevision(
  inputPath: string,
  outputPath: string,
  material: LtvMaterial,
  token: (digest: Uint8Array) => Promise<Uint8Array>,
): Promise<LtvResult> {
  const bytes = readInput(inputPath);
  let found: ReturnType<typeof documentCertificates>;
  try {
    found = documentCertificates(bytes);
  } catch (error) {
    throw badInput(`${inputPath} cannot be read as a PDF: ${error instanceof Error ? error.message : String(error)}`);
  }
  const certs = [...found.certs.map((c) => c.der), ...material.certs];
  let dss = { certs: 0, crls: 0 };
  const signed = await signPdfFile(
    inputPath,
    outputPath,
    {
      documentTimestamp: token,
      reservedBytes: TOKEN_ROOM,
      extendRevision: (reader, update) => (dss = addDss(reader, update, certs, material.crls)),
    },
    DIGEST_ONLY,
  );
  return { outputPath, field: signed.field, sha256: signed.sha256, dss, documentTimestamps: found.docTimestamps.length + 1 };
}

/** The document timestamps already in a file, newest last, with their authority certificates' expiry. */
export function documentTimestampAuthorities(path: string): Cert[] {
  return documentCertificates(readInput(path)).docTimestamps;
}

/** Step one of the air-gapped form: the prepared revision (written to `preparedPath`) and the query for it. */
export async function prepareDocumentTimestamp(inputPath: string, preparedPath: string, queryPath: string, material: LtvMaterial): Promise<LtvResult> {
  let query: Uint8Array | undefined;
  const result = await writeLtvRevision(inputPath, preparedPath, material, (digest) => {
    query = timestampQuery('SHA-256', digest).der;
    return Promise.resolve(new Uint8Array());
  });
  writeFileAtomic(queryPath, query!);
  return result;
}

/** Step two: checks the reply's imprint is the prepared revision's digest and writes the completed file. */
export function applyDocumentTimestamp(preparedPath: string, replyPath: string, outputPath: string): { outputPath: string; sha256: string; genTime: string } {
  const bytes = Buffer.from(readInput(preparedPath));
  const reply = readInput(replyPath);
  const at = bytes.lastIndexOf('/ByteRange');
  const m = at === -1 ? null : /^\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/.exec(bytes.subarray(at, at + 120).toString('latin1'));
  if (!m) throw badInput(`${preparedPath} holds no prepared document timestamp (run "affix timestamp request" first).`);
  const [a, b, c, d] = m.slice(1).map(Number);
  if (a !== 0 || c + d !== bytes.length || bytes[b] !== 0x3c || bytes[c - 1] !== 0x3e)
    throw badInput(`${preparedPath}: its last signature's /ByteRange does not end the file; it is not a prepared document timestamp.`);
  const placeholder = bytes.subarray(b + 1, c - 1);
  if (!placeholder.every((x) => x === 0x30)) throw badInput(`${preparedPath}: the document timestamp is already filled in.`);
  const dictStart = bytes.lastIndexOf('<<', at);
  if (dictStart === -1 || !/\/Type\s*\/DocTimeStamp/.test(bytes.subarray(dictStart, at).toString('latin1'))) {
    throw badInput(`${preparedPath}: its last signature is not a document timestamp.`);
  }
  const digest = createHash('sha256').update(bytes.subarray(0, b)).update(bytes.subarray(c)).digest();
  const { token, imprint, genTime } = tokenFromReply(reply, undefined, replyPath);
  if (Buffer.compare(Buffer.from(imprint), digest) !== 0)
    throw badInput(`${replyPath} answers a different query: its imprint is not the digest of ${preparedPath}'s prepared revision.`);
  const hex = Buffer.from(token).toString('hex');
  if (hex.length > placeholder.length)
    throw badInput(`${replyPath}: the token (${token.length} bytes) does not fit the ${placeholder.length / 2} bytes reserved.`);
  const out = Buffer.from(bytes);
  out.write(hex, b + 1, 'latin1');
  writeFileAtomic(outputPath, out);
  return { outputPath, sha256: createHash('sha256').update(out).digest('hex'), genTime: genTime.toISOString() };
}

function readInput(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    throw badInput(`Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

export const certsOf = (pem: string): Uint8Array[] => parseCertificates(Buffer.from(pem)).map((c) => c.der);

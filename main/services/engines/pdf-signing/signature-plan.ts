/**
 * Plans one signature as an incremental update (ISO 32000-1 §12.8): reads the
 * cross-reference chain and the few objects that matter (catalog, form,
 * target page) — never the whole file —, refuses what earlier signatures
 * forbid, and lays out the field, widget, DocMDP/FieldMDP references and the
 * signature dictionary whose placeholders byte-range-signing.ts fills.
 */
import { AffixError, badInput } from '../../../../shared/errors/affix-error';
import { readFormTree, signedSignatureFields, isSignatureField, type FormField } from '../../../../shared/pdf/form-fields';
import { PdfDict, PdfRef, PdfString, dict, latin1Bytes, name, type PdfObject } from '../../../../shared/pdf/objects';
import { writePdfDate } from '../../../../shared/pdf/pdf-date';
import { PdfReader } from '../../../../shared/pdf/reader';
import type { ByteSource } from '../../../../shared/pdf/source';
import { placeholders, type SignaturePlan } from './byte-range-signing';
import { certificationLevel, type CertificationLevel } from './document-certification';
import { IncrementalUpdate } from './incremental-update';
import type { SignOptions, SubFilter } from './sign-options';
import { addEmptyFields, addNewField, checkNewFieldName, freeFieldName, markFormSigned, useExistingField } from './signature-fields';

/** The form as the signer sees it: every field node, the signed signature fields, and why it refuses to sign, if it does. */
export function formForSigning(reader: PdfReader): { fields: FormField[]; signatures: FormField[]; refusal?: string } {
  const form = readFormTree(reader);
  // A part of the form left unread might hold a signed field or a name this signature would repeat.
  return { fields: form.fields, signatures: signedSignatureFields(form.fields), refusal: form.problem };
}

export async function planSignature(
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
  const { fields, signatures, refusal } = formForSigning(reader);
  if (refusal) throw badInput(`${what} cannot be signed: ${refusal}.`);
  const level = certificationLevel(reader);
  if (level === 1 && !options.documentTimestamp) {
    throw new AffixError(
      'REFUSED',
      `${what} is certified with "no changes allowed" (DocMDP P=1); any further signature would invalidate that certification. Nothing was signed: sign the version before it was certified, or certify with level 2 (signing allowed) instead.`,
    );
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
          ...placeholders(reservedBytes),
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
        M: new PdfString(latin1Bytes(writePdfDate(signingTime))),
        Reason: textOrUndefined(options.reason),
        Location: textOrUndefined(options.location),
        ContactInfo: textOrUndefined(options.contactInfo),
        Reference: references.length > 0 ? references : undefined,
        Prop_Build: dict({ App: dict({ Name: name('Affix') }) }),
        ...placeholders(reservedBytes),
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
    const offer =
      empty.length > 0
        ? `sign one of its empty signature fields (--field ${empty.map((n) => JSON.stringify(n)).join(', ')}), or sign invisibly (--appearance none)`
        : 'sign it invisibly (--appearance none)';
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

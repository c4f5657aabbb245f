/**
 * How an identity gets proven. Today: an operator checks a document in
 * person. An online provider (a government eID service, a bank) would
 * implement `ProofingMethod` too and hand back the same outcome, so the
 * record, the commitments and the certificate binding do not change.
 */
import { assessIal, EVIDENCE_TYPES, type Evidence, type EvidenceType, type Ial } from '../../../../shared/identity/assurance';
import { parseMrz, type Mrz } from '../../../../shared/identity/mrz';
import { validateResidentId, type ResidentId } from '../../../../shared/identity/resident-id';
import { badInput } from '../../../../shared/errors/affix-error';

export type IdentityDocument = { kind: 'resident-id'; parsed: ResidentId } | { kind: 'mrz'; parsed: Mrz };

export interface ProofingOutcome {
  method: string;
  document: IdentityDocument;
  evidence: Evidence[];
  ial: Ial;
  shortfalls: string[];
}

export interface ProofingMethod<I> {
  readonly id: string;
  proof(input: I): Promise<ProofingOutcome> | ProofingOutcome;
}

export interface InPersonCheck {
  document: { kind: 'resident-id'; number: string } | { kind: 'mrz'; lines: string[] };
  /** Further documents the operator inspected (no numbers recorded). */
  additionalEvidence: EvidenceType[];
  /** The operator inspected the documents' security features (hologram, printing, chip presence). */
  securityFeaturesChecked: boolean;
  /** The operator compared the document photograph with the person present. */
  faceMatched: boolean;
}

/** Validates the document's numbers; refuses with the name of the failed check. */
export function checkDocument(doc: InPersonCheck['document'], today = new Date()): IdentityDocument {
  if (doc.kind === 'resident-id') {
    const r = validateResidentId(doc.number, today);
    if (!r.ok) throw badInput(`Resident ID number refused (${r.check}): ${r.message}`);
    return { kind: 'resident-id', parsed: r.value };
  }
  const r = parseMrz(doc.lines, today);
  if (!r.ok) throw badInput(`MRZ refused (${r.check}): ${r.message}`);
  return { kind: 'mrz', parsed: r.value };
}

const documentEvidenceType = (d: IdentityDocument): EvidenceType =>
  d.kind === 'resident-id' ? 'resident-id-card' : d.parsed.format === 'TD3' ? 'passport' : 'travel-document';

export const inPersonDocumentCheck = {
  id: 'in-person-document-check',
  proof(input: InPersonCheck): ProofingOutcome {
    const document = checkDocument(input.document);
    const inspected = input.securityFeaturesChecked ? (['security-features-inspected'] as const) : [];
    const primary: Evidence = {
      type: documentEvidenceType(document),
      strength: EVIDENCE_TYPES[documentEvidenceType(document)],
      validation: ['check-digits', ...inspected],
      verification: input.faceMatched ? 'physical-comparison' : 'none',
    };
    const others: Evidence[] = input.additionalEvidence.map((type) => ({
      type,
      strength: EVIDENCE_TYPES[type],
      validation: [...inspected],
      verification: 'none',
    }));
    const evidence = [primary, ...others];
    return { method: 'in-person-document-check', document, evidence, ...assessIal(evidence) };
  },
} satisfies ProofingMethod<InPersonCheck>;

/**
 * What Affix puts in certificates to bind them to an identity verification
 * record. Affix has no registered OID arc of its own (a UUID arc under 2.25
 * does not survive @peculiar/asn1-schema's number-based OID encoder), so the
 * binding travels as a certificatePolicies user notice under anyPolicy —
 * readable by any X.509 tool (`openssl x509 -text` prints it):
 *   "Affix identity verification record sha256:<64 hex> IAL2"
 */
import { OID } from '../asn1/oids';
export const OID_ANY_POLICY = OID.anyPolicy;
export const OID_QT_UNOTICE = OID.qtUnotice;
export const OID_CERTIFICATE_POLICIES = OID.certificatePolicies;
export const IDENTITY_BINDING_PREFIX = 'Affix identity verification record sha256:';
export const IDENTITY_BINDING_PATTERN = /^Affix identity verification record sha256:([0-9a-f]{64}) (IAL[12])$/;
/** id-kp-documentSigning (RFC 9336). */
export const OID_KP_DOCUMENT_SIGNING = OID.kpDocumentSigning;
/** organizationIdentifier (X.520), carrying "NTRCN-<unified social credit code>" as EN 319 412-1 prescribes. */
export const OID_ORGANIZATION_IDENTIFIER = OID.organizationIdentifier;
export const OID_CRL_NUMBER = OID.crlNumber;

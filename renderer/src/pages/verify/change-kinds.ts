/** Kinds of change after signing (shared/verify/report.ts MODIFICATION_KINDS) in words. */
import type { TFunction } from 'i18next';
import type { ModificationKind } from '../../../../shared/verify/report';

export function changeKindWords(t: TFunction): Record<ModificationKind, string> {
  return {
    'signature-in-existing-field': t('verify.changeKinds.signatureInExistingField'),
    'new-signature-field': t('verify.changeKinds.newSignatureField'),
    dss: t('verify.changeKinds.dss'),
    'document-timestamp': t('verify.changeKinds.documentTimestamp'),
    'form-filling': t('verify.changeKinds.formFilling'),
    annotation: t('verify.changeKinds.annotation'),
    metadata: t('verify.changeKinds.metadata'),
    'page-content': t('verify.changeKinds.pageContent'),
    resources: t('verify.changeKinds.resources'),
    fonts: t('verify.changeKinds.fonts'),
    'page-tree': t('verify.changeKinds.pageTree'),
    'rewrite-of-signed-object': t('verify.changeKinds.rewriteOfSignedObject'),
    'malformed-revision': t('verify.changeKinds.malformedRevision'),
    other: t('verify.changeKinds.other'),
  };
}

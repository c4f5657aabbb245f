/** The verifier's sub-indications (ETSI EN 319 102-1) in words, for banners and cards. */
import type { TFunction } from 'i18next';
import type { FailedSubIndication, IndeterminateSubIndication } from '../../../../shared/verify/report';

export function subIndicationWords(t: TFunction): Record<FailedSubIndication | IndeterminateSubIndication, string> {
  return {
    FORMAT_FAILURE: t('verify.sub.formatFailure'),
    HASH_FAILURE: t('verify.sub.hashFailure'),
    SIG_CRYPTO_FAILURE: t('verify.sub.sigCryptoFailure'),
    SIG_CONSTRAINTS_FAILURE: t('verify.sub.sigConstraintsFailure'),
    NOT_YET_VALID: t('verify.sub.notYetValid'),
    REVOKED: t('verify.sub.revoked'),
    NO_SIGNING_CERTIFICATE_FOUND: t('verify.sub.noSigningCertificate'),
    NO_CERTIFICATE_CHAIN_FOUND: t('verify.sub.noChain'),
    CERTIFICATE_CHAIN_GENERAL_FAILURE: t('verify.sub.chainFailure'),
    CHAIN_CONSTRAINTS_FAILURE: t('verify.sub.chainConstraints'),
    OUT_OF_BOUNDS_NO_POE: t('verify.sub.outOfBounds'),
    CRYPTO_CONSTRAINTS_FAILURE_NO_POE: t('verify.sub.cryptoConstraints'),
    SIGNED_DATA_NOT_FOUND: t('verify.sub.signedDataNotFound'),
  };
}

/** Seal kinds (GB/T 38540 practice) in words. */
import { useTranslation } from 'react-i18next';
import type { WorkspaceSigner } from '../../../../shared/contract/verification';

type SealType = NonNullable<WorkspaceSigner['seal']>['type'];

export function useSealTypeWords(): Record<SealType, string> {
  const { t } = useTranslation();
  return {
    official: t('identities.seals.types.official'),
    contract: t('identities.seals.types.contract'),
    finance: t('identities.seals.types.finance'),
    'legal-representative': t('identities.seals.types.legalRepresentative'),
    personnel: t('identities.seals.types.personnel'),
    invoice: t('identities.seals.types.invoice'),
    customs: t('identities.seals.types.customs'),
    other: t('identities.seals.types.other'),
  };
}

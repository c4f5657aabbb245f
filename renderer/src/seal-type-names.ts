/** Seal kinds (GB/T 38540 practice) in words: the Identities page's seal list and the Verify page's signature cards. */
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { SealTypeSchema } from '../../shared/contract/seals';

type SealType = z.infer<typeof SealTypeSchema>;

export function useSealTypeNames(): Record<SealType, string> {
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

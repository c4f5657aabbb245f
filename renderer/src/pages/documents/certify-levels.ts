import { useTranslation } from 'react-i18next';
import type { Certify } from './plan/draft';

/** The certification levels a first signature can take (0: an approval signature), named for people. */
export function useCertifyLevels() {
  const { t } = useTranslation();
  const names: Record<Certify, string> = {
    0: t('documents.sign.certifyNone'),
    1: t('documents.sign.certify1'),
    2: t('documents.sign.certify2'),
    3: t('documents.sign.certify3'),
  };
  return {
    options: ([0, 1, 2, 3] as const).map((value) => ({ value, label: names[value] })),
    name: (level: 1 | 2 | 3 | null): string => names[level ?? 0],
  };
}

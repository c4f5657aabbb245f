/**
 * Live check-digit feedback for identifiers, computed in the renderer with the
 * same shared validators the main process enforces, so what the form says as
 * you type is exactly what will be accepted or refused on submit.
 */
import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { CheckResult } from '../../../../shared/identity/check-result';
import type { MrzCheck } from '../../../../shared/identity/mrz';
import type { ResidentIdCheck } from '../../../../shared/identity/resident-id';
import type { UsccCheck } from '../../../../shared/identity/uscc';

/** What each failed check means to the person at the desk: which part to re-read. */
const explanations = (t: TFunction) => ({
  residentId: {
    format: t('identities.check.residentId.format'),
    region: t('identities.check.residentId.region'),
    'birth-date': t('identities.check.residentId.birthDate'),
    'check-digit': t('identities.check.residentId.checkDigit'),
  } satisfies Record<ResidentIdCheck, string>,
  mrz: {
    format: t('identities.check.mrz.format'),
    'document-number-check': t('identities.check.mrz.documentNumber'),
    'birth-date': t('identities.check.mrz.birthDate'),
    'birth-date-check': t('identities.check.mrz.birthDateCheck'),
    'expiry-date': t('identities.check.mrz.expiryDate'),
    'expiry-date-check': t('identities.check.mrz.expiryDateCheck'),
    'optional-data-check': t('identities.check.mrz.optionalData'),
    'composite-check': t('identities.check.mrz.composite'),
  } satisfies Record<MrzCheck, string>,
  uscc: {
    format: t('identities.check.uscc.format'),
    'registration-authority': t('identities.check.uscc.authority'),
    area: t('identities.check.uscc.area'),
    'organisation-code': t('identities.check.uscc.organisationCode'),
    'check-character': t('identities.check.uscc.checkCharacter'),
  } satisfies Record<UsccCheck, string>,
});

export type CheckCatalogue = keyof ReturnType<typeof explanations>;

export function LiveCheck({ result, catalogue, testId }: { result: CheckResult<unknown, string> | null; catalogue: CheckCatalogue; testId: string }) {
  const { t } = useTranslation();
  if (result === null) return null;
  if (result.ok) {
    return (
      <Typography.Text type="success" data-testid={testId} data-ok="true">
        <CheckCircleFilled /> {t('identities.check.passed')}
      </Typography.Text>
    );
  }
  const text = (explanations(t)[catalogue] as Record<string, string>)[result.check] ?? result.message;
  return (
    <Typography.Text type="danger" data-testid={testId} data-ok="false" data-check={result.check}>
      <CloseCircleFilled /> {text}
    </Typography.Text>
  );
}

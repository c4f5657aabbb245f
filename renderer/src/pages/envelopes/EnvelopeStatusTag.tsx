import { CheckCircleOutlined, ClockCircleOutlined, CloseCircleOutlined, StopOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { EnvelopeSummaryView } from '../../../../shared/contract/signing-envelopes';
import { StateTag } from '../../components/StateTag';

/** An envelope's state in words: whose turn it is, or why it stopped. */
export function EnvelopeStatusTag({ envelope }: { envelope: Pick<EnvelopeSummaryView, 'status' | 'next' | 'ourTurn'> }) {
  const { t } = useTranslation();
  if (envelope.status === 'declined')
    return (
      <StateTag tone="warning" icon={CloseCircleOutlined} data-testid="envelope-status">
        {t('envelopes.status.declined')}
      </StateTag>
    );
  if (envelope.status === 'voided')
    return (
      <StateTag tone="neutral" icon={StopOutlined} data-testid="envelope-status">
        {t('envelopes.status.voided')}
      </StateTag>
    );
  if (envelope.next === null)
    return (
      <StateTag tone="ok" icon={CheckCircleOutlined} data-testid="envelope-status">
        {t('envelopes.status.complete')}
      </StateTag>
    );
  return (
    <StateTag tone="info" icon={ClockCircleOutlined} data-testid="envelope-status">
      {envelope.ourTurn ? t('envelopes.status.ourTurn', { step: envelope.next }) : t('envelopes.status.theirTurn', { step: envelope.next })}
    </StateTag>
  );
}

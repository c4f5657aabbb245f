import { CheckCircleOutlined, ClockCircleOutlined, MinusCircleOutlined } from '@ant-design/icons';
import { Flex } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DocumentSummary } from '../../../../shared/contract/documents';
import { StateTag } from '../../components/StateTag';

/** A document's state at a glance: signatures, signing-order progress, and whether a signed checkpoint covers it. */
export function DocumentTags({ doc }: { doc: DocumentSummary }) {
  const { t } = useTranslation();
  const anchored = {
    checkpointed: { tone: 'ok' as const, icon: CheckCircleOutlined, text: t('documents.state.checkpointed') },
    logged: { tone: 'warning' as const, icon: ClockCircleOutlined, text: t('documents.state.logged') },
    none: { tone: 'neutral' as const, icon: MinusCircleOutlined, text: t('documents.state.notAnchored') },
  }[doc.anchored];
  return (
    <Flex gap={4} wrap data-testid={`document-state-${doc.id}`}>
      <StateTag tone="neutral" data-testid="state-signatures">
        {t('documents.state.signatures', { n: doc.signatures })}
      </StateTag>
      {doc.plan && (
        <StateTag tone={doc.plan.nextLabel ? 'info' : 'ok'} data-testid="state-plan">
          {doc.plan.nextLabel
            ? t('documents.state.planNext', { signed: doc.plan.signed, total: doc.plan.total, next: doc.plan.nextLabel })
            : t('documents.state.planDone', { signed: doc.plan.signed, total: doc.plan.total })}
        </StateTag>
      )}
      <StateTag tone={anchored.tone} icon={anchored.icon} data-testid="state-anchored" data-anchored={doc.anchored}>
        {anchored.text}
      </StateTag>
    </Flex>
  );
}

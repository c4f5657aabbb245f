/**
 * A document's history as the ledger records it: import, each signature and
 * seal use, exports — each with its time, its ledger entry and whether a
 * signed checkpoint covers it yet.
 */
import { CheckCircleOutlined, ClockCircleOutlined } from '@ant-design/icons';
import { Empty, Flex, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TimelineEvent } from '../../../../shared/contract/documents';
import { formatDateTime } from '../../format';
import { useLanguage } from '../../language';
import { StateTag } from '../../components/StateTag';

/** Refs worth showing, in this order; others (ids people do not read) stay in the ledger view. */
const SHOWN_REFS = ['planStep', 'field', 'revision', 'reason', 'sealId'] as const;

/** `stepLabels` names the signing order's steps ("1" → "甲方"), so a signature says whose it is. */
export function DocumentTimeline({ events, stepLabels }: { events: TimelineEvent[]; stepLabels: Record<string, string> }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const types: Record<string, string> = {
    'document.anchored': t('documents.timeline.types.imported'),
    'document.versioned': t('documents.timeline.types.versioned'),
    'signature.added': t('documents.timeline.types.signed'),
    'seal.used': t('documents.timeline.types.sealUsed'),
    'seal.refused': t('documents.timeline.types.sealRefused'),
    'access.viewed': t('documents.timeline.types.viewed'),
    'access.exported': t('documents.timeline.types.exported'),
    'envelope.exported': t('documents.timeline.types.envelopeExported'),
    'envelope.imported': t('documents.timeline.types.envelopeImported'),
    'envelope.declined': t('documents.timeline.types.envelopeDeclined'),
    'envelope.voided': t('documents.timeline.types.envelopeVoided'),
    'foreign.checkpoint': t('documents.timeline.types.foreignCheckpoint'),
  };
  const refNames: Record<(typeof SHOWN_REFS)[number], string> = {
    planStep: t('documents.timeline.refs.step'),
    field: t('documents.timeline.refs.field'),
    revision: t('documents.timeline.refs.revision'),
    reason: t('documents.timeline.refs.reason'),
    sealId: t('documents.timeline.refs.sealId'),
  };
  // Why a version was recorded, as the services name it (documents.addVersion's reason).
  const reasons: Record<string, string> = {
    signed: t('documents.timeline.reasons.signed'),
    envelope: t('documents.timeline.reasons.envelope'),
    ltv: t('documents.timeline.reasons.ltv'),
  };
  if (events.length === 0) return <Empty description={t('documents.timeline.empty')} />;
  return (
    <Timeline
      data-testid="document-timeline"
      items={events.map((e) => ({
        key: e.ledgerIndex,
        color: e.type === 'seal.refused' ? 'red' : e.type === 'signature.added' ? 'green' : 'blue',
        content: (
          <div data-testid={`timeline-event-${e.ledgerIndex}`} data-type={e.type} data-checkpointed={e.checkpointed}>
            <Flex gap={6} wrap align="center">
              <Typography.Text strong>{types[e.type] ?? e.type}</Typography.Text>
              <StateTag tone={e.checkpointed ? 'ok' : 'neutral'} icon={e.checkpointed ? CheckCircleOutlined : ClockCircleOutlined}>
                {e.checkpointed ? t('documents.timeline.checkpointed') : t('documents.timeline.notCheckpointed')}
              </StateTag>
            </Flex>
            <Typography.Text type="secondary" style={{ display: 'block' }}>
              <time dateTime={e.time}>{formatDateTime(e.time, language)}</time> · {t('documents.timeline.entry', { index: e.ledgerIndex })}
            </Typography.Text>
            {/* Another organisation's evidence, checked when its envelope arrived: whose ledger, and up to which size. */}
            {e.type === 'foreign.checkpoint' && (
              <Typography.Text type="secondary" style={{ display: 'block' }} data-testid="timeline-foreign">
                {t('documents.timeline.foreign', { uscc: e.refs.uscc ?? '', origin: e.refs.origin ?? '', size: e.refs.size ?? '' })}
              </Typography.Text>
            )}
            {SHOWN_REFS.filter((k) => e.refs[k]).map((k) => (
              <Typography.Text key={k} type="secondary" style={{ display: 'block' }}>
                {refNames[k]}:{' '}
                <span className={k === 'sealId' ? 'affix-mono' : undefined}>{k === 'reason' ? (reasons[e.refs[k]] ?? e.refs[k]) : e.refs[k]}</span>
                {k === 'planStep' && stepLabels[e.refs[k]] ? ` (${stepLabels[e.refs[k]]})` : ''}
              </Typography.Text>
            ))}
            {e.sha256 && (
              <Typography.Text type="secondary" className="affix-mono" style={{ display: 'block' }}>
                SHA-256 {e.sha256.slice(0, 16)}…
              </Typography.Text>
            )}
          </div>
        ),
      }))}
    />
  );
}

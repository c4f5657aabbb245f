import { Card, Descriptions, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { affix } from '../api';
import { ComingInThisBuild } from '../components/ComingInThisBuild';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { formatNumber } from '../format';
import { useLanguage } from '../language';
import { useCall } from '../use-call';

/** Until the ledger has its own contract methods, its summary comes from workspace.status. */
export default function LedgerPage() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const status = useCall(() => affix().workspace.status({}));
  const ledger = status.status === 'ok' ? status.value.ledger : null;
  return (
    <>
      <PageHeader title={t('ledger.title')} subtitle={t('ledger.subtitle')} />
      {status.status === 'loading' && <Skeleton active />}
      {status.status === 'error' && <ErrorAlert error={status.error} />}
      {status.status === 'ok' && ledger && (
        <Card title={t('ledger.summary')} style={{ marginBottom: 16 }} data-testid="ledger-summary">
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t('status.ledger.entries')}>{formatNumber(ledger.size, language)}</Descriptions.Item>
            <Descriptions.Item label={t('status.ledger.checkpoint')}>
              {ledger.checkpointSize === null
                ? t('status.ledger.noCheckpoint')
                : t('status.ledger.checkpointCovers', { size: formatNumber(ledger.checkpointSize, language) })}
            </Descriptions.Item>
            <Descriptions.Item label={t('status.ledger.origin')}>
              <Typography.Text className="affix-mono">{ledger.origin}</Typography.Text>
            </Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      {status.status === 'ok' && (
        <ComingInThisBuild
          what={t('ledger.coming')}
          items={[t('ledger.items.entries'), t('ledger.items.checkpoints'), t('ledger.items.key'), t('ledger.items.verifyAll')]}
        />
      )}
    </>
  );
}

/**
 * This ledger node: size, latest checkpoint, root, origin and key, and
 * "sign a checkpoint now" — which says what it did (a new checkpoint and its
 * tree size, or that the latest already covers every entry) or why it could not.
 */
import { ClockCircleOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LedgerStatus } from '../../../../shared/contract/ledger';
import { type AffixCallError, affix, asCallError, unwrap } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { StateTag } from '../../components/StateTag';
import { formatDateTime, formatNumber } from '../../format';
import { useLanguage } from '../../language';
import { Mono } from './Mono';

type Signed = { status: 'idle' } | { status: 'signing' } | { status: 'done'; size: number; created: boolean } | { status: 'error'; error: AffixCallError };

export function NodeSummary({ s, onChanged }: { s: LedgerStatus; onChanged: () => void }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const [signed, setSigned] = useState<Signed>({ status: 'idle' });
  const signNow = async () => {
    setSigned({ status: 'signing' });
    try {
      const cp = await unwrap(affix().ledger.checkpoint({}));
      setSigned({ status: 'done', size: cp.size, created: cp.created });
      onChanged();
    } catch (e) {
      setSigned({ status: 'error', error: asCallError(e) });
    }
  };
  const behind = s.checkpointSize === null ? s.size : s.size - s.checkpointSize;
  return (
    <Card
      title={t('ledger.node.title')}
      data-testid="ledger-summary"
      extra={
        <Button icon={<SafetyCertificateOutlined />} loading={signed.status === 'signing'} onClick={() => void signNow()} data-testid="ledger-checkpoint-now">
          {t('ledger.node.checkpointNow')}
        </Button>
      }
    >
      <div aria-live="polite">
        {signed.status === 'done' && (
          <Alert
            type="success"
            showIcon
            closable={{ 'aria-label': t('ledger.node.dismiss') }}
            onClose={() => setSigned({ status: 'idle' })}
            data-testid="ledger-checkpoint-result"
            data-size={signed.size}
            data-created={String(signed.created)}
            title={
              signed.created
                ? t('ledger.node.checkpointSigned', { size: formatNumber(signed.size, language) })
                : t('ledger.node.checkpointCurrent', { size: formatNumber(signed.size, language) })
            }
            style={{ marginBottom: 12 }}
          />
        )}
      </div>
      {signed.status === 'error' && <ErrorAlert error={signed.error} title={t('ledger.node.checkpointError')} style={{ marginBottom: 12 }} />}
      {s.checkpointError && (
        <Alert type="warning" showIcon title={t('ledger.node.checkpointFailed')} description={s.checkpointError} style={{ marginBottom: 12 }} />
      )}
      <Descriptions column={1} size="small" bordered>
        <Descriptions.Item label={t('ledger.node.entries')}>
          <span data-testid="ledger-size" data-value={s.size}>
            {formatNumber(s.size, language)}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('ledger.node.checkpoint')}>
          {s.checkpointSize === null ? (
            t('ledger.node.noCheckpoint')
          ) : (
            <Space wrap>
              <span data-testid="ledger-checkpoint-size" data-value={s.checkpointSize}>
                {t('ledger.node.checkpointCovers', { size: formatNumber(s.checkpointSize, language) })}
              </span>
              {s.checkpointAt && <Typography.Text type="secondary">{formatDateTime(s.checkpointAt, language)}</Typography.Text>}
              {behind > 0 && (
                <StateTag tone="warning" icon={ClockCircleOutlined}>
                  {t('ledger.node.pending', { count: behind })}
                </StateTag>
              )}
            </Space>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('ledger.node.root')}>
          <Mono copy>{s.rootHash}</Mono>
        </Descriptions.Item>
        <Descriptions.Item label={t('ledger.node.origin')}>
          <Mono copy testId="ledger-origin">
            {s.origin}
          </Mono>
        </Descriptions.Item>
        <Descriptions.Item label={t('ledger.node.key')}>
          <Mono copy testId="ledger-verifier-key">
            {s.verifierKey}
          </Mono>
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

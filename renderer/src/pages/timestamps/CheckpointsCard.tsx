/**
 * Trusted time for the ledger: a token from the configured TSA over a
 * signed checkpoint proves that every entry it includes existed by then —
 * the entries' proven time, where their own times are only this computer's
 * claim. Stamping needs a TSA URL (Settings); the list shows each one.
 */
import { ClockCircleOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Flex, Skeleton, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CheckpointTimestampView } from '../../../../shared/contract/timestamps';
import { affix, unwrap } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { NoTsaAlert } from '../../components/NoTsaAlert';
import { formatDateTime } from '../../format';
import { useLanguage } from '../../language';
import { useAction } from '../../use-action';
import { useCall } from '../../use-call';

export function CheckpointsCard() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const list = useCall(() => affix().timestamps.checkpointTimestamps({}));
  const tsa = useCall(() => affix().timestamps.tsaUrl({}));
  const [result, setResult] = useState<{ size: number; genTime: string; created: boolean } | null>(null);
  const stamp = useAction(
    () => unwrap(affix().timestamps.timestampCheckpoint({})),
    (r) => {
      setResult(r);
      list.reload();
    },
  );
  const noTsa = tsa.status === 'ok' && !tsa.value.url;
  return (
    <Card title={t('timestamps.checkpoints.title')} data-testid="tsa-checkpoints">
      <Flex vertical gap={12}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('timestamps.checkpoints.help')}
        </Typography.Paragraph>
        {noTsa && (
          <NoTsaAlert title={t('timestamps.checkpoints.noTsa')} openSettings={t('timestamps.checkpoints.openSettings')} testId="tsa-checkpoints-no-tsa" />
        )}
        <div>
          <Button
            type="primary"
            icon={<ClockCircleOutlined />}
            loading={stamp.running}
            disabled={tsa.status !== 'ok' || noTsa}
            onClick={() => stamp.submit(undefined)}
            data-testid="tsa-checkpoint-now"
          >
            {t('timestamps.checkpoints.now')}
          </Button>
        </div>
        {result && (
          <Alert
            type="success"
            showIcon
            data-testid="tsa-checkpoint-done"
            title={
              result.created
                ? t('timestamps.checkpoints.done', { size: result.size, time: formatDateTime(result.genTime, language) })
                : t('timestamps.checkpoints.already', { size: result.size, time: formatDateTime(result.genTime, language) })
            }
          />
        )}
        {stamp.error && <ErrorAlert error={stamp.error} title={t('timestamps.checkpoints.failed')} />}
        {tsa.status === 'error' && <ErrorAlert error={tsa.error} />}
        {list.status === 'loading' && <Skeleton active paragraph={{ rows: 2 }} />}
        {list.status === 'error' && <ErrorAlert error={list.error} />}
        {list.status === 'ok' && list.value.length === 0 && (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={<span data-testid="tsa-checkpoints-empty">{t('timestamps.checkpoints.empty')}</span>} />
        )}
        {list.status === 'ok' && list.value.length > 0 && (
          <Table<CheckpointTimestampView>
            rowKey="size"
            size="small"
            pagination={false}
            dataSource={[...list.value].reverse()}
            data-testid="tsa-checkpoint-list"
            columns={[
              { title: t('timestamps.checkpoints.size'), dataIndex: 'size', align: 'right' },
              { title: t('timestamps.checkpoints.time'), dataIndex: 'genTime', render: (v: string) => formatDateTime(v, language) },
              {
                title: t('timestamps.checkpoints.tsa'),
                dataIndex: 'tsaUrl',
                render: (v: string) => <Typography.Text className="affix-mono">{v}</Typography.Text>,
              },
              {
                title: t('timestamps.checkpoints.token'),
                dataIndex: 'tokenBytes',
                align: 'right',
                render: (n: number) => t('timestamps.checkpoints.tokenBytes', { bytes: n }),
              },
            ]}
          />
        )}
      </Flex>
    </Card>
  );
}

/**
 * Long-term validation of one document (PAdES B-LT then B-LTA): a DSS with
 * every certificate and the workspace's newest CRLs, and a document
 * timestamp from the TSA set in Settings, added as the next version. A
 * clerk years from now can then check the signatures without asking anyone
 * for a certificate or a revocation list, and the timestamp proves when the
 * whole file existed. Without a TSA the dialog says where to set one.
 */
import { ClockCircleOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Flex, Modal, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentSummary } from '../../../../shared/contract/documents';
import type { DocumentLtvResult } from '../../../../shared/contract/timestamps';
import { affix, unwrap } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { NoTsaAlert } from '../../components/NoTsaAlert';
import { useAction } from '../../use-action';
import { useCall } from '../../use-call';

export function LtvDialog({ doc, onClose, onDone }: { doc: DocumentSummary; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const tsa = useCall(() => affix().timestamps.tsaUrl({}));
  const [result, setResult] = useState<DocumentLtvResult | null>(null);
  const run = useAction(
    () => unwrap(affix().timestamps.addLtv({ documentId: doc.id })),
    (r) => {
      setResult(r);
      onDone();
    },
  );
  const noTsa = tsa.status === 'ok' && !tsa.value.url;
  return (
    <Modal
      open
      title={t('documents.ltv.title', { name: doc.name })}
      onCancel={onClose}
      destroyOnHidden
      footer={
        result ? (
          <Button type="primary" onClick={onClose} data-testid="ltv-close">
            {t('documents.ltv.close')}
          </Button>
        ) : (
          <Flex gap={8} justify="flex-end">
            <Button onClick={onClose}>{t('documents.sign.cancel')}</Button>
            <Button
              type="primary"
              icon={<ClockCircleOutlined />}
              loading={run.running}
              disabled={tsa.status !== 'ok' || noTsa}
              onClick={() => run.submit(undefined)}
              data-testid="ltv-submit"
            >
              {run.running ? t('documents.ltv.running') : t('documents.ltv.submit')}
            </Button>
          </Flex>
        )
      }
    >
      <Flex vertical gap={12} data-testid="ltv-dialog">
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('documents.ltv.help')}
        </Typography.Paragraph>
        {tsa.status === 'loading' && <Skeleton active paragraph={{ rows: 1 }} />}
        {tsa.status === 'error' && <ErrorAlert error={tsa.error} />}
        {tsa.status === 'ok' && tsa.value.url && !result && (
          <Typography.Text data-testid="ltv-tsa">
            {t('documents.ltv.tsa')} <Typography.Text className="affix-mono">{tsa.value.url}</Typography.Text>
          </Typography.Text>
        )}
        {noTsa && <NoTsaAlert title={t('documents.ltv.noTsa')} openSettings={t('documents.ltv.openSettings')} testId="ltv-no-tsa" onLeave={onClose} />}
        {run.error && <ErrorAlert error={run.error} title={t('documents.ltv.failed')} />}
        {result && (
          <>
            <Alert type="success" showIcon data-testid="ltv-done" title={t('documents.ltv.done', { versions: result.versions })} />
            <Descriptions size="small" column={1} bordered>
              <Descriptions.Item label={t('documents.ltv.dss')}>
                {t('documents.ltv.dssCounts', { certs: result.dss.certs, crls: result.dss.crls })}
              </Descriptions.Item>
              <Descriptions.Item label={t('documents.ltv.timestamps')}>
                <span data-testid="ltv-timestamps">{result.documentTimestamps}</span>
              </Descriptions.Item>
              <Descriptions.Item label={t('documents.ltv.field')}>{result.field}</Descriptions.Item>
              <Descriptions.Item label={t('documents.ltv.tsaUsed')}>
                <Typography.Text className="affix-mono">{result.tsaUrl}</Typography.Text>
              </Descriptions.Item>
            </Descriptions>
          </>
        )}
      </Flex>
    </Modal>
  );
}

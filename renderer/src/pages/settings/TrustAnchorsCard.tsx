/**
 * The certificates verification trusts: each organisation's root CA (always)
 * and CA certificates the user imports. The window reads a dropped or chosen
 * file itself; the main process decides whether it is a CA certificate.
 */
import { CheckCircleFilled, DeleteOutlined, ExclamationCircleFilled } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Popconfirm, Skeleton, Table, Tag, Typography } from 'antd';
import { type HTMLAttributes, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TrustAnchor } from '../../../../shared/contract/settings';
import { type AffixCallError, affix, unwrap } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FileDrop } from '../../components/FileDrop';
import { formatDate } from './format-date';
import { useLanguage } from '../../language';
import { useAction } from '../../use-action';
import { useCall } from '../../use-call';
import { Fingerprint } from './Fingerprint';
import { StateTag } from '../../components/StateTag';

/** Certificates are small; a bigger file is not one. */
const MAX_CERTIFICATE_BYTES = 512 * 1024;

export function TrustAnchorsCard() {
  const { t } = useTranslation();
  const anchors = useCall(() => affix().trust.list({}));
  const [imported, setImported] = useState<TrustAnchor | null>(null);
  const [readError, setReadError] = useState<AffixCallError | null>(null);
  const importBytes = useAction(
    (file: { name: string; base64: string }) => unwrap(affix().trust.importBytes(file)),
    (anchor) => {
      setImported(anchor);
      anchors.reload();
    },
  );
  const error = readError ?? importBytes.error;
  return (
    <Card title={t('settings.trust.title')} data-testid="settings-trust">
      <Typography.Paragraph type="secondary">{t('settings.trust.help')}</Typography.Paragraph>
      <FileDrop
        testId="settings-trust-drop"
        label={t('settings.trust.drop')}
        hint={t('settings.trust.dropHint')}
        accept=".pem,.crt,.cer,.der"
        maxBytes={MAX_CERTIFICATE_BYTES}
        onFile={(file) => {
          setReadError(null);
          setImported(null);
          return importBytes.perform({ name: file.name, base64: file.base64 });
        }}
        onError={setReadError}
      />
      {error && <ErrorAlert error={error} title={t('settings.trust.importFailed')} style={{ marginTop: 12 }} />}
      {imported && !error && (
        <Alert
          type="success"
          showIcon
          style={{ marginTop: 12 }}
          data-testid="settings-trust-imported"
          title={t('settings.trust.imported', { subject: imported.subject })}
        />
      )}
      <div style={{ marginTop: 16 }}>
        {anchors.status === 'loading' && <Skeleton active paragraph={{ rows: 2 }} />}
        {anchors.status === 'error' && <ErrorAlert error={anchors.error} />}
        {anchors.status === 'ok' && <AnchorTable anchors={anchors.value} onRemoved={anchors.reload} />}
      </div>
    </Card>
  );
}

function AnchorTable({ anchors, onRemoved }: { anchors: TrustAnchor[]; onRemoved: () => void }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const remove = useAction((sha256: string) => unwrap(affix().trust.remove({ sha256 })), onRemoved);
  const validity: Record<TrustAnchor['validity'], string> = {
    valid: t('settings.trust.valid'),
    expired: t('settings.trust.expired'),
    'not-yet-valid': t('settings.trust.notYetValid'),
  };
  return (
    <>
      {anchors.some((a) => a.validity !== 'valid') && (
        <Alert type="warning" showIcon title={t('settings.trust.expiredWarning')} style={{ marginBottom: 12 }} data-testid="settings-trust-expired-warning" />
      )}
      {remove.error && <ErrorAlert error={remove.error} title={t('settings.trust.removeFailed')} style={{ marginBottom: 12 }} />}
      <Table<TrustAnchor>
        data-testid="settings-trust-table"
        rowKey="sha256"
        size="middle"
        pagination={false}
        dataSource={anchors}
        locale={{ emptyText: t('settings.trust.empty') }}
        onRow={(a) => ({ 'data-sha256': a.sha256, 'data-source': a.source }) as HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('settings.trust.subject'),
            dataIndex: 'subject',
            render: (v: string) => <Typography.Text style={{ wordBreak: 'break-word' }}>{v}</Typography.Text>,
          },
          {
            title: t('settings.trust.source'),
            key: 'source',
            render: (_: unknown, a) =>
              a.source === 'organisation' ? (
                <Tag>{t('settings.trust.sourceOrg', { name: a.org?.legalName ?? '' })}</Tag>
              ) : (
                <Tag>{t('settings.trust.sourceImported')}</Tag>
              ),
          },
          {
            title: t('settings.trust.validity'),
            key: 'validity',
            render: (_: unknown, a) => (
              <Flex vertical gap={2}>
                <span>
                  <StateTag
                    quiet
                    tone={a.validity === 'valid' ? 'ok' : 'warning'}
                    icon={a.validity === 'valid' ? CheckCircleFilled : ExclamationCircleFilled}
                    data-testid="settings-trust-validity"
                    data-value={a.validity}
                  >
                    {validity[a.validity]}
                  </StateTag>
                </span>
                <Typography.Text type="secondary">
                  {t('settings.trust.range', { from: formatDate(a.notBefore, language), to: formatDate(a.notAfter, language) })}
                </Typography.Text>
              </Flex>
            ),
          },
          { title: t('settings.fingerprint'), dataIndex: 'sha256', render: (v: string) => <Fingerprint value={v} /> },
          {
            title: t('settings.trust.actions'),
            key: 'actions',
            render: (_: unknown, a) =>
              a.source === 'imported' ? (
                <Popconfirm
                  title={t('settings.trust.removeConfirm')}
                  okText={t('settings.trust.remove')}
                  cancelText={t('settings.cancel')}
                  onConfirm={() => void remove.submit(a.sha256)}
                >
                  <Button size="small" icon={<DeleteOutlined />} data-testid="settings-trust-remove">
                    {t('settings.trust.remove')}
                  </Button>
                </Popconfirm>
              ) : (
                <Typography.Text type="secondary">{t('settings.trust.alwaysTrusted')}</Typography.Text>
              ),
          },
        ]}
      />
    </>
  );
}

/**
 * The TSAs this workspace runs: name, organisation, certificate validity,
 * policy and tokens issued; creating one; stamping a query file; and the
 * command that serves one over HTTP (the window itself runs no server).
 */
import { FieldTimeOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Skeleton, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TimeStampingAuthority } from '../../../../shared/contract/timestamps';
import { affix } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatDateTime } from '../../format';
import { useLanguage } from '../../language';
import { useCall } from '../../use-call';
import { CreateTsaDialog } from './CreateTsaDialog';
import { StampDialog } from './StampDialog';

export const serveCommand = (tsa: TimeStampingAuthority) => `affix tsa serve --tsa-id ${tsa.id} --listen 127.0.0.1:3161`;

export function AuthoritiesCard() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const list = useCall(() => affix().timestamps.authorities({}));
  const orgs = useCall(() => affix().orgs.list({}));
  const [creating, setCreating] = useState(false);
  const [stamping, setStamping] = useState<TimeStampingAuthority | null>(null);
  const noOrg = orgs.status === 'ok' && orgs.value.length === 0;
  return (
    <Card
      title={t('timestamps.authorities.title')}
      data-testid="tsa-authorities"
      extra={
        <Button icon={<PlusOutlined />} disabled={orgs.status !== 'ok' || noOrg} onClick={() => setCreating(true)} data-testid="tsa-create">
          {t('timestamps.authorities.create')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{t('timestamps.authorities.help')}</Typography.Paragraph>
      {list.status === 'loading' && <Skeleton active paragraph={{ rows: 2 }} />}
      {list.status === 'error' && <ErrorAlert error={list.error} />}
      {orgs.status === 'error' && <ErrorAlert error={orgs.error} />}
      {list.status === 'ok' && list.value.length === 0 && (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={<span data-testid="tsa-empty">{noOrg ? t('timestamps.authorities.noOrg') : t('timestamps.authorities.empty')}</span>}
        />
      )}
      {list.status === 'ok' && list.value.length > 0 && (
        <Flex vertical gap={16}>
          <Table<TimeStampingAuthority>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={list.value}
            data-testid="tsa-list"
            columns={[
              { title: t('timestamps.authorities.name'), dataIndex: 'name', render: (name: string) => <Typography.Text strong>{name}</Typography.Text> },
              { title: t('timestamps.authorities.organisation'), dataIndex: 'orgName' },
              {
                title: t('timestamps.authorities.validity'),
                key: 'validity',
                render: (_, r) => (
                  <span>
                    {t('timestamps.authorities.validityRange', { from: formatDateTime(r.notBefore, language), to: formatDateTime(r.notAfter, language) })}{' '}
                    {r.expired && <Tag color="red">{t('timestamps.authorities.expired')}</Tag>}
                  </span>
                ),
              },
              {
                title: t('timestamps.authorities.policy'),
                dataIndex: 'policy',
                render: (p: string) => <Typography.Text className="affix-mono">{p}</Typography.Text>,
              },
              {
                title: t('timestamps.authorities.tokens'),
                dataIndex: 'tokensIssued',
                align: 'right',
                render: (n: number, r) => <span data-testid={`tsa-tokens-${r.name}`}>{n}</span>,
              },
              {
                title: t('timestamps.authorities.actions'),
                key: 'actions',
                render: (_, r) => (
                  <Button size="small" icon={<FieldTimeOutlined />} onClick={() => setStamping(r)} data-testid={`tsa-stamp-${r.name}`}>
                    {t('timestamps.authorities.stamp')}
                  </Button>
                ),
              },
            ]}
          />
          <div data-testid="tsa-serve">
            <Typography.Title level={5}>{t('timestamps.authorities.serveTitle')}</Typography.Title>
            <Typography.Paragraph type="secondary">{t('timestamps.authorities.serveHelp')}</Typography.Paragraph>
            {list.value.map((tsa) => (
              <Typography.Paragraph key={tsa.id} style={{ marginBottom: 4 }}>
                <Typography.Text type="secondary">{tsa.name}: </Typography.Text>
                <Typography.Text code copyable={{ text: serveCommand(tsa) }}>
                  {serveCommand(tsa)}
                </Typography.Text>
              </Typography.Paragraph>
            ))}
          </div>
        </Flex>
      )}
      {creating && orgs.status === 'ok' && (
        <CreateTsaDialog
          orgs={orgs.value}
          onClose={() => setCreating(false)}
          onCreated={() => {
            setCreating(false);
            list.reload();
          }}
        />
      )}
      {stamping && (
        <StampDialog
          tsa={stamping}
          onClose={() => setStamping(null)}
          onStamped={() => {
            setStamping(null);
            list.reload();
          }}
        />
      )}
    </Card>
  );
}

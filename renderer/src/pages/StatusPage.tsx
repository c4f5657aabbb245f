import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Descriptions, Flex, Row, Skeleton, Space, Statistic, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { WorkspaceStatus } from '../../../shared/contract/workspace';
import { affix } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { formatBytes, formatDateTime, formatNumber } from '../format';
import { useLanguage } from '../language';
import { useCall } from '../use-call';
import { NextStep } from './status/NextStep';

const Mono = ({ testId, children }: { testId: string; children: string }) => (
  <Typography.Text className="affix-mono" copyable={{ text: children }}>
    <span data-testid={testId}>{children}</span>
  </Typography.Text>
);

export default function StatusPage() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  // Refetch after a language switch: the page shows the language stored in the workspace.
  const status = useCall(() => affix().workspace.status({}), [language]);
  return (
    <>
      <PageHeader
        title={t('status.title')}
        subtitle={t('status.subtitle')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={status.reload} data-testid="status-refresh">
            {t('common.refresh')}
          </Button>
        }
      />
      {status.status === 'loading' && <Skeleton active paragraph={{ rows: 8 }} />}
      {status.status === 'error' && <ErrorAlert error={status.error} />}
      {status.status === 'ok' && <StatusView s={status.value} />}
    </>
  );
}

function StatusView({ s }: { s: WorkspaceStatus }) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const secretKinds: Record<WorkspaceStatus['secrets']['kind'], string> = {
    safeStorage: t('status.secrets.safeStorage'),
    'passphrase-only': t('status.secrets.passphraseOnly'),
  };
  const languageNames: Record<WorkspaceStatus['language'], string> = { 'zh-CN': '中文（简体）', en: 'English' };
  const schema = Object.entries(s.schema).sort(([a], [b]) => a.localeCompare(b));

  return (
    <Flex vertical gap={16} data-testid="status-view">
      <NextStep s={s} />
      {s.secrets.warning && (
        <Alert
          type="warning"
          showIcon
          data-testid="status-secrets-warning"
          title={t('status.secrets.warningTitle')}
          description={
            <>
              <div>{s.secrets.warning}</div>
              <div>{t('status.secrets.warningAdvice')}</div>
            </>
          }
        />
      )}

      <Row gutter={[16, 16]}>
        <Col xs={12} lg={6}>
          <Card>
            <Statistic
              title={t('status.documents')}
              value={s.documents}
              formatter={() => (
                <span data-testid="status-documents" data-value={s.documents}>
                  {formatNumber(s.documents, language)}
                </span>
              )}
            />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card>
            <Statistic
              title={t('status.blobs')}
              value={s.blobs.count}
              formatter={() => (
                <span data-testid="status-blobs" data-value={s.blobs.count}>
                  {formatNumber(s.blobs.count, language)}
                </span>
              )}
              suffix={
                <Typography.Text type="secondary" style={{ fontSize: 14, marginInlineStart: 4 }} data-testid="status-blob-bytes" data-value={s.blobs.bytes}>
                  {formatBytes(s.blobs.bytes, language)}
                </Typography.Text>
              }
            />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card>
            <Statistic
              title={t('status.ledger.entries')}
              value={s.ledger?.size ?? '—'}
              formatter={() => <span data-testid="status-ledger-size">{s.ledger ? formatNumber(s.ledger.size, language) : '—'}</span>}
            />
          </Card>
        </Col>
        <Col xs={12} lg={6}>
          <Card>
            <Statistic title={t('status.schemaModules')} value={formatNumber(schema.length, language)} />
          </Card>
        </Col>
      </Row>

      <Card title={t('status.workspace')}>
        <Descriptions column={1} bordered size="small" styles={{ label: { width: 200 } }}>
          <Descriptions.Item label={t('status.home')}>
            <Mono testId="status-home">{s.home}</Mono>
          </Descriptions.Item>
          <Descriptions.Item label={t('status.databasePath')}>
            <Mono testId="status-db-path">{s.databasePath}</Mono>
          </Descriptions.Item>
          <Descriptions.Item label={t('status.workspaceId')}>
            <Mono testId="status-workspace-id">{s.workspaceId}</Mono>
          </Descriptions.Item>
          <Descriptions.Item label={t('status.createdAt')}>
            <Tooltip title={s.createdAt}>
              <span data-testid="status-created-at" data-iso={s.createdAt}>
                {formatDateTime(s.createdAt, language)}
              </span>
            </Tooltip>
          </Descriptions.Item>
          <Descriptions.Item label={t('status.schema')}>
            <Space size={[4, 4]} wrap data-testid="status-schema">
              {schema.map(([module, version]) => (
                <Tag key={module} data-module={module} data-version={version}>
                  {t('status.schemaVersion', { module, version })}
                </Tag>
              ))}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('status.language')}>{languageNames[s.language]}</Descriptions.Item>
          <Descriptions.Item label={t('status.appVersion')}>
            <span data-testid="status-app-version">{s.appVersion}</span>
          </Descriptions.Item>
        </Descriptions>
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card title={t('status.ledger.title')} style={{ height: '100%' }}>
            {s.ledger ? (
              <Descriptions column={1} size="small" data-testid="status-ledger">
                <Descriptions.Item label={t('status.ledger.entries')}>{formatNumber(s.ledger.size, language)}</Descriptions.Item>
                <Descriptions.Item label={t('status.ledger.checkpoint')}>
                  {s.ledger.checkpointSize === null
                    ? t('status.ledger.noCheckpoint')
                    : t('status.ledger.checkpointCovers', { size: formatNumber(s.ledger.checkpointSize, language) })}
                </Descriptions.Item>
                <Descriptions.Item label={t('status.ledger.origin')}>
                  <span className="affix-mono">{s.ledger.origin}</span>
                </Descriptions.Item>
              </Descriptions>
            ) : (
              <Typography.Text type="secondary" data-testid="status-ledger-none">
                {t('status.ledger.none')}
              </Typography.Text>
            )}
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('status.secrets.title')} style={{ height: '100%' }}>
            <Descriptions column={1} size="small">
              <Descriptions.Item label={t('status.secrets.kind')}>
                <span data-testid="status-secrets-kind" data-kind={s.secrets.kind}>
                  {secretKinds[s.secrets.kind]}
                </span>
              </Descriptions.Item>
              <Descriptions.Item label={t('status.secrets.backend')}>{s.secrets.backend ?? t('status.secrets.noBackend')}</Descriptions.Item>
            </Descriptions>
          </Card>
        </Col>
      </Row>
    </Flex>
  );
}

import { ExportOutlined, FolderOpenOutlined, ReloadOutlined, SignatureOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Space, Table, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentSummary } from '../../../shared/contract/documents';
import { affix } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { formatBytes, formatDateTime } from '../format';
import { useLanguage } from '../language';
import { useCall } from '../use-call';
import { DocumentTags } from './documents/DocumentTags';
import { DocumentView } from './documents/DocumentView';
import { ExportDialog } from './documents/ExportDialog';
import { ImportCard } from './documents/ImportCard';
import { SignDialog } from './documents/SignDialog';

export default function DocumentsPage() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const documents = useCall(() => affix().documents.list({}));
  const [dialog, setDialog] = useState<{ kind: 'sign' | 'export'; doc: DocumentSummary } | null>(null);
  const [opened, setOpened] = useState<string | null>(null);

  const columns: ColumnsType<DocumentSummary> = [
    {
      title: t('documents.columns.name'),
      key: 'name',
      render: (_, doc) => (
        <Flex vertical style={{ minWidth: 0 }}>
          <Typography.Text strong ellipsis={{ tooltip: doc.name }}>
            {doc.name}
          </Typography.Text>
          {/* Copying the digest must not open the document. */}
          <Typography.Text type="secondary" style={{ fontSize: 12 }} onClick={(e) => e.stopPropagation()}>
            <Tooltip title={`${t('documents.columns.sha256')}: ${doc.currentSha256}`}>
              <Typography.Text type="secondary" className="affix-mono" copyable={{ text: doc.currentSha256 }}>
                {doc.currentSha256.slice(0, 16)}…
              </Typography.Text>
            </Tooltip>{' '}
            · {formatBytes(doc.bytes, language)} · {t('documents.columns.versions')} {doc.versions}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('documents.columns.state'), key: 'state', width: 200, render: (_, doc) => <DocumentTags doc={doc} /> },
    {
      title: t('documents.columns.importedAt'),
      dataIndex: 'importedAt',
      key: 'importedAt',
      width: 170,
      render: (iso: string) => <Tooltip title={iso}>{formatDateTime(iso, language)}</Tooltip>,
    },
    {
      title: t('documents.columns.actions'),
      key: 'actions',
      width: 290,
      render: (_, doc) => (
        // The row opens the document too; the buttons do their own thing.
        <Space onClick={(e) => e.stopPropagation()}>
          <Button size="small" type="primary" ghost icon={<FolderOpenOutlined />} onClick={() => setOpened(doc.id)} data-testid={`document-open-${doc.id}`}>
            {t('documents.view.open')}
          </Button>
          <Button size="small" icon={<SignatureOutlined />} onClick={() => setDialog({ kind: 'sign', doc })} data-testid={`document-sign-${doc.id}`}>
            {t('documents.sign.open')}
          </Button>
          <Button size="small" icon={<ExportOutlined />} onClick={() => setDialog({ kind: 'export', doc })} data-testid={`document-export-${doc.id}`}>
            {t('documents.export.open')}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader title={t('documents.title')} subtitle={t('documents.subtitle')} />
      <Flex vertical gap={16}>
        <ImportCard onImported={documents.reload} />

        <Card
          title={t('documents.listTitle')}
          extra={
            <Button icon={<ReloadOutlined />} onClick={documents.reload} size="small">
              {t('common.refresh')}
            </Button>
          }
        >
          {documents.status === 'error' ? (
            <ErrorAlert error={documents.error} />
          ) : (
            <Table<DocumentSummary>
              data-testid="documents-table"
              rowKey="id"
              size="middle"
              loading={documents.status === 'loading'}
              columns={columns}
              dataSource={documents.status === 'ok' ? documents.value : []}
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              scroll={{ x: 900 }}
              locale={{
                emptyText: (
                  <Flex vertical gap={4} align="center" data-testid="documents-empty">
                    <Typography.Text>{t('documents.empty')}</Typography.Text>
                    <Typography.Text type="secondary">{t('emptyState.documentsNext')}</Typography.Text>
                  </Flex>
                ),
              }}
              onRow={(doc) => ({ onClick: () => setOpened(doc.id), style: { cursor: 'pointer' } })}
            />
          )}
        </Card>
      </Flex>
      {dialog?.kind === 'sign' && <SignDialog doc={dialog.doc} onClose={() => setDialog(null)} onSigned={documents.reload} />}
      {dialog?.kind === 'export' && <ExportDialog doc={dialog.doc} onClose={() => setDialog(null)} />}
      {opened && <DocumentView documentId={opened} onClose={() => setOpened(null)} onChanged={documents.reload} />}
    </>
  );
}

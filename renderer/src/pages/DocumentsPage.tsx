import { ExportOutlined, FileAddOutlined, ReloadOutlined, SignatureOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Form, Input, Space, Table, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentSummary } from '../../../shared/contract/documents';
import { type AffixCallError, affix, asCallError, unwrap } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { formatBytes, formatDateTime } from '../format';
import { useLanguage } from '../language';
import { useCall } from '../use-call';
import { ExportDialog } from './documents/ExportDialog';
import { SignDialog } from './documents/SignDialog';

interface ImportForm {
  path: string;
  name?: string;
}

export default function DocumentsPage() {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const { message } = App.useApp();
  const documents = useCall(() => affix().documents.list({}));
  const [form] = Form.useForm<ImportForm>();
  const [importing, setImporting] = useState(false);
  const [importError, setImportError] = useState<AffixCallError | null>(null);
  const [dialog, setDialog] = useState<{ kind: 'sign' | 'export'; doc: DocumentSummary } | null>(null);

  const onImport = async ({ path, name }: ImportForm) => {
    setImporting(true);
    setImportError(null);
    try {
      const input = name?.trim() ? { path: path.trim(), name: name.trim() } : { path: path.trim() };
      const doc = await unwrap(affix().documents.import(input));
      void message.success(t('documents.imported', { name: doc.name }));
      form.resetFields();
      documents.reload();
    } catch (error) {
      setImportError(asCallError(error));
    } finally {
      setImporting(false);
    }
  };

  const columns: ColumnsType<DocumentSummary> = [
    { title: t('documents.columns.name'), dataIndex: 'name', key: 'name', ellipsis: true },
    {
      title: t('documents.columns.sha256'),
      dataIndex: 'currentSha256',
      key: 'sha256',
      width: 190,
      render: (sha: string) => (
        <Tooltip title={sha}>
          <Typography.Text className="affix-mono" copyable={{ text: sha }}>
            {sha.slice(0, 16)}…
          </Typography.Text>
        </Tooltip>
      ),
    },
    { title: t('documents.columns.size'), dataIndex: 'bytes', key: 'bytes', width: 110, align: 'right', render: (b: number) => formatBytes(b, language) },
    { title: t('documents.columns.versions'), dataIndex: 'versions', key: 'versions', width: 100, align: 'right' },
    {
      title: t('documents.columns.importedAt'),
      dataIndex: 'importedAt',
      key: 'importedAt',
      width: 200,
      render: (iso: string) => <Tooltip title={iso}>{formatDateTime(iso, language)}</Tooltip>,
    },
    {
      title: t('documents.columns.actions'),
      key: 'actions',
      width: 200,
      render: (_, doc) => (
        <Space>
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
        <Card title={t('documents.import.title')}>
          <Form form={form} layout="vertical" onFinish={onImport} requiredMark={false} data-testid="documents-import-form">
            <Flex gap={12} wrap align="flex-end">
              <Form.Item
                name="path"
                label={t('documents.import.path')}
                rules={[{ required: true, whitespace: true, message: t('documents.import.pathRequired') }]}
                style={{ flex: '3 1 360px', marginBottom: 0 }}
              >
                <Input placeholder={t('documents.import.pathPlaceholder')} className="affix-mono" data-testid="documents-import-path" />
              </Form.Item>
              <Form.Item name="name" label={t('documents.import.name')} style={{ flex: '2 1 200px', marginBottom: 0 }}>
                <Input placeholder={t('documents.import.namePlaceholder')} data-testid="documents-import-name" />
              </Form.Item>
              <Button type="primary" htmlType="submit" icon={<FileAddOutlined />} loading={importing} data-testid="documents-import-submit">
                {t('documents.import.submit')}
              </Button>
            </Flex>
          </Form>
          <Typography.Paragraph type="secondary" style={{ margin: '12px 0 0' }}>
            {t('documents.import.help')}
          </Typography.Paragraph>
          {importError && <ErrorAlert error={importError} title={t('documents.import.failed')} style={{ marginTop: 12 }} />}
        </Card>

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
              locale={{ emptyText: t('documents.empty') }}
            />
          )}
        </Card>
      </Flex>
      {dialog?.kind === 'sign' && <SignDialog doc={dialog.doc} onClose={() => setDialog(null)} onSigned={documents.reload} />}
      {dialog?.kind === 'export' && <ExportDialog doc={dialog.doc} onClose={() => setDialog(null)} />}
    </>
  );
}

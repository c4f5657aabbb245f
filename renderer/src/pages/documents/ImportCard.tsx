/**
 * Importing a PDF: dropped on the page or chosen in the file dialog (the
 * window reads the bytes: documents.importBytes), or by typing its path
 * (documents.import). Either way the main process copies it into the
 * workspace and anchors it; the optional display name applies to both.
 */
import { FileAddOutlined } from '@ant-design/icons';
import { App, Button, Card, Divider, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocumentSummary } from '../../../../shared/contract/documents';
import { type AffixCallError, affix, asCallError, unwrap } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FileDrop, type PickedFile } from '../../components/FileDrop';

interface ImportForm {
  path?: string;
  name?: string;
}

export function ImportCard({ onImported }: { onImported: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ImportForm>();
  const [importing, setImporting] = useState(false);
  const [importError, setImportError] = useState<AffixCallError | null>(null);

  const run = async (call: () => Promise<DocumentSummary>) => {
    setImporting(true);
    setImportError(null);
    try {
      const doc = await call();
      void message.success(t('documents.imported', { name: doc.name }));
      form.resetFields();
      onImported();
    } catch (error) {
      setImportError(asCallError(error));
    } finally {
      setImporting(false);
    }
  };
  const displayName = (): string | undefined => (form.getFieldValue('name') as string | undefined)?.trim() || undefined;
  const onPath = ({ path }: ImportForm) => {
    const name = displayName();
    return run(() => unwrap(affix().documents.import(name ? { path: path!.trim(), name } : { path: path!.trim() })));
  };
  const onFile = (file: PickedFile) => run(() => unwrap(affix().documents.importBytes({ name: displayName() ?? file.name, base64: file.base64 })));

  return (
    <Card title={t('documents.import.title')}>
      <FileDrop
        label={t('fileDrop.pdfLabel')}
        hint={t('fileDrop.pdfHint')}
        accept=".pdf,application/pdf"
        disabled={importing}
        testId="documents-import-drop"
        onFile={onFile}
        onError={setImportError}
      />
      <Divider plain>{t('fileDrop.orPath')}</Divider>
      <Form form={form} layout="vertical" onFinish={(v) => void onPath(v)} requiredMark={false} data-testid="documents-import-form">
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
  );
}
